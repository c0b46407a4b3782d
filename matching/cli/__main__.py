"""``python -m matching.cli``: the same command line as ``matching``."""

from matching.cli.app import app

app(prog_name="matching")
