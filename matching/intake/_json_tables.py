"""JSON and JSONL tables, read an item at a time (see :mod:`matching.intake.tables`).

A JSON file's rows array is scanned as text, one element held at a time, so that a
huge or deeply nested item becomes a :class:`~matching.intake.tables.BadRow` instead of
exhausting memory or the stack.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matching.errors import DataFileError
from matching.intake.tables import (
    BadRow,
    Cells,
    ReadLimits,
    Table,
    _Lines,
    _over_rows,
    detect_encoding,
)

# ----------------------------------------------------------------------------- JSON
_JSON_TOKEN = re.compile(r'[\[\]{}",:\\]')


@dataclass
class _JsonItem:
    """One element of the rows array as text (``None`` when too long to hold), or, with
    ``key`` set, a member of the top-level object (the document header)."""

    number: int
    text: str | None
    key: str | None = None


class _JsonScanner:
    """Splits a JSON document into the elements of its rows array without parsing it.

    Top level a list: its elements. Top level an object: the elements of the list under
    the first of ``keys`` present, and every other member as an item with ``key`` set.
    Only the separators at the level being split are looked at (strings skipped, depth
    counted), so memory is one element at a time and nesting costs no recursion.
    """

    def __init__(self, keys: tuple[str, ...], max_chars: int):
        self.keys = keys
        self.max_chars = max_chars
        self.depth = 0
        self.in_string = False
        self.escaped = -1  # position of a character escaped by a backslash
        self.offset = 0  # position of the chunk being fed
        self.top = ""
        self.in_rows = self.rows_done = False
        self.phase = "value"  # in the top-level object: "key" or "value"
        self.key: str | None = None
        self.capturing = False
        self.buffer: list[str] = []
        self.size = 0
        self.count = 0

    @property
    def level(self) -> int:
        return 2 if self.in_rows else 1

    def feed(self, chunk: str) -> Iterator[_JsonItem]:
        """Items completed in ``chunk``."""
        start = 0
        for m in _JSON_TOKEN.finditer(chunk):
            c, pos = m.group(), m.start()
            if self.in_string:
                if self.escaped == self.offset + pos:  # the character after a backslash
                    continue
                if c == "\\":
                    self.escaped = self.offset + pos + 1
                elif c == '"':
                    self.in_string = False
                continue
            if c == '"':
                self.in_string = True
            elif c in "[{":
                if self.depth == 0:
                    self.top, self.depth = c, 1
                    self.phase = "key" if c == "{" else "value"
                    start = self._begin(pos + 1)
                elif (
                    c == "["
                    and self.top == "{"
                    and self.depth == 1
                    and self.phase == "value"
                    and self.key in self.keys
                    and not self.rows_done
                    and not self._held(chunk, start, pos).strip()
                ):
                    self.in_rows, self.depth = True, 2
                    yield _JsonItem(-1, None, self.key)
                    start = self._begin(pos + 1)
                else:
                    self.depth += 1
            elif c in "]}":
                if self.depth == self.level:
                    item = self._end(chunk, start, pos)
                    if item is not None:
                        yield item
                    if self.in_rows:
                        self.in_rows, self.rows_done, self.depth = False, True, 1
                        self.capturing = False  # the member's value was the rows
                    else:
                        self.depth = 0
                    start = pos + 1
                else:
                    self.depth -= 1
            elif c == "," and self.depth == self.level:
                item = self._end(chunk, start, pos)
                if item is not None:
                    yield item
                if self.top == "{" and not self.in_rows:
                    self.phase = "key"
                start = self._begin(pos + 1)
            elif c == ":" and self.depth == 1 and self.top == "{" and self.phase == "key":
                key = self._take(chunk, start, pos)
                try:
                    self.key = str(json.loads(key)) if key is not None else None
                except json.JSONDecodeError:
                    self.key = None
                self.phase = "value"
                start = self._begin(pos + 1)
        if self.capturing:
            self._add(chunk[start:])
        self.offset += len(chunk)

    def finish(self) -> Iterator[_JsonItem]:
        """At the end of the file: an item cut short, if the document ends inside one."""
        if self.depth > 0 and self.level == 1 and self.top == "{" and not self.in_rows:
            return iter(())
        if self.depth > 0 and self.capturing and self.size and "".join(self.buffer).strip():
            self.count += 1
            return iter([_JsonItem(self.count, "\x00cut")])
        return iter(())

    def _begin(self, start: int) -> int:
        self.capturing = True
        self.buffer, self.size = [], 0
        return start

    def _add(self, text: str) -> None:
        if self.size > self.max_chars:
            return
        self.size += len(text)
        if self.size > self.max_chars:
            self.buffer = []
        else:
            self.buffer.append(text)

    def _held(self, chunk: str, start: int, pos: int) -> str:
        return "".join(self.buffer) + chunk[start:pos]

    def _take(self, chunk: str, start: int, pos: int) -> str | None:
        if not self.capturing:
            return ""
        self._add(chunk[start:pos])
        self.capturing = False
        return None if self.size > self.max_chars else "".join(self.buffer)

    def _end(self, chunk: str, start: int, pos: int) -> _JsonItem | None:
        was_capturing = self.capturing
        text = self._take(chunk, start, pos)
        if not was_capturing or (text is not None and not text.strip()):
            return None
        if self.top == "{" and not self.in_rows:
            if self.phase != "value":
                return None
            return _JsonItem(0, text, self.key or "")
        self.count += 1
        return _JsonItem(self.count, text)


def _json_items(path: Path, keys: tuple[str, ...], limits: ReadLimits) -> Iterator[_JsonItem]:
    encoding = detect_encoding(path)
    scanner = _JsonScanner(keys, limits.max_row_chars)
    with path.open(encoding=encoding, errors="replace") as f:
        while chunk := f.read(1 << 20):
            yield from scanner.feed(chunk)
        yield from scanner.finish()
    if not scanner.top:
        raise DataFileError(path, "not valid JSON: expected a list of objects or an object")


def _load_item(text: str | None, limits: ReadLimits) -> Any:
    """An item's value, or a :class:`BadRow`."""
    if text is None:
        return BadRow(f"the item is over {limits.max_row_chars:,} characters")
    if text == "\x00cut":
        return BadRow("the file ends inside this item")
    if _nesting(text) > limits.max_depth:
        return BadRow(f"the item nests more than {limits.max_depth} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return BadRow(f"not valid JSON: {error.msg}")
    except RecursionError:
        return BadRow(f"the item nests more than {limits.max_depth} levels deep")


def _nesting(text: str) -> int:
    depth = deepest = 0
    in_string = False
    escaped = -1
    for m in re.finditer(r'[\[\]{}"\\]', text):
        c = m.group()
        if in_string:
            if escaped == m.start():
                continue
            if c == "\\":
                escaped = m.start() + 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _object_cells(value: Any, position: dict[str, int], limits: ReadLimits) -> Cells:
    if isinstance(value, BadRow):
        return value
    if not isinstance(value, dict):
        return BadRow(f"expected an object, found {type(value).__name__}")
    cells: list[Any] = [None] * len(position)
    for key, cell in value.items():
        if key in position:
            cells[position[key]] = cell
        if isinstance(cell, str):
            if len(cell) > limits.max_cell_chars:
                return BadRow(f"the cell is over {limits.max_cell_chars:,} characters", key)
            if "\x00" in cell:
                return BadRow("the cell holds a NUL character", key)
    return cells


def _headers_of(items: Iterable[Any], path: Path, limits: ReadLimits) -> list[str]:
    headers: list[str] = []
    seen: set[str] = set()
    for obj in items:
        if isinstance(obj, dict):
            for key in obj:
                if key not in seen:
                    if len(headers) >= limits.max_columns:
                        raise DataFileError(path, f"more than {limits.max_columns} distinct keys")
                    seen.add(key)
                    headers.append(key)
    return headers


def _open_json(path: Path, rows_key: str, limits: ReadLimits) -> Table:
    keys = tuple(k for k in (rows_key, "vacancies", "job_seekers", "records", "rows") if k)

    def values() -> Iterator[tuple[_JsonItem, Any]]:
        for item in _json_items(path, keys, limits):
            yield item, (None if item.number < 0 else _load_item(item.text, limits))

    # First pass: the keys (columns) and the document header; second pass: the rows.
    document: dict[str, Any] = {}
    headers: list[str] = []
    seen: set[str] = set()
    top_object = has_rows = False
    for item, value in values():
        if item.key is not None:
            top_object = True
            if item.number < 0:
                has_rows = True
            else:
                document[item.key] = None if isinstance(value, BadRow) else value
        elif isinstance(value, dict):
            for key in value:
                if key not in seen:
                    if len(headers) >= limits.max_columns:
                        raise DataFileError(path, f"more than {limits.max_columns} distinct keys")
                    seen.add(key)
                    headers.append(key)
    if top_object and not has_rows:  # a single object: the file holds one row
        headers = list(document)[: limits.max_columns]
        single = _object_cells(document, {h: i for i, h in enumerate(headers)}, limits)
        return Table(path, headers, iter([(1, single)]), "json")
    position = {h: i for i, h in enumerate(headers)}

    def rows() -> Iterator[tuple[int, Cells]]:
        for item, value in values():
            if item.key is None:
                if item.number > limits.max_rows:
                    yield (
                        item.number,
                        BadRow(_over_rows(limits)),
                    )
                    return
                yield item.number, _object_cells(value, position, limits)

    return Table(path, headers, rows(), "json", document=document if top_object else None)


def _open_jsonl(path: Path, limits: ReadLimits) -> Table:
    encoding = detect_encoding(path)

    def items() -> Iterator[tuple[int, Any]]:
        with path.open("rb") as raw:
            lines = _Lines(raw, encoding, limits.max_row_chars)
            for text in lines:
                number = lines.line
                lines.take()
                if number in lines.damaged:
                    yield number, BadRow(lines.damaged.pop(number))
                elif text.strip():
                    yield number, _load_item(text, limits)

    headers = _headers_of((v for _, v in items()), path, limits)
    position = {h: i for i, h in enumerate(headers)}

    def rows() -> Iterator[tuple[int, Cells]]:
        for read, (number, value) in enumerate(items(), start=1):
            if read > limits.max_rows:
                yield (
                    number,
                    BadRow(_over_rows(limits)),
                )
                return
            yield number, _object_cells(value, position, limits)

    return Table(path, headers, rows(), "jsonl")
