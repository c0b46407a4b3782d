"""``/docs`` (Swagger UI) and ``/redoc`` (ReDoc) from assets this service serves itself.

Swagger UI 5 and ReDoc 2 are vendored under ``static/vendor/`` (see
``static/VENDORED.md``; Swagger UI 4, the one PyPI's ``swagger-ui-bundle`` ships, cannot
render the OpenAPI 3.1 document FastAPI writes); each page starts its viewer from a script
file, never an inline script. The two viewers set inline styles
(React style attributes, styled-components), so these two pages alone allow
``'unsafe-inline'`` styles; scripts stay ``'self'`` only.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.web.rendering import render

router = APIRouter(include_in_schema=False)

DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@router.get("/docs")
def swagger_ui(request: Request) -> Response:
    return render(request, "docs/swagger.html", headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/redoc")
def redoc(request: Request) -> Response:
    return render(request, "docs/redoc.html", headers={"Content-Security-Policy": DOCS_CSP})
