"""``python -m app.gui``: open the ClauseLens window."""

import sys

from app.gui.launch import main

sys.exit(main())
