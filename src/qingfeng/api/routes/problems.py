"""Problems from other channels (write) and the ledger (read), for the client's scope."""

from __future__ import annotations

import datetime as dt

import filetype
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from qingfeng.api.auth import need
from qingfeng.api.clients import ClientActor
from qingfeng.api.errors import ApiError, not_found
from qingfeng.api.models import Permission
from qingfeng.api.schemas import ErrorOut, ProblemIn, ProblemOut, ProblemPage, StepOut, StepPage
from qingfeng.intake import media
from qingfeng.intake import services as intake
from qingfeng.ledger import selectors as ledger
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.scope import code_in_scope

router = Router(tags=["问题"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}
MAX_LIMIT = 500


def problem_out(problem, code: str | None = None) -> dict:
    return {
        "number": problem.number,
        "village": {"code": problem.region.code, "name": problem.region.name},
        "kind": problem.kind,
        "source": problem.source,
        "external_ref": problem.external_ref,
        "title": problem.title,
        "status": problem.status,
        "status_label": str(problem.get_status_display()),
        "received_at": problem.received_at,
        "deadline": problem.due_date,
        "handling_unit": problem.handling_unit.name if problem.handling_unit_id else None,
        "updated_at": problem.updated_at,
        "tracking_code": code,
    }


def step_out(event) -> dict:
    return {
        "problem": event.problem.number,
        "step": event.kind,
        "step_label": str(event.get_kind_display()),
        "at": event.at,
        "note": event.note if event.public else "",
        "deadline": event.due_date,
    }


def _same(problem, payload: ProblemIn) -> bool:
    return (
        problem.region.code == payload.village
        and problem.kind == payload.kind
        and problem.description == payload.description.strip()
        and problem.subject_text == payload.subject_text.strip()
    )


def _repeat(request, payload: ProblemIn):
    """The problem already sent under this number: 200 with it when the body is the same,
    409 when it differs (or when it is outside this client's scope)."""
    existing = ledger.problem_by_external_ref(payload.source, payload.external_ref.strip())
    if existing is None:
        return None
    if not code_in_scope(request.api_viewer, existing.scope_code) or not _same(existing, payload):
        raise ApiError(
            409,
            "conflict",
            _("A different problem was already sent with this reference number."),
            "external_ref",
        )
    return existing


def _kind_of(upload) -> str | None:
    """The kind (image, audio, video) the bytes say, for the size check; None when unknown
    (media.clean_uploads then refuses it with its reason)."""
    head = upload.read(8192)
    upload.seek(0)
    return media.ACCEPTED.get(filetype.guess_mime(head), (None,))[0]


def _create(request, payload: ProblemIn, uploads: list) -> Status:
    need(request, Permission.INTAKE_WRITE)
    existing = _repeat(request, payload)
    if existing is not None:
        return Status(200, problem_out(existing))
    village = orgs.region_by_code(payload.village)
    if (
        village is None
        or village.level != "village"
        or not code_in_scope(request.api_viewer, village.code)
    ):
        raise ApiError(404, "not_found", _("No such village in this client's scope."), "village")
    if len(uploads) > media.MAX_FILES:
        raise ApiError(
            400, "invalid", _("At most %(n)d files.") % {"n": media.MAX_FILES}, "attachments"
        )
    try:
        for upload in uploads:  # a file over its kind's cap is 413, as a too-large body is
            kind = _kind_of(upload)
            if kind is not None and upload.size > media.CAPS[kind]:
                raise ApiError(
                    413,
                    "too_large",
                    _("“%(name)s” is larger than %(cap)d MB.")
                    % {"name": upload.name[:80], "cap": media.CAPS[kind] // media.MB},
                    "attachments",
                )
        files = media.clean_uploads(uploads)  # sniffed, capped, metadata stripped
    except ValidationError as exc:
        raise ApiError(400, "invalid", "；".join(exc.messages), "attachments") from exc
    try:
        report, code = intake.channel_report_submit(
            actor=ClientActor(request.api_client),
            village=village,
            kind=payload.kind,
            source=payload.source,
            external_ref=payload.external_ref.strip(),
            title=payload.title,
            description=payload.description,
            subject_text=payload.subject_text,
            subject_level=payload.subject_level,
            files=files,
        )
    except IntegrityError:  # the same number sent twice at once: the other request won
        existing = _repeat(request, payload)
        if existing is None:
            raise
        return Status(200, problem_out(existing))
    return Status(201, problem_out(ledger.problem_by_id(report.problem_id), code))


WRITE_ERRORS = {**ERRORS, 409: ErrorOut, 413: ErrorOut}


@router.post(
    "/problems",
    response={200: ProblemOut, 201: ProblemOut, **WRITE_ERRORS},
    summary="报送问题（JSON）",
)
def problem_create(request, payload: ProblemIn):
    """报送一件问题（JSON）。

    同一来源、同一编号再次报送时返回第一次的问题（200）；内容不同时 409。"""
    return _create(request, payload, [])


@router.post(
    "/problems/with-attachments",
    response={200: ProblemOut, 201: ProblemOut, **WRITE_ERRORS},
    summary="报送问题并附文件",
)
def problem_create_with_attachments(
    request, payload: Form[ProblemIn], attachments: File[list[UploadedFile]] = None
):
    """报送一件问题并附照片、录音、视频。

    multipart/form-data，字段同上，文件字段名 attachments。"""
    return _create(request, payload, list(attachments or []))


class ListQuery(Schema):
    since: dt.datetime | None = Field(None, description="只列出此时刻以后有变化的问题")
    status: str = Field("", max_length=16)
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get("/problems", response={200: ProblemPage, **ERRORS}, summary="问题列表")
def problem_list(request, query: Query[ListQuery]):
    """本客户端范围内的问题，按更新时间排序。"""
    need(request, Permission.LEDGER_READ)
    problems = ledger.problems_for(request.api_viewer)
    if query.since is not None:
        problems = problems.filter(updated_at__gte=query.since)
    if query.status:
        problems = problems.filter(status=query.status)
    problems = problems.order_by("updated_at", "pk")
    window = problems[query.offset : query.offset + query.limit]
    return Status(200, {"count": problems.count(), "items": [problem_out(p) for p in window]})


class ChangesQuery(Schema):
    since: dt.datetime = Field(description="从此时刻起（含）的进展")
    limit: int = Field(200, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


@router.get(
    "/problems/changes", response={200: StepPage, **ERRORS}, summary="自某时刻以来的办理进展"
)
def problem_changes(request, query: Query[ChangesQuery]):
    """范围内所有问题自某时刻以来的进展（状态变化），用于回传 12345 等渠道。"""
    need(request, Permission.LEDGER_READ)
    steps = ledger.problem_changes_since(ledger.problems_for(request.api_viewer), query.since)
    window = steps[query.offset : query.offset + query.limit]
    return Status(200, {"count": steps.count(), "items": [step_out(e) for e in window]})


def _problem(request, number: str):
    need(request, Permission.LEDGER_READ)
    problem = ledger.problems_for(request.api_viewer).filter(number=number[:20]).first()
    if problem is None:
        raise not_found()
    return problem


@router.get("/problems/{number}", response={200: ProblemOut, **ERRORS}, summary="一件问题")
def problem_detail(request, number: str):
    return Status(200, problem_out(_problem(request, number)))


class TimelineQuery(Schema):
    since: dt.datetime | None = None


@router.get(
    "/problems/{number}/timeline",
    response={200: list[StepOut], **ERRORS},
    summary="一件问题的办理进展",
)
def problem_timeline(request, number: str, query: Query[TimelineQuery]):
    """一件问题的办理进展（非公开步骤不含说明）。"""
    steps = ledger.timeline(_problem(request, number)).select_related("problem")
    if query.since is not None:
        steps = steps.filter(at__gte=query.since)
    return Status(200, [step_out(e) for e in steps])
