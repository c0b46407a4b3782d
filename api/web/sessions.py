"""The workspace's session: who signed in, when they were last seen, the form token.

The session is Starlette's signed cookie (``SessionMiddleware``: HttpOnly, SameSite=Lax),
signed with ``Settings.session_secret`` or with a secret generated into
``data_dir/session_secret`` on the first start. It holds the SHA-256 of the API key the
person signed in with (never the key), the time of their last request and a CSRF token.
The principal is looked up in the same :class:`~api.security.KeyRing` the API uses, so a
session has exactly the role and agency scope of its key.
"""

from __future__ import annotations

import hmac
import os
import secrets
import tempfile
import time
from pathlib import Path

from starlette.requests import HTTPConnection

from api.security import KeyRing, Principal, hash_key
from matching.config import Settings

SESSION_COOKIE = "matching_session"
SESSION_MAX_AGE = 12 * 60 * 60  # a working day; the idle timeout usually ends it first
_KEY, _SEEN, _CSRF = "key", "seen", "csrf"


def session_secret(settings: Settings) -> str:
    """``settings.session_secret``, or the one kept in the data directory (made once).

    The file is made whole under a temporary name and linked into place, so that
    several workers starting at once all end up with the one secret that won.
    """
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    path = Path(settings.data_dir) / "session_secret"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False) as tmp:
            tmp.write(secrets.token_urlsafe(48) + "\n")  # mode 0600, as mkstemp makes it
        try:
            os.link(tmp.name, path)
        except FileExistsError:  # another worker was first
            pass
        finally:
            os.unlink(tmp.name)
    return path.read_text(encoding="ascii").strip()


def csrf_token(conn: HTTPConnection) -> str:
    """The session's form token, made on first use."""
    token = conn.session.get(_CSRF)
    if not token:
        token = conn.session[_CSRF] = secrets.token_urlsafe(32)
    return token


def csrf_valid(conn: HTTPConnection, submitted: str | None) -> bool:
    expected = conn.session.get(_CSRF)
    return bool(expected and submitted) and hmac.compare_digest(expected, submitted or "")


def sign_in(conn: HTTPConnection, keys: KeyRing, api_key: str) -> Principal | None:
    """Start a session for the holder of ``api_key``; ``None`` for an unknown key.

    The session is replaced as a whole (a new form token too), so that a token seen
    before signing in is worth nothing after.
    """
    digest = hash_key(api_key)
    principal = keys.by_digest(digest)
    if principal is None:
        return None
    conn.session.clear()
    conn.session.update({_KEY: digest, _SEEN: int(time.time())})
    csrf_token(conn)
    return principal


def sign_out(conn: HTTPConnection) -> None:
    conn.session.clear()


def session_principal(conn: HTTPConnection, keys: KeyRing, idle_minutes: int) -> Principal | None:
    """The signed-in principal, or ``None`` (nobody, an unknown key, or idle too long).

    A session idle longer than ``idle_minutes`` is cleared; a live one is marked seen.
    """
    if "session" not in conn.scope:
        return None
    digest = conn.session.get(_KEY)
    if not digest:
        return None
    now = int(time.time())
    if now - int(conn.session.get(_SEEN, 0)) > idle_minutes * 60:
        conn.session.clear()
        return None
    principal = keys.by_digest(digest)
    if principal is None:
        conn.session.clear()
        return None
    conn.session[_SEEN] = now
    return principal
