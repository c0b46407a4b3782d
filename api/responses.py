"""Responses the routes build themselves, past FastAPI's response validation.

A route declaring ``response_model=ShortlistPublic`` and returning a ``ShortlistPublic``
had FastAPI validate the model against its own class (for a plain ``def`` route, in
another hop through the thread pool) and then serialise it. The schemas' ``from_core``
constructors already validated every field, so a hot route returns
:func:`model_response` instead: the model's JSON, serialised once, in the thread that
built it. The route keeps ``response_model`` for the OpenAPI document.
"""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def model_response(
    model: BaseModel, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """``model`` as ``application/json``, exactly as FastAPI would have written it.

    Example:
        >>> from pydantic import BaseModel
        >>> class Count(BaseModel):
        ...     n: int
        >>> model_response(Count(n=3)).body
        b'{"n":3}'
    """
    return Response(
        model.model_dump_json(by_alias=True),
        status_code,
        headers=headers,
        media_type="application/json",
    )


def language_headers(language: str | None) -> dict[str, str]:
    """``Vary: Accept-Language`` on a response that words its reasons when asked, and
    ``Content-Language`` when it did."""
    headers = {"Vary": "Accept-Language"}
    if language is not None:
        headers["Content-Language"] = language
    return headers
