"""Background work: one long-lived worker thread owns the library connection and the tagging
pipeline; the GUI thread submits jobs and gets results back through a Qt signal.

A job is a plain function ``fn(ctx)`` where ``ctx.store`` is the worker's ``Store`` and
``ctx.progress(fraction, message)`` reports progress (raising ``Cancelled`` once the user has
cancelled). Its callbacks (``on_done``, ``on_error``, ``on_progress``) always run on the GUI
thread. Interactive jobs (opening a document, a review edit) go before queued bulk work (the next
file of an import); a running job is never interrupted except through its progress calls.

``SyncRunner`` has the same interface and runs each job at once on the calling thread: tests use
it where the threading is not what they check (as Picard's FakeThreadPool does).
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.core.errors import ClauseLensError
from app.core.store import Store

INTERACTIVE, BULK = 0, 10  # job priorities: lower runs first
PROGRESS_EVERY = 0.05      # seconds between progress reports sent to the GUI thread


class Cancelled(Exception):
    """Raised inside a job by ``ctx.progress`` once its handle has been cancelled."""


@dataclass
class Handle:
    """What the GUI keeps of a submitted job: it can cancel it."""

    name: str
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class TaskContext:
    def __init__(self, store: Store, handle: Handle, report: Callable[[float, str], None]):
        self.store = store
        self.handle = handle
        self._report = report
        self._last = 0.0

    def check(self) -> None:
        if self.handle.cancelled:
            raise Cancelled(self.handle.name)

    def progress(self, fraction: float, message: str = "") -> None:
        self.check()
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY or fraction >= 1.0:
            self._last = now
            self._report(fraction, message)


@dataclass(order=True)
class _Job:
    priority: int
    seq: int
    fn: Callable = field(compare=False)
    handle: Handle = field(compare=False)
    on_done: Callable | None = field(compare=False, default=None)
    on_error: Callable | None = field(compare=False, default=None)
    on_progress: Callable | None = field(compare=False, default=None)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ClauseLensError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


class _Base(QObject):
    """What both runners share: the error signal, default error handling."""

    failed = Signal(str, str)  # job name, one-line message (for jobs without on_error)
    library_failed = Signal(str)  # the library file could not be opened (sent once)

    def _fail(self, job: _Job, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            if job.on_error:
                job.on_error(exc)
            return
        if job.on_error:
            job.on_error(exc)
        else:
            self.failed.emit(job.handle.name, _describe(exc))


class BackgroundRunner(_Base):
    """The worker thread. ``open_store`` is called on that thread; the store never leaves it."""

    _deliver = Signal(object)  # a closure to run on the GUI thread

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None):
        super().__init__(parent)
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._seq = itertools.count()
        self._deliver.connect(self._run_on_gui)  # queued: emitted from the worker thread
        self._open_store = open_store
        self._thread = threading.Thread(target=self._loop, name="clauselens-worker", daemon=True)
        self._started = False
        self._current: _Job | None = None
        self._told = False
        self._lock = threading.Lock()
        self._pending = 0  # results posted to the GUI thread and not yet run there

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def submit(self, name: str, fn: Callable, on_done: Callable | None = None,
               on_error: Callable | None = None, on_progress: Callable | None = None,
               priority: int = INTERACTIVE, handle: Handle | None = None) -> Handle:
        handle = handle or Handle(name)
        self._queue.put(_Job(priority, next(self._seq), fn, handle, on_done, on_error, on_progress))
        self.start()
        return handle

    def shutdown(self, timeout: float = 15.0) -> None:
        """Run the interactive jobs still queued (review edits), cancel bulk work (imports), close
        the store. A job already running finishes first: an import stops at its next progress
        step; loading the pipeline cannot be interrupted (about a second)."""
        if not self._started:
            return
        with self._queue.mutex:
            for job in self._queue.queue:
                if job.priority >= BULK:
                    job.handle.cancel()
        current = self._current
        if current is not None and current.priority >= BULK:
            current.handle.cancel()
        self._queue.put(_Job(BULK - 1, next(self._seq), None, Handle("stop")))
        self._thread.join(timeout)

    def _post(self, closure) -> None:
        with self._lock:
            self._pending += 1
        self._deliver.emit(closure)

    def _run_on_gui(self, closure) -> None:
        try:
            closure()
        finally:
            with self._lock:
                self._pending -= 1

    @property
    def busy(self) -> bool:
        """A job queued or running, or a result not yet handed to the GUI thread."""
        with self._lock:
            pending = self._pending
        # unfinished_tasks drops only once a job has run and posted its result
        return bool(pending or self._queue.unfinished_tasks)

    def _loop(self) -> None:
        store = None
        try:
            store = self._open_store()
        except Exception as exc:  # noqa: BLE001 - reported to the user, every job then fails with it
            opening_error = exc
        else:
            opening_error = None
        while True:
            job = self._queue.get()
            if job.fn is None:
                self._queue.task_done()
                break
            self._current = job
            self._run(job, store, opening_error)
            self._current = None
            self._queue.task_done()
        if store is not None:
            store.close()

    def _run(self, job: _Job, store, opening_error) -> None:
        def report(fraction, message):
            if job.on_progress:
                self._post(lambda: job.on_progress(fraction, message))
        if opening_error is not None:  # said once, by library_failed; the job just does not run
            if not self._told:
                self._told = True
                self._post(lambda: self.library_failed.emit(_describe(opening_error)))
            if job.on_error:
                self._post(lambda: job.on_error(Cancelled(job.handle.name)))
            return
        try:
            if job.handle.cancelled:
                raise Cancelled(job.handle.name)
            result = job.fn(TaskContext(store, job.handle, report))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI
            if not isinstance(exc, Cancelled | ClauseLensError):  # an unexpected failure: keep its trace
                traceback.print_exc()
            self._post(lambda exc=exc: self._fail(job, exc))
        else:
            if job.on_done:
                self._post(lambda: job.on_done(result))


class SyncRunner(_Base):
    """Runs every job at once on the calling thread (tests)."""

    def __init__(self, open_store: Callable[[], Store], parent: QObject | None = None):
        super().__init__(parent)
        self.store = open_store()

    def start(self) -> None:
        pass

    def submit(self, name: str, fn: Callable, on_done: Callable | None = None,
               on_error: Callable | None = None, on_progress: Callable | None = None,
               priority: int = INTERACTIVE, handle: Handle | None = None) -> Handle:
        handle = handle or Handle(name)
        job = _Job(priority, 0, fn, handle, on_done, on_error, on_progress)
        try:
            if handle.cancelled:
                raise Cancelled(name)
            result = fn(TaskContext(self.store, handle, on_progress or (lambda f, m: None)))
        except Exception as exc:  # noqa: BLE001 - as the background runner does
            self._fail(job, exc)
        else:
            if on_done:
                on_done(result)
        return handle

    busy = False  # every job is done by the time submit returns

    def shutdown(self, timeout: float = 0) -> None:
        self.store.close()
