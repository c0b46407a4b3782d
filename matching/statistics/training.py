"""A training plan: the courses that would qualify the most people for open positions."""

from __future__ import annotations

from collections import defaultdict

from matching.statistics._assess import assess_supply
from matching.statistics._records import Sources
from matching.statistics._requirements import Course, course_weeks, unmet_requirements
from matching.statistics._table import COUNT, KEY, PEOPLE, TEXT, WEEKS, ChartSpec, Column, Table


def training_plan(sources: Sources, weeks: dict[str, float] | None = None) -> Table:
    """Courses ranked by the people they would qualify for at least one open vacancy.

    A registered person who fails only gates a course closes (languages, certificates,
    Code 95) is a candidate for training. ``qualifies_alone``: people for whom this course
    is the only one missing for some vacancy; ``helps``: people for whom it is one of the
    courses that together would qualify them. ``vacancies``/``positions``: the open
    vacancies (and their positions) it helps someone towards.

    Args:
        sources: The records.
        weeks: Weeks per course kind; ``data/course_weeks.csv`` by default.
    """
    by_id = {s.external_id: s for s in sources.job_seekers}
    alone: dict[Course, set[str]] = defaultdict(set)
    helps: dict[Course, set[str]] = defaultdict(set)
    vacancies: dict[Course, dict[str, int]] = defaultdict(dict)
    for supply in assess_supply(sources):
        v = supply.vacancy
        for pid, failures in supply.failures.items():
            if not failures:
                continue
            unmet = unmet_requirements(by_id[pid], v, failures, sources.today)
            if any(u.course is None for u in unmet):
                continue  # a gap no course closes (consent, age, licence, experience)
            courses = {u.course for u in unmet if u.course is not None}
            for course in courses:
                helps[course].add(pid)
                vacancies[course][v.external_id] = v.positions
                if len(courses) == 1:
                    alone[course].add(pid)
    rows = []
    for course in helps:
        rows.append(
            (
                course.label,
                course.key.split(":")[0],
                course_weeks(course, weeks),
                len(alone[course]),
                len(helps[course]),
                len(vacancies[course]),
                sum(vacancies[course].values()),
            )
        )
    rows.sort(key=lambda r: (-r[3], -r[4], r[2], r[0]))
    return Table(
        name="training-plan",
        title="Courses that would qualify the most people for open positions",
        columns=(
            Column("course", TEXT),
            Column("kind", KEY),
            Column("weeks", WEEKS),
            Column("qualifies_alone", PEOPLE),
            Column("helps", PEOPLE),
            Column("vacancies", COUNT),
            Column("positions", COUNT),
        ),
        rows=tuple(rows),
        chart=ChartSpec(label=("course",), values=("qualifies_alone", "helps")),
        notes=(
            "qualifies_alone: people this course alone would qualify for an open vacancy",
            "helps: people it would qualify together with other courses",
            "weeks: from matching/statistics/data/course_weeks.csv",
        ),
    )
