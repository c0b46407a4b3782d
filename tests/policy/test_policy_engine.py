"""The policy as the engine's callers get it: its data files read once per state."""

from __future__ import annotations

import os
from pathlib import Path

from matching.config import Settings
from matching.policy.engine import _policy_data

SCHEME = """country = "EE"
name = "{name}"
source = "test"
fee_declaration_required = false
"""


def test_scheme_files_are_read_once_and_again_when_they_change(tmp_path: Path) -> None:
    schemes = tmp_path / "schemes"
    schemes.mkdir()
    (schemes / "ee.toml").write_text(SCHEME.format(name="first"), encoding="utf-8")
    settings = Settings(esco_dir=None, schemes_dir=schemes, _env_file=None)

    wages, loaded = _policy_data(settings)
    assert loaded["EE"].name == "first"
    assert _policy_data(settings)[1] is loaded  # not parsed again

    edited = schemes / "ee.toml"
    edited.write_text(SCHEME.format(name="second, edited"), encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert _policy_data(settings)[1]["EE"].name == "second, edited"

    (schemes / "ee.toml").unlink()  # a file removed: the shipped scheme again
    assert _policy_data(settings)[1]["EE"].name != "second, edited"
    assert _policy_data(settings)[0] == wages
