"""``python -m contractreview.cli`` runs the command-line interface."""

import sys

from contractreview.cli.main import main

sys.exit(main())
