"""Behaviour: each controller subclasses its view and talks to the ``Session``."""
