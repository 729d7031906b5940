"""User-facing errors: one line, naming the file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """An error caused by input the user gave us; printed as one line, exit code 2."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"
