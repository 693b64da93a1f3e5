"""Conflict-free, rotating assignment of inspectors to villages (pure Python, no database).

Each village gets one inspector; nobody gets a village they are barred from (their own, one
where a 近亲属 lives or holds a post: `forbidden`, from ledger/recusal.py) or the village they
checked in the previous round (`previous`), and the load is even: nobody gets more than
ceil(villages / inspectors). It is a maximum bipartite matching with capacities (augmenting
paths, Kuhn's algorithm), so a village is left out only when no valid assignment covers it."""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class Plan:
    pairs: dict[Hashable, Hashable] = field(default_factory=dict)  # village -> inspector
    unassigned: list[Hashable] = field(default_factory=list)
    capacity: int = 0


def assign(
    villages: Iterable[Hashable],
    inspectors: Iterable[Hashable],
    forbidden: Mapping[Hashable, set],
    previous: Mapping[Hashable, set] | None = None,
    *,
    seed: int = 0,
) -> Plan:
    villages = list(dict.fromkeys(villages))
    inspectors = list(dict.fromkeys(inspectors))
    previous = previous or {}
    if not villages or not inspectors:
        return Plan(unassigned=villages)
    capacity = math.ceil(len(villages) / len(inspectors))
    rng = random.Random(seed)  # noqa: S311 (an order, not a secret)
    candidates: dict[Hashable, list] = {}
    for village in villages:
        allowed = [
            i
            for i in inspectors
            if village not in forbidden.get(i, ()) and village not in previous.get(i, ())
        ]
        rng.shuffle(allowed)
        candidates[village] = allowed
    load: dict[Hashable, list] = {i: [] for i in inspectors}
    owner: dict[Hashable, Hashable] = {}

    def augment(village, seen: set) -> bool:
        # First a free inspector, then try to move one of a full inspector's villages.
        for inspector in candidates[village]:
            if inspector not in seen and len(load[inspector]) < capacity:
                seen.add(inspector)
                load[inspector].append(village)
                owner[village] = inspector
                return True
        for inspector in candidates[village]:
            if inspector in seen:
                continue
            seen.add(inspector)
            for other in list(load[inspector]):
                if augment(other, seen):
                    load[inspector].remove(other)
                    load[inspector].append(village)
                    owner[village] = inspector
                    return True
        return False

    # The hardest villages (fewest candidates) first.
    order = sorted(villages, key=lambda v: (len(candidates[v]), rng.random()))
    unassigned = [v for v in order if not augment(v, set())]
    return Plan(pairs=dict(owner), unassigned=unassigned, capacity=capacity)
