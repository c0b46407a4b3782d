"""Mount the workspace on the API application: pages, static files, sessions, headers.

Example:
    >>> from fastapi import FastAPI
    >>> from matching.config import Settings
    >>> app = FastAPI(docs_url=None, redoc_url=None)
    >>> install_workspace(app, Settings(esco_dir=None, data_dir="var"))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.web.auth import LoginRequired, PageError
from api.web.rendering import render
from api.web.routes import batches, docs, home, people, stats
from api.web.sessions import SESSION_COOKIE, SESSION_MAX_AGE, session_secret
from matching.config import Settings

STATIC = Path(__file__).parent / "static"

# Every page: its own scripts, styles and images only; no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response that does not set its own, and
    marks cookies ``Secure`` on a request that came over HTTPS."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        secure = scope.get("scheme") == "https"  # uvicorn --proxy-headers behind TLS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                if secure:  # cookies over TLS are never sent back over plain HTTP
                    message["headers"] = [
                        (k, v + b"; secure")
                        if k == b"set-cookie" and b"secure" not in v.lower()
                        else (k, v)
                        for k, v in message["headers"]
                    ]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _login_required(request: Request, error: Exception) -> Response:
    if "hx-request" in request.headers:  # htmx follows this header with a full page load
        return Response(status_code=200, headers={"HX-Redirect": "/login"})
    target = request.url.path if request.method == "GET" else "/"
    return RedirectResponse(f"/login?next={target}", status_code=303)


def _page_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageError)
    return render(request, "error.html", {"message": error.message}, status_code=error.status_code)


def install_workspace(app: FastAPI, settings: Settings) -> None:
    """Add the pages, ``/static``, ``/docs``, ``/redoc``, the session and the headers."""
    for module in (stats, home, people, batches, docs):
        app.include_router(module.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PageError, _page_error)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=False,  # SecurityHeaders adds Secure per request when it came over TLS
    )
    app.add_middleware(SecurityHeaders)
