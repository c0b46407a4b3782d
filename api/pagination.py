"""Keyset pagination: opaque cursors and the ``next`` link of every list route.

A list route pages by a sort key and the row id (``WHERE (key, id) > (last key, last id)
ORDER BY key, id LIMIT n``, over an index), so a page costs the same at row 10 and at
row 1,000,000, and rows inserted between two requests never repeat or shift a row already
passed. The cursor a client gets back (``next``, also in a ``Link: <...>; rel="next"``
header) is the last row's key, encoded; clients pass it back as ``?after=`` untouched.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError


def encode_cursor(kind: str, key: tuple[Any, ...]) -> str:
    """An opaque cursor for the row with sort key ``key`` in the list ``kind``."""
    raw = json.dumps([kind, *key], separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key in ``cursor``, whose parts have ``types``.

    Raises:
        RequestValidationError: The cursor is not one this list gave out (naming ``after``).
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        value = None
    if (
        not isinstance(value, list)
        or len(value) != len(types) + 1
        or value[0] != kind
        or not all(type(v) is t for v, t in zip(value[1:], types, strict=True))
    ):
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "after"),
                    "msg": "not a cursor of this list: pass back the `next` value it returned",
                    "input": cursor,
                }
            ]
        )
    return tuple(value[1:])


def link_next(request: Request, response: Response, cursor: str | None) -> str | None:
    """Set the ``Link: rel="next"`` header for ``cursor`` (none on the last page) and
    return the cursor, for a body's ``next`` field."""
    if cursor is not None:
        url = request.url.remove_query_params(["after", "offset"]).include_query_params(
            after=cursor
        )
        response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'
    return cursor
