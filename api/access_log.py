"""Access logs without personal data: record ids and query strings never reach them.

A person's id is opaque, yet a clerk's own ids (or a query) may still carry a name or a
personal number; the access log names the route instead (``/job-seekers/{id}``).
"""

from __future__ import annotations

import logging
import re

_RECORD = re.compile(r"^(/(?:job-seekers|vacancies)/)[^/?]+")


def redact_path(path: str) -> str:
    """A request path as the access log writes it.

    Example:
        >>> redact_path("/job-seekers/01001012345/matches?k=5")
        '/job-seekers/{id}/matches'
    """
    path = path.split("?", 1)[0]
    return _RECORD.sub(lambda m: m.group(1) + "{id}", path)


class RedactedAccessLog(logging.Filter):
    """A filter for ``uvicorn.access``, whose records carry the path as an argument."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_path(args[2]), *args[3:])
        return True


def install() -> None:
    """Redact the server's access log (idempotent)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactedAccessLog) for f in logger.filters):
        logger.addFilter(RedactedAccessLog())
