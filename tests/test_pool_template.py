"""Query workers forked from one template that holds the loaded dataset (server/process.Template).

The workers share the template's pages until they write them; a killed template takes its
workers with it and the pool starts another; after an update the template reloads, so a
worker forked afterwards holds the new version without loading it again."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from pools import LABEL, LABELS, QUAD, labels, query, with_pool

from minilat.server.pool import Pool
from minilat.store import RELEASE


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def shared_dirty_kib(pid: int) -> int:
    """Anonymous pages written before a fork and still shared with the parent (or siblings)."""
    line = next(x for x in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if x.startswith("Shared_Dirty:"))
    return int(line.split()[1])


async def settle(pool: Pool, condition, seconds: float = 30.0) -> None:
    """Until ``condition()`` holds (the ceiling only stops a broken run)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the pool never settled")


def test_every_worker_is_forked_from_the_template_and_shares_its_loaded_store():
    async def body(pool: Pool) -> tuple:
        assert pool.template is not None
        workers = sorted(pool.workers, key=lambda w: w.pid)
        answers = [await pool.run(query(LABEL)) for _ in workers]
        # a worker started on its own would share none of its written pages (Shared_Dirty 0)
        return len(workers), {parent(w.pid) for w in workers} == {pool.template.pid}, min(shared_dirty_kib(w.pid) for w in workers) > 10_000, [labels(a) for a in answers]

    assert with_pool(body, size=2) == (3, True, True, [LABELS] * 3)


def test_a_killed_template_takes_its_workers_and_the_pool_starts_another():
    async def body(pool: Pool) -> tuple:
        old, before = pool.template, {w.pid for w in pool.workers}
        assert old is not None
        os.kill(old.pid, signal.SIGKILL)
        await settle(pool, lambda: pool.template is not old and len(pool.fast) == pool.size and pool.spare is not None)
        after = {w.pid for w in pool.workers}
        answer = await pool.run(query(LABEL))
        return before & after, {parent(p) for p in after} == {pool.template.pid}, labels(answer)

    assert with_pool(body, size=2) == (set(), True, LABELS)


def test_after_an_update_a_new_worker_is_forked_with_the_new_version_and_does_not_load_it(tmp_path):
    extra = f'<{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> "Quad (test label)"@en <https://w3id.org/minilat/graph/test> .\n'
    updated = tmp_path / "updated.nq"
    updated.write_bytes(RELEASE.read_bytes() + extra.encode())

    async def body(pool: Pool) -> tuple:
        pool.advance(updated)
        victim = next(iter(pool.fast))
        victim.kill()
        await settle(pool, lambda: victim not in pool.workers and len(pool.fast) == pool.size)
        fresh = [w for w in pool.fast if w.generation == pool.generation]
        stale = [w for w in pool.fast if w.generation != pool.generation]  # these reload before their next job
        answer = await fresh[0].call(query(LABEL))  # sent to the new worker as it is: no reload first
        return len(fresh), len(stale), labels(answer)

    assert with_pool(body, size=2) == (1, 1, sorted([*LABELS, "Quad (test label)"]))


def test_a_dismissed_worker_exits_once_its_socket_is_closed_for_writing():
    async def body(pool: Pool) -> tuple:
        spare = pool.spare
        assert spare is not None
        pool._dismiss(spare)
        await asyncio.wait_for(spare.wait(), 10)  # its socket closes as it exits
        await settle(pool, lambda: not Path(f"/proc/{spare.pid}").exists())  # reaped by the template
        return spare.alive, spare not in pool.workers, labels(await pool.run(query(LABEL)))

    assert with_pool(body, size=2) == (False, True, LABELS)


def test_a_template_that_could_not_be_told_of_an_update_is_told_again_at_the_next_fork(tmp_path):
    # regression: a template that missed the new snapshot (its control socket full for a moment)
    # went on forking workers of the old version
    extra = f'<{QUAD}> <http://www.w3.org/2000/01/rdf-schema#label> "Quad (missed update)"@en <https://w3id.org/minilat/graph/test> .\n'
    updated = tmp_path / "updated.nq"
    updated.write_bytes(RELEASE.read_bytes() + extra.encode())

    async def body(pool: Pool) -> tuple:
        template = pool.template
        assert template is not None
        tell = template.tell

        def refuse_once(message: dict, channel: object = None) -> None:
            template.tell = tell  # type: ignore[method-assign]
            raise ConnectionResetError("the query worker template does not answer: test")

        template.tell = refuse_once  # type: ignore[method-assign]
        pool.advance(updated)
        behind = template.generation != pool.generation
        victim = next(iter(pool.fast))
        victim.kill()
        await settle(pool, lambda: victim not in pool.workers and len(pool.fast) == pool.size)
        fresh = [w for w in pool.fast if w.generation == pool.generation]
        answer = await fresh[0].call(query(LABEL))  # sent as it is: no reload first
        return behind, pool.template is template, len(fresh), labels(answer)

    assert with_pool(body, size=2) == (True, True, 1, sorted([*LABELS, "Quad (missed update)"]))


def test_the_template_and_its_workers_run_as_batch_tasks_and_the_server_does_not():
    """Woken workers must not preempt the event loop (or each other) mid-job: SCHED_BATCH,
    set by the template and inherited by every fork; the server keeps the default policy."""
    async def body(pool: Pool) -> tuple:
        assert pool.template is not None
        answer = await pool.run(query(LABEL))
        policies = {os.sched_getscheduler(p) for p in [pool.template.pid, *(w.pid for w in pool.workers)]}
        return policies, os.sched_getscheduler(0), labels(answer)

    assert with_pool(body, size=2) == ({os.SCHED_BATCH}, os.SCHED_OTHER, LABELS)
