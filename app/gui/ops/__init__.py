"""What the GUI asks of the core, as plain functions run on the worker thread (``fn(store, ...)``).

No Qt here: each function is a thin wrapper over ``app.core`` that returns dataclasses a view can
show without touching the library again.
"""
