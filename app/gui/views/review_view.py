"""The review controls of one tag: accept / reject, re-label, severity and the lawyer's note."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.views.widgets import compact


class ReviewView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("review")
        self._accept = QPushButton("Accept")
        self._accept.setToolTip("This tag is right: it goes in the memo as reviewed (Alt+A)")
        self._reject = QPushButton("Reject")
        self._reject.setToolTip("This tag is wrong: it is left out of memos, comparisons and diffs (Alt+R)")
        self._unreviewed = QPushButton("Unreviewed")
        self._unreviewed.setToolTip("Undo the decision (Alt+U)")
        self._status = QButtonGroup(self)
        self._status.setExclusive(True)
        for b in (self._accept, self._reject, self._unreviewed):
            b.setCheckable(True)
            self._status.addButton(b)
        self._label = compact(QComboBox())
        self._label.setToolTip("Re-label: the covenant type this passage really is (Alt+L)")
        self._severity = compact(QComboBox())
        self._severity.setToolTip("Your severity for this tag (Alt+S)")
        for text, value in (("Low", "low"), ("Medium", "medium"), ("High", "high")):
            self._severity.addItem(text, value)
        self._note = QPlainTextEdit()
        self._note.setPlaceholderText("Your note on this tag: saved as you type, printed first in the memo")
        self._note.setToolTip("Your note (Alt+N); saved as you type")
        self._note.setFixedHeight(84)
        self._saved = QLabel("")
        self._saved.setObjectName("meta")
        buttons = QHBoxLayout()
        for b in (self._accept, self._reject, self._unreviewed):
            buttons.addWidget(b)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Type", self._label)
        form.addRow("Severity", self._severity)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self._note)
        layout.addWidget(self._saved)
        self._accept.clicked.connect(lambda: self._status_chosen("accepted"))
        self._reject.clicked.connect(lambda: self._status_chosen("rejected"))
        self._unreviewed.clicked.connect(lambda: self._status_chosen("unreviewed"))
        self._label.activated.connect(lambda _i: self._label_chosen(self._label.currentData()))
        self._severity.activated.connect(lambda _i: self._severity_chosen(self._severity.currentData()))
        self._note.textChanged.connect(self._note_edited)

    def _set_labels(self, items: list[tuple[str, str]]) -> None:
        self._label.clear()
        for text, value in items:
            self._label.addItem(text, value)

    def _show(self, status: str, label: str, severity: str, note: str) -> None:
        button = {"accepted": self._accept, "rejected": self._reject}.get(status, self._unreviewed)
        button.setChecked(True)
        self._label.setCurrentIndex(max(0, self._label.findData(label)))
        self._severity.setCurrentIndex(max(0, self._severity.findData(severity)))
        if self._note.toPlainText() != note:
            self._note.blockSignals(True)
            self._note.setPlainText(note)
            self._note.blockSignals(False)

    def _note_text(self) -> str:
        return self._note.toPlainText()

    def _set_saved(self, text: str) -> None:
        self._saved.setText(text)

    def focus(self, what: str) -> None:
        {"label": self._label, "severity": self._severity, "note": self._note}[what].setFocus()
        if what in ("label", "severity"):
            {"label": self._label, "severity": self._severity}[what].showPopup()

    # -- callbacks -----------------------------------------------------------------------------
    def _status_chosen(self, status: str) -> None:
        raise NotImplementedError

    def _label_chosen(self, label: str) -> None:
        raise NotImplementedError

    def _severity_chosen(self, severity: str) -> None:
        raise NotImplementedError

    def _note_edited(self) -> None:
        raise NotImplementedError
