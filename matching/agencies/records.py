"""The agency register's record: a licensed private employment agency."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class AgencyStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class Agency(BaseModel):
    """One agency on the ministry's register of licensed private employment agencies.

    Example:
        >>> a = Agency(licence_number="PEA-0042", legal_name="შპს ქუთაისის დასაქმება",
        ...            valid_until=date(2027, 1, 1))
        >>> a.active_on(date(2026, 6, 1)), a.active_on(date(2027, 6, 1))
        (True, False)
    """

    model_config = ConfigDict(str_strip_whitespace=True)

    licence_number: str = Field(min_length=1, max_length=64)
    legal_name: str = Field(min_length=1, max_length=200)
    other_names: list[str] = Field(default_factory=list, description="trading names, spellings")
    status: AgencyStatus = AgencyStatus.ACTIVE
    valid_from: date | None = None
    valid_until: date | None = None
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=300)
    contact_person: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _ordered(self) -> Agency:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def active_on(self, day: date) -> bool:
        """Active status and a licence valid on ``day``."""
        return (
            self.status is AgencyStatus.ACTIVE
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_until is None or day <= self.valid_until)
        )

    def standing_on(self, day: date) -> str:
        """``active``, ``suspended``, ``revoked``, ``not yet valid`` or ``expired`` on ``day``."""
        if self.status is not AgencyStatus.ACTIVE:
            return self.status.value
        if self.valid_from is not None and day < self.valid_from:
            return "not yet valid"
        if self.valid_until is not None and day > self.valid_until:
            return "expired"
        return "active"
