"""The pool of query workers, seen from the server (asyncio): a fast lane, a slow lane, a queue.

Cost is bounded the way public SPARQL services bound it (Virtuoso refuses a query whose
estimated cost is over a limit and answers "anytime" queries partially; QLever and the
Wikidata Query Service stop a query at a time limit and throttle clients that spend too
much). pyoxigraph can neither estimate a query's cost nor stop one, so cost is observed:

- every job gets a fast worker and a short **first budget** (``budget``, CPU seconds of
  its worker, so a query starved of CPU by a busy machine is not taken for a slow one);
  cheap queries finish inside it. Time spent waiting for a worker counts against no limit;
- a job still running when its budget is spent moves, with its worker, to the **slow
  lane** (at most ``slow`` jobs at once, their workers at a lower CPU priority) and runs
  until the **time limit** (``timeout``, counted from the job's start). A standby worker
  (the spare) takes its place in the fast lane at once, so cheap queries keep their workers;
- when the slow lane is full, the job is stopped (its worker killed and replaced) and
  refused: 503 with Retry-After. A job that needed the slow lane is remembered for the
  dataset version, so next time it goes straight to the slow lane, or is refused before it
  takes a fast worker;
- jobs wait for a fast worker in a **bounded queue** (``queue`` jobs, ``queue_wait``
  seconds); beyond either, 503 with Retry-After. When every fast worker is busy, a job may
  be sent to one that runs a single job (``depth`` 2): it starts there the moment the job
  before it ends, without the worker sleeping in between, which on a busy machine saves a
  good part of each job's cost (its caches are still warm). Its budget starts when it does.
  If the job before it moves to the slow lane, the queued job is taken back and run by
  another worker; the slow worker, which would still run the copy, is replaced when its
  slow job ends. Without a slow lane (``slow`` 0) nothing is queued behind a job.

A worker that overruns, dies (killed from outside, out of memory) or whose request is
cancelled mid-job is killed if need be and replaced: forked from the template, which holds
the loaded dataset (see ``process``), so a replacement is ready in milliseconds. After an
update the template reloads the new snapshot, and every worker forked before it reloads it
before its next job. A template that dies (its workers die with it) is started again.
"""

from __future__ import annotations

import asyncio
import logging
import math
import pickle
from collections import OrderedDict, deque
from pathlib import Path

from minilat.server.poolerrors import (
    Busy,
    Died,
    PoolError,
    QueueFull,
    SlowLaneFull,
    TimedOut,
)
from minilat.server.process import Process, Template, job_key

__all__ = ["Busy", "Died", "Pool", "PoolError", "QueueFull", "SlowLaneFull", "TimedOut"]

log = logging.getLogger("minilat.server")
SLOW_NICE = 10  # CPU priority of a worker in the slow lane (0 is normal, 19 the lowest)
REMEMBERED = 1024  # slow jobs remembered per dataset version
DEPTH = 2  # jobs a fast worker may hold at once: the one it runs and one queued behind it
BROKEN = (asyncio.IncompleteReadError, ConnectionError, pickle.UnpicklingError, AssertionError, EOFError)


async def settled(future: asyncio.Future, timeout: float) -> bool:
    """Whether ``future`` is done within ``timeout`` seconds; it is left running when not. What
    ``asyncio.wait`` does for one future, without its sets and per-call task bookkeeping."""
    if future.done():
        return True
    woken = asyncio.get_running_loop().create_future()

    def wake(_: object = None) -> None:
        if not woken.done():
            woken.set_result(None)

    timer = asyncio.get_running_loop().call_later(timeout, wake)
    future.add_done_callback(wake)
    try:
        await woken
    finally:
        timer.cancel()
        future.remove_done_callback(wake)
    return future.done()


MOVED = "moved"  # a queued job's turn when the job before it went to the slow lane


class Moved(Exception):
    """A queued job taken back from a worker whose running job moved to the slow lane."""


class Pool:
    """``size`` fast workers, a spare and at most ``slow`` slow-lane jobs over ``snapshot``;
    a fast worker holds up to ``depth`` jobs (the one it runs, the rest queued behind it)."""

    def __init__(self, size: int, snapshot: Path, memory_mb: int = 0, *, timeout: float = 10.0, budget: float = 0.5,
                 slow: int = 1, queue: int = 64, queue_wait: float | None = None, depth: int = DEPTH) -> None:
        self.size, self.snapshot, self.memory_mb = size, snapshot, memory_mb
        self.depth = depth if slow > 0 else 1  # without a slow lane a queued job could not be taken back
        self.timeout, self.budget, self.slow = timeout, budget, slow
        self.queue, self.queue_wait = queue, timeout if queue_wait is None else queue_wait
        self.generation = 0
        self.fast: set[Process] = set()  # the fast lane, busy or idle
        self.idle: deque[Process] = deque()
        self.waiters: deque[asyncio.Future[Process]] = deque()
        self.exclusive: set[asyncio.Future[Process]] = set()  # waiters that need a worker with nothing to do
        self.spare: Process | None = None
        self.slow_jobs: set[Process] = set()
        self.slow_slots = 0  # slow-lane places taken (reserved or running)
        self.remembered: OrderedDict[str, None] = OrderedDict()  # jobs that needed the slow lane
        self.killed = 0  # workers killed (overrun, broken, cancelled)
        self.spawning = 0
        self.template: Template | None = None
        self._template_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task] = set()
        self._closing = False

    @property
    def workers(self) -> set[Process]:
        """Every live worker: fast lane, slow lane and spare."""
        return self.fast | self.slow_jobs | ({self.spare} if self.spare else set())

    @property
    def pids(self) -> list[int]:
        """The fast lane's workers."""
        return sorted(w.pid for w in self.fast)

    @property
    def spares(self) -> int:
        return 1 if self.slow > 0 else 0

    async def start(self) -> None:
        self.template = await Template.start(self.snapshot, self.memory_mb, self.generation)
        started = await asyncio.gather(*(self.template.fork() for _ in range(self.size + self.spares)))
        for worker in started:
            self._background(self._watch(worker))
            self._adopt(worker)
        log.info("%d query workers ready, %d in the fast lane (network sandbox: %s); first budget %g s, slow lane %d, time limit %g s",
                 len(started), self.size, "yes" if all(w.sandboxed for w in started) else "no", self.budget, self.slow, self.timeout)

    # --- workers coming and going ------------------------------------------------------------

    def _background(self, coro: object) -> None:
        task = asyncio.ensure_future(coro)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _adopt(self, worker: Process) -> None:
        """A started (or freed) worker joins the fast lane if it is short, else becomes the spare."""
        if len(self.fast) < self.size:
            self.fast.add(worker)
            self._release(worker)
        elif self.spare is None and self.spares:
            self.spare = worker
        else:
            self._dismiss(worker)

    async def _watch(self, worker: Process) -> None:
        """Replace a worker that exits on its own (killed from outside, crashed)."""
        try:
            await worker.wait()
        finally:
            worker.forget()
        if not worker.retired and not self._closing:
            worker.retired = True
            log.warning("query worker %d exited unexpectedly; starting another", worker.pid)
            self._remove(worker)
            self._refill()

    def _refill(self) -> None:
        """Start workers until the fast lane is full and a spare is ready."""
        if self._closing:
            return
        wanted = self.size - len(self.fast) + (1 if self.spare is None and self.spares else 0)
        for _ in range(wanted - self.spawning):
            self.spawning += 1
            self._background(self._spawn())

    async def _spawn(self) -> None:
        try:
            for attempt in range(5):
                try:
                    worker = await self._fork()
                    break
                except Exception as exc:  # noqa: BLE001 - keep trying, log why
                    log.error("could not start a query worker (attempt %d): %s", attempt + 1, exc)
                    await asyncio.sleep(0.5 * (attempt + 1))
            else:
                return
        finally:
            self.spawning -= 1
        if self._closing:
            worker.retired = True
            worker.kill()
            return
        self._background(self._watch(worker))
        self._adopt(worker)

    async def _fork(self) -> Process:
        """A new worker from the template, which is told the dataset version again if it missed
        it (see ``advance``) and started again first if it has died."""
        async with self._template_lock:
            if self.template is not None and self.template.alive and self.template.generation != self.generation:
                self.template.load(self.snapshot, self.generation)
            if self.template is None or not self.template.alive:
                if self.template is not None:
                    log.warning("the query worker template exited unexpectedly; starting another")
                    await self.template.stop(0)
                self.template = await Template.start(self.snapshot, self.memory_mb, self.generation)
        return await self.template.fork()

    def _remove(self, worker: Process) -> None:
        self.fast.discard(worker)
        if worker in self.idle:
            self.idle.remove(worker)
        if self.spare is worker:
            self.spare = None
        if worker in self.slow_jobs:
            self.slow_jobs.discard(worker)
            self.slow_slots -= 1

    def _retire(self, worker: Process) -> None:
        """Kill a worker that cannot be trusted with another job and start a fresh one."""
        if not worker.retired:
            worker.retired = True
            worker.kill()
            self.killed += 1
        self._remove(worker)
        self._refill()

    def _dismiss(self, worker: Process) -> None:
        """Let a surplus worker exit (end of its input)."""
        worker.retired = True
        self._remove(worker)
        worker.close_input()

    # --- the fast lane's queue ---------------------------------------------------------------

    def _release(self, worker: Process) -> None:
        """A fast worker with room for a job: to the longest-waiting job (one that needs a
        worker with nothing to do only if it has none), else idle when it has nothing to do.
        ``jobs`` counts a worker's jobs from the moment it is handed to them (before they are
        sent) to their end, so no worker is handed more than ``depth``."""
        if worker.retired or worker not in self.fast or worker.abandoned or worker.alone or (jobs := worker.jobs) >= self.depth:
            return
        while self.waiters and self.waiters[0].done():
            self.waiters.popleft()
        for waiter in self.waiters:
            if not waiter.done() and not (jobs and waiter in self.exclusive):
                self.waiters.remove(waiter)
                worker.jobs += 1
                worker.alone = waiter in self.exclusive
                waiter.set_result(worker)
                return
        if not jobs and worker not in self.idle:
            self.idle.append(worker)

    def _busy_worker(self) -> Process | None:
        """The fast worker with the fewest jobs if one has room for another (all are busy)."""
        room = [w for w in self.fast if w.jobs < self.depth and not (w.abandoned or w.alone or w.retired) and w.alive]
        return min(room, key=lambda w: w.jobs) if room else None

    async def _acquire(self, share: bool = True) -> Process:
        """A fast worker: an idle one, else (``share``) one with room behind its job, else the
        first to have room, waiting in the bounded queue."""
        while self.idle:
            worker = self.idle.popleft()
            if not worker.retired and worker.alive and not worker.jobs:
                worker.jobs += 1
                worker.alone = not share
                return worker
        if share and (worker := self._busy_worker()) is not None:
            worker.jobs += 1
            return worker
        if len(self.waiters) >= self.queue:
            raise QueueFull(len(self.waiters))
        waiter: asyncio.Future[Process] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        if not share:
            self.exclusive.add(waiter)
        log.debug("a job waits for a query worker (%d waiting)", len(self.waiters))
        try:
            done = await settled(waiter, self.queue_wait)
        except asyncio.CancelledError:
            self._abandon(waiter)
            raise
        finally:
            self.exclusive.discard(waiter)
        if not done:
            self._abandon(waiter)
            raise Busy(self.queue_wait)
        return waiter.result()

    def _abandon(self, waiter: asyncio.Future[Process]) -> None:
        self.exclusive.discard(waiter)
        if waiter in self.waiters:
            self.waiters.remove(waiter)
        if waiter.done() and not waiter.cancelled():
            worker = waiter.result()
            worker.jobs -= 1
            worker.alone = False
            self._release(worker)  # handed a worker just as it gave up: pass it on
        else:
            waiter.cancel()

    # --- the slow lane -----------------------------------------------------------------------

    def _retry_after(self) -> int:
        loop = asyncio.get_running_loop()
        ends = [w.deadline for w in self.slow_jobs if w.deadline is not None]
        return max(1, math.ceil(min(ends) - loop.time())) if ends else 1

    def _refuse_slow(self) -> SlowLaneFull:
        return SlowLaneFull(self.budget, self.slow, self._retry_after())

    def _demote(self, worker: Process, deadline: float, job: dict) -> None:
        """``worker``'s job moves to the slow lane (its place taken); the spare joins the fast lane."""
        self._remove(worker)
        self.slow_jobs.add(worker)  # its slot was reserved by the caller
        for gate in worker.frames.turns.values():  # jobs queued behind it run elsewhere
            if not gate.done():
                gate.set_result(MOVED)
        worker.deadline = deadline
        worker.renice(SLOW_NICE)
        if self.spare is not None:
            spare, self.spare = self.spare, None
            self._adopt(spare)
        self._refill()
        what = " ".join(str(job.get("text") or job.get("iri") or "").split())[:80]
        log.info("a %s job ran past the %g s first budget: moved to the slow lane (%d of %d): %s", job.get("op"), self.budget, len(self.slow_jobs), self.slow, what)

    def _finish_slow(self, worker: Process) -> None:
        """A slow-lane job ended normally: its worker, back at normal priority, is reused or let go."""
        self._remove(worker)
        worker.deadline = None
        if worker.renice(0) and worker.generation == self.generation:
            self._adopt(worker)
        else:
            self._dismiss(worker)
        self._refill()

    def _remember(self, job: dict, slow: bool) -> None:
        """Whether ``job`` needs the slow lane, for the next time it is asked (until the data changes)."""
        key = job_key(job)
        if slow:
            self.remembered[key] = None
            self.remembered.move_to_end(key)
            while len(self.remembered) > REMEMBERED:
                self.remembered.popitem(last=False)
        else:
            self.remembered.pop(key, None)

    # --- running a job -----------------------------------------------------------------------

    async def run(self, job: dict, timeout: float | None = None, lanes: bool = True) -> dict:
        """Run ``job`` on a worker: a first budget in the fast lane, then the slow lane up to the
        time limit (``timeout``, default the pool's, counted from the job's start). Without
        ``lanes`` (updates) the job keeps its fast worker up to the time limit."""
        limit = self.timeout if timeout is None else timeout
        budget = min(self.budget, limit) if lanes and self.slow > 0 else limit
        keyed = budget < limit  # the job may move to the slow lane (and be remembered there)
        attempt, share = 1, lanes  # updates wait for a worker with nothing to do
        while True:
            known_slow = keyed and bool(self.remembered) and job_key(job) in self.remembered
            worker = await (self._slow_worker() if known_slow else self._acquire(share))
            try:
                return await self._execute(worker, job, budget, limit, keyed, known_slow)
            except Moved:  # queued behind a job that went to the slow lane: once more, not behind another
                share = False
            except Died as exc:  # killed from outside, most likely: a cheap read job is retried once
                if not (lanes and exc.retry) or attempt == 2:
                    raise
                attempt += 1
                log.info("a query worker died under a job; the job is retried on another worker")

    async def _slow_worker(self) -> Process:
        """A worker for a job known to need the slow lane (its slot taken), or SlowLaneFull at once."""
        if self.slow_slots >= self.slow:
            raise self._refuse_slow()
        self.slow_slots += 1
        if self.spare is not None:
            worker, self.spare = self.spare, None
            worker.jobs += 1
        else:
            try:
                worker = await self._acquire(share=False)
            except BaseException:
                self.slow_slots -= 1
                raise
            self.fast.discard(worker)
        self.slow_jobs.add(worker)
        self._refill()
        return worker

    async def _execute(self, worker: Process, job: dict, budget: float, limit: float, keyed: bool, slow: bool) -> dict:
        loop = asyncio.get_running_loop()
        done_ok, queued, cpu = False, False, 0.0
        task: asyncio.Future | None = None
        try:
            if worker.generation != self.generation:
                await asyncio.wait_for(worker.call({"op": "load", "snapshot": str(self.snapshot)}), limit)
                worker.generation = self.generation
            task = worker.send(job)  # a future: the answer is unpickled by the pipe's callback
            if (turn := worker.frames.turn(task)) is not None:  # queued behind the job it runs
                queued = True
                if not await settled(turn, limit):
                    raise TimedOut(limit)
                if turn.result() is MOVED:
                    raise Moved
                queued = False
            started = loop.time()
            if slow:
                worker.deadline = started + limit
                worker.renice(SLOW_NICE)
            cpu = worker.cpu()
            log.debug("job %s started on worker %d in the %s lane", job.get("op"), worker.pid, "slow" if slow else "fast")
            done = await settled(task, limit if slow else budget)
            while not done and not slow:  # the budget is CPU time: a job starved of CPU keeps its fast worker
                left = min(budget - (worker.cpu() - cpu), started + limit - loop.time())
                if left < 0.01:
                    break
                done = await settled(task, left)
            if not done and not slow:
                if not keyed:
                    raise TimedOut(limit)
                if self.slow_slots >= self.slow:
                    self._remember(job, True)
                    raise self._refuse_slow()
                self.slow_slots += 1
                self._demote(worker, started + limit, job)
                slow = True
                done = await settled(task, max(0.001, started + limit - loop.time()))
            if not done:
                if keyed:
                    self._remember(job, True)
                raise TimedOut(limit)
            answer = task.result()
            assert isinstance(answer, dict)
            if slow and keyed:
                self._remember(job, worker.cpu() - cpu >= budget)
            done_ok = True
            return answer
        except TimeoutError:
            raise TimedOut(limit) from None
        except BROKEN:
            raise Died(retry=not slow) from None
        finally:
            worker.jobs -= 1
            worker.alone = False  # a job that had to run alone had the worker to itself
            if task is not None and not task.done():
                task.cancel()
            if queued:  # left before its turn: the worker, which would run it unwatched, is replaced once its job ends
                worker.abandoned = True
            elif not done_ok or (worker.abandoned and worker.pending):
                self._retire(worker)
            else:
                worker.abandoned = False  # a job left behind, if any, was answered (and dropped) already
                if worker in self.slow_jobs:
                    self._finish_slow(worker)
                else:
                    self._release(worker)

    def advance(self, snapshot: Path) -> None:
        """A new dataset version: every worker reloads ``snapshot`` before its next job."""
        self.snapshot = snapshot
        self.generation += 1
        self.remembered.clear()
        if self.template is not None and self.template.alive:
            try:
                self.template.load(snapshot, self.generation)
            except ConnectionError as exc:  # its generation stays behind: told again at the next fork
                log.warning("%s", exc)

    async def close(self) -> None:
        self._closing = True
        for task in list(self._tasks):
            task.cancel()
        for waiter in self.waiters:
            waiter.cancel()
        workers = list(self.workers)
        for worker in workers:
            worker.retired = True
            worker.close_input()
        for worker in workers:
            try:
                await asyncio.wait_for(worker.wait(), 2)
            except TimeoutError:
                worker.kill()
                await worker.wait()
            worker.forget()
        if self.template is not None:
            await self.template.stop()
            self.template = None
        self.fast.clear()
        self.idle.clear()
        self.slow_jobs.clear()
        self.spare = None
