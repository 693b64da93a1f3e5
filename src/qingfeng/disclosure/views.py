"""Public disclosure pages of a village: the list, one batch with its rows, hash and history,
the whole chain, and the canonical JSON and .xlsx of a batch. No JavaScript; masked values
only; every page carries the village chain's head hash as its ETag, since nothing published
changes until the village publishes again."""

from __future__ import annotations

import hashlib

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from qingfeng.core import pagecache
from qingfeng.core.pagecache import cached_public_page
from qingfeng.disclosure import kinds, schedule, selectors, sheets
from qingfeng.disclosure.chain import canonical_bytes
from qingfeng.disclosure.kinds import Kind
from qingfeng.disclosure.links import report_url
from qingfeng.orgs import selectors as orgs

PUBLIC_MAX_AGE = 60
BATCHES_PER_PAGE = 20
ROWS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _village(code: str):
    region = orgs.region_by_code(code)
    if region is None or region.level != "village":
        raise Http404
    return region


def _etag(request, code: str, **kwargs) -> str | None:
    head = selectors.public_head(code)
    # page and filter, and the language and 长辈模式 (each variant its own validator: a cache
    # revalidating the Chinese page must not be told 304 for the Uyghur one)
    query = f"{request.GET.urlencode()}|{pagecache.variant(request)}"
    variant = hashlib.sha256(query.encode()).hexdigest()[:8]
    return f"{head[0][:32]}-{variant}" if head else None


def _modified(request, code: str, **kwargs):
    head = selectors.public_head(code)
    return head[1] if head else None


def public(view):
    """GET only, cacheable by anyone, revalidated by ETag / Last-Modified."""
    view = condition(etag_func=_etag, last_modified_func=_modified)(view)
    view = cache_control(public=True, max_age=PUBLIC_MAX_AGE)(view)
    return require_safe(view)


def css_class(column: kinds.Column) -> str:
    if column.type in (kinds.MONEY, kinds.INT):
        return "num"
    return "wrap" if column.max_length >= 200 else ""


@cached_public_page
@public
def batch_list(request, code: str):
    village = _village(code)
    if village.code != code:
        return redirect("disclosure:list", code=village.code, permanent=True)
    kind = request.GET.get("kind") or None
    if kind not in (None, *Kind.values):
        raise Http404
    page = Paginator(selectors.public_batches(village, kind), BATCHES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "disclosure/public_list.html",
        {
            "village": village,
            "township": village.parent,
            "page": page,
            "kind": kind,
            "kinds": [(k, label, schedule.RULES[k].text) for k, label in Kind.choices],
        },
    )


@public
def batch_detail(request, code: str, pk: str):
    village = _village(code)
    batch = selectors.public_batch(village, int(pk))
    if batch is None:
        raise Http404
    columns = kinds.columns(batch.kind)
    classes = [css_class(c) for c in columns]
    page = Paginator(selectors.public_rows(batch), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    headers = [c.header for c in columns]
    rows = [
        {
            "line": row.line,
            "cells": list(
                zip((row.data.get(c.key, "") for c in columns), classes, headers, strict=True)
            ),
            "validity": kinds.decision_validity(row.data) if batch.kind == Kind.DECISION else None,
            "report_url": report_url(village.code, "disclosure", f"{batch.pk}-{row.line}"),
        }
        for row in page
    ]
    return render(
        request,
        "disclosure/public_batch.html",
        {
            "village": village,
            "township": village.parent,
            "batch": batch,
            "headers": list(zip(headers, classes, strict=True)),
            "totals": _totals(batch, columns),
            "page": page,
            "rows": rows,
            "history": selectors.history(batch),
            "rule": schedule.RULES[batch.kind],
            "report_url": report_url(village.code, "disclosure", batch.pk),
        },
    )


def _totals(batch, columns) -> list[tuple[str, str]] | None:
    """合计 of each money column, "" for the others (None when the kind has no amounts)."""
    money = [c.key for c in columns if c.type == kinds.MONEY]
    if not money:
        return None
    sums = selectors.money_totals(batch, money)
    return [(f"{sums[c.key]:.2f}" if c.key in sums else "", c.header) for c in columns]


@public
def batch_canonical(request, code: str, pk: str):
    village = _village(code)
    batch = selectors.public_batch(village, int(pk))
    if batch is None:
        raise Http404
    return HttpResponse(
        canonical_bytes(selectors.canonical(batch)), content_type="application/json; charset=utf-8"
    )


@public
def batch_xlsx(request, code: str, pk: str):
    village = _village(code)
    batch = selectors.public_batch(village, int(pk))
    if batch is None:
        raise Http404
    response = HttpResponse(
        sheets.export(batch, selectors.public_rows(batch), office=False), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="disclosure-{batch.pk}.xlsx"'
    return response


@public
def chain_page(request, code: str):
    village = _village(code)
    page = Paginator(selectors.public_chain(village), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/public_chain.html",
        {"village": village, "township": village.parent, "page": page},
    )
