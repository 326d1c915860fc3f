"""What the window remembers between runs (QSettings): geometry, dock layout, recent files, the
folders last used and the document last open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings("ClauseLens", "ClauseLens")

    def _get(self, key: str, default=None, type_=None):
        value = self.q.value(key, default) if type_ is None else self.q.value(key, default, type=type_)
        return default if value is None else value

    # -- window ----------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._get("window/geometry")

    def state(self) -> QByteArray | None:
        return self._get("window/state")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def splitter(self, name: str) -> QByteArray | None:
        return self._get(f"splitter/{name}")

    def save_splitter(self, name: str, state: QByteArray) -> None:
        self.q.setValue(f"splitter/{name}", state)

    # -- files -----------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self._get("files/recent", [])
        return [value] if isinstance(value, str) else list(value)

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files() if p != path]
        self.q.setValue("files/recent", files[:MAX_RECENT])

    def clear_recent(self) -> None:
        self.q.setValue("files/recent", [])

    def folder(self, kind: str) -> str:
        return str(self._get(f"folders/{kind}", str(Path.home())))

    def set_folder(self, kind: str, folder: str) -> None:
        self.q.setValue(f"folders/{kind}", str(folder))

    def last_document(self) -> int | None:
        value = self._get("library/last_document")
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def set_last_document(self, doc_id: int | None) -> None:
        self.q.setValue("library/last_document", doc_id if doc_id is not None else "")

    def value(self, key: str, default: str = "") -> str:
        return str(self._get(key, default))

    def set_value(self, key: str, value: str) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
