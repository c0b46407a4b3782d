"""Home, sign-in, sign-out and the language switch."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.web.auth import CsrfChecked, WebPrincipal
from api.web.rendering import LANGUAGE_COOKIE, render
from api.web.sessions import session_principal, sign_in, sign_out
from matching.i18n import LANGUAGES, N_

router = APIRouter()

ONE_YEAR = 365 * 24 * 60 * 60


def _local(path: str | None, default: str = "/") -> str:
    """``path`` if it is a path on this site (never another host), else ``default``."""
    if not path:
        return default
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith("//"):
        return default
    if "\\" in path or any(ord(c) < 32 for c in path):  # browsers read "/\\host" as "//host"
        return default
    return path


@router.get("/", response_class=Response)
def home(request: Request, principal: WebPrincipal) -> Response:
    return render(request, "home.html")


@router.get("/login", response_class=Response)
def login_page(request: Request, next: str | None = None) -> Response:
    settings = request.app.state.settings
    if session_principal(request, request.app.state.keys, settings.session_idle_minutes):
        return RedirectResponse(_local(next), status_code=303)
    return render(request, "login.html", {"next": _local(next), "error": None})


@router.post("/login", response_class=Response, dependencies=[CsrfChecked])
def login(
    request: Request,
    api_key: Annotated[str, Form(max_length=512)] = "",
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    principal = sign_in(request, request.app.state.keys, api_key.strip())
    if principal is None:
        error = N_("This key is not known. Check it and try again.")
        return render(
            request, "login.html", {"next": _local(next), "error": error}, status_code=401
        )
    return RedirectResponse(_local(next), status_code=303)


@router.post("/logout", response_class=Response, dependencies=[CsrfChecked])
def logout(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/language", response_class=Response)
def switch_language(
    request: Request,
    language: Annotated[str, Form(max_length=5)],
    next: Annotated[str, Form(max_length=300)] = "/",
) -> Response:
    """Remember the reader's language (no form token: it changes nothing but the cookie)."""
    response = RedirectResponse(_local(next), status_code=303)
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, language, max_age=ONE_YEAR, httponly=True, samesite="lax"
        )
    return response
