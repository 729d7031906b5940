"""The digest manifest: the issues of the series minilat is built from, each file verified by SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from minilat import paths
from minilat.errors import UserError


class DigestFile(BaseModel):
    """One issue of the digest series: its text in ``corpus/digests/``, its curation in
    ``corpus/curation/issues/{slug}/``."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(title="File", description="File name in corpus/digests/.")
    sha256: str = Field(title="SHA-256", description="Hash of the file's bytes.", pattern=r"^[0-9a-f]{64}$")
    slug: str = Field(title="Slug", description="Readable IRI slug of the digest issue: id/digest/{slug}, graph/issue/{slug}.", pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    number: int | None = Field(default=None, title="Issue number", description="The issue's number in the series, when the file gives it.", ge=1)
    date: str | None = Field(default=None, title="Date", description="Year, month or date of the issue, when the file gives it.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    scoped_iris: bool = Field(
        default=True,
        title="Issue-scoped IRIs",
        description="Claims, annotations, fact assertions and argument links get IRIs under the issue's slug "
        "(id/claim/{issue}/{slug}). False only for the first issue, whose unscoped IRIs were released before the series model and are kept.",
    )
    series: str = Field(title="Series", description="Series title in Chinese.")
    series_en: str = Field(title="Series (English)", description="Series title in English.")
    theme: str = Field(min_length=1, title="Theme", description="Theme of the issue in Chinese.")
    theme_en: str | None = Field(default=None, title="Theme (English)", description="Theme of the issue in English (left for the curator by `minilat add`).")
    language: Literal["zh"] = Field(title="Language", description="Language of the digest text.")
    source: str = Field(title="Source", description="Where the file was copied from.")

    @property
    def path(self) -> Path:
        return paths.DIGESTS / self.file

    def scoped(self, name: str) -> str:
        """An issue-scoped IRI path segment: ``{issue}/{name}``, or ``name`` for the first issue."""
        return f"{self.slug}/{name}" if self.scoped_iris else name


def manifest(path: Path = paths.MANIFEST) -> list[DigestFile]:
    """Read the manifest."""
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = [DigestFile.model_validate(row) for row in rows]
    except FileNotFoundError:
        raise UserError("digest manifest missing", path) from None
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise UserError(f"invalid manifest: {str(exc).splitlines()[0]}", path) from None
    for field in ("slug", "file", "sha256"):
        values = [getattr(entry, field) for entry in entries]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise UserError(f"invalid manifest: two issues share the {field} {repeated[0]}", path)
    if sum(not entry.scoped_iris for entry in entries) > 1:
        raise UserError("invalid manifest: only the first issue keeps unscoped IRIs (scoped_iris: false)", path)
    return entries


def verify(entry: DigestFile) -> Path:
    """Check the digest file's hash against the manifest; return its path."""
    try:
        data = entry.path.read_bytes()
    except FileNotFoundError:
        raise UserError("digest listed in the manifest is missing", entry.path) from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry.sha256:
        raise UserError(
            f"SHA-256 {actual} does not match the manifest ({entry.sha256}): the digest must be an unchanged copy",
            entry.path,
        )
    return entry.path
