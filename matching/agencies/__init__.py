"""The register of licensed private employment agencies, and resolving names against it.

Reading a register file is :func:`matching.agencies.intake.read_agencies` (kept out of
this module's imports: the store imports the register).

Example:
    >>> from datetime import date
    >>> register = AgencyRegister([Agency(licence_number="PEA-7", legal_name="Batumi Jobs",
    ...                                   status="suspended")])
    >>> register.resolve("BATUMI JOBS LLC").agency.active_on(date(2026, 1, 1))
    False
"""

from matching.agencies.records import Agency, AgencyStatus
from matching.agencies.register import AgencyRegister, AgencyResolution, agency_key, licence_key

__all__ = [
    "Agency",
    "AgencyRegister",
    "AgencyResolution",
    "AgencyStatus",
    "agency_key",
    "licence_key",
]
