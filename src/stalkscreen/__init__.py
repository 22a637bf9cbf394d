"""stalkscreen: find stalking hidden in police crime records."""

__version__ = "0.1.0"
