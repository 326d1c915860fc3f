"""The keyboard help and the About box."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.actions import SPECS

EXTRA_KEYS = (  # keys handled by the panes themselves
    ("Enter / Shift+Enter", "Next / previous match in the find bar", "Edit"),
    ("Esc", "Close the find bar", "Edit"),
    ("Page Down / Page Up", "Next / previous page in the page view", "View"),
    ("Drag and drop", "Drop licence files on the window to import them", "File"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(620, 560)
        rows = [(s.shortcut, s.text.replace("&", "").rstrip("\u2026"), s.menu) for s in SPECS if s.shortcut]
        rows += list(EXTRA_KEYS)
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Keys", "Action", "Menu"])
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table


class AboutDialog(QDialog):
    def __init__(self, version: str, pipeline: str, library: str, qt: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About ClauseLens")
        text = QLabel(
            f"<h2>ClauseLens {escape(version)}</h2>"
            "<p>Offline review of AI licences and terms of service: find, compare and annotate restrictive "
            "covenants, and export a memo.</p>"
            f"<p>Tagging pipeline: <b>{escape(pipeline)}</b><br>"
            f"Library: {escape(library)}<br>Qt {escape(qt)}</p>"
            "<p>Everything runs on this computer; nothing is sent anywhere. ClauseLens is a working aid for "
            "a lawyer, not legal advice.</p>")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.text = text
