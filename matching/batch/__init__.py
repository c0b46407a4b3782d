"""Batch runs over a whole demand list: import, check, shortlist, allocate, report, resume.

:func:`run_batch` takes a demand list file (CSV, XLSX or JSON) through the engine:

1. the file is imported as a demand list (bad rows are reported by row, field and reason
   and never cost the good rows);
2. each vacancy is checked and flagged: an unknown or low-confidence occupation, a fee
   charged to the worker (ILO C181), a recruiting agency not on the licensed register,
   nobody qualified;
3. each vacancy gets an explained shortlist and its near misses; each result is appended
   to ``shortlists.jsonl`` (one line per vacancy, fsynced) as soon as it is computed;
4. the whole list is allocated so that nobody is promised twice, with reserve lists,
   and a fairness report of the allocation is made;
5. the outputs are written, each atomically: an XLSX workbook for coordinators, the
   same tables as CSV files, one JSON document and a self-contained HTML report.

Everything lives in ``run_dir = out_dir / run_id`` with a ``manifest.json`` (input
checksum, settings, times, status, counts). The default run id is a digest of the input
bytes, the settings that change results, the stored job seekers and the day gates are
checked on: running the same file again reuses a finished run and resumes an interrupted
one, skipping the vacancies already in ``shortlists.jsonl``; a changed file gets a new
run. The allocation is always computed over the whole list, so a resumed run ends with
the same results as an uninterrupted one.

Personal data: the workbook, the CSV files and the JSON name each allocated, reserve and
near-miss person by id and name (what a coordinator needs to call them), nothing more;
the HTML report holds aggregates only, no person at all.

Example:
    >>> from matching.config import Settings
    >>> from matching.service import Engine
    >>> settings = Settings(esco_dir=None, database_url="sqlite://", data_dir="var")
    >>> with Engine(settings) as engine:  # doctest: +SKIP
    ...     run = run_batch(engine, "matching/data/sample_demand_list_pl.csv")
    ...     run.status, sorted(run.files)
    ('done', ['csv', 'html', 'json', 'xlsx'])
"""

from matching.batch.manifest import load_run
from matching.batch.report import write_outputs
from matching.batch.results import (
    CHECKPOINT,
    FORMATS,
    MANIFEST,
    BatchResults,
    BatchRun,
    Candidate,
    Flag,
    OccupationSupply,
    VacancyOutcome,
    VacancyShortlist,
)
from matching.batch.run import run_batch

__all__ = [
    "CHECKPOINT",
    "FORMATS",
    "MANIFEST",
    "BatchResults",
    "BatchRun",
    "Candidate",
    "Flag",
    "OccupationSupply",
    "VacancyOutcome",
    "VacancyShortlist",
    "load_run",
    "run_batch",
    "write_outputs",
]
