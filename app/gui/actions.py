"""Every main action of the window: its text, shortcut, tooltip, icon and menu. The menus, the
toolbar and the keyboard help are all built from this one table, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.gui.icons import icon


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    shortcut: str
    tip: str
    menu: str
    icon: str = ""
    toolbar: bool = False


SPECS = (
    ActionSpec("import", "&Import files\u2026", "Ctrl+O", "Import licences or terms (PDF, HTML, DOCX, Markdown, text)",
               "File", "import", True),
    ActionSpec("export", "&Export memo\u2026", "Ctrl+E", "Export a PDF or DOCX memo of reviewed documents",
               "File", "export", True),
    ActionSpec("quit", "&Quit", "Ctrl+Q", "Close ClauseLens (every review edit is already saved)", "File"),
    ActionSpec("find", "&Find in document\u2026", "Ctrl+F", "Find words in the open document", "Edit", "find"),
    ActionSpec("accept", "&Accept tag", "Alt+A", "Accept the selected tag", "Review", "accept", True),
    ActionSpec("reject", "&Reject tag", "Alt+R", "Reject the selected tag (left out of memos)", "Review",
               "reject", True),
    ActionSpec("clear", "&Clear review", "Alt+U", "Mark the selected tag unreviewed again", "Review"),
    ActionSpec("relabel", "Re-&label tag\u2026", "Alt+L", "Give the selected tag another covenant type", "Review"),
    ActionSpec("severity", "Set &severity\u2026", "Alt+S", "Override the severity of the selected tag", "Review"),
    ActionSpec("note", "Write a &note", "Alt+N", "Write a note on the selected tag (saved as you type)", "Review"),
    ActionSpec("next", "&Next covenant", "F8", "Select the next covenant in the list", "Review"),
    ActionSpec("previous", "&Previous covenant", "Shift+F8", "Select the previous covenant in the list", "Review"),
    ActionSpec("text", "Document &text", "Ctrl+1", "The document's text with covenants highlighted", "View",
               "text", True),
    ActionSpec("page", "Original &page", "Ctrl+2", "The original PDF page with covenants boxed", "View", "page", True),
    ActionSpec("compare", "&Compare platforms", "Ctrl+3", "The selected covenant across every platform", "View",
               "compare", True),
    ActionSpec("diff", "&Diff versions", "Ctrl+4", "What changed between two versions of a document", "View",
               "diff", True),
    ActionSpec("search", "&Search library", "Ctrl+5", "Search every clause of the library", "View", "search", True),
    ActionSpec("library", "Focus &library", "Ctrl+L", "Move the keyboard focus to the library tree", "View"),
    ActionSpec("covenants", "Focus co&venant list", "Ctrl+K", "Move the keyboard focus to the covenant list", "View"),
    ActionSpec("shortcuts", "&Keyboard shortcuts", "F1", "Every shortcut of ClauseLens", "Help"),
    ActionSpec("about", "&About ClauseLens", "", "Version of ClauseLens and of its tagging pipeline", "Help"),
)
MENUS = ("File", "Edit", "Review", "View", "Help")


def build(parent: QWidget) -> dict[str, QAction]:
    out = {}
    for spec in SPECS:
        a = QAction(spec.text, parent)
        if spec.shortcut:
            a.setShortcut(QKeySequence(spec.shortcut))
        tip = f"{spec.tip} ({spec.shortcut})" if spec.shortcut else spec.tip
        a.setToolTip(tip)
        a.setStatusTip(spec.tip)
        if spec.icon:
            a.setIcon(icon(spec.icon))
        out[spec.key] = a
    return out
