"""The worker's answers read off its socket (server/process.Frames) and the pool's timed wait.

Frames are length-prefixed pickles; the socket hands them over in reads of any size, so a
frame may arrive in pieces, several may arrive in one read, and the worker may die mid-frame.
"""

from __future__ import annotations

import asyncio
import pickle

import pytest

from minilat.server.pool import settled
from minilat.server.process import Frames
from minilat.server.worker import HEADER, frame


def read_all(chunks: list[bytes], expected: int) -> list[object]:
    async def run() -> list[object]:
        frames = Frames(asyncio.get_running_loop())
        first = frames.next_frame()  # one waits before any data: the others queue up
        for chunk in chunks:
            frames.data_received(chunk)
        return [await first] + [await frames.next_frame() for _ in range(expected - 1)]

    return asyncio.run(run())


MESSAGES = [{"status": 200, "body": b"x" * 70_000}, {"ready": True, "pid": 7}, {"status": 400, "message": "bad"}]


@pytest.mark.parametrize("size", [1, 3, 8, 9, 4096, 10**6])
def test_frames_in_reads_of_any_size_come_out_whole_and_in_order(size):
    stream = b"".join(frame(m) for m in MESSAGES)
    chunks = [stream[i : i + size] for i in range(0, len(stream), size)]
    assert read_all(chunks, len(MESSAGES)) == MESSAGES


def test_a_corrupt_frame_fails_its_waiter_and_the_next_frame_still_arrives():
    async def run() -> tuple[type, object]:
        frames = Frames(asyncio.get_running_loop())
        waiter = frames.next_frame()
        frames.data_received(HEADER.pack(3) + b"\x80\x05x" + frame({"status": 200}))
        with pytest.raises(pickle.UnpicklingError):
            await waiter
        return type(waiter.exception()), await frames.next_frame()

    assert asyncio.run(run()) == (pickle.UnpicklingError, {"status": 200})


def test_a_worker_dying_mid_frame_fails_the_waiter_and_every_later_one():
    async def run() -> None:
        frames = Frames(asyncio.get_running_loop())
        waiter = frames.next_frame()
        frames.data_received(frame({"status": 200})[:-5])
        frames.connection_lost(None)
        with pytest.raises(asyncio.IncompleteReadError):
            await waiter
        with pytest.raises(asyncio.IncompleteReadError):
            await frames.next_frame()

    asyncio.run(run())


def test_settled_says_whether_the_future_finished_in_time_and_leaves_it_running():
    async def run() -> tuple[bool, bool, bool, object]:
        loop = asyncio.get_running_loop()
        slow, fast = loop.create_future(), loop.create_future()
        loop.call_later(0.01, fast.set_result, "done")
        late = await settled(slow, 0.02)
        on_time = await settled(fast, 5)
        loop.call_soon(slow.set_result, "later")
        return late, slow.cancelled(), on_time, await slow

    assert asyncio.run(run()) == (False, False, True, "later")


def test_settled_passes_a_cancellation_on_and_leaves_the_future_pending():
    async def run() -> tuple[bool, object]:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        waiting = asyncio.ensure_future(settled(future, 5))
        await asyncio.sleep(0)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        pending = not future.done()
        future.set_result("still usable")
        return pending, future.result()

    assert asyncio.run(run()) == (True, "still usable")


def test_a_worker_writes_its_errors_to_the_servers_stderr_not_to_an_unread_pipe(tmp_path):
    # regression: loop.subprocess_exec pipes stderr unless told not to; nobody read that pipe,
    # so a worker's tracebacks were lost and a chatty worker would block once it filled
    import os

    from minilat.server.process import Template
    from minilat.store import RELEASE

    async def run() -> tuple[object, str, str]:
        template = await Template.start(RELEASE, 0)
        try:
            worker = await template.fork()
            try:
                return template.proc.stderr, os.readlink(f"/proc/{template.pid}/fd/2"), os.readlink(f"/proc/{worker.pid}/fd/2")
            finally:
                worker.kill()
                await worker.wait()
                worker.forget()
        finally:
            await template.stop()

    stderr, template_target, worker_target = asyncio.run(run())
    assert stderr is None and template_target == worker_target == os.readlink("/proc/self/fd/2")
