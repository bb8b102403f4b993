"""``python -m contractreview``: the same as the ``contractreview`` command."""

import sys

from contractreview.cli import main

sys.exit(main())
