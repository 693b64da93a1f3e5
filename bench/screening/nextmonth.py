"""A county's "next month": the payments file with one more month appended, for the office
bench and the increment figure of bench_screening.py."""

# SQL over our own generated files
# ruff: noqa: S608

from __future__ import annotations

import shutil
from pathlib import Path


def month_two(data: Path, out: Path) -> Path:
    """payments.csv with every payment of its last month paid again a month later."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    target = out / "payments.csv"
    if target.exists():
        return target
    src = str(data / "payments.csv").replace("'", "''")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW p AS SELECT * FROM read_csv('{src}', all_varchar=true)")
    last = con.execute(
        "SELECT max(TRY_CAST(发放日期 AS DATE)) FROM p WHERE TRY_CAST(发放日期 AS DATE) IS NOT NULL"
    ).fetchone()[0]
    first_of_month = last.replace(day=1)
    shutil.copyfile(data / "payments.csv", target)
    extra = out / "extra.csv"
    con.execute(
        f"""COPY (SELECT * REPLACE (strftime(TRY_CAST(发放日期 AS DATE) + INTERVAL 1 MONTH,
                   '%Y-%m-%d') AS 发放日期)
            FROM p WHERE TRY_CAST(发放日期 AS DATE) >= DATE '{first_of_month}')
           TO '{extra}' (HEADER false)"""
    )
    with target.open("ab") as dst, extra.open("rb") as src_extra:
        shutil.copyfileobj(src_extra, dst)
    extra.unlink()
    return target


def next_month_folder(data: Path, out: Path) -> Path:
    """`out` holding month two's payments and every other table of `data` (as links)."""
    month_two(data, out)
    for path in data.iterdir():
        target = out / path.name
        wanted = path.name != "payments.csv" and not path.name.startswith(".")
        if wanted and path.is_file() and not target.exists():
            target.symlink_to(path.resolve())
    return out
