"""How big each generated data set is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    townships: int
    villages_per_township: int
    residents: int
    first_year: int
    years: int
    deaths: int
    fiscal_officials: int  # 财政供养人员; 村干部 are 5 per village on top
    vehicles: int
    companies: int
    contracts: int
    plants: int  # exact anomalies planted per rule (fuzzy ones are half as many)

    @property
    def villages(self) -> int:
        return self.townships * self.villages_per_township

    @property
    def months(self) -> int:
        return 12 * self.years

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.first_year + self.years - 1, 12, 31)


SCALES = {
    "small": Scale("small", 2, 3, 3_000, 2024, 2, 150, 40, 150, 60, 120, 6),
    "county": Scale("county", 20, 15, 600_000, 2021, 5, 30_000, 6_500, 30_000, 10_000, 20_000, 120),
    "province": Scale(
        "province", 200, 15, 6_000_000, 2021, 5, 300_000, 65_000, 300_000, 100_000, 200_000, 600
    ),
}
