"""统计用区划代码: 12 digits, PP CC DD TTT VVV (DOMAIN.md, Regions and people).

Pure functions, no database: a code's level, its non-zero prefix and its parent's code.
"Is X inside Y" is a prefix test on these prefixes.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COUNTY = "county"
TOWNSHIP = "township"
VILLAGE = "village"
LEVELS = (COUNTY, TOWNSHIP, VILLAGE)
PREFIX_LENGTH = {COUNTY: 6, TOWNSHIP: 9, VILLAGE: 12}

_CODE_RE = re.compile(r"^\d{12}$")


def level_of(code: str) -> str:
    """The level a well-formed code names; raises ValidationError otherwise."""
    if not _CODE_RE.match(code or ""):
        raise ValidationError(
            _("A region code has exactly 12 digits (统计用区划代码); got %(code)r.")
            % {"code": code},
            code="region_code_format",
        )
    if code[:6].endswith("00") or code[:2] == "00":
        raise ValidationError(
            _("Region code %(code)s does not name a county: digits 1 to 6 must be a county code.")
            % {"code": code},
            code="region_code_county",
        )
    township, village = code[6:9], code[9:12]
    if township == "000":
        if village != "000":
            raise ValidationError(
                _("Region code %(code)s has a village part without a township part.")
                % {"code": code},
                code="region_code_village_without_township",
            )
        return COUNTY
    return TOWNSHIP if village == "000" else VILLAGE


def prefix_of(code: str) -> str:
    return code[: PREFIX_LENGTH[level_of(code)]]


def parent_code(code: str) -> str | None:
    level = level_of(code)
    if level == COUNTY:
        return None
    if level == TOWNSHIP:
        return code[:6] + "000000"
    return code[:9] + "000"


def township_kind(code: str) -> str:
    """街道 / 镇 / 乡 / 乡级单位 from the township part (001–099, 100–199, 200–399, 400–599)."""
    part = int(code[6:9])
    if part < 100:
        return _("subdistrict")
    if part < 200:
        return _("town")
    if part < 400:
        return _("township")
    return _("township-level unit")


def village_kind(code: str) -> str:
    """居委会 (001–199) or 村委会 (200–399) from the village part."""
    return _("community") if int(code[9:12]) < 200 else _("village")


def check_child(parent: str, child: str) -> None:
    """A child's code must extend its parent's non-zero prefix, one level down."""
    if parent_code(child) != parent:
        raise ValidationError(
            _("Region code %(child)s does not extend its parent's code %(parent)s.")
            % {"child": child, "parent": parent},
            code="region_code_parent",
        )


def contains(outer: str, inner: str) -> bool:
    return inner.startswith(prefix_of(outer))
