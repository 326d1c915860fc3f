"""The table model of the covenant list and its filter (type, severity, review status)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from app.gui import colours
from app.gui.ops.document import TagInfo

COLUMNS = ("Covenant", "Severity", "Status", "Page", "Conf.", "Words")
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
STATUS_MARK = {"accepted": "\u2713 accepted", "rejected": "\u2717 rejected", "unreviewed": "unreviewed"}
SORT = Qt.ItemDataRole.UserRole + 2
TAG = Qt.ItemDataRole.UserRole + 1


class CovenantModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.tags: list[TagInfo] = []
        self._rows: dict[int, int] = {}

    def set_tags(self, tags: list[TagInfo]) -> None:
        self.beginResetModel()
        self.tags = list(tags)
        self._rows = {t.id: row for row, t in enumerate(self.tags)}
        self.endResetModel()

    def row_of(self, tag_id: int) -> int | None:
        return self._rows.get(tag_id)

    def update_tag(self, tag: TagInfo) -> None:
        row = self._rows.get(tag.id)
        if row is not None:
            self.tags[row] = tag
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.tags)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        t, col = self.tags[index.row()], index.column()
        if role == TAG:
            return t
        if role == Qt.ItemDataRole.DisplayRole:
            return (t.name, t.severity, STATUS_MARK.get(t.status, t.status), str(t.page), f"{t.confidence:.2f}",
                    " ".join(t.quote.split())[:160])[col]
        if role == SORT:
            return (t.name.lower(), SEVERITY_ORDER.get(t.severity, 3), t.status, t.page, -t.confidence, t.start)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return colours.strong(t.label)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return colours.severity(t.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            relabel = f" (pipeline said {t.pipeline_label})" if t.label != t.pipeline_label else ""
            return (f"{t.name}{relabel}\n{t.severity} severity, confidence {t.confidence:.2f}, {t.status}\n"
                    f"page {t.page}{', clause ' + t.clause_label if t.clause_label else ''}\n\n"
                    f"{' '.join(t.quote.split())[:400]}")
        if role == Qt.ItemDataRole.FontRole and t.status == "rejected":
            from PySide6.QtGui import QFont
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class CovenantFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.type = self.severity = self.status = ""
        self.setSortRole(SORT)

    def set_filters(self, type_: str, severity: str, status: str) -> None:
        self.beginFilterChange()
        self.type, self.severity, self.status = type_, severity, status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        t: TagInfo = self.sourceModel().tags[row]
        return ((not self.type or t.label == self.type) and (not self.severity or t.severity == self.severity)
                and (not self.status or t.status == self.status))
