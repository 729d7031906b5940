"""Query worker processes seen from the server: forked, called over their sockets, watched.

The pool starts one **template** (``python -m minilat.server.worker``), which loads the
dataset once; every query worker is forked from it (:meth:`Template.fork`) and so shares
its loaded store. Each worker gets one end of a socket pair, handed to the template over
its control socket. The job and its answer travel as length-prefixed pickles. The answers
are read by the socket's own callback (:class:`Frames`), which unpickles each and hands it
to the future waiting for it: no stream reader, no task per job on the event loop. A worker
may hold a second job queued behind the one it runs (answers come back in order), so that
it goes from one job to the next without sleeping between them. ``cpu`` reads the worker's
CPU time from /proc, which is how the pool measures a query's first budget; ``renice``
lowers a slow-lane worker's CPU priority.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import os
import pickle
import signal
import socket
import sys
from collections import deque
from pathlib import Path

from minilat.server.worker import HEADER, frame

START_TIMEOUT = 60.0
TICKS = os.sysconf("SC_CLK_TCK")


class Frames(asyncio.Protocol):
    """The worker's socket read as length-prefixed pickles, each unpickled as it completes and
    handed to the oldest future waiting for one (kept until asked for when nothing waits yet).
    A future cancelled by its owner still takes its answer, which is dropped: the answers stay
    in step with the jobs. ``pending`` counts the jobs sent and not yet answered."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.buffer = bytearray()
        self.ready: deque[object] = deque()
        self.waiters: deque[asyncio.Future] = deque()
        self.turns: dict[asyncio.Future, asyncio.Future] = {}  # a queued job's answer future → set when it runs
        self.closed: asyncio.Future = loop.create_future()  # set when the socket closes: the worker is gone

    @property
    def ended(self) -> bool:
        return self.closed.done()

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

    def data_received(self, data: bytes | bytearray) -> None:
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

    def eof_received(self) -> bool:
        return False  # the worker closed its end: close ours too (connection_lost follows)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)
        for gate in self.turns.values():
            if not gate.done():
                gate.set_result(None)
        self.turns.clear()
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_exception(asyncio.IncompleteReadError(bytes(self.buffer), None))


class Process:
    """One query worker (forked by the template) and its socket."""

    def __init__(self, transport: asyncio.Transport, frames: Frames, info: dict) -> None:
        self.transport = transport
        self.frames = frames
        self.pid: int = info["pid"]
        self.sandboxed: bool = info["sandboxed"]
        self.generation: int = info["generation"]
        self.retired = False  # killed or dismissed by the pool: its exit is expected
        self.deadline: float | None = None  # set while it runs a job in the slow lane
        self._stat: int | None = None
        self.abandoned = False  # holds a job its caller left while it was queued (see Pool._execute)
        self.jobs = 0  # jobs the pool has handed it and not seen end (see Pool._release)
        self.alone = False  # handed to a job that must have it to itself: nothing is queued behind
        try:  # signals go to this process, never to another that got its pid after it exited
            self._pidfd: int | None = os.pidfd_open(self.pid)
        except OSError:
            self._pidfd = None

    @property
    def alive(self) -> bool:
        """Its socket is open (a worker that exits closes it)."""
        return not self.frames.ended

    async def wait(self) -> None:
        """Until the worker has exited (its socket closed)."""
        await asyncio.shield(self.frames.closed)

    @property
    def pending(self) -> int:
        """Jobs sent and not yet answered (the one running and any queued behind it)."""
        return self.frames.pending

    def send(self, job: dict) -> asyncio.Future:
        """Send ``job``; a future for the answer. The pool sends at most a couple of jobs ahead
        (see ``Pool.depth``), so the socket holds little (no flow control needed)."""
        data = frame(job)
        answer = self.frames.next_frame()
        if self.transport.is_closing():  # a worker that has just died
            answer.cancel()
            raise ConnectionResetError(f"query worker {self.pid} is gone")
        self.transport.write(data)
        return answer

    async def call(self, job: dict) -> dict:
        answer = await self.send(job)
        assert isinstance(answer, dict)
        return answer

    def close_input(self) -> None:
        """No more jobs: the worker exits once it has answered those it has."""
        if not self.transport.is_closing() and self.transport.can_write_eof():
            self.transport.write_eof()

    def cpu(self) -> float:
        """CPU seconds the worker has used (user + system); infinite once it is gone."""
        try:
            if self._stat is None:  # kept open: one pread per reading
                self._stat = os.open(f"/proc/{self.pid}/stat", os.O_RDONLY | os.O_CLOEXEC)
            return stat_cpu(os.pread(self._stat, 1024, 0))
        except (OSError, IndexError):
            return math.inf

    def forget(self) -> None:
        """Close its handles (once the process has exited)."""
        if self._stat is not None:
            os.close(self._stat)
            self._stat = None
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        self.transport.close()

    def renice(self, value: int) -> bool:
        """Set the worker's CPU priority; False when not allowed (raising it back needs privileges)."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, value)
        except OSError:
            return False
        return True

    def kill(self) -> None:
        if not self.alive:
            return
        try:
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # exited already
            pass


class Template:
    """The process the query workers are forked from: it loads the dataset once (``start``),
    forks a worker per socket it is sent (``fork``), reloads a new version (``load``), and
    exits when its control socket closes (``stop``), its workers with it."""

    def __init__(self, proc: asyncio.subprocess.Process, control: socket.socket, info: dict, generation: int) -> None:
        self.proc = proc
        self.control = control
        self.pid: int = info["pid"]
        self.sandboxed: bool = info["sandboxed"]
        self.generation = generation  # the dataset version it forks workers with

    @classmethod
    async def start(cls, snapshot: Path, memory_mb: int, generation: int = 0) -> Template:
        """A template loaded with ``snapshot``, dataset version ``generation``."""
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "minilat.server.worker", str(snapshot), "--memory-mb", str(memory_mb), "--generation", str(generation),
                "--control", str(theirs.fileno()), "--server", str(os.getpid()),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, pass_fds=(theirs.fileno(),),  # stderr: the server's
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        try:
            info = ready(pickle.loads(await asyncio.wait_for(loop.sock_recv(ours, 1 << 16), START_TIMEOUT)), "the query worker template")
        except BaseException:
            ours.close()
            if proc.returncode is None:
                proc.kill()
            await proc.wait()
            raise
        return cls(proc, ours, info, generation)

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None and self.control.fileno() >= 0

    def tell(self, message: dict, channel: socket.socket | None = None) -> None:
        """Send the template ``message`` (with ``channel``'s descriptor); a template that is gone or
        stuck raises ConnectionError."""
        try:
            socket.send_fds(self.control, [pickle.dumps(message)], [channel.fileno()] if channel else [])
        except (BlockingIOError, OSError) as exc:
            raise ConnectionResetError(f"the query worker template does not answer: {exc}") from None

    async def fork(self) -> Process:
        """A new query worker, answering on a fresh socket pair."""
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.tell({"op": "fork"}, theirs)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        transport, frames = await loop.create_unix_connection(lambda: Frames(loop), sock=ours)
        try:
            info = ready(await asyncio.wait_for(frames.next_frame(), START_TIMEOUT), "a query worker")
        except BaseException:
            transport.close()
            raise
        return Process(transport, frames, info)

    def load(self, snapshot: Path, generation: int) -> None:
        """Workers forked from now on hold ``snapshot`` as dataset version ``generation``."""
        self.tell({"op": "load", "snapshot": str(snapshot), "generation": generation})
        self.generation = generation

    async def stop(self, grace: float = 2.0) -> None:
        """Close the control socket (the template exits, and any worker left with it)."""
        self.control.close()
        try:
            await asyncio.wait_for(self.proc.wait(), grace)
        except TimeoutError:
            if self.proc.returncode is None:
                self.proc.kill()
            await self.proc.wait()


def ready(info: object, what: str) -> dict:
    """The first message of a process that has started (``what`` names it when it failed to)."""
    if not isinstance(info, dict) or not info.get("ready"):
        raise RuntimeError(f"{what} failed to start")
    return info


def stat_cpu(stat: bytes) -> float:
    """User + system CPU seconds from a ``/proc/<pid>/stat`` line (fields 14 and 15; the command
    name before them is in parentheses and may hold spaces)."""
    fields = stat.rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def job_key(job: dict) -> str:
    """What identifies a job's cost: everything but the output format and row cap."""
    items = sorted((k, repr(v)) for k, v in job.items() if k not in {"formats", "max_rows"})
    return hashlib.sha256(repr(items).encode()).hexdigest()
