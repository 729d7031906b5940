"""Names the suggester makes up: slugs for new entities and pinyin for Chinese names.

Both are marked where they are used (a person's ``name_en_from: pinyin``), because a
romanisation by rule is not the name a person uses (Hong Kong, Taiwan and overseas
spellings differ) and a curator should confirm it.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from minilat.ids import slugify
from minilat.pipeline.suggest.rules import Rule, registry

#: Two-character family names (复姓) that pinyin must keep together.
COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 百里".split())
MAX_SLUG = 48

RULES = registry(
    Rule("name.pinyin", "A Chinese personal name in pinyin, family name first, given name joined: 和怡然 → He Yiran; 欧阳文华 → Ouyang Wenhua.", (("和怡然", "He Yiran"), ("欧阳文华", "Ouyang Wenhua"), ("张尊月", "Zhang Zunyue"))),
    Rule("slug.pinyin", "A slug for a new entity: Latin names slugified, Chinese names in toneless pinyin, numbered when taken.", (("WTO", "wto"), ("气候俱乐部", "qi-hou-ju-le-bu"))),
)


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def pinyin_name(name: str) -> str:
    """Family name, then given name, each capitalised."""
    name = name.strip()
    split = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    family = "".join(lazy_pinyin(name[:split], style=Style.NORMAL))
    given = "".join(lazy_pinyin(name[split:], style=Style.NORMAL))
    return " ".join(part.capitalize() for part in (family, given) if part)


def new_slug(name: str, taken: set[str]) -> str:
    """A slug not in ``taken`` for a new entity named ``name``."""
    base = slugify(" ".join(lazy_pinyin(name, style=Style.NORMAL)) if is_chinese(name) else name)
    base = base[:MAX_SLUG].strip("-") or "entity"  # slugify already joins runs of dashes
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
