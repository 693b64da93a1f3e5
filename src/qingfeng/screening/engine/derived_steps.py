"""The derived tables of a run (prepare.py), each built, grown or re-used from the previous
version (partial.py).

- `people` (payees): re-used when payments and residents are the same; when payments only grew,
  the previous payees plus those first paid in the new rows (a payee's name and village come
  from their first payment, and nobody paid before has a first payment among appended rows);
- `id_checks`: re-used when payments are the same; grown by the IDs of the new rows;
- `links`: a record's link depends on the record, the payees, the residents register (whether
  a name is unique in the county) and, for relatives, the officials; with those the same, links
  of a register that is the same are kept, of a register that grew only its new records are
  linked, of a changed register all its records are linked again;
- `cadres` and `cadre_ties`: re-used when officials, residents and relatives are the same.

A table built again is compared with the previous one, so that `plan.derived` (and, for links,
`plan.links_changed` per register) says what really changed for the rules.
"""

# SQL here is assembled from the contract's own identifiers and the engine's own file paths,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .backends import DuckDBBackend
from .cache import Entry, place
from .cadres import build_cadres
from .contract import FIRST_ROW
from .linking import LinkStats
from .loader import LoadedData
from .prepare import columns_of, id_checks_sql, people_sql
from .versions import Change

if TYPE_CHECKING:
    from .partial import Plan


class DerivedSteps:
    def __init__(
        self, con: duckdb.DuckDBPyConnection, loaded: LoadedData, plan: Plan | None
    ) -> None:
        self.con, self.loaded, self.plan = con, loaded, plan
        self.placed: set[str] = set()  # taken from the previous version as they are

    # --- helpers
    def _previous(self, name: str) -> Path | None:
        return self.plan.previous.derived_path(name) if self.plan else None

    def _reuse(self, name: str) -> bool:
        previous = self._previous(name)
        if previous is None:
            return False
        out = self.loaded.work_dir / f"{name}.parquet"
        place(Entry(previous, 0), out)
        self.con.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet('{_lit(out)}')"
        )
        self.placed.add(name)
        assert self.plan is not None
        self.plan.derived[name] = Change.SAME
        return True

    def _compare(self, name: str) -> None:
        from .partial import same_content

        previous = self._previous(name)
        if self.plan is None:
            return
        same = previous is not None and same_content(self.con, name, previous)
        self.plan.derived[name] = Change.SAME if same else Change.CHANGED

    def _grew(self, name: str, previous: Path, key: str) -> None:
        assert self.plan is not None
        added = self.con.execute(
            f"SELECT count(*) FROM {name} WHERE {key} NOT IN "
            f"(SELECT {key} FROM read_parquet('{_lit(previous)}'))"
        ).fetchall()[0][0]
        self.plan.derived[name] = Change.APPENDED if added else Change.SAME

    def _new_rows(self) -> str | None:
        after = self.plan.new_payments_after if self.plan else None
        if after is None:
            return None
        return f"(SELECT * FROM payments WHERE row_id >= {int(after) + FIRST_ROW})"

    # --- the tables
    def people(self) -> None:
        plan = self.plan
        if plan and plan.same("payments", "residents") and self._reuse("people"):
            return
        previous, new_rows = self._previous("people"), self._new_rows()
        if plan and previous and new_rows and plan.same("residents"):
            old = f"read_parquet('{_lit(previous)}')"
            newcomers = self.con.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT id_no FROM {new_rows} "
                f"WHERE id_no IS NOT NULL AND id_no NOT IN (SELECT id_no FROM {old}))"
            ).fetchall()[0][0]
            if not newcomers and self._reuse("people"):
                return  # nobody new is paid: the payees are last month's
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE people AS SELECT * FROM {old} UNION ALL "
                f"SELECT * FROM ({people_sql(new_rows)}) WHERE id_no NOT IN "
                f"(SELECT id_no FROM {old})"
            )
            self._grew("people", previous, "id_no")
            return
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE people AS {people_sql()}")
        self._compare("people")

    def id_checks(self) -> None:
        plan = self.plan
        if plan and plan.same("payments") and self._reuse("id_checks"):
            return
        previous, new_rows = self._previous("id_checks"), self._new_rows()
        if plan and previous and new_rows:
            found = id_checks_sql(self.con, new_rows)
            self.con.execute(
                "CREATE OR REPLACE TEMP TABLE id_checks AS "
                f"SELECT * FROM read_parquet('{_lit(previous)}') UNION {found}"
            )
            self.con.execute("DROP TABLE __qf_id_verdicts")
            self._grew("id_checks", previous, "id_key")
            return
        found = id_checks_sql(self.con)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE id_checks AS {found}")
        self.con.execute("DROP TABLE __qf_id_verdicts")
        self._compare("id_checks")

    def links(self, build: Callable[..., LinkStats], sources: frozenset[str]) -> LinkStats:
        from .partial import changed_sources

        plan, previous = self.plan, self._previous("links")
        if plan is None or previous is None:
            stats = build(sources)
            if plan is not None:
                plan.links_changed = set(sources)
            return stats
        context = ["residents"] + (["officials"] if "relatives" in sources else [])
        people = plan.derived.get("people")
        if (
            sources
            and plan.same(*context)
            and people is Change.APPENDED
            and self._previous("people")
        ):
            return self._links_for_new_payees(build, sources, previous)
        if not (plan.same(*context) and people is Change.SAME):
            stats = build(sources)  # every record's candidates may have changed
            plan.links_changed = changed_sources(self.con, previous)
            return stats
        keep = {s for s in sources if plan.tables[s].change is Change.SAME}
        grown = {s: plan.tables[s].rows_before for s in sources
                 if plan.tables[s].change is Change.APPENDED}  # fmt: skip
        if keep == set(sources):
            self._reuse("links")
            plan.links_changed = set()
            return plan.previous.link_stats()
        backend = DuckDBBackend(self.con)
        for source, before in grown.items():  # link only the new records of a grown register
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE __qf_new_{source} AS "
                f"SELECT * FROM {source} WHERE row_id >= {int(before) + FIRST_ROW}"
            )
            self.con.execute(f"CREATE OR REPLACE VIEW {source} AS SELECT * FROM __qf_new_{source}")
        try:
            stats = build(frozenset(sources - keep))
        finally:
            for source in grown:
                backend.register(source, self.loaded.work_dir / f"{source}.parquet",
                                 columns_of(source))  # fmt: skip
                self.con.execute(f"DROP TABLE __qf_new_{source}")
        kept = ", ".join(f"'{s}'" for s in sorted(keep | set(grown))) or "NULL"
        self.con.execute(
            f"INSERT INTO links SELECT * FROM read_parquet('{_lit(previous)}') "
            f"WHERE src IN ({kept})"
        )
        plan.links_changed = changed_sources(self.con, previous)
        counts = dict(self.con.execute("SELECT kind, count(*) FROM links GROUP BY kind").fetchall())
        stats.exact, stats.fuzzy = counts.get("exact", 0), counts.get("fuzzy", 0)
        stats.name_unique = counts.get("name_unique", 0)
        return stats

    def _links_for_new_payees(
        self, build: Callable[..., LinkStats], sources: frozenset[str], previous: Path
    ) -> LinkStats:
        """Payees grew, residents (and officials) the same: link again only the records a new
        payee can change, the new records of grown registers and changed registers
        (link_growth.py); keep the other links."""
        from .link_growth import RELINK, relink_set
        from .partial import changed_sources

        plan = self.plan
        assert plan is not None
        people = self._previous("people")
        assert people is not None
        changes = {s: plan.tables[s] for s in sources}
        grown = {s: c.rows_before for s, c in changes.items() if c.change is Change.APPENDED}
        changed = {s for s, c in changes.items() if c.change is Change.CHANGED}
        relink_set(self.con, sources, people, grown, changed)
        stats = build(sources, only=RELINK)
        kept = ", ".join(f"'{s}'" for s in sorted(set(sources) - changed)) or "NULL"
        self.con.execute(
            f"INSERT INTO links SELECT * FROM read_parquet('{_lit(previous)}') p "
            f"WHERE p.src IN ({kept}) AND NOT EXISTS (SELECT 1 FROM {RELINK} r "
            "WHERE r.src = p.src AND r.row_id = p.row_id)"
        )
        self.con.execute(f"DROP TABLE {RELINK}")
        plan.links_changed = changed_sources(self.con, previous)
        counts = dict(self.con.execute("SELECT kind, count(*) FROM links GROUP BY kind").fetchall())
        stats.exact, stats.fuzzy = counts.get("exact", 0), counts.get("fuzzy", 0)
        stats.name_unique = counts.get("name_unique", 0)
        return stats

    def cadres(self) -> None:
        plan = self.plan
        if (
            plan
            and plan.same("officials", "residents", "relatives")
            and self._previous("cadres")
            and self._previous("cadre_ties")
        ):
            self._reuse("cadres")
            self._reuse("cadre_ties")
            return
        build_cadres(self.con)
        self._compare("cadres")
        self._compare("cadre_ties")


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
