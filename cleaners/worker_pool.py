"""Worker processes that clean one page at a time, within a CPU budget, and die with
their parent.

Why not `concurrent.futures.ProcessPoolExecutor`: when one of its workers dies, every
task in flight fails with it (`BrokenProcessPool`), so a page killed for its CPU time
would take the pages being cleaned beside it along; and its workers, fork server and
resource tracker outlive a parent killed with SIGKILL. Here each worker has its own
thread in the parent, which sends it one task at a time: a worker killed for its page
fails that page only, and the thread starts a fresh worker (the worker is recycled).

CPU time: before each task the worker lowers its own soft RLIMIT_CPU to the time it has
used plus the page's allowance; the kernel ends it with SIGXCPU when the page takes
longer, even inside C code (the HTML parser) where no Python signal handler would run.
The task then fails with `OverBudget("timeout", ...)`.

Parent death: workers are started with `spawn`, as direct children of the thread that
runs them, and ask the kernel (Linux `prctl(PR_SET_PDEATHSIG)`) for SIGKILL when that
thread's process ends, however it ends (SIGKILL, SIGTERM, SIGINT, a crash). Elsewhere a
watchdog thread in the worker polls its parent's pid.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import queue
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

from cleaners.budget import TIMEOUT, OverBudget

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_WATCHDOG_INTERVAL = 1.0  # seconds between parent checks where prctl is missing
_STOP = None  # the task that tells a worker thread to stop


class WorkerDied(Exception):
    """A worker process ended while cleaning a task, other than by its CPU limit."""


class WorkerPool:
    """`workers` processes running `func(*args)` for submitted tasks, one at a time each.

    `cpu_seconds` bounds each task's CPU time (None: unbounded). `func` must be a
    module-level function; its arguments and results are pickled.
    """

    def __init__(
        self, func: Callable[..., Any], workers: int, cpu_seconds: float | None = None
    ) -> None:
        self._func = func
        self._cpu_seconds = cpu_seconds
        self._tasks: queue.SimpleQueue[tuple[Future[Any], tuple[Any, ...]] | None] = (
            queue.SimpleQueue()
        )
        self._threads = [
            threading.Thread(target=self._run_worker, name=f"cleaning-worker-{n}", daemon=True)
            for n in range(workers)
        ]
        self._processes: dict[int, multiprocessing.process.BaseProcess] = {}  # by thread
        self._closing = False
        for thread in self._threads:
            thread.start()

    @property
    def pids(self) -> list[int]:
        """The pids of the worker processes running now."""
        return [process.pid for process in list(self._processes.values()) if process.pid]

    def submit(self, *args: Any) -> Future[Any]:
        """Queue `func(*args)`; the future fails with `OverBudget` (reason `timeout`) when
        the task ran out of CPU time, `WorkerDied` when its worker died otherwise."""
        future: Future[Any] = Future()
        self._tasks.put((future, args))
        return future

    def shutdown(self, kill: bool = False) -> None:
        """Let queued tasks finish, then stop every worker and wait for it; with `kill`,
        cancel the queued tasks and kill the workers at once (an interrupted batch)."""
        if kill:
            self._closing = True
            while True:
                try:
                    task = self._tasks.get_nowait()
                except queue.Empty:
                    break
                if task is not _STOP:
                    task[0].cancel()
            for process in list(self._processes.values()):
                process.kill()
        for _ in self._threads:
            self._tasks.put(_STOP)
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        self.shutdown(kill=exc_type is not None)

    def _run_worker(self) -> None:
        # Started here, by the thread that feeds it: PDEATHSIG is tied to this thread.
        index = self._threads.index(threading.current_thread())
        process, connection = self._start_process()
        self._processes[index] = process
        while (task := self._tasks.get()) is not _STOP:
            future, args = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                ok, value = self._exchange(connection, args)
            except (EOFError, OSError):  # the worker died on this task
                process.join()
                future.set_exception(self._death_cause(process.exitcode))
                connection.close()
                if self._closing:
                    del self._processes[index]
                    return
                process, connection = self._start_process()
                self._processes[index] = process
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        if process.is_alive():
            try:
                connection.send(_STOP)
            except OSError:  # killed by shutdown(kill=True) while idle
                pass
        process.join()
        connection.close()
        del self._processes[index]

    @staticmethod
    def _exchange(connection: Connection, args: tuple[Any, ...]) -> tuple[bool, Any]:
        """Send a task, receive (ok, result or error); arguments that cannot be pickled
        fail the task (they are pickled whole before anything is written)."""
        try:
            connection.send(args)
        except OSError:
            raise
        except Exception as exc:
            return False, exc
        return connection.recv()

    def _start_process(self) -> tuple[multiprocessing.process.BaseProcess, Connection]:
        ours, theirs = multiprocessing.Pipe()
        process = multiprocessing.get_context("spawn").Process(
            target=_serve,
            args=(theirs, self._func, self._cpu_seconds, os.getpid()),
            daemon=True,
        )
        process.start()
        theirs.close()
        return process, ours

    def _death_cause(self, exitcode: int | None) -> Exception:
        if exitcode == -signal.SIGXCPU:
            return OverBudget(TIMEOUT, f"over {self._cpu_seconds:g} s of CPU time")
        return WorkerDied(f"worker process ended with exit code {exitcode}")


def _serve(
    connection: Connection,
    func: Callable[..., Any],
    cpu_seconds: float | None,
    parent_pid: int,
) -> None:
    """A worker's loop: run each task received, send back (True, result) or (False, error)."""
    _die_with_parent(parent_pid)
    # The parent handles Ctrl-C (the terminal sends SIGINT to the whole process group)
    # and stops its workers; a worker interrupted mid-page would only send garbage back.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker ended by SIGXCPU must not leave a core file.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    while (args := connection.recv()) is not _STOP:
        if cpu_seconds is not None:
            _limit_cpu(cpu_seconds)
        try:
            reply: tuple[bool, Any] = (True, func(*args))
        except Exception as exc:  # the task's failure is the caller's to report
            reply = (False, exc)
        try:
            connection.send(reply)
        except Exception as exc:  # e.g. an exception that cannot be pickled
            connection.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def _limit_cpu(seconds: float) -> None:
    """Let the kernel end this process once it has used `seconds` more CPU time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)
        return
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    # An orphan is adopted by another process: its parent pid changes.
    while os.getppid() == parent_pid:
        time.sleep(_WATCHDOG_INTERVAL)
    os._exit(1)
