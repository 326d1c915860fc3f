"""ClauseLens: offline review of AI licences and terms of service."""

__version__ = "0.1.0"
