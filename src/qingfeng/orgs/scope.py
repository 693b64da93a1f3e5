"""The one scoping function every back-office queryset goes through.

A user's scope is a set of regions and zones; each becomes a region-code prefix (a zone
stands for its townships), so "is this object mine" is one indexed prefix filter.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from qingfeng.orgs import regions


def scope_prefixes(user) -> tuple[str, ...]:
    """The region-code prefixes the user may see, shortest first, redundant ones dropped."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_scope_prefixes", None)
    if cached is not None:
        return cached
    codes = set(user.scope_regions.values_list("code", flat=True))
    codes.update(user.scope_zones.values_list("townships__code", flat=True))
    codes.discard(None)
    prefixes: list[str] = []
    for prefix in sorted({regions.prefix_of(c) for c in codes}, key=len):
        if not any(prefix.startswith(p) for p in prefixes):
            prefixes.append(prefix)
    user._scope_prefixes = tuple(prefixes)
    return user._scope_prefixes


def scope_q(user, path: str) -> Q:
    prefixes = scope_prefixes(user)
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{path}__startswith": prefix})
    return q


def grant_q(user, model) -> Q:
    """指定办案: a model may name, in SCOPE_GRANT_UNIT, the path to an organisation unit that
    was designated to handle that one object; the unit's members see it (and only it)
    wherever it lies. The model clears the field when the designation ends."""
    path = getattr(model, "SCOPE_GRANT_UNIT", None)
    unit_id = getattr(user, "org_unit_id", None)
    if not path or not unit_id or not getattr(user, "is_active", False):
        return Q(pk__in=[])
    return Q(**{path: unit_id})


def in_scope(queryset: QuerySet, user, path: str | None = None) -> QuerySet:
    """Restrict `queryset` to the user's regions. The model names its region-code path in
    SCOPE_PATH (for example "region__code"); `path` overrides it. Objects designated to the
    user's unit (SCOPE_GRANT_UNIT) are added."""
    model_path = getattr(queryset.model, "SCOPE_PATH", None)
    path = path or model_path
    if not path:
        raise TypeError(f"{queryset.model.__name__} declares no SCOPE_PATH")
    q = scope_q(user, path)
    if path == model_path and getattr(queryset.model, "SCOPE_GRANT_UNIT", None):
        q |= grant_q(user, queryset.model)
    return queryset.filter(q)


def code_in_scope(user, code: str) -> bool:
    return any(code.startswith(p) for p in scope_prefixes(user))


def object_in_scope(user, obj: Model) -> bool:
    return in_scope(type(obj)._default_manager.filter(pk=obj.pk), user).exists()
