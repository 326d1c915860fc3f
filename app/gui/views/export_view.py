"""The memo export dialog: which documents, PDF or DOCX, matter and reviewer, where to write."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


class ExportView(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export Memo")
        self.setMinimumWidth(560)
        self._docs = QListWidget()
        self._docs.setToolTip("The documents the memo reviews (the open one is ticked)")
        self._pdf = QRadioButton("PDF (to read and send)")
        self._docx = QRadioButton("DOCX (to keep editing in Word)")
        self._pdf.setChecked(True)
        self._matter = QLineEdit()
        self._matter.setPlaceholderText("e.g. Acme / model procurement")
        self._reviewer = QLineEdit()
        self._compare = QCheckBox("Compare with other platforms and earlier versions")
        self._compare.setChecked(True)
        self._path = QLineEdit()
        self._browse = QPushButton("Choose\u2026")
        self._open = QCheckBox("Open the memo when it is written")
        self._open.setChecked(True)
        self._progress = QProgressBar()
        self._progress.setRange(0, 1000)
        self._progress.hide()
        self._message = QLabel("")
        self._message.setWordWrap(True)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self._export = self._buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self._export.setToolTip("Write the memo (the dialog stays open until it is written)")
        formats = QHBoxLayout()
        formats.addWidget(self._pdf)
        formats.addWidget(self._docx)
        path = QHBoxLayout()
        path.addWidget(self._path, 1)
        path.addWidget(self._browse)
        form = QFormLayout()
        form.addRow("Documents", self._docs)
        form.addRow("Format", formats)
        form.addRow("Matter", self._matter)
        form.addRow("Reviewer", self._reviewer)
        form.addRow("", self._compare)
        form.addRow("Save as", path)
        form.addRow("", self._open)
        layout = QVBoxLayout(self)
        intro = QLabel("The memo quotes accepted and unreviewed tags (marked as such), never rejected ones, "
                       "with page references, notes and the provenance of every source.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._progress)
        layout.addWidget(self._message)
        layout.addWidget(self._buttons)
        self._buttons.rejected.connect(self._cancel_clicked)
        self._export.clicked.connect(self._export_clicked)
        self._browse.clicked.connect(self._browse_clicked)
        self._pdf.toggled.connect(lambda _on: self._format_changed())

    def _add_document(self, text: str, doc_id: int, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, doc_id)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self._docs.addItem(item)

    def _checked_documents(self) -> list[int]:
        return [self._docs.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self._docs.count())
                if self._docs.item(i).checkState() == Qt.CheckState.Checked]

    def _format(self) -> str:
        return "pdf" if self._pdf.isChecked() else "docx"

    def _values(self) -> dict:
        return {"matter": self._matter.text().strip(), "reviewer": self._reviewer.text().strip(),
                "compare": self._compare.isChecked(), "open": self._open.isChecked(),
                "path": self._path.text().strip()}

    def _set_path(self, path: str) -> None:
        self._path.setText(path)

    def _busy(self, busy: bool) -> None:
        for w in (self._docs, self._pdf, self._docx, self._matter, self._reviewer, self._compare, self._path,
                  self._browse, self._export):
            w.setEnabled(not busy)
        self._progress.setVisible(busy)

    def _set_progress(self, fraction: float, message: str) -> None:
        self._progress.setValue(int(fraction * 1000))
        self._message.setText(message)

    def _set_message(self, text: str) -> None:
        self._message.setText(text)

    # -- callbacks -----------------------------------------------------------------------------
    def _export_clicked(self) -> None:
        raise NotImplementedError

    def _cancel_clicked(self) -> None:
        raise NotImplementedError

    def _browse_clicked(self) -> None:
        raise NotImplementedError

    def _format_changed(self) -> None:
        raise NotImplementedError
