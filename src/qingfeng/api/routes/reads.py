"""The village register, statistics, and the public disclosure chain (no token)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from qingfeng.api.auth import need
from qingfeng.api.errors import ApiError, not_found
from qingfeng.api.models import Permission
from qingfeng.api.schemas import BatchDetailOut, BatchOut, ErrorOut, StatisticsOut, VillageOut
from qingfeng.disclosure import selectors as disclosure
from qingfeng.insights import areas, periods, statistics
from qingfeng.orgs import selectors as orgs

router = Router(tags=["读取"])
public = Router(tags=["公开（无需令牌）"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class VillageQuery(Schema):
    under: str = Field("", pattern=r"^(\d{12})?$", description="只列出此区划以下的")


@router.get("/villages", response={200: list[VillageOut], **ERRORS}, summary="行政区划名册")
def villages(request, query: Query[VillageQuery]):
    """本客户端范围内的行政区划（县、乡镇、村）名册。"""
    need(request, Permission.DISCLOSURE_READ)
    regions = orgs.regions_for(request.api_viewer).select_related("parent")
    if query.under:
        regions = regions.filter(code__startswith=query.under.rstrip("0")[:9] or query.under)
    items = [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "parent": r.parent.code if r.parent_id else None,
        }
        for r in regions.order_by("code")[:5000]
    ]
    return Status(200, items)


class StatisticsQuery(Schema):
    area: str = Field("", max_length=16, description="区划代码或 zone-<编号>；空为全部范围")
    period: str = Field(
        "", max_length=24, description="2026-03、2026Q1、2026 或 2026-01-01~2026-03-31"
    )


@router.get("/statistics", response={200: StatisticsOut, **ERRORS}, summary="统计数字")
def statistics_view(request, query: Query[StatisticsQuery]):
    """统计数字（与“统计分析”页面的口径相同）。"""
    need(request, Permission.LEDGER_READ)
    viewer = request.api_viewer
    try:
        period = periods.parse(query.period)
    except periods.PeriodError as exc:
        raise ApiError(400, "invalid", str(exc), "period") from exc
    area = areas.resolve(viewer, query.area)  # Http404 out of scope
    sections = {}
    for key, figures in statistics.figures(viewer, area, period):
        sections[str(key)] = [
            {
                "key": f.key,
                "label": str(f.definition.label),
                "value": None if f.value is None else float(f.value),
                "display": f.display,
            }
            for f in figures
        ]
    return Status(200, {"area": str(area.name), "period": period.param, "sections": sections})


def batch_out(batch) -> dict:
    return {
        "id": batch.pk,
        "village": batch.village.code,
        "kind": batch.kind,
        "period": batch.period,
        "title": batch.title,
        "version": batch.version,
        "seq": batch.seq,
        "hash": batch.hash,
        "prev_hash": batch.prev_hash,
        "published_at": batch.published_at,
        "row_count": batch.row_count,
        "corrects": batch.supersedes_id,
    }


def _village(code: str):
    village = orgs.region_by_code(code[:12])
    if village is None or village.level != "village":
        raise ApiError(404, "not_found", _("No such village."), "code")
    return village


@public.get(
    "/villages/{code}/disclosure",
    response={200: list[BatchOut], 400: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="一个村的三务公开批次和哈希链",
)
def disclosure_chain(request, code: str):
    """一个村的三务公开批次（含更正前的版本）及其哈希链，与公开页面相同，无需令牌。"""
    village = _village(code)
    return Status(
        200, [batch_out(b) for b in disclosure.public_chain(village).select_related("village")]
    )


@public.get(
    "/villages/{code}/disclosure/{batch_id}",
    response={200: BatchDetailOut, 400: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="一个三务公开批次",
)
def disclosure_batch(request, code: str, batch_id: int):
    """一个批次：规范文档（计算哈希的依据）和哈希。"""
    village = _village(code)
    batch = disclosure.public_chain(village).filter(pk=batch_id).select_related("village").first()
    if batch is None:
        raise not_found()
    return Status(200, {**batch_out(batch), "document": disclosure.canonical(batch)})
