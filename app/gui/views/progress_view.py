"""The status-bar progress: what is running, a bar and a cancel button; hidden when idle."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class ProgressView(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._label = QLabel("")
        self._bar = QProgressBar()
        self._bar.setRange(0, 1000)
        self._bar.setFixedWidth(220)
        self._bar.setTextVisible(False)
        self._cancel = QToolButton()
        self._cancel.setText("Cancel")
        self._cancel.setToolTip("Stop importing after the current step; files already imported stay")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        layout.addWidget(self._cancel)
        self._cancel.clicked.connect(self._cancel_clicked)
        self.hide()

    def set_progress(self, fraction: float, text: str) -> None:
        self.show()
        self._bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self._label.setText(text)

    def done(self) -> None:
        self.hide()

    def value(self) -> float:
        return self._bar.value() / 1000

    def _cancel_clicked(self) -> None:
        raise NotImplementedError
