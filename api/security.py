"""API keys and roles.

Keys are read from ``Settings.api_keys_file``, a TOML or JSON file (by its suffix)
holding a list of keys under ``keys``::

    # api_keys.toml
    [[keys]]
    name = "ministry coordinator"
    role = "coordinator"
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

    [[keys]]
    name = "Kutaisi agency"
    role = "agency"
    agency = "Kutaisi Employment"
    sha256 = "..."

    [[keys]]
    name = "labour-market analyst"
    role = "analyst"
    key = "a plain key, for local use only"

``sha256`` is the hex SHA-256 of the key (``python -m api.security <key>`` prints it);
``key`` holds the key itself and is meant for development only. A request presents its
key in ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``.

Roles:

- ``coordinator``: everything.
- ``agency``: only job seekers and vacancies whose ``agency`` is the key's agency.
  Another agency's records answer 404, exactly like missing ones, so that their
  existence does not leak; records it creates, updates or imports are stamped with its
  agency; match lists show only its own people (and, for a person, its own vacancies).
  External ids are global, so creating (409) or importing (``refused``) an id another
  agency holds reveals that the id is taken, and nothing else. Demand lists and batch
  runs are a coordinator's.
- ``analyst``: read-only aggregates: counts, vacancies, occupation search, title
  normalisation and match statistics without personal data. Every route that returns
  or changes personal data answers 403.

Safe default: with no keys file configured the API starts *closed*: ``/health`` and the
OpenAPI docs answer, every other route answers 401. A keys file that is configured but
missing or malformed stops the application from starting (``ConfigurationError``).
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from matching.config import Settings
from matching.errors import ConfigurationError
from matching.scope import EVERYONE, Scope


class Role(StrEnum):
    COORDINATOR = "coordinator"
    AGENCY = "agency"
    ANALYST = "analyst"


def hash_key(key: str) -> str:
    """The hex SHA-256 of a key, as ``sha256`` holds it in the keys file."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiKeyEntry(BaseModel):
    """One key of the keys file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    role: Role
    agency: str | None = Field(default=None, min_length=1, max_length=120)
    sha256: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{64}$")] | None = None
    key: str | None = Field(default=None, min_length=16, max_length=512)

    @model_validator(mode="after")
    def _consistent(self) -> ApiKeyEntry:
        if (self.sha256 is None) == (self.key is None):
            raise ValueError("give exactly one of sha256 and key")
        if self.role is Role.AGENCY and self.agency is None:
            raise ValueError("an agency key needs its agency")
        if self.role is not Role.AGENCY and self.agency is not None:
            raise ValueError("only an agency key names an agency")
        return self

    @property
    def digest(self) -> str:
        return self.sha256.lower() if self.sha256 is not None else hash_key(self.key or "")


class ApiKeysFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keys: list[ApiKeyEntry] = Field(default_factory=list, max_length=10_000)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the key's name, role and (for an agency) agency.

    Example:
        >>> Principal("Kutaisi", Role.AGENCY, "Kutaisi Employment").scope.sees("Batumi Jobs")
        False
    """

    name: str
    role: Role
    agency: str | None = None

    @property
    def reads_personal_data(self) -> bool:
        return self.role is not Role.ANALYST

    @property
    def scope(self) -> Scope:
        """Whose records this caller sees and writes: an agency's own, or everyone's.

        Decided here once; the store and the engine apply it to every query.
        """
        return Scope(self.agency) if self.role is Role.AGENCY else EVERYONE


class KeyRing:
    """The known keys, by their SHA-256.

    Args:
        entries: The keys; digests must be unique.

    Example:
        >>> ring = KeyRing([ApiKeyEntry(name="c", role="coordinator", key="x" * 16)])
        >>> ring.authenticate("x" * 16).role, ring.authenticate("wrong") is None
        (<Role.COORDINATOR: 'coordinator'>, True)
    """

    def __init__(self, entries: Iterable[ApiKeyEntry] = ()):
        self.entries = list(entries)
        self._by_digest: dict[str, Principal] = {}
        for entry in self.entries:
            if entry.digest in self._by_digest:
                raise ConfigurationError(f"API key of {entry.name!r} appears twice")
            self._by_digest[entry.digest] = Principal(entry.name, entry.role, entry.agency)

    def __len__(self) -> int:
        return len(self._by_digest)

    @classmethod
    def load(cls, path: str | Path) -> KeyRing:
        """Read a TOML (``.toml``) or JSON keys file.

        Raises:
            ConfigurationError: The file is missing, unreadable or invalid.
        """
        path = Path(path)
        try:
            raw = path.read_bytes()
            data = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
            if isinstance(data, list):  # a bare JSON list of keys
                data = {"keys": data}
            parsed = ApiKeysFile.model_validate(data)
        except OSError as error:
            raise ConfigurationError(f"cannot read the API keys file {path}: {error}") from error
        except (ValueError, ValidationError) as error:  # JSON, TOML and schema errors
            raise ConfigurationError(f"invalid API keys file {path}: {error}") from error
        return cls(parsed.keys)

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        """The keys of ``settings.api_keys_file``; none (a closed API) when it is unset."""
        if settings.api_keys_file is None:
            return cls()
        return cls.load(settings.api_keys_file)

    def authenticate(self, key: str) -> Principal | None:
        """The principal holding ``key``, or ``None``."""
        # Looked up by the key's digest: timing reveals nothing about stored keys.
        return self._by_digest.get(hash_key(key))

    def by_digest(self, digest: str) -> Principal | None:
        """The principal whose key has this SHA-256 (a workspace session keeps the digest,
        never the key, so that a key removed from the file ends its sessions)."""
        return self._by_digest.get(digest)


def main(argv: list[str] | None = None) -> None:
    """Print the ``sha256`` line of a keys-file entry for each key given."""
    for key in sys.argv[1:] if argv is None else argv:
        print(f'sha256 = "{hash_key(key)}"')


if __name__ == "__main__":
    main()
