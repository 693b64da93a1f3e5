"""`gen-data`: deterministic, valid IDs, anomalies for every rule, and the engine finds them."""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import pytest

from qingfeng.screening.engine.generator import generate
from qingfeng.screening.engine.idnumbers import id_problem
from qingfeng.screening.engine.runner import run_screening

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small")
    generate(out, scale="small", seed=7)
    return out


def _rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix == ".csv"
    }


def test_the_same_seed_gives_the_same_files(small: Path, tmp_path: Path) -> None:
    generate(tmp_path / "again", scale="small", seed=7)
    generate(tmp_path / "other", scale="small", seed=8)
    assert _digest(tmp_path / "again") == _digest(small)
    assert _digest(tmp_path / "other") != _digest(small)


def test_residents_have_valid_ids_and_village_codes(small: Path) -> None:
    residents = _rows(small / "residents.csv")
    assert len(residents) > 2000
    assert all(id_problem(r["身份证号"]) is None for r in residents)
    assert all(len(r["村代码"]) == 12 and r["村代码"].isdigit() for r in residents)
    assert any("·" in r["姓名"] for r in residents)  # some Uyghur names


def test_registers_carry_noise(small: Path) -> None:
    deaths = _rows(small / "deaths.csv", "gb18030")
    assert any(not d["身份证号"] for d in deaths)
    assert any(d["身份证号"] and id_problem(d["身份证号"]) for d in deaths)


def test_truth_plants_every_rule_with_fuzzy_cases_where_linking_matters(small: Path) -> None:
    truth = _rows(small / "truth.csv")
    rules = {t["rule"] for t in truth}
    assert rules == {f"R{i:02d}" for i in range(1, 13)}
    fuzzy = {t["rule"] for t in truth if t["kind"] == "fuzzy"}
    assert fuzzy == {"R01", "R02", "R03", "R04", "R07"}
    assert {d["rule"] for d in _rows(small / "decoys.csv")} >= {
        "R01",
        "R06",
        "R07",
        "R08",
        "R10",
        "R12",
    }


def test_screening_finds_the_truth_and_no_decoy(small: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    from screening.scoring import score

    from qingfeng.screening.engine.output import write_hits

    write_hits(run_screening(small), tmp_path / "hits.csv")
    scores = score(tmp_path / "hits.csv", small)
    assert set(scores) == {f"R{i:02d}" for i in range(1, 13)}
    for rule, s in scores.items():
        assert s.precision == 1.0, (rule, s)
        assert s.recall_exact == 1.0, (rule, s)
        assert s.recall_fuzzy >= 0.95, (rule, s)
        assert s.decoys_flagged == 0, (rule, s)
