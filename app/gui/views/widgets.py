"""Small helpers the views share."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def compact(combo: QComboBox, chars: int = 12) -> QComboBox:
    """A combo box that does not widen the window to its longest item (the popup still shows it)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo
