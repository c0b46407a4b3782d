"""matching: ranks Georgian job seekers against foreign vacancies under circular-migration schemes.

This service uses the ESCO classification of the European Commission.
"""

__version__ = "0.1.0"
