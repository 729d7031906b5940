"""Why the pool could not answer a job: each is a 503 with a message for the client and a
Retry-After hint (``retry_after`` seconds)."""

from __future__ import annotations


class PoolError(Exception):
    """A job the pool could not answer: the server replies 503 with Retry-After."""

    status = 503

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class QueueFull(PoolError):
    def __init__(self, waiting: int) -> None:
        super().__init__(f"the server is busy: {waiting} requests are already waiting for a query worker; retry in a moment")


class Busy(PoolError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"the server is busy: no query worker became free within {seconds:g} s; retry in a moment")


class SlowLaneFull(PoolError):
    def __init__(self, budget: float, slow: int, retry_after: int) -> None:
        lane = "a long query" if slow == 1 else f"{slow} long queries"
        super().__init__(
            f"this query runs longer than the {budget:g} s first budget, and the slow lane is busy with {lane} "
            f"(ending within {retry_after} s): retry later, or make the query cheaper (a LIMIT, fewer patterns)", retry_after,
        )


class TimedOut(PoolError):
    def __init__(self, limit: float) -> None:
        super().__init__(f"the query was stopped after the {limit:g} s time limit")


class Died(PoolError):
    def __init__(self, retry: bool = False) -> None:
        super().__init__("the query worker stopped (out of memory?); the query was abandoned")
        self.retry = retry  # a fast-lane job: worth one more try on another worker
