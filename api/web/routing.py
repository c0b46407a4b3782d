"""Pages that share a path with an API route (``/stats``, ``/batches``, ``/batches/{id}``).

A :class:`BrowserRoute` answers a browser: a request asking for HTML (or made by htmx)
that presents no API key. Anything else does not match it and goes on to the API route
of the same path, so API clients see no change. The workspace's routers are included
before the API's for this reason.
"""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.routing import Match
from starlette.types import Scope


def is_browser(headers: Headers) -> bool:
    if "x-api-key" in headers or "authorization" in headers:
        return False
    return "hx-request" in headers or "text/html" in headers.get("accept", "")


class BrowserRoute(APIRoute):
    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or not is_browser(Headers(scope=scope)):
            return Match.NONE, {}
        return super().matches(scope)
