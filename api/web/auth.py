"""Who is on a page: the session's principal, the role a page needs, the form token.

Roles are checked by the API's own functions (:func:`api.deps.require_staff`,
:func:`api.deps.require_coordinator`) on the same :class:`~api.security.Principal`
the API builds from a key; only the way a refusal is shown differs (a page, not JSON).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.deps import require_coordinator, require_staff
from api.problems import Problem
from api.security import Principal
from api.web.sessions import csrf_valid, session_principal
from matching.i18n import N_

ROLE_NAMES = {
    "coordinator": N_("coordinator"),
    "agency": N_("employment agency"),
    "analyst": N_("analyst"),
}


class LoginRequired(Exception):
    """Nobody is signed in (or the session went idle): the sign-in page answers."""


class PageError(Exception):
    """A page that cannot be shown: ``message`` is a catalogue msgid."""

    def __init__(self, status_code: int, message: str):
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def web_principal(request: Request) -> Principal:
    """The signed-in principal (also kept on ``request.state`` for the templates)."""
    principal = session_principal(
        request, request.app.state.keys, request.app.state.settings.session_idle_minutes
    )
    if principal is None:
        raise LoginRequired()
    request.state.principal = principal
    return principal


WebPrincipal = Annotated[Principal, Depends(web_principal)]


def web_staff(principal: WebPrincipal) -> Principal:
    try:
        return require_staff(principal)
    except Problem:
        raise PageError(403, N_("Your role has no access to personal data.")) from None


def web_coordinator(principal: WebPrincipal) -> Principal:
    try:
        return require_coordinator(principal)
    except Problem:
        raise PageError(403, N_("Only a coordinator may open this page.")) from None


WebStaff = Annotated[Principal, Depends(web_staff)]
WebCoordinator = Annotated[Principal, Depends(web_coordinator)]


async def check_csrf(request: Request) -> None:
    """Every form a page posts carries the session's token (``csrf_token``)."""
    form = await request.form()
    submitted = form.get("csrf_token")
    if not csrf_valid(request, submitted if isinstance(submitted, str) else None):
        raise PageError(403, N_("This form has expired. Open the page again and send it anew."))


CsrfChecked = Depends(check_csrf)
