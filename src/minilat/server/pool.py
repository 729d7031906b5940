"""The pool of query workers, seen from the server (asyncio).

Each job takes an idle worker, sends it a length-prefixed pickle and waits for the answer
until the request's deadline. A worker that overruns (or dies, or whose request is
cancelled mid-job) is killed and a fresh one started in the background, so a
pathological query costs one worker for at most the time limit while the others keep
answering. After an update every worker reloads the new snapshot before its next job.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import sys
from pathlib import Path

from minilat.server.worker import HEADER

log = logging.getLogger("minilat.server")
START_TIMEOUT = 60.0


class PoolError(Exception):
    """A job that could not be answered in time: the server replies 503."""

    status = 503


class Busy(PoolError):
    def __init__(self) -> None:
        super().__init__("every query worker is busy: try again shortly")


class TimedOut(PoolError):
    def __init__(self, limit: float) -> None:
        super().__init__(f"the query was stopped after the {limit:g} s time limit")


class Died(PoolError):
    def __init__(self) -> None:
        super().__init__("the query worker stopped (out of memory?); the query was abandoned")


class Process:
    """One worker process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process, info: dict, generation: int) -> None:
        self.proc = proc
        self.pid: int = info["pid"]
        self.sandboxed: bool = info["sandboxed"]
        self.generation = generation

    @classmethod
    async def start(cls, snapshot: Path, memory_mb: int, generation: int) -> Process:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "minilat.server.worker", str(snapshot), "--memory-mb", str(memory_mb),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=2**20,
        )
        try:
            info = await asyncio.wait_for(cls._read(proc), START_TIMEOUT)
        except BaseException:
            proc.kill()
            await proc.wait()
            raise
        if not isinstance(info, dict) or not info.get("ready"):
            raise RuntimeError("a query worker failed to start")
        return cls(proc, info, generation)

    @staticmethod
    async def _read(proc: asyncio.subprocess.Process) -> object:
        assert proc.stdout is not None
        (size,) = HEADER.unpack(await proc.stdout.readexactly(HEADER.size))
        return pickle.loads(await proc.stdout.readexactly(size))

    async def call(self, job: dict) -> dict:
        assert self.proc.stdin is not None
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(HEADER.pack(len(data)) + data)
        await self.proc.stdin.drain()
        answer = await self._read(self.proc)
        assert isinstance(answer, dict)
        return answer

    def kill(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()


class Pool:
    """``size`` workers over the dataset in ``snapshot``."""

    def __init__(self, size: int, snapshot: Path, memory_mb: int = 0) -> None:
        self.size = size
        self.snapshot = snapshot
        self.memory_mb = memory_mb
        self.generation = 0
        self.idle: asyncio.Queue[Process] = asyncio.Queue()
        self.workers: set[Process] = set()
        self.killed = 0
        self._tasks: set[asyncio.Task] = set()
        self._closing = False

    async def start(self) -> None:
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        log.info("%d query workers ready (network sandbox: %s)", len(started), "yes" if all(w.sandboxed for w in started) else "no")

    @property
    def pids(self) -> list[int]:
        return sorted(w.pid for w in self.workers)

    async def _spawn(self) -> Process:
        worker = await Process.start(self.snapshot, self.memory_mb, self.generation)
        if self._closing:
            worker.kill()
            raise asyncio.CancelledError
        self.workers.add(worker)
        self.idle.put_nowait(worker)
        return worker

    async def _replace(self) -> None:
        for attempt in range(5):
            try:
                await self._spawn()
                return
            except asyncio.CancelledError:
                return
            except Exception as exc:  # noqa: BLE001 - keep trying, log why
                log.error("could not start a query worker (attempt %d): %s", attempt + 1, exc)
                await asyncio.sleep(0.5 * (attempt + 1))

    def _retire(self, worker: Process) -> None:
        """Kill a worker that cannot be trusted with another job and start a fresh one."""
        worker.kill()
        self.killed += 1
        self.workers.discard(worker)
        reap = asyncio.ensure_future(worker.proc.wait())
        self._tasks.add(reap)
        reap.add_done_callback(self._tasks.discard)
        if not self._closing:
            task = asyncio.ensure_future(self._replace())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def run(self, job: dict, timeout: float) -> dict:
        """Run ``job`` on a worker within ``timeout`` seconds (waiting for a free worker included)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            worker = await asyncio.wait_for(self.idle.get(), timeout)
        except TimeoutError:
            raise Busy() from None
        done = False
        try:
            if worker.generation != self.generation:
                await asyncio.wait_for(worker.call({"op": "load", "snapshot": str(self.snapshot)}), max(0.001, deadline - loop.time()))
                worker.generation = self.generation
            answer = await asyncio.wait_for(worker.call(job), max(0.001, deadline - loop.time()))
            done = True
            return answer
        except TimeoutError:
            raise TimedOut(timeout) from None
        except (asyncio.IncompleteReadError, ConnectionError, pickle.UnpicklingError, AssertionError):
            raise Died() from None
        finally:
            if done:
                self.idle.put_nowait(worker)
            else:
                self._retire(worker)

    def advance(self, snapshot: Path) -> None:
        """A new dataset version: every worker reloads ``snapshot`` before its next job."""
        self.snapshot = snapshot
        self.generation += 1

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self.workers):
            if worker.proc.stdin is not None:
                worker.proc.stdin.close()
        for worker in list(self.workers):
            try:
                await asyncio.wait_for(worker.proc.wait(), 2)
            except TimeoutError:
                worker.kill()
                await worker.proc.wait()
        self.workers.clear()
