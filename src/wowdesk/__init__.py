"""WowDesk: a help desk with Wow service built in."""

__version__ = "0.1.0"
