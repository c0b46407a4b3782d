"""Dependencies the routes declare through ``Annotated`` aliases.

``EngineDep`` and ``SettingsDep`` are what the lifespan built; ``PrincipalDep`` is the
authenticated caller; ``StaffDep`` a caller allowed personal data (coordinator or
agency); ``CoordinatorDep`` a coordinator; ``AuditDep`` writes audit events naming the
caller (through the app's audit writer); ``PageDep`` a validated ``limit``/``offset``
pair; ``ReasonsLanguageDep`` the catalogue language ``Accept-Language`` asks for, if
any (``None``: the client did not ask, and gets the English reasons only). Tests override
:func:`get_engine` or :func:`get_principal` through ``app.dependency_overrides``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Path, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.problems import Problem
from api.security import KeyRing, Principal, Role
from api.web.sessions import session_principal
from matching.config import Settings
from matching.i18n import LANGUAGES
from matching.records import ExternalId
from matching.service import Engine
from matching.storage.audit import AuditUnavailableError, AuditWriter
from matching.storage.results import AuditEvent

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="An API key from the keys file."
)
bearer = HTTPBearer(auto_error=False, description="The same API key, as a bearer token.")


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` in its
# thread pool, and under load each such hop waited for the interpreter lock behind the
# threads computing shortlists (a shortlist request made seven hops; now one, the route).
async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


async def get_key_ring(request: Request) -> KeyRing:
    return request.app.state.keys


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
KeyRingDep = Annotated[KeyRing, Depends(get_key_ring)]

JobSeekerId = Annotated[ExternalId, Path(description="The job seeker's external id.")]
VacancyId = Annotated[ExternalId, Path(description="The vacancy's external id.")]

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="matching"'}


async def get_principal(
    keys: KeyRingDep,
    api_key: Annotated[str | None, Security(api_key_header)] = None,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None,
) -> Principal:
    """The caller named by ``X-API-Key`` or ``Authorization: Bearer``.

    Raises:
        Problem: 401 when no key, an unknown key, or no keys at all are configured.
    """
    return key_principal(keys, api_key, credentials)


def key_principal(
    keys: KeyRing, api_key: str | None, credentials: HTTPAuthorizationCredentials | None
) -> Principal:
    """:func:`get_principal`'s answer, as a plain function."""
    if not len(keys):
        raise Problem(
            401,
            "no API keys are configured on this server (set MATCHING_API_KEYS_FILE)",
            type="unauthenticated",
            headers=_CHALLENGE,
        )
    key = api_key or (credentials.credentials if credentials is not None else None)
    if not key:
        raise Problem(
            401,
            "an API key is required (X-API-Key header)",
            type="unauthenticated",
            headers=_CHALLENGE,
        )
    principal = keys.authenticate(key)
    if principal is None:
        raise Problem(401, "unknown API key", type="unauthenticated", headers=_CHALLENGE)
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_download_principal(
    request: Request,
    keys: KeyRingDep,
    api_key: Annotated[str | None, Security(api_key_header)] = None,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None,
) -> Principal:
    """A key's principal, as :func:`get_principal`; without a key, a workspace session's.

    Only downloads accept a session (a browser follows a link with its cookie, not with a
    header); a GET changes nothing, so no form token is needed.
    """
    if api_key is None and credentials is None:
        settings: Settings = request.app.state.settings
        principal = session_principal(request, keys, settings.session_idle_minutes)
        if principal is not None:
            return principal
    return key_principal(keys, api_key, credentials)


async def require_download_coordinator(
    principal: Annotated[Principal, Depends(get_download_principal)],
) -> Principal:
    return require_coordinator(principal)


def require_staff(principal: PrincipalDep) -> Principal:
    """A coordinator or an agency: callers allowed to see and change personal data."""
    if not principal.reads_personal_data:
        raise Problem(
            403,
            f"the {principal.role} role has no access to personal data",
            type="forbidden",
        )
    return principal


def require_coordinator(principal: PrincipalDep) -> Principal:
    if principal.role is not Role.COORDINATOR:
        raise Problem(403, "only a coordinator may do this", type="forbidden")
    return principal


def require_ministry(principal: PrincipalDep) -> Principal:
    """A coordinator or an analyst: the ministry's own callers (demand lists)."""
    if principal.role is Role.AGENCY:
        raise Problem(
            403, "only the ministry's coordinators and analysts may do this", type="forbidden"
        )
    return principal


async def _staff(principal: PrincipalDep) -> Principal:
    return require_staff(principal)


async def _coordinator(principal: PrincipalDep) -> Principal:
    return require_coordinator(principal)


async def _ministry(principal: PrincipalDep) -> Principal:
    return require_ministry(principal)


StaffDep = Annotated[Principal, Depends(_staff)]
CoordinatorDep = Annotated[Principal, Depends(_coordinator)]
MinistryDep = Annotated[Principal, Depends(_ministry)]
DownloadCoordinatorDep = Annotated[Principal, Depends(require_download_coordinator)]


def check_same_id(path_id: str, body_id: str) -> None:
    """422 (as a body validation error) when a body's id differs from the path's."""
    if path_id != body_id:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("body", "external_id"),
                    "msg": f"must equal the id in the path ({path_id!r}); ids cannot change",
                    "input": body_id,
                }
            ]
        )


# ----------------------------------------------------------------------------- paging
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Page:
    """``limit`` rows after the cursor ``after`` (keyset, see :mod:`api.pagination`), or
    after skipping ``offset`` rows (deprecated: it scans what it skips)."""

    limit: int
    offset: int
    after: str | None = None


async def get_page(
    settings: SettingsDep,
    limit: Annotated[
        int | None, Query(ge=1, description="Items per page: 50 (or fewer) by default.")
    ] = None,
    offset: Annotated[
        int, Query(ge=0, le=10_000_000, deprecated=True, description="Use `after`.")
    ] = 0,
    after: Annotated[
        str | None,
        Query(max_length=500, description="The `next` cursor of the previous page."),
    ] = None,
) -> Page:
    """``limit`` with ``after`` (or the deprecated ``offset``); ``limit`` is bounded by
    ``Settings.api_max_page_size``.

    The bound comes from settings, not from the route signature, so it is checked here
    and reported exactly like a limit in the type.
    """
    maximum = settings.api_max_page_size
    if after is not None and offset:
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("query", "offset"),
                    "msg": "give `after` or `offset`, not both",
                    "input": offset,
                }
            ]
        )
    if limit is None:
        return Page(min(DEFAULT_PAGE_SIZE, maximum), offset, after)
    if limit > maximum:
        raise RequestValidationError(
            [
                {
                    "type": "less_than_equal",
                    "loc": ("query", "limit"),
                    "msg": f"Input should be less than or equal to {maximum}",
                    "input": limit,
                    "ctx": {"le": maximum},
                }
            ]
        )
    return Page(limit, offset, after)


PageDep = Annotated[Page, Depends(get_page)]


# ----------------------------------------------------------------------------- audit
class Auditor:
    """Writes who read or changed which person's data into the store's audit log.

    One event per person named, so that erasing a person erases the events naming them.
    With the app's :class:`~matching.storage.audit.AuditWriter` the events of concurrent
    requests are written together, by one thread; :meth:`record` returns once they are
    stored either way.
    """

    def __init__(
        self, engine: Engine, principal: Principal, route: str, writer: AuditWriter | None = None
    ):
        self.engine = engine
        self.principal = principal
        self.route = route
        self.writer = writer

    def _detail(self, extra: dict[str, Any] | None) -> dict[str, Any]:
        detail: dict[str, Any] = {
            "by": self.principal.name,
            "role": str(self.principal.role),
            "route": self.route,
        }
        if self.principal.agency is not None:
            detail["agency"] = self.principal.agency
        return {**detail, **(extra or {})}

    def record(
        self,
        action: str,
        job_seeker_ids: Iterable[str] = (),
        *,
        vacancy_id: str | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """One ``action`` event per job seeker (or one naming nobody), in one transaction.

        A shortlist names twenty people: their events are one insert.
        """
        at = datetime.now(UTC)
        shared = self._detail(detail)
        rows = [
            AuditEvent(action, at, job_seeker_id, vacancy_id, shared)
            for job_seeker_id in list(dict.fromkeys(job_seeker_ids)) or [None]
        ]
        if self.writer is not None:
            try:
                self.writer.submit(rows)
            except AuditUnavailableError as error:  # nothing is shown that is not audited
                raise Problem(
                    503, f"the audit log is unavailable: {error}", type="unavailable"
                ) from error
        else:
            self.engine.store.record_audit_events(rows)


def _auditor(request: Request, engine: Engine, principal: Principal) -> Auditor:
    # The route's template, not its path: an event naming nobody must not carry an id.
    route = getattr(request.scope.get("route"), "path", request.url.path)
    writer = getattr(request.app.state, "audit_writer", None)
    return Auditor(engine, principal, f"{request.method} {route}", writer)


async def get_auditor(request: Request, engine: EngineDep, principal: PrincipalDep) -> Auditor:
    return _auditor(request, engine, principal)


AuditDep = Annotated[Auditor, Depends(get_auditor)]


async def get_download_auditor(
    request: Request, engine: EngineDep, principal: DownloadCoordinatorDep
) -> Auditor:
    return _auditor(request, engine, principal)


DownloadAuditDep = Annotated[Auditor, Depends(get_download_auditor)]


def accepted_language(header: str | None) -> str | None:
    """The catalogue language (``ka``, ``en``, ``ru``) an ``Accept-Language`` header
    prefers, q-values honoured (the first listed among equals); ``None`` when it names
    none of them (no header, ``*``, ``de``).

    Example:
        >>> accepted_language("de-DE,ru;q=0.8,en;q=0.9"), accepted_language("ka-GE")
        ('en', 'ka')
        >>> accepted_language("*") is None, accepted_language("en;q=0") is None
        (True, True)
    """
    best, best_q = None, 0.0
    for part in (header or "").split(","):
        tag, *parameters = part.split(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q
    return best


async def get_reasons_language(
    accept_language: Annotated[
        str | None,
        Header(
            description="ka, en or ru: adds each reason, gap and remedy in that language "
            "(reasons_localized, reason_localized, remedy_localized) beside the English."
        ),
    ] = None,
) -> str | None:
    return accepted_language(accept_language)


ReasonsLanguageDep = Annotated[str | None, Depends(get_reasons_language)]
