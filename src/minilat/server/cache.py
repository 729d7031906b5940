"""A small LRU cache of worker answers, bounded in bytes.

The dataset only changes through an update (which bumps the pool's generation, part of
every key), so the answer to a deterministic query or page is reusable until then.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

ITEM_LIMIT = 4 * 1024 * 1024


def size_of(answer: dict) -> int:
    body = answer.get("body")
    return 512 + (len(body) if isinstance(body, bytes | str) else 16_384)


class Cache:
    """Answers by key, least recently used evicted first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, tuple[dict, int]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        """Whether answers are kept at all (``--cache 0``: never; callers skip building keys)."""
        return self.max_bytes > 0

    def get(self, key: Hashable) -> dict | None:
        item = self._items.get(key)
        if item is None:
            self.misses += 1
            return None
        self._items.move_to_end(key)
        self.hits += 1
        return item[0]

    def put(self, key: Hashable, answer: dict) -> None:
        size = size_of(answer)
        if not self.enabled or size > min(ITEM_LIMIT, self.max_bytes):
            return
        if key in self._items:
            self.bytes -= self._items.pop(key)[1]
        self._items[key] = (answer, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self.bytes -= dropped

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0
