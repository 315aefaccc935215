"""What only real ``assay serve`` processes show: two at once on one database, a restart after
being down, a ``kill -9`` mid-burst, a debug run's log. ``tests/conftest.py`` runs them first,
so that one test worker runs them all and starts one fork server (forked.py) for them."""
