"""The bundle's program: ``clauselens`` with a command runs the command line, without one opens the
window (app.cli.main decides)."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
