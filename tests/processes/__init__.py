"""What only real ``assay serve`` processes show: two at once on one database, a restart after
being down, a ``kill -9`` mid-burst, a debug run's log. They sit together so that one test
worker usually runs them all and starts one fork server (forked.py) rather than one each."""
