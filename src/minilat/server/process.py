"""A query worker process seen from the server: started, called over its pipes, watched.

The job and its answer travel as length-prefixed pickles (see ``worker``). ``cpu`` reads
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
from pathlib import Path

from minilat.server.worker import HEADER

START_TIMEOUT = 60.0
TICKS = os.sysconf("SC_CLK_TCK")


class Process:
    """One worker process and its pipes."""

    def __init__(self, proc: asyncio.subprocess.Process, info: dict, generation: int) -> None:
        self.proc = proc
        self.pid: int = info["pid"]
        self.sandboxed: bool = info["sandboxed"]
        self.generation = generation
        self.retired = False  # killed or dismissed by the pool: its exit is expected
        self.deadline: float | None = None  # set while it runs a job in the slow lane
        self._stat: int | None = None

    @classmethod
    async def start(cls, snapshot: Path, memory_mb: int, generation: int, nice: int = 0) -> Process:
        """A worker loaded with ``snapshot``; ``nice``: its CPU priority while it loads (a replacement
        started under load should not slow the fast lane down)."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "minilat.server.worker", str(snapshot), "--memory-mb", str(memory_mb),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=2**20,
        )
        try:
            if nice:
                os.setpriority(os.PRIO_PROCESS, proc.pid, nice)
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
        try:
            self.proc.stdin.write(HEADER.pack(len(data)) + data)
        except RuntimeError as exc:  # uvloop: the pipe of a worker that has just died is closed
            raise ConnectionResetError(str(exc)) from None
        await self.proc.stdin.drain()
        answer = await self._read(self.proc)
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
