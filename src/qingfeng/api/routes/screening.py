"""Screening data sets and runs. The screening services record the administrator who
registered the client as the uploader or starter (their objects point to a user); the client's
own scope and permission are checked first, and every call is in the audit log with the
client (decision 0008)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from qingfeng.api.auth import need
from qingfeng.api.errors import ApiError, not_found
from qingfeng.api.models import Permission
from qingfeng.api.schemas import DataSetOut, ErrorOut, HitPage, MappingIn, RunIn, RunOut
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.scope import code_in_scope
from qingfeng.screening import selectors as screening
from qingfeng.screening import services as screening_services

router = Router(tags=["大数据比对"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}


def _region(request, code: str, field: str):
    region = orgs.region_by_code(code)
    if region is None or not code_in_scope(request.api_viewer, region.code):
        raise ApiError(404, "not_found", _("No such region in this client's scope."), field)
    return region


def _acting_user(request):
    """The responsible administrator the services record (see the module's docstring)."""
    user = request.api_client.created_by
    if not user.is_active:
        raise ApiError(
            403, "forbidden", _("The administrator who registered this client is no longer active.")
        )
    return user


def dataset_out(dataset) -> dict:
    return {
        "id": dataset.pk,
        "region": {"code": dataset.region.code, "name": dataset.region.name},
        "kind": dataset.kind,
        "as_of": dataset.as_of,
        "version": dataset.version,
        "status": dataset.status,
        "status_label": str(dataset.get_status_display()),
        "rows": dataset.rows,
        "problems": dataset.problems[:200],
        "headers": dataset.headers if dataset.status == "mapping" else [],
        "report_url": reverse("api:dataset_detail", kwargs={"dataset_id": dataset.pk}),
    }


class DataSetForm(Schema):
    region: str = Field(pattern=r"^\d{12}$", description="县或乡镇的 12 位区划代码")
    kind: str = Field(max_length=16, description="数据种类，见 docs/screening.md")
    as_of: dt.date = Field(description="数据截至日期")


@router.post(
    "/datasets", response={202: DataSetOut, **ERRORS, 413: ErrorOut}, summary="上传比对数据"
)
def dataset_upload(request, payload: Form[DataSetForm], files: File[list[UploadedFile]]):
    """上传一份比对数据（一个或几个文件，.xlsx/.csv 或压缩的 .zip/.gz）。

    后台检查，检查报告见 report_url。"""
    need(request, Permission.DATASETS_WRITE)
    region = _region(request, payload.region, "region")
    dataset = screening_services.dataset_upload(
        actor=_acting_user(request),
        region=region,
        kind=payload.kind,
        as_of=payload.as_of,
        uploads=list(files),
    )
    return Status(202, dataset_out(dataset))


@router.get(
    "/datasets/{dataset_id}",
    response={200: DataSetOut, **ERRORS},
    url_name="dataset_detail",
    summary="比对数据的状态和检查报告",
)
def dataset_detail(request, dataset_id: int):
    """一份数据的状态和检查报告（每处错误的行、列和原因）。"""
    need(request, Permission.DATASETS_WRITE)
    dataset = screening.datasets_for(request.api_viewer).filter(pk=dataset_id).first()
    if dataset is None:
        raise not_found()
    return Status(200, dataset_out(dataset))


@router.post(
    "/datasets/{dataset_id}/mapping",
    response={202: DataSetOut, **ERRORS},
    summary="提交列的对应关系",
)
def dataset_mapping(request, dataset_id: int, payload: MappingIn):
    """列名与规范不同时：提交对应关系（规范列名 → 文件列名），随后后台重新检查。"""
    need(request, Permission.DATASETS_WRITE)
    dataset = screening.datasets_for(request.api_viewer).filter(pk=dataset_id).first()
    if dataset is None:
        raise not_found()
    dataset = screening_services.dataset_map(
        actor=_acting_user(request), dataset=dataset, mapping=payload.mapping
    )
    dataset.refresh_from_db()
    return Status(202, dataset_out(dataset))


def run_out(run) -> dict:
    return {
        "id": run.pk,
        "region": {"code": run.region.code, "name": run.region.name},
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "progress": run.progress,
        "message": run.message,
        "hit_count": run.hit_count,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "hits_url": reverse("api:run_hits", kwargs={"run_id": run.pk}),
    }


@router.post("/screening/runs", response={202: RunOut, **ERRORS}, summary="发起比对")
def run_start(request, payload: RunIn):
    """对一个县或乡镇最新的已检查数据发起比对（后台运行）。"""
    need(request, Permission.DATASETS_WRITE)
    region = _region(request, payload.region, "region")
    run = screening_services.run_start(
        actor=_acting_user(request), region=region, rules=payload.rules
    )
    return Status(202, run_out(run))


def _run(request, run_id: int):
    need(request, Permission.DATASETS_WRITE)
    run = screening.runs_for(request.api_viewer).filter(pk=run_id).first()
    if run is None:
        raise not_found()
    return run


@router.get("/screening/runs/{run_id}", response={200: RunOut, **ERRORS}, summary="比对的状态")
def run_detail(request, run_id: int):
    return Status(200, run_out(_run(request, run_id)))


class HitQuery(Schema):
    rule: str = Field("", max_length=8)
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0)


@router.get(
    "/screening/runs/{run_id}/hits",
    response={200: HitPage, **ERRORS},
    url_name="run_hits",
    summary="比对命中",
)
def run_hits(request, run_id: int, query: Query[HitQuery]):
    """比对命中。身份证号、姓名、账号打码，除非客户端有“查看未打码的命中”权限。"""
    run = _run(request, run_id)
    full = request.api_client.has(Permission.HITS_UNMASKED)
    hits = screening.run_hits(request.api_viewer, run, rule=query.rule)
    items = []
    for hit in hits[query.offset : query.offset + query.limit]:
        shown = screening.hit_shown(hit, full=full)
        items.append(
            {
                "id": hit.pk,
                "rule": hit.rule,
                "village": hit.village_code,
                "status": hit.status,
                "subject": shown.subject,
                "summary": shown.summary,
                "evidence": [
                    {"label": label, "headers": headers, "rows": rows}
                    for label, headers, rows in shown.tables
                ],
                "masked": not full,
            }
        )
    return Status(200, {"count": hits.count(), "items": items})
