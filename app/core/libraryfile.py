"""Opening the library file safely: damaged files reported, a backup before any migration, and
write transactions that wait for another ClauseLens process instead of failing.

Two processes may share one library (two windows, or the window and the command line). SQLite
in WAL mode lets them: readers never wait, writers take turns. But a transaction begun with a
plain ``BEGIN`` that reads before it writes fails at once with "database is locked" when the
other process committed in between, whatever the busy timeout. So every ``atomic()`` block here
begins with ``BEGIN IMMEDIATE``, which takes the write lock first and waits its turn; a wait
longer than a second is announced once on the ``clauselens.library`` logger (printed on stderr
when nothing configures logging), and one longer than ``BUSY_WAIT`` becomes a one-line error.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import sqlite_utils

from app.core import migrations
from app.core.errors import ClauseLensError, NotInLibrary

BUSY_WAIT = 30.0  # seconds a write waits for another process before giving up
NOTICE_AFTER = 1.0  # seconds of waiting after which the user is told why nothing happens
CHECK_LIMIT = 64 * 2**20  # files up to this size are checked on every open (about 3 ms per MB)

log = logging.getLogger("clauselens.library")


class LibraryError(ClauseLensError):
    """The library file cannot be opened or used."""


class NotFoundInLibrary(NotInLibrary, LibraryError):
    """A document, clause or platform the user named is not in the library."""


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Database(sqlite_utils.Database):
    """sqlite-utils whose ``atomic()`` takes the write lock when the transaction begins."""

    label = "the library"

    @contextmanager
    def atomic(self):
        if self.conn.in_transaction:  # nested: a savepoint inside the open transaction
            with super().atomic():
                yield self
            return
        self.begin_immediate()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def begin_immediate(self) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(NOTICE_AFTER * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_WAIT * 1000)}")
        log.warning("%s is being written by another ClauseLens process; waiting for it (up to %d s)",
                    self.label, BUSY_WAIT)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not _busy(exc):
                raise
            raise LibraryError(f"{self.label}: another ClauseLens process has been writing to the library for "
                               f"{BUSY_WAIT:.0f} s; try again when it has finished") from None


def open_database(path: Path) -> Database:
    """Open (or create) the library at ``path`` and bring its schema up to date.

    Raises ``LibraryError`` with a one-line message for a file that is not a library, is damaged,
    or was written by a newer ClauseLens. Before migrating an older library, a copy of it is kept
    next to it as ``<name>.bak-v<old version>-<time>``.
    """
    existed = path.is_file() and path.stat().st_size > 0
    leftover_wal = Path(f"{path}-wal").is_file() and Path(f"{path}-wal").stat().st_size > 0
    conn = None
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_WAIT, check_same_thread=False)
        db = Database(conn)
        db.label = str(path)
        version = migrations.schema_version(db)
        if existed and (path.stat().st_size <= CHECK_LIMIT or leftover_wal):
            # A WAL file left behind means the last session ended without closing (a crash, kill -9):
            # check even a large file then.
            problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if problem != "ok":
                raise sqlite3.DatabaseError(" ".join(problem.replace("*** in database main ***", "").split()))
        latest = migrations.latest_version()
        if version > latest:
            raise LibraryError(f"{path}: the library was written by a newer ClauseLens (schema {version}; this "
                               f"version reads up to {latest}); update ClauseLens to open it")
        db.execute("PRAGMA foreign_keys = ON")
        db.enable_wal()
        if existed and 0 < version < latest:
            backup(db, path, version)
        migrations.migrate(db)
    except LibraryError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise LibraryError(_problem(path, exc)) from None
    return db


def _problem(path: Path, exc: sqlite3.DatabaseError) -> str:
    """One line for a library SQLite cannot open or change."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return (f"{path}: the library cannot be written here ({text}); copy it to a folder you can write to, "
                "or ask for write access")
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in text:
        return f"{path}: cannot open the library ({text}); check the folder exists and you may write to it"
    return (f"{path}: cannot open the library, the file is damaged or is not a ClauseLens library ({text}); "
            "restore a backup (*.bak-*) or move the file away to start a new library")


def backup(db: Database, path: Path, version: int) -> Path:
    """A consistent copy of the library (SQLite's backup API: the WAL's content included)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-v{version}-{stamp}-{n}")
    try:
        copy = sqlite3.connect(str(target))
        try:
            db.conn.backup(copy)
        finally:
            copy.close()
    except (sqlite3.Error, OSError) as exc:
        target.unlink(missing_ok=True)
        raise LibraryError(f"{path}: the library needs upgrading from schema {version}, but a backup copy "
                           f"could not be written first ({exc}); nothing was changed") from None
    log.info("backup of %s (schema %d) kept as %s before upgrading it", path, version, target)
    return target
