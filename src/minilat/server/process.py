"""A query worker process seen from the server: started, called over its pipes, watched.

The job and its answer travel as length-prefixed pickles (see ``worker``). The answers are
read by the pipe's own callback (:class:`Frames`), which unpickles each and hands it to the
future waiting for it: no stream reader, no task per job on the event loop. A worker may
hold a second job queued behind the one it runs (answers come back in order), so that it
goes from one job to the next without sleeping between them. ``cpu`` reads
the worker's CPU time from /proc, which is how the pool measures a query's first budget;
``renice`` lowers a slow-lane worker's CPU priority.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import pickle
import sys
from collections import deque
from pathlib import Path

from minilat.server.worker import HEADER

START_TIMEOUT = 60.0
TICKS = os.sysconf("SC_CLK_TCK")


class Frames(asyncio.subprocess.SubprocessStreamProtocol):
    """The worker's stdout read as length-prefixed pickles, each unpickled as it completes and
    handed to the oldest future waiting for one (kept until asked for when nothing waits yet).
    A future cancelled by its owner still takes its answer, which is dropped: the answers stay
    in step with the jobs. ``pending`` counts the jobs sent and not yet answered."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(limit=2**16, loop=loop)
        self.buffer = bytearray()
        self.ready: deque[object] = deque()
        self.waiters: deque[asyncio.Future] = deque()
        self.turns: dict[asyncio.Future, asyncio.Future] = {}  # a queued job's answer future → set when it runs
        self.ended = False  # stdout closed: the worker is gone

    @property
    def pending(self) -> int:
        return len(self.waiters)

    def next_frame(self) -> asyncio.Future:
        """A future for the next message from the worker (after those already awaited)."""
        future = self._loop.create_future()
        if self.ready:
            future.set_result(self.ready.popleft())
        elif self.ended:
            future.set_exception(asyncio.IncompleteReadError(b"", None))
        else:
            self.waiters.append(future)
        return future

    def turn(self, answer: asyncio.Future) -> asyncio.Future | None:
        """None when the job of ``answer`` is the one the worker runs now; else a future set
        once every job before it is answered (or the worker is gone)."""
        if answer.done() or not self.waiters or self.waiters[0] is answer:
            return None
        gate = self._loop.create_future()
        self.turns[answer] = gate
        return gate

    def pipe_data_received(self, fd: int, data: bytes | bytearray) -> None:
        if fd != 1:
            super().pipe_data_received(fd, data)
            return
        if not self.buffer and len(data) >= HEADER.size and len(data) == HEADER.size + HEADER.unpack_from(data)[0]:
            self.deliver(memoryview(data)[HEADER.size :])  # the usual case: one whole frame in one read
            return
        self.buffer += data
        while len(self.buffer) >= HEADER.size:
            end = HEADER.size + HEADER.unpack_from(self.buffer)[0]
            if len(self.buffer) < end:
                return
            with memoryview(self.buffer) as view:
                self.deliver(view[HEADER.size : end])
            del self.buffer[:end]

    def deliver(self, frame: memoryview) -> None:
        try:
            message: object = pickle.loads(frame)
        except Exception as exc:  # noqa: BLE001 - a corrupt frame: the worker cannot be trusted
            message = pickle.UnpicklingError(str(exc))
        finally:
            frame.release()
        if not self.waiters:
            self.ready.append(message)
            return
        waiter = self.waiters.popleft()
        if self.waiters and (gate := self.turns.pop(self.waiters[0], None)) is not None and not gate.done():
            gate.set_result(None)  # the next job runs now
        if waiter.done():  # abandoned by its owner: the answer is dropped
            self.turns.pop(waiter, None)
        elif isinstance(message, pickle.UnpicklingError):
            waiter.set_exception(message)
        else:
            waiter.set_result(message)

    def pipe_connection_lost(self, fd: int, exc: BaseException | None) -> None:
        if fd == 1:
            self.ended = True
            for gate in self.turns.values():
                if not gate.done():
                    gate.set_result(None)
            self.turns.clear()
            while self.waiters:
                waiter = self.waiters.popleft()
                if not waiter.done():
                    waiter.set_exception(asyncio.IncompleteReadError(bytes(self.buffer), None))
        super().pipe_connection_lost(fd, exc)


class Process:
    """One worker process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process, frames: Frames, info: dict, generation: int) -> None:
        self.proc = proc
        self.frames = frames
        self.pid: int = info["pid"]
        self.sandboxed: bool = info["sandboxed"]
        self.generation = generation
        self.retired = False  # killed or dismissed by the pool: its exit is expected
        self.deadline: float | None = None  # set while it runs a job in the slow lane
        self._stat: int | None = None
        self.abandoned = False  # holds a job its caller left while it was queued (see Pool._execute)
        self.jobs = 0  # jobs the pool has handed it and not seen end (see Pool._release)
        self.alone = False  # handed to a job that must have it to itself: nothing is queued behind

    @classmethod
    async def start(cls, snapshot: Path, memory_mb: int, generation: int, nice: int = 0) -> Process:
        """A worker loaded with ``snapshot``; ``nice``: its CPU priority while it loads (a replacement
        started under load should not slow the fast lane down)."""
        loop = asyncio.get_running_loop()
        transport, frames = await loop.subprocess_exec(
            lambda: Frames(loop), sys.executable, "-m", "minilat.server.worker", str(snapshot), "--memory-mb", str(memory_mb),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=None,  # stderr: the server's (subprocess_exec would pipe it)
        )
        proc = asyncio.subprocess.Process(transport, frames, loop)
        try:
            if nice:
                os.setpriority(os.PRIO_PROCESS, proc.pid, nice)
            info = await asyncio.wait_for(frames.next_frame(), START_TIMEOUT)
        except BaseException:
            proc.kill()
            await proc.wait()
            raise
        if not isinstance(info, dict) or not info.get("ready"):
            raise RuntimeError("a query worker failed to start")
        return cls(proc, frames, info, generation)

    @property
    def pending(self) -> int:
        """Jobs sent and not yet answered (the one running and any queued behind it)."""
        return self.frames.pending

    def send(self, job: dict) -> asyncio.Future:
        """Send ``job``; a future for the answer. The pool sends at most a couple of jobs ahead
        (see ``Pool.depth``), so the pipe holds little (no flow control needed)."""
        assert self.proc.stdin is not None
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        answer = self.frames.next_frame()
        try:
            self.proc.stdin.write(HEADER.pack(len(data)) + data)
        except RuntimeError as exc:  # uvloop: the pipe of a worker that has just died is closed
            answer.cancel()
            raise ConnectionResetError(str(exc)) from None
        return answer

    async def call(self, job: dict) -> dict:
        answer = await self.send(job)
        assert isinstance(answer, dict)
        return answer

    def cpu(self) -> float:
        """CPU seconds the worker has used (user + system); infinite once it is gone."""
        try:
            if self._stat is None:  # kept open: one pread per reading
                self._stat = os.open(f"/proc/{self.pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
            return stat_cpu(os.pread(self._stat, 1024, 0))
        except (OSError, IndexError):
            return math.inf

    def forget(self) -> None:
        """Close the handle on its /proc entry (once the process has exited)."""
        if self._stat is not None:
            os.close(self._stat)
            self._stat = None

    def renice(self, value: int) -> bool:
        """Set the worker's CPU priority; False when not allowed (raising it back needs privileges)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, value)
        except OSError:
            return False
        return True

    def kill(self) -> None:
        if self.proc.returncode is None:
            self.proc.kill()


def stat_cpu(stat: bytes) -> float:
    """User + system CPU seconds from a ``/proc/<pid>/stat`` line (fields 14 and 15; the command
    name before them is in parentheses and may hold spaces)."""
    fields = stat.rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def job_key(job: dict) -> str:
    """What identifies a job's cost: everything but the output format and row cap."""
    items = sorted((k, repr(v)) for k, v in job.items() if k not in {"formats", "max_rows"})
    return hashlib.sha256(repr(items).encode()).hexdigest()
