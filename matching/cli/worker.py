"""``matching worker``: run the batch jobs queued in the database, as many processes and
machines as wanted over one database (see :mod:`matching.batch.worker`).

``matching serve`` runs one such worker in its own process unless ``--no-worker`` (or
``MATCHING_JOBS_WORKER=false``); a separate worker keeps long runs off the API's cores.
SIGTERM or Ctrl-C stop it after the vacancy in hand, its job back in the queue.
"""

from __future__ import annotations

import logging
import signal
from typing import Annotated

import typer

from matching.cli.app import app, console, exit_for, open_engine
from matching.errors import MatchingError


@app.command()
def worker(
    until_idle: Annotated[
        bool, typer.Option("--until-idle", help="Exit once no job waits (for cron or CI).")
    ] = False,
) -> None:
    """Run queued batch jobs (demand lists submitted through the API) until stopped."""
    from matching.batch.worker import BatchWorker

    try:
        with open_engine() as engine:
            logging.basicConfig(
                level=engine.settings.log_level, format="%(asctime)s %(levelname)s %(message)s"
            )
            runner = BatchWorker(engine)

            def stop(_signal: int, _frame: object) -> None:
                runner.stop(timeout=0)

            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            taken = runner.run(until_idle=until_idle)
    except MatchingError as error:
        raise exit_for(error) from None
    console.print(f"batch worker stopped after {taken} jobs")
