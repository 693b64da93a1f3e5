"""Name normalisation for matching people across registers.

Han names are compared as typed after NFKC; transliterated names (维吾尔族、哈萨克族…) join parts
with a middle dot that is typed in many ways, or left out, so the matching key drops it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MIDDLE_DOT = "·"
# every character seen standing in for the middle dot, after NFKC
_DOTS = "·•.・‧∙⋅･ˑ。・"
_DOT_RUN = re.compile(f"[{re.escape(_DOTS)}]+")
_SPACE = re.compile(r"\s+")


def normalize_name(name: str | None) -> str | None:
    """Display form: NFKC, no spaces, one kind of middle dot (· U+00B7) between parts."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKC", name)
    text = _SPACE.sub("", text)
    text = _DOT_RUN.sub(MIDDLE_DOT, text).strip(MIDDLE_DOT)
    return text or None


def name_key(name: str | None) -> str | None:
    """Matching key: the normalised name without the middle dot (买买提·艾力 = 买买提艾力)."""
    norm = normalize_name(name)
    return norm.replace(MIDDLE_DOT, "") if norm else None


def pinyin_map(chars: Iterable[str]) -> dict[str, str]:
    """Toneless pinyin of each character, for homophones typed wrong (张伟 / 章伟)."""
    from pypinyin import Style, lazy_pinyin  # a third of a second: only runs that link pay it

    return {c: "".join(lazy_pinyin(c, style=Style.NORMAL)) for c in chars}


def name_pinyin(name: str | None) -> str | None:
    key = name_key(name)
    if not key:
        return None
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(key, style=Style.NORMAL))
