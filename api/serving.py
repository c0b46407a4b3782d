"""Several server processes on one port, each listening on a socket of its own.

uvicorn's own ``--workers`` binds one socket in the parent and shares it, so the
processes take turns at one accept queue and a connection stays with whichever accepted
it. Clients keep their connections open (browsers, HTTP clients with keep-alive, a
reverse proxy's upstream pool), so a few busy connections can all land on one process
while the others idle: with 20 keep-alive clients and two workers, one worker ran at
112% CPU and the other did nothing (``bench/results/api_load.txt``).

On Linux each worker here binds a socket of its own to the same address with
``SO_REUSEPORT``; the kernel spreads new connections over the listening sockets of the
group by a hash of their addresses, so the connections themselves are shared. A worker
listens only once its application has started (the engine loaded), so a starting or
restarting worker is never handed a connection it cannot serve yet. The parent holds the
address (bound, never listening: it receives nothing), restarts a worker that dies, and
stops them all on SIGINT or SIGTERM. Elsewhere uvicorn's own workers are used.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import sys
import threading
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE

__all__ = ["REUSE_PORT", "serve"]

APP = "api.app:create_app"
STOP_SECONDS = 30  # a worker's graceful shutdown (open requests, the batch worker's checkpoint)
REUSE_PORT = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")

logger = logging.getLogger("uvicorn.error")  # configured by uvicorn, in every process


def serve(host: str, port: int, workers: int = 1, **options: Any) -> int:
    """Serve the API on ``host:port`` with ``workers`` processes; returns the exit code.

    ``options`` go to :class:`uvicorn.Config` (``log_level``, ``access_log``, ...).
    """
    if workers == 1 or not REUSE_PORT:
        uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, **options)
        return 0
    return Supervisor(host, port, workers, options).run()


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` in the address's SO_REUSEPORT group (not
    listening yet)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


def run_worker(host: str, port: int, options: dict[str, Any]) -> None:
    """One worker process: its own socket, one uvicorn server (asyncio listens on the
    socket after the application's startup)."""
    config = uvicorn.Config(APP, factory=True, host=host, port=port, **options)
    config.configure_logging()
    try:
        sock = reuse_port_socket(host, port)
    except OSError as error:
        logger.error("cannot bind %s:%s: %s", host, port, error)
        sys.exit(STARTUP_FAILURE)
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Starts ``workers`` processes, replaces any that exits, stops them on a signal."""

    def __init__(self, host: str, port: int, workers: int, options: dict[str, Any]):
        self.host, self.port, self.workers, self.options = host, port, workers, options
        self.stop = threading.Event()
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[BaseProcess] = []
        self.exit_code = 0

    def start_worker(self) -> BaseProcess:
        process = self.context.Process(
            target=run_worker, args=(self.host, self.port, self.options), daemon=False
        )
        process.start()
        return process

    def run(self) -> int:
        uvicorn.Config(APP, log_level=self.options.get("log_level")).configure_logging()
        # The parent holds the address: a port another program uses fails here, once,
        # rather than in every worker; bound but not listening, it is handed nothing.
        try:
            holder = reuse_port_socket(self.host, self.port)
        except OSError as error:
            logger.error("cannot bind %s:%s: %s", self.host, self.port, error)
            return STARTUP_FAILURE
        previous = {
            sig: signal.signal(sig, self.on_signal) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self.processes = [self.start_worker() for _ in range(self.workers)]
            logger.info(
                "serving on %s:%s with %d workers, one SO_REUSEPORT socket each",
                self.host,
                self.port,
                self.workers,
            )
            while not self.stop.wait(0.5):
                self.replace_exited()
        finally:
            self.stop_all()
            holder.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return self.exit_code

    def on_signal(self, signum: int, frame: object) -> None:
        self.stop.set()

    def replace_exited(self) -> None:
        for i, process in enumerate(self.processes):
            if process.is_alive():
                continue
            process.join()
            if process.exitcode == STARTUP_FAILURE:  # would fail the same way again
                logger.error("worker %s could not start; stopping", process.pid)
                self.exit_code = STARTUP_FAILURE
                self.stop.set()
                return
            logger.warning(
                "worker %s exited with %s; starting another", process.pid, process.exitcode
            )
            self.processes[i] = self.start_worker()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes open requests and shuts down
        for process in self.processes:
            process.join(STOP_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
