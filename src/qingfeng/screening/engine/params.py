"""Typed rule parameters: defaults in the rule, overrides from `--param R08.threshold=200000`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ScreeningError

ParamValue = int | float | Decimal | str | tuple[str, ...]


@dataclass(frozen=True)
class Param:
    name: str
    type: type  # int, float, Decimal, str or tuple (a list of text values)
    default: ParamValue
    label: str  # Chinese, shown to officials

    def parse(self, text: str, rule: str) -> ParamValue:
        """Parse an override given as text; a Chinese error names the rule and parameter."""
        text = text.strip()
        try:
            if self.type is tuple:
                items = tuple(s.strip() for s in text.replace("，", ",").split(",") if s.strip())
                if not items:
                    raise ValueError(text)
                return items
            if self.type is Decimal:
                value: Any = Decimal(text.replace(",", ""))
                if not value.is_finite():
                    raise ValueError(text)
                return value
            if self.type is int:
                return int(text)
            if self.type is float:
                return float(text)
            if not text:
                raise ValueError(text)
            return text
        except (ValueError, InvalidOperation) as exc:
            kind = {int: "整数", float: "数字", Decimal: "金额", tuple: "以逗号分隔的列表"}
            raise ScreeningError(
                f"参数 {rule}.{self.name}（{self.label}）的值“{text}”无效，"
                f"应为{kind.get(self.type, '文本')}"
            ) from exc

    def check(self, value: ParamValue, rule: str) -> ParamValue:
        """Validate a value given from Python (the web app), converting text when needed."""
        if isinstance(value, str) and self.type is not str:
            return self.parse(value, rule)
        if self.type is tuple and isinstance(value, list | tuple):
            return tuple(str(v) for v in value)
        if self.type is Decimal and isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        if self.type is float and isinstance(value, int | float):
            return float(value)
        if isinstance(value, self.type) and not isinstance(value, bool):
            return value
        raise ScreeningError(f"参数 {rule}.{self.name}（{self.label}）的值“{value}”类型不对")


def sql_literal(value: ParamValue) -> str:
    """A parameter as a SQL literal; text is quoted, so no parameter can change the query."""
    if isinstance(value, tuple):
        return "(" + ", ".join(sql_literal(v) for v in value) + ")"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, Decimal):
        return f"CAST({value} AS DECIMAL(18,2))"
    return repr(value)
