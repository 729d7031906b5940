"""Debian's Chromium for the browser tests: where it is, how it is started (no network, headless)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
#: Without the background-networking flags Chromium keeps trying to reach Google's hosts.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def launched() -> Iterator[object]:
    """A Playwright browser on Debian's chromium (never `playwright install`); fails if it is missing."""
    from playwright import sync_api

    if not CHROMIUM.exists():
        raise AssertionError("Debian's chromium is needed for the browser tests: apt-get install -y chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
