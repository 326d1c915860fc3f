"""Starting the desktop application: ``clauselens`` (no arguments), ``clauselens gui``, or
``python -m app.gui``.

On a machine without a display this says so in one line and points to the command line, before
Qt is loaded (Qt would abort the process with a long message). ``--smoke-test`` prints a line when
the window is shown, one when the library is on screen in it, then quits: the tests' and the
benchmark's probe.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

STARTED = time.perf_counter()
EXIT_NO_DISPLAY = 2
HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb", "vkkhrdisplay"}


def no_display_reason(env: dict | None = None, platform: str | None = None) -> str:
    """Why no window can open here ("" when one can)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if qpa in HEADLESS_PLATFORMS:
        return ""
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            return "no display is available (DISPLAY and WAYLAND_DISPLAY are not set)"
    return ""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clauselens gui", description="Open the ClauseLens window.")
    add_arguments(p)
    return p


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="library file (default: $CLAUSELENS_DB or the user data folder)")
    p.add_argument("--smoke-test", action="store_true",
                   help="print one line when the window is ready, then quit (for tests and benchmarks)")
    p.add_argument("--no-demo", action="store_true", help="do not load the demo library into an empty library")
    p.add_argument("files", nargs="*", help="files to import once the window is open")


def run(db: str | None = None, smoke_test: bool = False, no_demo: bool = False, files: list[str] | None = None) -> int:
    reason = no_display_reason()
    if reason:
        print(f"clauselens: {reason}, so the window cannot open; use the command line instead: "
              "'clauselens --help', 'clauselens analyze FILE'", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app import __version__
    from app.core.paths import default_db_path
    from app.core.store import Store
    from app.gui import style
    from app.gui.controllers.main_window import MainWindow
    from app.gui.runner import BackgroundRunner
    from app.gui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ClauseLens")
    app.setOrganizationName("ClauseLens")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("clauselens")
    style.apply(app)
    path = str(db or default_db_path())
    runner = BackgroundRunner(lambda: Store(path))
    window = MainWindow(runner, Settings(), path, load_demo=not no_demo)
    if smoke_test:
        def ready():
            print(f"clauselens: window ready in {time.perf_counter() - STARTED:.2f} s", flush=True)
            QTimer.singleShot(0, window.close)
        window.ready.connect(ready)
    window.show()
    if smoke_test:  # once the event loop has painted the window
        QTimer.singleShot(0, lambda: print(f"clauselens: window shown in {time.perf_counter() - STARTED:.2f} s",
                                           flush=True))
    window.start()
    if files:
        window.import_files(files)
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args.db, args.smoke_test, args.no_demo, args.files)


if __name__ == "__main__":
    sys.exit(main())
