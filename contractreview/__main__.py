"""``python -m contractreview``: the same as the ``contractreview`` command."""

import sys

from contractreview.cli.main import main

sys.exit(main())
