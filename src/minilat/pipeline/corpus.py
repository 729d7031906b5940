"""The digest manifest: which digest files minilat is built from, verified by SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from minilat import paths
from minilat.errors import UserError


class DigestFile(BaseModel):
    """One digest text in ``corpus/digests/``."""

    model_config = ConfigDict(extra="forbid")

    file: str = Field(title="File", description="File name in corpus/digests/.")
    sha256: str = Field(title="SHA-256", description="Hash of the file's bytes.", pattern=r"^[0-9a-f]{64}$")
    slug: str = Field(title="Slug", description="Readable IRI slug of the digest issue.", pattern=r"^[a-z0-9-]+$")
    series: str = Field(title="Series", description="Series title in Chinese.")
    series_en: str = Field(title="Series (English)", description="Series title in English.")
    theme: str = Field(title="Theme", description="Theme of the issue in Chinese.")
    theme_en: str = Field(title="Theme (English)", description="Theme of the issue in English.")
    language: Literal["zh"] = Field(title="Language", description="Language of the digest text.")
    source: str = Field(title="Source", description="Where the file was copied from.")

    @property
    def path(self) -> Path:
        return paths.DIGESTS / self.file


def manifest(path: Path = paths.MANIFEST) -> list[DigestFile]:
    """Read the manifest."""
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [DigestFile.model_validate(row) for row in rows]
    except FileNotFoundError:
        raise UserError("digest manifest missing", path) from None
    except (yaml.YAMLError, ValidationError, TypeError) as exc:
        raise UserError(f"invalid manifest: {str(exc).splitlines()[0]}", path) from None


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
