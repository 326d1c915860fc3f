"""The desktop window: ``clauselens gui`` (and ``clauselens`` with no arguments).

The command line never imports Qt: the launcher is looked up by name when the command runs, so
``app.commands`` has no import of ``app.gui`` (the import-linter contract) and a headless
install can still use every other command.
"""

from __future__ import annotations

import importlib

from app.commands.common import add_command

LAUNCHER = "app.gui.launch"


def cmd_gui(args) -> int:
    launcher = importlib.import_module(LAUNCHER)
    return launcher.run(args.db, args.smoke_test, args.no_demo, args.files)


def register(sub, common) -> None:
    p = add_command(sub, "gui", [], "open the desktop window (the default with no command)",
                    "Open the ClauseLens window: the library, each document with its covenants highlighted, "
                    "the original PDF pages, comparison across platforms, version diffs, search, review and "
                    "memo export. On a machine without a display it says so and exits with code 2.",
                    "  clauselens\n  clauselens gui\n  clauselens gui --db project.db licence.pdf terms.html",
                    cmd_gui)
    p.add_argument("--db", help="library file (default: $CLAUSELENS_DB or the user data folder)")
    p.add_argument("--smoke-test", action="store_true",
                   help="print one line when the window is ready, then quit (for tests and benchmarks)")
    p.add_argument("--no-demo", action="store_true", help="do not load the demo library into an empty library")
    p.add_argument("files", nargs="*", metavar="FILE", help="files to import once the window is open")
