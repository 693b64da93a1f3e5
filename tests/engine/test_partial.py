"""Next month's run from the previous version (partial.py, versions.py): whatever it re-uses,
its hits are those of a full run on the new files (issue 13 item 5)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from qingfeng.screening.engine import linking, prepare
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.generator import generate
from qingfeng.screening.engine.rules import all_rules
from qingfeng.screening.engine.runner import screen

Hits = list[tuple[object, ...]]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "data"
    generate(out, scale="small", seed=3)
    for extra in ("truth.csv", "decoys.csv"):
        (out / extra).unlink()
    return out


@pytest.fixture
def data(county: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(county, folder)
    return folder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """Which derived tables were built, and for which registers links were made."""
    seen: dict[str, list[object]] = {"links": [], "cadres": []}
    real_links = linking.build_links

    def counting_links(con, threshold, progress, sources, predict, only=None):  # type: ignore[no-untyped-def]
        rows = {s: con.execute(f"SELECT count(*) FROM {s}").fetchall()[0][0] for s in sources}
        seen["links"].append(rows)
        return real_links(con, threshold, progress, sources, predict, only)

    monkeypatch.setattr(prepare, "build_links", counting_links)
    from qingfeng.screening.engine import derived_steps

    real_cadres = derived_steps.build_cadres

    def counting_cadres(con):  # type: ignore[no-untyped-def]
        seen["cadres"].append(True)
        return real_cadres(con)

    monkeypatch.setattr(derived_steps, "build_cadres", counting_cadres)
    return seen


def _run(data: Path, cache: Path | None, rules: list[str] | None = None) -> tuple[Hits, list[str]]:
    messages: list[str] = []
    report = screen(
        data,
        rules=rules,
        cache=LoadCache(cache) if cache else None,
        progress=lambda _f, m: messages.append(m),
    )
    hits = [
        (h.rule, h.subject, h.village_code, h.summary, h.evidence, h.fuzzy) for h in report.hits
    ]
    return hits, messages


def _encoding(path: Path) -> str:
    """The generator writes some registers in GBK, as offices do."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _rows(path: Path) -> tuple[str, list[list[str]]]:
    text = path.read_text(encoding=_encoding(path))
    header, *rows = list(csv.reader(io.StringIO(text)))
    return ",".join(header), rows


def _append(path: Path, rows: list[list[str]]) -> None:
    """Rows written at the end of the file, in its own encoding, as next month's file is."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    encoding = "gb18030" if _encoding(path) == "gb18030" else "utf-8"
    with path.open("ab") as f:
        if not path.read_bytes().endswith(b"\n"):
            f.write(b"\n")
        f.write(buffer.getvalue().encode(encoding))


def _next_month(data: Path, extra: list[list[str]] | None = None) -> None:
    """Every payment of the last month paid again a month later (and `extra` rows)."""
    _header, rows = _rows(data / "payments.csv")
    last = max(r[0][:7] for r in rows)
    year, month = int(last[:4]), int(last[5:7])
    nxt = f"{year + month // 12}-{month % 12 + 1:02d}"
    again = [[nxt + r[0][7:], *r[1:]] for r in rows if r[0].startswith(last)]
    _append(data / "payments.csv", again + (extra or []))


def _modes(messages: list[str]) -> dict[str, str]:
    out = {}
    for m in messages:
        if "命中" in m and m[:1] == "R":
            out[m[:3]] = m[m.index("（") + 1 : -1] if "（" in m else "full"
    return out


def _edit_and_compare(
    data: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> tuple[Hits, list[str], Hits]:
    cache = tmp_path / "cache"
    first, _ = _run(data, cache)
    edit(data)
    again, messages = _run(data, cache)
    full, _ = _run(data, None)
    assert again == full
    return again, messages, first


def test_a_month_of_payments_appended(data, tmp_path, calls):
    calls["links"].clear()
    cache = tmp_path / "cache"
    first, _ = _run(data, cache)
    assert calls["links"] and calls["cadres"]
    calls["links"].clear(), calls["cadres"].clear()
    _next_month(data)
    again, messages = _run(data, cache)
    assert calls == {"links": [], "cadres": []}  # the payees did not change: links kept
    modes = _modes(messages)
    assert modes["R01"] == modes["R06"] == "只比对新增的发放记录"
    assert modes["R05"] == modes["R10"] == "只比对新增记录涉及的对象"
    assert modes["R08"] == modes["R09"] == "沿用上次结果"
    assert again == _run(data, None)[0]
    assert again != first  # the dead are paid once more


def test_a_month_with_a_new_payee_and_a_bad_id(data, tmp_path, calls):
    _header, rows = _rows(data / "residents.csv")
    _, pays = _rows(data / "payments.csv")
    paid = {p[2] for p in pays}
    newcomer = next(r for r in rows if r[0] not in paid)
    template = pays[-1]
    extra = [
        [template[0], template[1], newcomer[0], newcomer[1], newcomer[4], "300", "6222009"],
        [template[0], template[1], "33080319", "某某", template[4], "300", "6222010"],
    ]
    again, messages, _first = _edit_and_compare(data, tmp_path, lambda d: _next_month(d, extra))
    assert any(h[0] == "R11" and h[1] == "33080319" for h in again)
    assert _modes(messages)["R11"] == "只比对新增的发放记录"


def test_a_death_added_links_only_the_new_record(data, tmp_path, calls):
    _, pays = _rows(data / "payments.csv")
    header, deaths = _rows(data / "deaths.csv")
    dead = {d[0] for d in deaths}
    alive = next(p for p in pays if p[2] not in dead and p[2])
    row = [""] * len(header.split(","))
    cols = header.split(",")
    row[cols.index("身份证号")], row[cols.index("姓名")] = alive[2], alive[3]
    row[cols.index("死亡日期")] = "2020-01-01"
    calls["links"].clear()

    def add_death(d: Path) -> None:
        calls["links"].clear()
        _append(d / "deaths.csv", [row])

    again, messages, first = _edit_and_compare(data, tmp_path, add_death)
    # the run with the previous version linked one death record; the full run everything
    assert calls["links"][0] == {"deaths": 1}
    assert any(h[0] == "R01" and h[1] == alive[2] for h in again)
    assert not any(h[0] == "R01" and h[1] == alive[2] for h in first)
    assert _modes(messages)["R05"] == "沿用上次结果"


def test_a_residents_row_changed(data, tmp_path, calls):
    header, rows = _rows(data / "residents.csv")

    def rename(d: Path) -> None:
        changed = [list(r) for r in rows]
        changed[5][1] = changed[5][1] + "某"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(changed)
        (d / "residents.csv").write_text(header + "\n" + buffer.getvalue(), encoding="utf-8")

    _edit_and_compare(data, tmp_path, rename)


def test_a_register_replaced_entirely(data, tmp_path, calls):
    header, rows = _rows(data / "officials.csv")

    def replace(d: Path) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows[::2])
        (d / "officials.csv").write_text(header + "\n" + buffer.getvalue(), encoding="utf-8")

    again, messages, first = _edit_and_compare(data, tmp_path, replace)
    assert again != first
    modes = _modes(messages)
    assert modes["R03"] == modes["R04"] == modes["R09"] == "full"
    assert modes["R05"] == "沿用上次结果"


def test_the_same_files_again_keep_every_rule(data, tmp_path, calls):
    again, messages, first = _edit_and_compare(data, tmp_path, lambda d: None)
    assert again == first
    assert set(_modes(messages).values()) == {"沿用上次结果"}


def test_changed_rules_or_parameters_never_meet_an_old_version(data, tmp_path):
    cache = tmp_path / "cache"
    _run(data, cache, rules=["R01"])
    report = screen(data, rules=["R01"], params={"R01.grace_days": "0"}, cache=LoadCache(cache))
    full = screen(data, rules=["R01"], params={"R01.grace_days": "0"})
    assert [h.evidence for h in report.hits] == [h.evidence for h in full.hits]


PAYMENT_RULES = [
    code for code, rule in all_rules().items() if (rule.folder / "input" / "payments.csv").exists()
]


@pytest.mark.parametrize("code", PAYMENT_RULES)
def test_every_rule_keeps_its_word_on_its_own_fixture(code, tmp_path):
    """Each rule's fixture, its payments cut in two: the first part, then the whole file with
    the previous version, gives the hits of a full run; and the whole file with its rows paid
    again (nobody new, so nothing but payments changes) runs the rule on the new rows alone, as
    its `increment` says, and still gives a full run's hits."""
    rule = all_rules()[code]
    header, rows = _rows(rule.folder / "input" / "payments.csv")
    cuts = [c for c in (len(rows) // 2,) if 0 < c < len(rows)]
    for cut, appended in [*((c, rows[c:]) for c in cuts), (len(rows), rows)]:
        data = tmp_path / f"cut{cut}"
        shutil.copytree(rule.folder / "input", data)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows[:cut])
        (data / "payments.csv").write_text(header + "\n" + buffer.getvalue(), encoding="utf-8")
        cache = tmp_path / f"cache{cut}"
        _run(data, cache, [code])
        _append(data / "payments.csv", appended)
        again, messages = _run(data, cache, [code])
        assert again == _run(data, None, [code])[0], f"{code} cut at {cut}"
    if rule.increment:  # the last case: the rule ran on the new rows (or their keys) alone
        assert _modes(messages)[code] != "full"


@pytest.mark.spark
def test_spark_reads_a_table_checked_in_segments(tmp_path):
    """Next month's payments as last month's segment and the new rows' segment: Spark numbers
    the rows across segments as DuckDB does (no version is kept for Spark runs)."""
    data = tmp_path / "data"
    shutil.copytree(all_rules()["R01"].folder / "input", data)
    cache = LoadCache(tmp_path / "cache")
    screen(data, rules=["R01"], cache=cache)
    _, rows = _rows(data / "payments.csv")
    _append(data / "payments.csv", rows[:2])
    on_spark = screen(data, rules=["R01"], cache=cache, engine="spark").hits
    on_duckdb = screen(data, rules=["R01"]).hits
    assert [(h.subject, h.evidence) for h in on_spark] == [
        (h.subject, h.evidence) for h in on_duckdb
    ]
    metas = [json.loads(m.read_text()) for m in (tmp_path / "cache").glob("*.json")]
    assert any(len(m.get("parts") or []) == 2 for m in metas)  # payments came in two segments


STATE_RULES = [code for code in PAYMENT_RULES if all_rules()[code].state]


def _shifted(rows: list[list[str]], months: int) -> list[list[str]]:
    """The rows paid again `months` later (same day of the month, at most the 28th)."""
    out = []
    for r in rows:
        year, month, day = int(r[0][:4]), int(r[0][5:7]), min(int(r[0][8:10]), 28)
        index = year * 12 + month - 1 + months
        out.append([f"{index // 12}-{index % 12 + 1:02d}-{day:02d}", *r[1:]])
    return out


@pytest.mark.parametrize("code", STATE_RULES)
def test_rules_with_kept_aggregates_match_a_full_run_at_every_cut(code, tmp_path):
    """R05/R10 name the subjects to run again from their kept aggregates (rule_state.py): cut
    the fixture's payments after every row, and append to the whole file its last month paid
    again, every row a month and a year later, a row with another village, a row with a
    new account holder and a row after a gap; each time the run from the previous version
    gives a full run's hits, and keeps its aggregates equal to those of a full run."""
    rule = all_rules()[code]
    header, rows = _rows(rule.folder / "input" / "payments.csv")
    last = max(r[0][:7] for r in rows)
    tails = {
        "next month": _shifted([r for r in rows if r[0].startswith(last)], 1),
        "a month later": _shifted(rows, 1),
        "a year later": _shifted(rows, 12),
        "other village": [[rows[0][0], *rows[0][1:4], "330803100209", *rows[0][5:]]],
        "new holder": [[*rows[-1][:2], "330803195001011230", "张三", *rows[-1][4:]]],
        # the first row's person paid again three months later: for R05's fixture a gap that
        # makes January's repeat no longer "more payments than months spanned"
        "after a gap": _shifted(rows[:1], 3),
    }
    cases = [(f"cut {c}", rows[:c], rows[c:]) for c in range(1, len(rows))]
    cases += [(name, rows, tail) for name, tail in tails.items()]
    for i, (name, first, appended) in enumerate(cases):
        data = tmp_path / f"case{i}"
        shutil.copytree(rule.folder / "input", data)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(first)
        (data / "payments.csv").write_text(header + "\n" + buffer.getvalue(), encoding="utf-8")
        cache = tmp_path / f"cache{i}"
        _run(data, cache, [code])
        _append(data / "payments.csv", appended)
        again, messages = _run(data, cache, [code])
        full, _ = _run(data, None, [code])
        assert again == full, f"{code}, {name}"
        assert _modes(messages)[code] != "full", f"{code}, {name}"
        kept = _state(cache, code)
        fresh = tmp_path / f"fresh{i}"
        _run(data, fresh, [code])
        assert kept == _state(fresh, code), f"{code}, {name}: aggregates"


def _state(cache: Path, code: str) -> list[tuple[object, ...]]:
    import duckdb

    (path,) = (cache / "runs").glob(f"*/state/{code}.parquet")
    return sorted(duckdb.sql(f"SELECT * FROM read_parquet('{path}')").fetchall(), key=str)


def test_a_version_missing_its_hits_file_is_not_re_used(data, tmp_path):
    """Rows without the hits they were built with would keep no hit for the subjects left
    alone: such a version is ignored and every rule runs in full."""
    cache = tmp_path / "cache"
    _run(data, cache)
    (hits_file,) = (cache / "runs").glob("*/hits.parquet")
    hits_file.unlink()
    _next_month(data)
    again, messages = _run(data, cache)
    assert set(_modes(messages).values()) == {"full"}
    assert again == _run(data, None)[0]
