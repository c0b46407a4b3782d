"""Templates in the reader's language: one Jinja2 environment per language.

Each environment has the ``i18n`` extension installed with that language's catalogue
(:func:`matching.i18n.translator`), so ``{% trans %}`` and ``_()`` in a template read
the same catalogue as the Python code; autoescape is on for every template.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.web.auth import ROLE_NAMES
from api.web.forms import REGION_NAMES
from api.web.sessions import csrf_token
from matching.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, Translator, normalize_language
from matching.i18n import translator as make_translator

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGE_COOKIE = "lang"


def request_language(request: Request) -> str:
    """The language chosen with the switch (a cookie); Georgian by default."""
    return normalize_language(request.cookies.get(LANGUAGE_COOKIE) or DEFAULT_LANGUAGE)


def request_translator(request: Request) -> Translator:
    return make_translator(request_language(request))


@lru_cache(maxsize=8)
def environment(language: str) -> Environment:
    """The template environment of ``language``, built once."""
    t = make_translator(language)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The translator's own gettext: a message with a context (``NC_``) is looked up
    # under it, so a template's ``_(name)`` is right for either sense of a word.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=t.gettext,
        ngettext=t.ngettext,
        pgettext=t.pgettext,
        npgettext=t.translations.npgettext,
        newstyle=True,
    )
    env.globals.update(
        language=t.language,
        languages=LANGUAGE_NAMES,
        role_names=ROLE_NAMES,
        region_names=REGION_NAMES,
        translated=lambda names: [(key, t.gettext(text)) for key, text in names.items()],
        format_date=t.format_date,
        format_number=t.format_number,
        format_percent=t.format_percent,
    )
    return env


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """``template`` rendered in the request's language, with the page's common values."""
    language = request_language(request)
    values: dict[str, Any] = {
        "request": request,
        "principal": getattr(request.state, "principal", None),
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "path": request.url.path,
    }
    values.update(context or {})
    html = environment(language).get_template(template).render(values)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    response.headers["Content-Language"] = language
    return response
