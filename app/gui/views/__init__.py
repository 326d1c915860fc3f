"""Layout only: widgets, their arrangement and protected accessors. Behaviour lives in
``app.gui.controllers``, whose classes subclass these (TagStudio's view/controller split)."""
