"""Writes for public reports. The reporter's identity is encrypted, the 查询码 stored only as
a keyed hash; each write and each look at an identity writes its audit entry in the same
transaction."""

from __future__ import annotations

import datetime as dt
import functools
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qingfeng.audit.services import audit_record
from qingfeng.core import pii
from qingfeng.core.extensions import resolve_reference
from qingfeng.intake import codes
from qingfeng.intake.media import CleanFile
from qingfeng.intake.models import Report, ReportAttachment
from qingfeng.ledger import services as ledger
from qingfeng.ledger.models import Problem
from qingfeng.ledger.notify import send_sms
from qingfeng.orgs.roles import Role
from qingfeng.orgs.scope import code_in_scope

# A report of a recording may come without a kind (a villager who cannot read the choices): it
# is filed as an opinion, which goes to the township commission, and the township sorts it.
RECORDING_KINDS = frozenset({"audio", "video"})
UNSORTED_KIND = Problem.Kind.SUGGESTION

# Who may see a reporter's name and phone (every look is audited). Not the system
# administrator, not departments, not village supervisors (熟人社会).
IDENTITY_ROLES = frozenset(
    {Role.COUNTY_LEADER, Role.OFFICE_CADRE, Role.STATIONED_CADRE, Role.TOWNSHIP_CADRE}
)


def report_submit(
    *,
    village,
    kind: str,
    description: str,
    subject_text: str = "",
    subject_level: str = Problem.SubjectLevel.OTHER,
    anonymous: bool = True,
    name: str = "",
    phone: str = "",
    about: str = "",
    files: list[CleanFile] = (),
    entered_by=None,
    decided_by: str = "",
    decision: str = "",
    now: dt.datetime | None = None,
) -> tuple[Report, str]:
    """A resident's report (online, or entered for them at a walk-in stall). Returns the
    report and its 查询码, which is not stored and cannot be shown again.

    A 申诉 (kind "appeal") is always named and says whose decision (`decided_by`: "township" or
    "county") and which one (`decision`) it contests."""
    now = now or timezone.now()
    if not description.strip() and not files:
        raise ValidationError(_("Say what happened, or add a photo, a voice recording or a video."))
    sort_it = not kind  # a recording without a kind: the township listens and sorts it
    if sort_it:
        if not any(f.kind in RECORDING_KINDS for f in files):
            raise ValidationError(_("Choose what kind of matter it is."))
        kind = UNSORTED_KIND
    if not anonymous and not (name.strip() and phone):
        raise ValidationError(_("A named report needs your name and a phone number."))
    problem_text = description.strip()
    if kind == Problem.Kind.APPEAL:
        if anonymous:
            raise ValidationError(_("An appeal is made with your name."))
        if not decision.strip():
            raise ValidationError(_("Say which decision you appeal against."))
    # What the office reads is written in the office's language, whatever the reporter's page.
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Problem.Kind.APPEAL:
            problem_text = (
                _("Decision appealed against: %(decision)s") % {"decision": decision.strip()}
                + "\n\n"
                + problem_text
            )
        if sort_it:
            note = _("The reporter sent a recording and chose no kind: listen to it and sort it.")
            problem_text = f"{note}\n\n{problem_text}".strip()
        title = description.strip()[:40] or (
            _("A recording; kind not chosen")
            if sort_it
            else _("A report with photos, voice or video only")
        )
    reference = resolve_reference(about) if about else None
    if reference is not None:
        source = Problem.Source.OBJECTION
    elif entered_by is not None:
        source = Problem.Source.WALK_IN
    else:
        source = Problem.Source.REPORT
    channel = Report.Channel.WALK_IN if entered_by else Report.Channel.ONLINE
    return _file_report(
        actor=entered_by,
        village=village,
        files=files,
        now=now,
        problem={
            "kind": kind,
            "source": source,
            "title": title,
            "description": problem_text,
            "subject_text": subject_text,
            "subject_level": subject_level,
            "about": about if reference else "",
            "decided_by": decided_by if kind == Problem.Kind.APPEAL else "",
        },
        report={
            "channel": channel,
            "description": description.strip(),
            "subject_text": subject_text.strip(),
            "about": about if reference else "",
            "anonymous": anonymous,
            "reporter_name_sealed": "" if anonymous else pii.encrypt(name.strip()[:64]),
            "reporter_phone": None if anonymous else phone,
            "entered_by": entered_by,
        },
        action="intake.report.submit",
        data={
            "kind": kind,
            "kind_chosen": not sort_it,
            "anonymous": anonymous,
            "channel": channel,
        },
    )


def _file_report(
    *, actor, village, files, now, problem: dict, report: dict, action: str, data: dict
) -> tuple[Report, str]:
    """The one way a report is filed, whatever its channel: its problem in the ledger, the
    report with the hash of a new 查询码, its attachments and the audit entry, in one
    transaction. Returns the report and the code (shown once, never stored)."""
    code = codes.new_code()
    with transaction.atomic():
        problem_row = ledger.problem_create(
            actor=actor, logged_by=None, region=village, now=now, **problem
        )
        report_row = Report.objects.create(
            problem=problem_row,
            village=village,
            code_hash=codes.code_hash(code),
            created_at=now,
            **report,
        )
        _save_attachments(report_row, files)
        audit_record(
            actor=actor,
            action=action,
            target=report_row,
            region_code=village.code,
            data={"problem": problem_row.number, **data, "attachments": len(files)},
        )
    return report_row, code


def _save_attachments(report: Report, files: list[CleanFile]) -> None:
    for clean in files:
        attachment = ReportAttachment(
            report=report,
            kind=clean.kind,
            content_type=clean.content_type,
            size=len(clean.data),
            sha256=clean.sha256,
        )
        name_on_disk = f"{secrets.token_hex(12)}.{clean.extension}"
        attachment.file.save(name_on_disk, ContentFile(clean.data), save=False)
        attachment.save()


def channel_report_submit(
    *,
    actor,
    village,
    kind: str,
    source: str,
    external_ref: str,
    title: str,
    description: str,
    subject_text: str = "",
    subject_level: str = Problem.SubjectLevel.OTHER,
    files: list[CleanFile] = (),
    now: dt.datetime | None = None,
) -> tuple[Report, str]:
    """A problem from another channel (12345, 信访, 舆情 …) sent through the open API, with the
    channel's own number and the attachments already sniffed and stripped (media.clean_uploads).
    `actor` names the API client in the audit log (it is not a user). Returns the report and
    its 查询码 (the channel may pass it on to the resident; it is not stored)."""
    now = now or timezone.now()
    if not description.strip():
        raise ValidationError(_("Say what happened."))
    return _file_report(
        actor=actor,
        village=village,
        files=files,
        now=now,
        problem={
            "kind": kind,
            "source": source,
            "title": title.strip() or description.strip()[:40],
            "description": description.strip(),
            "subject_text": subject_text,
            "subject_level": subject_level,
            "external_ref": external_ref,
        },
        report={
            "channel": Report.Channel.OTHER_CHANNEL,
            "description": description.strip(),
            "subject_text": subject_text.strip(),
            "anonymous": True,
        },
        action="intake.report.channel",
        data={"source": source, "reference": external_ref},
    )


def send_code_by_sms(*, actor, report: Report, code: str) -> bool:
    """At a walk-in stall: text the code to the reporter's own phone."""
    if not report.reporter_phone:
        return False
    text = _("Qingfeng: your report is registered. Tracking code %(code)s (keep it private).") % {
        "code": codes.grouped(code)
    }
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="intake.report.code_sms",
            target=report,
            region_code=report.village.code,
            data={"phone": str(report.reporter_phone)},
        )
        transaction.on_commit(lambda: send_sms(report.reporter_phone, text))
    return True


def report_by_code(code: str) -> Report | None:
    digits = codes.normalize(code)
    if len(digits) != codes.LENGTH:
        return None
    return (
        Report.objects.select_related("problem", "village")
        .filter(code_hash=codes.code_hash(digits))
        .first()
    )


@functools.cache
def _ids_by_code_sql() -> str:
    """The ORM's SQL for the look-up, compiled once per process: building it was a third of a
    look-up's CPU (bench/profile_track.py), the query itself an index probe."""
    # code_hash is unique: no ORDER BY (Report's default ordering is dropped)
    query = Report.objects.filter(code_hash="").order_by().values_list("pk", "problem_id").query
    return query.sql_with_params()[0]


def report_ids_by_code(code: str) -> tuple[int, int] | None:
    """The report's id and its problem's (the /track/ look-up: one indexed query, no model
    built; the problem's id names the generation of the kept status page)."""
    digits = codes.normalize(code)
    if len(digits) != codes.LENGTH:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_ids_by_code_sql(), [codes.code_hash(digits)])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def report_rate(*, report: Report, rating: str, now=None) -> Report:
    now = now or timezone.now()
    if rating not in Report.Rating.values:
        raise ValidationError(_("Choose a rating."))
    problem = report.problem
    if problem.status not in (Problem.Status.REPLIED, Problem.Status.CLOSED):
        raise ValidationError(_("You can rate the answer once there is one."))
    if report.rating:
        raise ValidationError(_("You have already rated this answer."))
    with transaction.atomic():
        report.rating, report.rated_at = rating, now
        report.save(update_fields=["rating", "rated_at"])
        ledger.problem_rate(
            problem=problem, rating=rating, label=report.get_rating_display(), now=now
        )
    return report


def report_follow_up(*, report: Report, text: str, now=None) -> Report:
    now = now or timezone.now()
    if report.follow_up:
        raise ValidationError(_("You have already sent your follow-up message."))
    if not text.strip():
        raise ValidationError(_("Write your message."))
    with transaction.atomic():
        report.follow_up, report.follow_up_at = text.strip()[:1000], now
        report.save(update_fields=["follow_up", "follow_up_at"])
        ledger.problem_follow_up(problem=report.problem, text=report.follow_up, now=now)
    return report


def reporter_reveal(*, actor, report: Report, reason: str) -> dict[str, str]:
    """The reporter's name and phone, for a role granted it, written to the audit log."""
    if actor.role not in IDENTITY_ROLES or not code_in_scope(actor, report.problem.scope_code):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why you need the reporter's identity."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="intake.reporter.reveal",
            target=report,
            region_code=report.village.code,
            data={"reason": reason.strip()[:200], "problem": report.problem.number},
        )
    phone = report.reporter_phone
    return {"name": report.reveal_name(), "phone": phone.reveal() if phone else ""}
