"""Edit distance tests in SQL that skip DuckDB's slow `damerau_levenshtein` where they can.

`damerau_levenshtein` costs about 18 µs a pair in DuckDB, `hamming` well under 1 µs and
`levenshtein` about 2 µs; candidate pairs of ID numbers run into the hundreds of thousands at
county scale. The cheap tests below decide most pairs and give the same answer as the slow one:

- at most one edit: strings of equal length are one substitution (hamming 1) or one adjacent
  transposition (hamming 2, then checked); lengths one apart are one insertion, which
  levenshtein measures exactly; any other pair is more than one edit away.
- at most two edits: levenshtein <= 2 implies it (transpositions only shorten the distance), and
  a Damerau distance of 2 is at most a levenshtein of 4, so only those pairs are checked.
"""

from __future__ import annotations


def within_one_edit(a: str, b: str, spark: bool = False) -> str:
    """SQL true when damerau_levenshtein(a, b) <= 1 (false, not NULL, when either is NULL).
    Spark has no `hamming`: it gets the plain test (Splink's jar gives damerau_levenshtein)."""
    if spark:
        return f"damerau_levenshtein({a}, {b}) <= 1"
    return (
        # nested CASE, not OR: DuckDB evaluates both sides of an OR, and Damerau-Levenshtein on
        # every pair of a block cost 0.96 s of a county's cadre matching (0.04 s like this)
        f"CASE WHEN length({a}) = length({b}) "
        f"THEN CASE WHEN hamming({a}, {b}) <= 1 THEN true "
        f"WHEN hamming({a}, {b}) = 2 THEN damerau_levenshtein({a}, {b}) <= 1 ELSE false END "
        f"WHEN abs(length({a}) - length({b})) = 1 THEN levenshtein({a}, {b}) <= 1 "
        "ELSE false END"
    )


def within_two_edits(a: str, b: str, spark: bool = False) -> str:
    """SQL true when damerau_levenshtein(a, b) <= 2 (false when either is NULL)."""
    if spark:
        return f"damerau_levenshtein({a}, {b}) <= 2"
    return (
        f"CASE WHEN abs(length({a}) - length({b})) > 2 THEN false "
        f"WHEN levenshtein({a}, {b}) <= 2 THEN true "
        f"WHEN levenshtein({a}, {b}) <= 4 THEN damerau_levenshtein({a}, {b}) <= 2 "
        "ELSE false END"
    )


def within_two_edits_inside(a: str, b: str, spark: bool = False) -> str:
    """within_two_edits(a, b) for two ID numbers already known to share their first 6 and last 4
    characters (linking's weakest block): when both are 18 long, only the 8 between can differ,
    and taking a common start and end off two strings leaves their edit distance as it was, so
    only those 8 are compared (a third of the time of the whole numbers at county scale)."""
    if spark:
        return within_two_edits(a, b, spark)
    inside = within_two_edits(f"substr({a}, 7, 8)", f"substr({b}, 7, 8)")
    return (
        f"CASE WHEN length({a}) = 18 AND length({b}) = 18 THEN {inside} "
        f"ELSE {within_two_edits(a, b)} END"
    )


def within_one_character(a: str, b: str, spark: bool = False) -> str:
    """SQL true when a and b are at most one character apart (one substitution, insertion or
    deletion), counted in characters. DuckDB's `levenshtein` counts UTF-8 bytes (张三丰 and 张三风
    are 3 apart there), Spark's counts characters: Spark keeps it, DuckDB compares characters
    with `substr`, which counts characters (names are a few characters: a few µs a pair)."""
    if spark:
        return f"levenshtein({a}, {b}) <= 1"
    longer = f"CASE WHEN length({a}) > length({b}) THEN {a} ELSE {b} END"
    shorter = f"CASE WHEN length({a}) > length({b}) THEN {b} ELSE {a} END"
    return (
        f"CASE WHEN length({a}) = length({b}) THEN len(list_filter(range(length({a})), "
        f"lambda i: substr({a}, i + 1, 1) <> substr({b}, i + 1, 1))) <= 1 "
        f"WHEN abs(length({a}) - length({b})) = 1 THEN len(list_filter(range(length({longer})), "
        f"lambda i: substr({longer}, 1, i) || substr({longer}, i + 2) = {shorter})) > 0 "
        "ELSE false END"
    )
