"""`python -m dashboard.maintain`: the maintainer command line (see cli.py)."""
import sys

from dashboard.maintain.cli import main

sys.exit(main())
