"""Starting the application as a user does, and what it says where no window can open."""

from __future__ import annotations

import os
import subprocess
import sys

from app.gui.actions import SPECS
from app.gui.launch import no_display_reason
from app.gui.views.dialogs import ShortcutsDialog
from tests.conftest import ROOT


def _env(**changes) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(changes)
    return env


def test_the_app_starts_shows_its_window_and_quits_cleanly(tmp_path):
    out = subprocess.run([sys.executable, "-m", "app.cli", "gui", "--smoke-test", "--no-demo",
                          "--db", str(tmp_path / "lib.db")],
                         capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env=_env(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path)))
    assert out.returncode == 0, out.stderr
    assert "clauselens: window ready in" in out.stdout
    assert "Traceback" not in out.stderr


def test_without_a_display_it_says_so_in_one_line_and_points_to_the_cli(tmp_path):
    out = subprocess.run([sys.executable, "-m", "app.cli"], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env=_env(CLAUSELENS_DB=str(tmp_path / "lib.db")))
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0]
    assert "clauselens --help" in lines[0] and "clauselens analyze FILE" in lines[0]
    assert "Traceback" not in out.stderr and not (tmp_path / "lib.db").exists()


def test_display_detection():
    assert no_display_reason({}, "linux")
    assert not no_display_reason({"DISPLAY": ":0"}, "linux")
    assert not no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not no_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert no_display_reason({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not no_display_reason({}, "darwin") and not no_display_reason({}, "win32")


def test_every_main_action_has_a_shortcut_a_tooltip_and_is_in_the_help(make_window, library):
    w = make_window(library["db"])
    dialog = ShortcutsDialog(w)
    listed = {dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())}
    for spec in SPECS:
        action = w.actions[spec.key]
        assert action.toolTip() and spec.tip in action.toolTip()
        if spec.key != "about":
            assert spec.shortcut and spec.shortcut in listed, spec.key
            assert action.shortcut().toString() == spec.shortcut
    shortcuts = [s.shortcut for s in SPECS if s.shortcut]
    assert len(shortcuts) == len(set(shortcuts))


def test_about_names_the_version_and_the_pipeline(make_window, library, qtbot):
    from app import __version__
    w = make_window(library["db"])
    qtbot.waitUntil(lambda: bool(w.session.pipeline_version), timeout=20000)
    text = w.about().text.text()
    assert f"ClauseLens {__version__}" in text and w.session.pipeline_version in text
    assert str(library["db"]) in text


def test_a_damaged_library_gives_one_message_and_is_left_as_it_was(make_window, tmp_path, qtbot):
    from PySide6.QtWidgets import QMessageBox

    from tests.gui.conftest import idle
    db = tmp_path / "library.db"
    db.write_bytes(b"this is not a database, it was overwritten by mistake" * 100)
    before = db.read_bytes()
    w = make_window(db, sync=False, demo=True)
    qtbot.waitUntil(lambda: hasattr(w, "last_error") and idle(w), timeout=10000)
    qtbot.wait(100)
    assert str(db) in w.last_error
    assert len([b for b in w.findChildren(QMessageBox) if b.isVisible()]) == 1
    assert not w.actions["import"].isEnabled()
    assert db.read_bytes() == before
