"""Benchmark of the workspace: each page's latency under 10 signed-in users, and the time
from a finished batch run to its first shortlist on screen, against the API routes that
serve the same data, in the same run.

Builds a synthetic registry (``--seekers`` people) in a temporary SQLite database and a
demand list of ``--vacancies`` vacancies (the synthetic Polish list, as a CSV), starts
uvicorn on loopback, then:

1. **run to screen**: a coordinator starts the run (``POST /batches``); a signed-in
   session polls the run page's progress part every second, as htmx does, and once it
   says done opens the first shortlist (``/batches/{id}/vacancies/0``); an API client
   polls ``GET /batches/{id}`` every second and fetches ``/batches/{id}/files/json``.
   Each is timed from the run's ``finished`` stamp to the last byte received.
2. **pages**: ``--users`` simulated users (4 coordinators, 3 agency clerks, 3 analysts
   of 10), each an HTTP client with its own session cookie, signed in through
   ``/login`` with its form token, cycle through their role's pages for ``--duration``
   seconds; then as many API clients (keys in ``X-API-Key``) cycle through the API routes
   serving the same data for as long. Per page: requests, p50 and p95, the API route's
   p95 and the ratio.

Clients and server share the machine's cores, so the figures include the clients' own
overhead.

Usage:
    .venv/bin/python bench/web_load.py                      # 20k people, 60 vacancies, 10 users
    .venv/bin/python bench/web_load.py --seekers 2000 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import re
import secrets
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api_load import free_port, start_server, wait_until_up  # noqa: E402

from matching.config import Settings  # noqa: E402
from matching.intake.export import VACANCY_COLUMNS, vacancy_cells  # noqa: E402
from matching.occupations import load_builtin  # noqa: E402
from matching.statistics import STATISTICS  # noqa: E402
from matching.storage.store import Store  # noqa: E402
from matching.synth.generator import PopulationGenerator  # noqa: E402

HTML = {"Accept": "text/html"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Registry:
    """What the users ask for: people of the agency, their names, the demand list."""

    demand_list: Path
    agency: str
    agency_people: list[str]
    agency_names: list[str]
    people: list[str]


def build(settings: Settings, seekers: int, vacancies: int, seed: int, out: Path) -> Registry:
    """Store ``seekers`` people; write the Polish demand list of ``vacancies`` vacancies."""
    taxonomy = load_builtin()
    generator = PopulationGenerator(seed, vacancies_per_country=vacancies).fit(taxonomy)
    agencies: Counter[str] = Counter()
    people: list[tuple[str, str, str | None]] = []
    with Store.from_settings(settings) as store:
        for chunk in generator.iter_chunks(seekers):
            store.upsert_job_seekers(chunk.job_seekers)
            agencies.update(s.agency for s in chunk.job_seekers if s.agency)
            people += [(s.external_id, s.full_name, s.agency) for s in chunk.job_seekers]
    agency = agencies.most_common(1)[0][0]
    demand = next(d for d in generator.demand_lists_ if d.destination_country == "PL")
    path = out / "demand_pl.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(VACANCY_COLUMNS)
        for v in demand.vacancies[:vacancies]:
            cells = vacancy_cells(v)
            writer.writerow(
                ["" if cells.get(c) is None else _text(cells[c]) for c in VACANCY_COLUMNS]
            )
    own = [(pid, name) for pid, name, a in people if a == agency]
    return Registry(
        path,
        agency,
        [pid for pid, _ in own[:200]],
        [name.split()[0] for _, name in own[:50]],
        [pid for pid, _, _ in people[:: max(1, len(people) // 200)]],
    )


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def keys_toml(keys: dict[str, str], agency: str) -> str:
    return "\n".join(
        f'[[keys]]\nname = "bench {role}"\nrole = "{role}"\nkey = "{key}"\n'
        + (f'agency = "{agency}"\n' if role == "agency" else "")
        for role, key in keys.items()
    )


# ----------------------------------------------------------------------------- timing
@dataclass
class Latencies:
    by_page: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)

    def add(self, page: str, ms: float, ok: bool) -> None:
        if ok:
            self.by_page[page].append(ms)
        else:
            self.errors[page] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


async def sign_in(client: httpx.AsyncClient, key: str) -> None:
    page = await client.get("/login", headers=HTML)
    token = TOKEN.search(page.text)
    assert token, "no form token on /login"
    answer = await client.post(
        "/login",
        data={"api_key": key, "csrf_token": token.group(1), "next": "/"},
        headers=HTML,
        follow_redirects=True,
    )
    assert answer.status_code == 200 and answer.url.path == "/", answer.status_code


# A page: its name in the report, and how to ask for it (the i-th time).
Ask = Callable[[httpx.AsyncClient, int], "asyncio.Future[httpx.Response]"]


def web_pages(role: str, run_id: str, reg: Registry, tokens: dict) -> dict[str, Ask]:
    stats = list(STATISTICS)
    if role == "coordinator":
        return {
            "/ (home)": lambda c, i: c.get("/", headers=HTML),
            "/batches": lambda c, i: c.get("/batches", headers=HTML),
            "/batches/{id}": lambda c, i: c.get(f"/batches/{run_id}", headers=HTML),
            "/batches/{id}/vacancies/{i}": lambda c, i: c.get(
                f"/batches/{run_id}/vacancies/{i % 60}", headers=HTML
            ),
            "/people (list)": lambda c, i: c.get("/people", headers=HTML),
            "/people/{id} (recommendations)": lambda c, i: c.get(
                f"/people/{reg.people[i % len(reg.people)]}", headers=HTML
            ),
        }
    if role == "agency":
        return {
            "/people (list)": lambda c, i: c.get("/people", headers=HTML),
            "POST /people (search by name)": lambda c, i: c.post(
                "/people",
                data={"q": reg.agency_names[i % len(reg.agency_names)], "csrf_token": tokens[c]},
                headers=HTML,
            ),
            "/people/{id} (recommendations)": lambda c, i: c.get(
                f"/people/{reg.agency_people[i % len(reg.agency_people)]}", headers=HTML
            ),
        }
    return {
        "/stats": lambda c, i: c.get("/stats", headers=HTML),
        "/stats/{name}": lambda c, i: c.get(f"/stats/{stats[i % len(stats)]}", headers=HTML),
        "/stats/{name}/chart.svg": lambda c, i: c.get(f"/stats/{stats[i % len(stats)]}/chart.svg"),
    }


# The API route serving the same data as each page (None: no API counterpart).
API_OF = {
    "/ (home)": None,
    "/batches": "GET /batches",
    "/batches/{id}": "GET /batches/{id}",
    "/batches/{id}/vacancies/{i}": "GET /batches/{id}/files/json",
    "/people (list)": "GET /job-seekers?limit=25",
    "/people/{id} (recommendations)": "GET /job-seekers/{id}/matches",
    "POST /people (search by name)": None,
    "/stats": "GET /stats",
    "/stats/{name}": "GET /stats/{name}",
    "/stats/{name}/chart.svg": "GET /stats/{name}?format=svg",
}


def api_routes(role: str, run_id: str, reg: Registry) -> dict[str, Ask]:
    stats = list(STATISTICS)
    if role == "coordinator":
        return {
            "GET /batches": lambda c, i: c.get("/batches"),
            "GET /batches/{id}": lambda c, i: c.get(f"/batches/{run_id}"),
            "GET /batches/{id}/files/json": lambda c, i: c.get(f"/batches/{run_id}/files/json"),
            "GET /job-seekers?limit=25": lambda c, i: c.get("/job-seekers", params={"limit": 25}),
            "GET /job-seekers/{id}/matches": lambda c, i: c.get(
                f"/job-seekers/{reg.people[i % len(reg.people)]}/matches"
            ),
        }
    if role == "agency":
        return {
            "GET /job-seekers?limit=25": lambda c, i: c.get("/job-seekers", params={"limit": 25}),
            "GET /job-seekers/{id}/matches": lambda c, i: c.get(
                f"/job-seekers/{reg.agency_people[i % len(reg.agency_people)]}/matches"
            ),
        }
    return {
        "GET /stats": lambda c, i: c.get("/stats"),
        "GET /stats/{name}": lambda c, i: c.get(f"/stats/{stats[i % len(stats)]}"),
        "GET /stats/{name}?format=svg": lambda c, i: c.get(
            f"/stats/{stats[i % len(stats)]}", params={"format": "svg"}
        ),
    }


def roles(users: int) -> list[str]:
    """4 coordinators, 3 agency clerks and 3 analysts in every 10 users."""
    pattern = ["coordinator"] * 4 + ["agency"] * 3 + ["analyst"] * 3
    return [pattern[i % 10] for i in range(users)]


async def load(
    url: str,
    keys: dict[str, str],
    users: int,
    seconds: float,
    run_id: str,
    reg: Registry,
    *,
    api: bool,
) -> Latencies:
    out = Latencies()
    deadline = time.perf_counter() + seconds

    async def user(n: int, role: str) -> None:
        headers = {"X-API-Key": keys[role]} if api else {}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as client:
            tokens: dict = {}
            if not api:
                await sign_in(client, keys[role])
                page = await client.get("/people", headers=HTML) if role != "analyst" else None
                if page is not None:
                    tokens[client] = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
            asks = api_routes(role, run_id, reg) if api else web_pages(role, run_id, reg, tokens)
            names = list(asks)
            i = n
            while time.perf_counter() < deadline:
                name = names[i % len(names)]
                t = time.perf_counter()
                try:
                    answer = await asks[name](client, i // len(names))
                    ok, why = answer.status_code == 200, str(answer.status_code)
                except httpx.HTTPError as error:
                    ok, why = False, type(error).__name__
                out.add(
                    f"{name}" if ok else f"{name} ({why})", (time.perf_counter() - t) * 1000, ok
                )
                i += 1

    await asyncio.gather(*(user(n, role) for n, role in enumerate(roles(users))))
    return out


async def first_requests(
    url: str, keys: dict[str, str], run_id: str, reg: Registry
) -> dict[str, float]:
    """Each page and API route asked once, one after another, before the timed phases
    (so neither phase pays the other's cold caches); returns each one's milliseconds:
    the wait of the first user of the day (the statistics' registry read is in here)."""
    out: dict[str, float] = {}
    for api in (False, True):
        for role in ("coordinator", "agency", "analyst"):
            headers = {"X-API-Key": keys[role]} if api else {}
            async with httpx.AsyncClient(base_url=url, headers=headers, timeout=600) as client:
                tokens: dict = {}
                if not api:
                    await sign_in(client, keys[role])
                    if role != "analyst":
                        page = await client.get("/people", headers=HTML)
                        tokens[client] = TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
                asks = (
                    api_routes(role, run_id, reg) if api else web_pages(role, run_id, reg, tokens)
                )
                for name, ask in asks.items():
                    if name in out:
                        continue
                    t = time.perf_counter()
                    (await ask(client, 0)).raise_for_status()
                    out[name] = (time.perf_counter() - t) * 1000
                    if "{name}" in name:  # every statistic once: computed, then cached
                        slowest = 0.0
                        for k in range(1, len(STATISTICS)):
                            t = time.perf_counter()
                            (await ask(client, k)).raise_for_status()
                            slowest = max(slowest, (time.perf_counter() - t) * 1000)
                        out[f"{name}, slowest of the others"] = slowest
    return out


# ----------------------------------------------------------------------------- the run
async def run_to_screen(url: str, keys: dict[str, str], demand_list: Path) -> dict[str, float]:
    """Start the run; time, from its ``finished`` stamp, the first shortlist on screen
    (a session polling like htmx) and the results from the API (a client polling)."""
    api_headers = {"X-API-Key": keys["coordinator"]}
    async with (
        httpx.AsyncClient(base_url=url, timeout=600) as web,
        httpx.AsyncClient(base_url=url, headers=api_headers, timeout=600) as api,
    ):
        await sign_in(web, keys["coordinator"])
        with demand_list.open("rb") as f:
            started = await api.post("/batches", files={"file": (demand_list.name, f, "text/csv")})
        started.raise_for_status()
        run_id = started.json()["run_id"]
        seen: dict[str, float] = {}

        async def web_side() -> None:
            polls = {"HX-Request": "true", **HTML}
            while True:
                part = await web.get(f"/batches/{run_id}/progress", headers=polls)
                if 'role="status"' in part.text or "notice error" in part.text:
                    break
                await asyncio.sleep(1.0)
            seen["web_done_seen"] = time.time()
            shown = await web.get(f"/batches/{run_id}/vacancies/0", headers=HTML)
            shown.raise_for_status()
            seen["web_shown"] = time.time()
            t = time.perf_counter()
            (await web.get(f"/batches/{run_id}/vacancies/1", headers=HTML)).raise_for_status()
            seen["web_next_ms"] = (time.perf_counter() - t) * 1000

        async def api_side() -> None:
            while (await api.get(f"/batches/{run_id}")).json()["state"] in ("queued", "running"):
                await asyncio.sleep(1.0)
            seen["api_done_seen"] = time.time()
            (await api.get(f"/batches/{run_id}/files/json")).raise_for_status()
            seen["api_shown"] = time.time()

        await asyncio.gather(web_side(), api_side())
        status = (await api.get(f"/batches/{run_id}")).json()
        assert status["state"] == "done", status
        finished = datetime.fromisoformat(status["finished"]).timestamp()
        created = status.get("started")
        return {
            "run_id": run_id,  # type: ignore[dict-item]
            "run_seconds": finished - datetime.fromisoformat(created).timestamp()
            if created
            else float("nan"),
            "web_to_screen": seen["web_shown"] - finished,
            "web_fetch": seen["web_shown"] - seen["web_done_seen"],
            "web_next_ms": seen["web_next_ms"],
            "api_to_data": seen["api_shown"] - finished,
            "api_fetch": seen["api_shown"] - seen["api_done_seen"],
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seekers", type=int, default=20_000)
    parser.add_argument("--vacancies", type=int, default=60)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        directory = Path(tmp)
        keys = {r: secrets.token_urlsafe(24) for r in ("coordinator", "agency", "analyst")}
        settings = Settings(
            esco_dir=None,
            data_dir=directory / "var",
            database_url=f"sqlite:///{directory / 'matching.sqlite'}",
            _env_file=None,
        )
        t = time.perf_counter()
        reg = build(settings, args.seekers, args.vacancies, args.seed, directory)
        keys_file = directory / "api_keys.toml"
        keys_file.write_text(keys_toml(keys, reg.agency), encoding="utf-8")
        print(
            f"population: {args.seekers} job seekers (stored in {time.perf_counter() - t:.1f} s); "
            f"demand list of {args.vacancies} vacancies; agency {reg.agency!r} with "
            f"{len(reg.agency_people)}+ people; {os.cpu_count()} cores"
        )
        port = free_port()
        env = {
            **os.environ,
            "MATCHING_ESCO_DIR": str(directory / "no-esco"),
            "MATCHING_DATA_DIR": str(settings.data_dir),
            "MATCHING_DATABASE_URL": settings.resolved_database_url,
            "MATCHING_API_KEYS_FILE": str(keys_file),
            "PYTHONPATH": str(ROOT),
        }
        url = f"http://127.0.0.1:{port}"
        t = time.perf_counter()
        server = start_server(env, port, 1, directory)
        try:
            wait_until_up(url, server)
            print(f"server up in {time.perf_counter() - t:.1f} s")
            run = asyncio.run(run_to_screen(url, keys, reg.demand_list))
            run_id = str(run["run_id"])
            first = asyncio.run(first_requests(url, keys, run_id, reg))
            web = asyncio.run(load(url, keys, args.users, args.duration, run_id, reg, api=False))
            api = asyncio.run(load(url, keys, args.users, args.duration, run_id, reg, api=True))
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except Exception:
                server.kill()

    print()
    print(
        f"run of {args.vacancies} vacancies over {args.seekers} people: {run['run_seconds']:.1f} s"
    )
    print(
        f"finished run -> first shortlist on screen (session polling every 1 s, as htmx): "
        f"{run['web_to_screen']:.2f} s (goal <= 2 s); of which the shortlist page "
        f"{run['web_fetch'] * 1000:.0f} ms; the next shortlist {run['web_next_ms']:.0f} ms"
    )
    print(
        f"finished run -> results from the API (client polling every 1 s, GET .../files/json): "
        f"{run['api_to_data']:.2f} s; of which the fetch {run['api_fetch'] * 1000:.0f} ms"
    )
    print()
    print("first request of each page and route (one at a time, cold caches), ms:")
    for name, ms in first.items():
        print(f"  {name:<34} {ms:>8.0f}")
    print()
    print(f"{args.users} users, {args.duration:.0f} s each phase (web, then API), caches warm")
    header = f"{'page':<34} {'req':>6} {'p50 ms':>8} {'p95 ms':>8}   "
    header += f"{'API route':<32} {'p95 ms':>8} {'ratio':>6}"
    print(header)
    for name, values in web.by_page.items():
        route = API_OF.get(name)
        api_values = api.by_page.get(route, []) if route else []
        api_p95 = percentile(api_values, 95)
        ratio = percentile(values, 95) / api_p95 if api_values else float("nan")
        print(
            f"{name:<34} {len(values):>6} {percentile(values, 50):>8.1f} "
            f"{percentile(values, 95):>8.1f}   {route or '(none)':<32} "
            f"{api_p95:>8.1f} {ratio:>6.2f}"
        )
    errors = {
        **{f"web {k}": v for k, v in web.errors.items()},
        **{f"API {k}": v for k, v in api.errors.items()},
    }
    print(f"errors: {errors or 'none'}")


if __name__ == "__main__":
    main()
