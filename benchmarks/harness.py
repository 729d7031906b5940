"""What the load and soak benchmarks share: a keep-alive HTTP client, the server under test,
the memory of its process tree (sampled in the background), and the machine's load average."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from minilat.server.process import stat_cpu


@dataclass
class Request:
    kind: str  # "library" or "entity"
    name: str
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Connection:
    """A minimal HTTP/1.1 keep-alive client (Content-Length and chunked bodies)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, req: Request) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = f"{req.method} {req.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Length: {len(req.body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in req.headers.items()) + "\r\n"
        self.writer.write(head.encode() + req.body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        body = b""
        if chunked:
            while (chunk := int((await self.reader.readline()).split(b";")[0], 16)) > 0:
                body += (await self.reader.readexactly(chunk + 2))[:-2]
            await self.reader.readline()
        elif length is not None:
            body = await self.reader.readexactly(length)
        else:
            body = await self.reader.read()
            close = True
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def children(pid: int) -> list[int]:
    """The pids of the direct children of ``pid`` (none once it has exited)."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    """The pids of ``pid``'s children, their children and so on."""
    out, todo = [], children(pid)
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children(p)
    return out


def query_workers(pid: int) -> list[int]:
    """A minilat server's query workers: forked by its worker template, the server's child."""
    return [w for template in children(pid) for w in children(template)]


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    return [pid, *descendants(pid)]


MEMORY = {"rss": ("status", "VmRSS:"), "pss": ("smaps_rollup", "Pss:")}  # kind → /proc/PID file, line


def memory(pids: list[int], kind: str) -> int:
    """Bytes of ``kind`` summed over ``pids`` (processes gone meanwhile count 0). ``rss`` counts a
    page shared by n of them n times; ``pss`` counts 1/n in each, so pages the query workers share
    with their template count once. PSS walks the page tables (~1 ms per process): sample it seldom."""
    name, key = MEMORY[kind]
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/{name}") as lines:
                total += next(int(line.split()[1]) for line in lines if line.startswith(key)) * 1024
        except (OSError, StopIteration, ValueError):
            continue
    return total


class Sampler:
    """Calls :meth:`sample` every ``interval`` seconds on a background thread while the ``with`` block runs."""

    interval = 1.0

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it has exited)."""
    try:
        return stat_cpu(Path(f"/proc/{pid}/stat").read_bytes())
    except (OSError, IndexError, ValueError):
        return 0.0


class CpuSplit(Sampler):
    """CPU seconds spent during a ``with`` block by a server process (``pid``), its descendants
    (minilat's worker template and query workers, including any started meanwhile, sampled every 0.2 s) and this process
    (the load clients): where the time of a run goes."""

    interval = 0.2

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.pid = pid
        self.seen: dict[int, tuple[float, float]] = {}  # child → CPU at first sight, latest
        self.server = self.clients = 0.0

    def sample(self) -> None:
        for child in descendants(self.pid):
            now = cpu_seconds(child)
            first, last = self.seen.get(child, (now, now))
            self.seen[child] = (first, max(now, last))

    def __enter__(self) -> Self:
        self._start = (cpu_seconds(self.pid), time.process_time())
        self.sample()
        return super().__enter__()

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        self.sample()
        self.server = cpu_seconds(self.pid) - self._start[0]
        self.clients = time.process_time() - self._start[1]

    @property
    def workers(self) -> float:
        return sum(last - first for first, last in self.seen.values())


class PeakMemory(Sampler):
    """The peak RSS of ``pid``'s process tree, sampled every 0.2 s."""

    interval = 0.2

    def __init__(self, pid: int) -> None:
        super().__init__()
        self.pid, self.peak = pid, 0

    def sample(self) -> None:
        self.peak = max(self.peak, memory(tree(self.pid), "rss"))


def wait_ready(url: str, proc: subprocess.Popen | None = None, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError("server exited") from None
            time.sleep(0.2)
    raise RuntimeError(f"not ready: {url}")


def snapshot(directory: Path) -> Path:
    """A copy of the release N-Quads and its views in ``directory``: a rebuild of graphs/ during a
    run (by ``minilat build``) cannot reach a worker started mid-run."""
    release = Path(__file__).resolve().parents[1] / "graphs" / "minilat.nq"
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(release, directory / release.name)
    if (release.parent / "views").is_dir():
        shutil.copytree(release.parent / "views", directory / "views", dirs_exist_ok=True)
    return directory / release.name


def start_minilat(port: int, extra: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``minilat serve`` on ``port`` (in ``env``, default this process's environment), once it answers."""
    proc = subprocess.Popen([sys.executable, "-m", "minilat.server", "--port", str(port), *extra], stdout=subprocess.DEVNULL, stderr=log.open("w"), env=env)
    wait_ready(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", proc)
    return proc


def use_uvloop() -> None:
    """The faster event loop for the clients, when it is installed."""
    try:
        import uvloop
    except ImportError:
        return
    uvloop.install()


def loadavg() -> list[float]:
    """The 1-, 5- and 15-minute load averages."""
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def host_speed(rounds: int = 3) -> float:
    """CPU milliseconds of a fixed pure-Python loop (median of ``rounds``): how fast this host runs
    now. The host's speed drifts between minutes (other tenants), and the rows of a run do not
    drift alike: the loop-bound cached row loses more on a slow host than the uncached row, so
    runs are compared only at a similar probe."""
    times = []
    for _ in range(rounds):
        start, total = time.process_time(), 0
        for i in range(2_000_000):
            total += i * i % 7
        times.append(1000 * (time.process_time() - start))
    return round(sorted(times)[rounds // 2], 1)


def wait_quiet(threshold: float = 1.0, poll: float = 30.0, limit: float = 1800.0) -> dict:
    """Wait until the 1-minute load average is below ``threshold`` (polled every ``poll`` s, at most ``limit`` s)."""
    began, first = time.time(), loadavg()
    while (now := loadavg())[0] >= threshold and time.time() - began < limit:
        print(f"  waiting for a quiet machine: load {now[0]:.2f} (≥ {threshold})", flush=True)
        time.sleep(poll)
    quiet = loadavg()[0] < threshold
    if not quiet:
        print(f"  the machine never got quiet in {limit:g} s: running anyway", flush=True)
    return {"waited_s": round(time.time() - began), "load_at_first_look": first, "quiet": quiet}


def quiet_note(waited: dict | None) -> str:
    """The report's words on :func:`wait_quiet` (nothing when the run did not wait)."""
    if waited is None:
        return ""
    return f"; waited {waited['waited_s']} s for a quiet machine" if waited["quiet"] else "; the machine never got quiet (ran anyway)"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
