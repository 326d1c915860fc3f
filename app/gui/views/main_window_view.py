"""The main window's layout: library on the left, the views in the middle (text, page, comparison,
diff, search), covenants and details on the right; menus and toolbar from ``app.gui.actions``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

from app.gui import actions
from app.gui.icons import icon

TABS = ("text", "page", "compare", "diff", "search")
TAB_TITLES = {"text": "Text", "page": "Page", "compare": "Compare", "diff": "Diff", "search": "Search"}


class MainWindowView(QMainWindow):
    def __init__(self, panes: dict[str, QWidget], progress: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("ClauseLens")
        self.setWindowIcon(icon("clauselens"))
        self.setObjectName("mainwindow")
        self.setAcceptDrops(True)
        # 1440 x 900 where the screen allows; a smaller screen gets a window that fits it.
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        self.resize(min(1440, area.width()) if area else 1440, min(900, area.height()) if area else 900)
        self._tabs = QTabWidget()
        self._tabs.setDocumentMode(True)
        for key in TABS:
            self._tabs.addTab(panes[key], icon(key), TAB_TITLES[key])
        self.setCentralWidget(self._tabs)

        self._library_dock = QDockWidget("Library", self)
        self._library_dock.setObjectName("library-dock")
        self._library_dock.setWidget(panes["library"])
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self._library_dock)
        self._side = QSplitter(Qt.Orientation.Vertical)
        self._side.setObjectName("side-splitter")
        self._side.addWidget(panes["covenants"])
        self._side.addWidget(panes["detail"])
        self._side.setStretchFactor(0, 2)
        self._side.setStretchFactor(1, 3)
        self._side_dock = QDockWidget("Covenants", self)
        self._side_dock.setObjectName("covenants-dock")
        self._side_dock.setWidget(self._side)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._side_dock)
        self.resizeDocks([self._library_dock, self._side_dock], [300, 500], Qt.Orientation.Horizontal)
        self._side.setSizes([300, 520])

        self.actions = actions.build(self)
        self._recent = QMenu("Open &recent", self)
        self._recent.setToolTipsVisible(True)
        self._build_menus()
        self._pipeline = QLabel("")
        self._pipeline.setObjectName("meta")
        self.statusBar().addPermanentWidget(progress)
        self.statusBar().addPermanentWidget(self._pipeline)
        self._tabs.currentChanged.connect(lambda i: self._tab_changed(TABS[i]))

    def _build_menus(self) -> None:
        # Alt+R rejects a tag: the Review menu's mnemonic is W
        titles = {"Review": "Revie&w"}
        menus = {name: self.menuBar().addMenu(titles.get(name, "&" + name)) for name in actions.MENUS}
        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        for spec in actions.SPECS:
            if spec.key == "quit":
                menus["File"].addMenu(self._recent)
                menus["File"].addSeparator()
            menus[spec.menu].addAction(self.actions[spec.key])
            if spec.toolbar:
                toolbar.addAction(self.actions[spec.key])
                if spec.key in ("export", "reject"):
                    toolbar.addSeparator()
        menus["View"].addSeparator()
        menus["View"].addAction(self._library_dock.toggleViewAction())
        menus["View"].addAction(self._side_dock.toggleViewAction())

    # -- protected API ---------------------------------------------------------------------------
    def _set_recent(self, paths: list[str]) -> None:
        self._recent.clear()
        for path in paths:
            a = QAction(Path(path).name, self._recent)
            a.setToolTip(path)
            a.triggered.connect(lambda _c=False, p=path: self._recent_chosen(p))
            self._recent.addAction(a)
        if paths:
            self._recent.addSeparator()
            self._recent.addAction("Clear the list", self._recent_cleared)
        self._recent.setEnabled(bool(paths))

    def _set_pipeline_status(self, text: str, tip: str = "") -> None:
        self._pipeline.setText(text)
        self._pipeline.setToolTip(tip)

    def show_tab(self, key: str) -> None:
        self._tabs.setCurrentIndex(TABS.index(key))

    def current_tab(self) -> str:
        return TABS[self._tabs.currentIndex()]

    def side_splitter(self) -> QSplitter:
        return self._side

    def library_dock(self) -> QDockWidget:
        return self._library_dock

    # -- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self._files_dropped(paths)

    # -- callbacks -----------------------------------------------------------------------------
    def _files_dropped(self, paths: list[str]) -> None:
        raise NotImplementedError

    def _recent_chosen(self, path: str) -> None:
        raise NotImplementedError

    def _recent_cleared(self) -> None:
        raise NotImplementedError

    def _tab_changed(self, key: str) -> None:
        raise NotImplementedError
