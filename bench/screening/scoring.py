"""Precision and recall of screening hits against a generated truth.csv (and decoys.csv)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


@dataclass
class RuleScore:
    rule: str
    truth_exact: int = 0
    truth_fuzzy: int = 0
    found_exact: int = 0
    found_fuzzy: int = 0
    hits: int = 0
    false_hits: int = 0
    decoys_flagged: int = 0

    @property
    def precision(self) -> float:
        return 1.0 if not self.hits else (self.hits - self.false_hits) / self.hits

    @property
    def recall_exact(self) -> float:
        return 1.0 if not self.truth_exact else self.found_exact / self.truth_exact

    @property
    def recall_fuzzy(self) -> float:
        return 1.0 if not self.truth_fuzzy else self.found_fuzzy / self.truth_fuzzy


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def score(hits_csv: Path, data_dir: Path) -> dict[str, RuleScore]:
    truth = read_csv(data_dir / "truth.csv")
    decoys = read_csv(data_dir / "decoys.csv") if (data_dir / "decoys.csv").exists() else []
    hits = read_csv(hits_csv)
    kinds = {(t["rule"], t["subject"]): t["kind"] for t in truth}
    found = {(h["rule"], h["subject"]) for h in hits}
    decoy_keys = {(d["rule"], d["subject"]) for d in decoys}
    scores: dict[str, RuleScore] = defaultdict(lambda: RuleScore(""))
    for (rule, subject), kind in kinds.items():
        s = scores.setdefault(rule, RuleScore(rule))
        if kind == "fuzzy":
            s.truth_fuzzy += 1
            s.found_fuzzy += (rule, subject) in found
        else:
            s.truth_exact += 1
            s.found_exact += (rule, subject) in found
    for rule, subject in found:
        s = scores.setdefault(rule, RuleScore(rule))
        s.hits += 1
        s.false_hits += (rule, subject) not in kinds
        s.decoys_flagged += (rule, subject) in decoy_keys
    return dict(sorted(scores.items()))


def false_hits(hits_csv: Path, data_dir: Path, rule: str) -> list[dict[str, str]]:
    """The hits of a rule that truth.csv does not list (for looking into a precision drop)."""
    kinds = {(t["rule"], t["subject"]) for t in read_csv(data_dir / "truth.csv")}
    return [
        h for h in read_csv(hits_csv) if h["rule"] == rule and (rule, h["subject"]) not in kinds
    ]


def fuzzy_hit(hit: dict[str, str]) -> bool:
    return "模糊匹配" in json.dumps(json.loads(hit["evidence"]), ensure_ascii=False)
