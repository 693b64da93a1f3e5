"""Errors the engine raises, with messages in Chinese for the officials who read them."""

from __future__ import annotations

from dataclasses import dataclass


class ScreeningError(Exception):
    """Any input the engine refuses: unknown rule, bad parameter, bad data."""


@dataclass(frozen=True)
class DataProblem:
    file: str
    row: int | None  # file row number as Excel shows it (header is row 1); None for the whole file
    column: str | None  # Chinese header
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return f"{'，'.join(where)}：{self.message}"


class DataError(ScreeningError):
    """Every problem found in the input folder; raised before any rule runs."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        lines = [f"数据有{len(problems)}处问题，未执行任何比对规则："]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))
