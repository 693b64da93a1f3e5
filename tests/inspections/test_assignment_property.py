"""The assignment over random demo-like counties (hypothesis): nobody inspects a village they
are barred from (own village, a 近亲属 lives or holds a post there) or the village they checked
last round; loads stay even; and a village is left out only when no valid matching covers it
(checked against a brute-force maximum matching on small counties)."""

from __future__ import annotations

import itertools
import math
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from qingfeng.inspections.assignment import assign


@st.composite
def counties(draw, max_villages=40):
    n = draw(st.integers(min_value=2, max_value=max_villages))
    villages = [f"v{i:03d}" for i in range(n)]
    # Demo-like: most villages have one or two monitors, some none.
    inspectors, home = [], {}
    for v in villages:
        for _k in range(draw(st.integers(min_value=0, max_value=2))):
            pid = len(inspectors)
            inspectors.append(pid)
            home[pid] = v
    forbidden = {}
    for pid in inspectors:
        family = draw(st.lists(st.sampled_from(villages), max_size=3))
        forbidden[pid] = {home[pid], *family}
    previous = {pid: {draw(st.sampled_from(villages))} for pid in inspectors if draw(st.booleans())}
    return villages, inspectors, forbidden, previous


def _check(villages, inspectors, forbidden, previous, plan):
    loads = {}
    for village, pid in plan.pairs.items():
        assert village in villages
        assert village not in forbidden[pid], (village, pid, "conflict")
        assert village not in previous.get(pid, set()), (village, pid, "same as last round")
        loads[pid] = loads.get(pid, 0) + 1
    assert set(plan.pairs) | set(plan.unassigned) == set(villages)
    assert not set(plan.pairs) & set(plan.unassigned)
    if inspectors:
        cap = math.ceil(len(villages) / len(inspectors))
        assert all(n <= cap for n in loads.values())


@settings(max_examples=200, deadline=None)
@given(counties())
def test_no_conflicted_or_repeated_assignment(county):
    villages, inspectors, forbidden, previous = county
    plan = assign(villages, inspectors, forbidden, previous, seed=7)
    _check(villages, inspectors, forbidden, previous, plan)


def _best_possible(villages, inspectors, forbidden, previous, cap):
    """Brute force: the most villages any valid assignment covers (small counties only)."""
    slots = [p for p in inspectors for _ in range(cap)]
    best = 0
    for r in range(len(villages), 0, -1):
        for subset in itertools.combinations(villages, r):
            for perm in itertools.permutations(range(len(slots)), r):
                if all(
                    v not in forbidden[slots[s]] and v not in previous.get(slots[s], set())
                    for v, s in zip(subset, perm, strict=True)
                ):
                    return r
    return best


@settings(max_examples=60, deadline=None)
@given(counties(max_villages=5))
def test_a_village_is_left_out_only_when_nobody_can_take_it(county):
    villages, inspectors, forbidden, previous = county
    plan = assign(villages, inspectors, forbidden, previous, seed=3)
    _check(villages, inspectors, forbidden, previous, plan)
    if inspectors and len(inspectors) <= 6:
        cap = plan.capacity
        assert len(plan.pairs) == _best_possible(villages, inspectors, forbidden, previous, cap)


def test_a_136_village_county_is_assigned_in_well_under_a_second():
    villages = [f"v{i:03d}" for i in range(136)]
    inspectors = list(range(272))
    forbidden = {p: {villages[p // 2], villages[(p * 7) % 136]} for p in inspectors}
    previous = {p: {villages[(p // 2 + 1) % 136]} for p in inspectors}
    start = time.perf_counter()
    plan = assign(villages, inspectors, forbidden, previous)
    assert time.perf_counter() - start < 1.0
    assert not plan.unassigned
    _check(villages, inspectors, forbidden, previous, plan)
