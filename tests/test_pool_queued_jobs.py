"""A fast worker holds a second job queued behind the one it runs (``Pool.depth``).

The answers come back in order; a queued job's budget starts when it runs; a job queued
behind one that moves to the slow lane runs on another worker; a queued job whose caller
leaves does not kill the job before it. The Frames tests feed bytes by hand; the pool tests
run real workers over the release.
"""

from __future__ import annotations

import asyncio
import functools
import json

from pools import LABEL, LABELS, labels, query, with_pool

from minilat.server.pool import Pool
from minilat.server.process import Frames
from minilat.server.worker import frame
from minilat.store import RELEASE, Store

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PAIRS = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?x }"  # a job of ~10-100 ms


def test_two_jobs_in_flight_get_their_own_answers_and_the_second_its_turn_when_the_first_is_answered():
    async def run() -> list:
        frames = Frames(asyncio.get_running_loop())
        first, second = frames.next_frame(), frames.next_frame()
        assert frames.pending == 2 and frames.turn(first) is None
        turn = frames.turn(second)
        assert turn is not None and not turn.done()
        frames.data_received(frame({"job": 1}))
        assert turn.done() and turn.result() is None and frames.pending == 1
        frames.data_received(frame({"job": 2}))
        return [await first, await second, frames.pending, frames.turns]

    assert asyncio.run(run()) == [{"job": 1}, {"job": 2}, 0, {}]


def test_an_answer_whose_waiter_was_cancelled_is_dropped_and_the_next_waiter_gets_its_own():
    async def run() -> object:
        frames = Frames(asyncio.get_running_loop())
        first, second = frames.next_frame(), frames.next_frame()
        first.cancel()
        frames.data_received(frame({"job": 1}) + frame({"job": 2}))
        return await second

    assert asyncio.run(run()) == {"job": 2}


def test_a_worker_dying_with_a_job_queued_opens_its_turn_and_fails_both_answers():
    async def run() -> tuple:
        frames = Frames(asyncio.get_running_loop())
        first, second = frames.next_frame(), frames.next_frame()
        turn = frames.turn(second)
        frames.connection_lost(None)
        return turn.done(), type(first.exception()), type(second.exception()), frames.pending

    assert asyncio.run(run()) == (True, asyncio.IncompleteReadError, asyncio.IncompleteReadError, 0)


def count(answer: dict) -> int:
    return int(json.loads(answer["body"])["results"]["bindings"][0]["n"]["value"])


@functools.cache
def pairs() -> int:
    """PAIRS over the release, asked of the store directly (what the worker must answer)."""
    store = Store()
    store.load(RELEASE)
    return int(next(iter(store.query(PAIRS)))["n"].value)


async def one_behind_another(pool: Pool, first: str, second: str) -> tuple[asyncio.Future, asyncio.Future]:
    """``first`` sent to the pool, then ``second`` (queued behind it on a one-worker pool)."""
    ahead = asyncio.ensure_future(pool.run(query(first)))
    await asyncio.sleep(0)
    behind = asyncio.ensure_future(pool.run(query(second)))
    await asyncio.sleep(0)
    return ahead, behind


def test_a_cheap_job_queued_behind_a_busy_worker_answers_there_with_its_own_answer():
    async def body(pool: Pool) -> tuple:
        (worker,) = pool.fast
        ahead, behind = await one_behind_another(pool, PAIRS, LABEL)
        pending = worker.pending
        answers = await asyncio.gather(ahead, behind)
        return pending, count(answers[0]), labels(answers[1]), pool.killed

    assert with_pool(body, budget=5.0, timeout=30.0) == (2, pairs(), LABELS, 0)


def test_a_job_queued_behind_one_that_moves_to_the_slow_lane_runs_on_another_worker():
    async def body(pool: Pool) -> tuple:
        (worker,) = pool.fast
        slow, cheap = await one_behind_another(pool, CARTESIAN, LABEL)
        queued = worker.pending
        answer = await asyncio.wait_for(cheap, 10)  # long before the slow query's 30 s limit
        moved = worker in pool.slow_jobs and worker not in pool.fast and worker.pid not in pool.pids
        slow.cancel()
        await asyncio.gather(slow, return_exceptions=True)
        return queued, labels(answer), moved, worker.retired

    assert with_pool(body, budget=0.2, timeout=30.0, slow=1) == (2, LABELS, True, True)


def test_a_queued_job_whose_caller_leaves_does_not_stop_the_job_before_it():
    async def body(pool: Pool) -> tuple:
        (worker,) = pool.fast
        first, queued = await one_behind_another(pool, PAIRS, LABEL)
        assert worker.pending == 2
        queued.cancel()
        await asyncio.gather(queued, return_exceptions=True)
        killed_on_leaving = pool.killed
        answer = await first  # answered by its own worker, not killed (and retried) with the job that left
        replaced = worker.retired or not worker.pending  # it holds the left job's copy: replaced unless already done with it
        after = await pool.run(query(LABEL))
        return killed_on_leaving, count(answer), replaced, labels(after)

    assert with_pool(body, budget=5.0, timeout=30.0) == (0, pairs(), True, LABELS)


def test_without_a_slow_lane_nothing_is_queued_behind_a_job():
    async def body(pool: Pool) -> tuple:
        (worker,) = pool.fast
        first, second = await one_behind_another(pool, PAIRS, LABEL)
        pending, waiting = worker.pending, len(pool.waiters)
        await asyncio.gather(first, second)
        return pool.depth, pending, waiting

    assert with_pool(body, budget=5.0, timeout=30.0, slow=0) == (1, 1, 1)


def test_no_worker_is_handed_more_jobs_than_its_depth_while_clients_come_and_go():
    # regression: a worker handed to a waiting job counted as free until that job was sent,
    # so a job arriving meanwhile was queued behind it too (up to 5 jobs on one worker), and
    # a cheap job could end up behind a slow-lane query until the time limit
    async def body(pool: Pool) -> tuple:
        (worker,) = pool.fast
        most, send = [0], worker.send

        def counting(job: dict) -> asyncio.Future:
            answer = send(job)
            most[0] = max(most[0], worker.pending)
            return answer

        worker.send = counting  # type: ignore[method-assign]

        async def client() -> list[str]:
            return [labels(await pool.run(query(LABEL)))[0] for _ in range(25)]

        answers = await asyncio.gather(*(client() for _ in range(8)))
        return most[0], {a for client in answers for a in client}, pool.killed

    assert with_pool(body, budget=5.0, timeout=30.0) == (2, {LABELS[0]}, 0)
