import os

# numpy's OpenBLAS starts a spinning thread per core in every process that uses it: with one
# xdist worker per core those threads fight the tests for the CPU (the unit tests took 40%
# longer). Set before anything imports numpy; subprocesses the tests start inherit it.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
