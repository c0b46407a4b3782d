"""Files that readers can trust (atomic, durable writes, content digests), and records streamed
in chunks to and from them.

A batch run's outputs and manifest are replaced with :func:`atomic_path` (a temporary
file beside the target, fsynced, then renamed over it), so a reader or a crash never
leaves a half-written file. Saved indexes and normalisers, being directories, swap a
whole staging directory into place instead.

Example:
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "out" / "note.txt"
    >>> write_text_atomic(path, "done\\n")
    >>> sha256_file(path)[:12]
    'd117fa006ba9'
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "atomic_path",
    "chunks",
    "remove_stale_temporaries",
    "sha256_file",
    "without_paths",
    "write_text_atomic",
]


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; moved over it (``os.replace``) when the block ends.

    Readers never see a half-written file; an error leaves the old file, if any, alone.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its 0600 mode would stick to the output; this respects the umask.
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
        _fsync_directory(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable (where the platform allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a UTF-8 text file atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def remove_stale_temporaries(directory: Path) -> list[Path]:
    """Delete the temporary files :func:`atomic_path` left when its process was killed.

    Call it holding the directory's lock (no other writer is running). Returns what was
    removed.
    """
    removed = []
    for tmp in directory.rglob(".*.tmp"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    for part in directory.rglob("*.part"):
        if part.is_file():
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


def without_paths(error: BaseException, *known: Path) -> str:
    """An error as ``Type: message`` with filesystem paths reduced to file names.

    Messages reach API clients and shared run files: a server's directory layout is
    none of their business.
    """
    text = str(error)
    for path in sorted({str(p) for p in known} | _paths_in(error), key=len, reverse=True):
        if path:
            text = text.replace(path, Path(path).name)
    text = _ABSOLUTE_PATH.sub(lambda m: Path(m.group(0)).name, text)
    name = type(error).__name__
    return f"{name}: {text}" if text else name


_ABSOLUTE_PATH = re.compile(r"(?:[A-Za-z]:\\|/)(?:[^\s'\"/:]+[/\\])+[^\s'\",:;)]*")


def _paths_in(error: BaseException) -> set[str]:
    found = set()
    for attribute in ("filename", "filename2", "path"):
        value = getattr(error, attribute, None)
        if isinstance(value, str | os.PathLike):
            found.add(str(value))
    return found
