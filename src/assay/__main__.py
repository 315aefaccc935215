"""``python -m assay``: the core command line (without ``serve``, which needs the Slack adapter)."""

import sys

from assay.cli.main import main

sys.exit(main())
