"""The ``matching`` command line."""

from matching.cli.app import app

__all__ = ["app"]
