"""Plain labels for the audit log's action codes (the code stays beside it for the technical
reader). A code not listed here shows its app's name and the code."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LABELS = {
    "auth.login": gettext_lazy("signed in"),
    "auth.login_failed": gettext_lazy("failed sign-in"),
    "auth.logout": gettext_lazy("signed out"),
    "auth.totp_enrol": gettext_lazy("set up two-step sign-in"),
    "core.backup": gettext_lazy("backed up the site"),
    "core.restore": gettext_lazy("restored the site from a backup"),
    "demo.seed": gettext_lazy("built the demo county"),
    "disclosure.publish": gettext_lazy("published a disclosure"),
    "disclosure.correct": gettext_lazy("corrected a disclosure"),
    "intake.report.submit": gettext_lazy("report received"),
    "intake.report.code_sms": gettext_lazy("sent the tracking code by SMS"),
    "intake.reporter.reveal": gettext_lazy("looked at a reporter's identity"),
    "intake.attachment.view": gettext_lazy("opened a report's photo or recording"),
    "ledger.problem.create": gettext_lazy("problem registered"),
    "ledger.problem.accept": gettext_lazy("accepted a problem"),
    "ledger.problem.reject": gettext_lazy("did not accept a problem"),
    "ledger.problem.transfer": gettext_lazy("transferred a problem"),
    "ledger.problem.reclassify": gettext_lazy("corrected a problem's kind"),
    "ledger.problem.assign": gettext_lazy("assigned a handler"),
    "ledger.problem.extend": gettext_lazy("extended a deadline"),
    "ledger.problem.reply": gettext_lazy("replied to the reporter"),
    "ledger.problem.close": gettext_lazy("closed a problem"),
    "ledger.problem.to_clue": gettext_lazy("transferred as a problem clue"),
    "ledger.problem.duplicate": gettext_lazy("linked a repeat report"),
    "ledger.problem.rate": gettext_lazy("reporter rated the answer"),
    "ledger.problem.review": gettext_lazy("sent for review by the level above"),
    "ledger.problem.follow_up": gettext_lazy("reporter sent a follow-up"),
    "ledger.problem.overdue": gettext_lazy("deadline passed: escalated"),
    "ledger.problem.deadline_confirmed": gettext_lazy("provisional deadline confirmed"),
    "ledger.rectification.create": gettext_lazy("ordered rectification"),
    "ledger.rectification.submit": gettext_lazy("rectification reported"),
    "ledger.rectification.review": gettext_lazy("rectification reviewed"),
    "ledger.rectification.overdue": gettext_lazy("rectification overdue"),
    "ledger.recommendation.issue": gettext_lazy("issued a recommendation letter"),
    "ledger.recommendation.remind": gettext_lazy("reminded about a recommendation letter"),
    "ledger.recommendation.feedback": gettext_lazy("recommendation letter answered"),
    "ledger.recommendation.visit": gettext_lazy("follow-up visit on a recommendation"),
    "ledger.recommendation.overdue": gettext_lazy("recommendation letter overdue"),
    "ledger.visit.log": gettext_lazy("logged a supervision visit"),
    "person.create": gettext_lazy("added a person"),
    "person.reveal_id_number": gettext_lazy("looked at an identity number"),
    "person.reveal_phone": gettext_lazy("looked at a phone number"),
    "powers.adopt": gettext_lazy("adopted the power list"),
    "powers.import": gettext_lazy("imported the power list template"),
    "powers.item_remove": gettext_lazy("removed a power list item"),
    "region.create": gettext_lazy("added a region"),
    "region.supervision": gettext_lazy("changed elevated supervision"),
    "relation.add": gettext_lazy("added a family link"),
    "screening.dataset.upload": gettext_lazy("uploaded a data set"),
    "screening.dataset.map": gettext_lazy("mapped a data set's columns"),
    "screening.run.start": gettext_lazy("started a cross-check"),
    "screening.run.finish": gettext_lazy("cross-check finished"),
    "screening.run.fail": gettext_lazy("cross-check failed"),
    "screening.run.export": gettext_lazy("exported cross-check hits"),
    "screening.hit.look": gettext_lazy("looked at a cross-check hit"),
    "screening.hit.confirm": gettext_lazy("confirmed a cross-check hit"),
    "screening.hit.dismiss": gettext_lazy("dismissed a cross-check hit"),
    "topics.proposal.submit": gettext_lazy("resident proposed a topic"),
    "topics.proposal.create": gettext_lazy("proposed a topic"),
    "topics.proposal.decline": gettext_lazy("declined a topic proposal"),
    "topics.proposal.merge": gettext_lazy("merged topic proposals"),
    "topics.proposal.reveal_phone": gettext_lazy("looked at a proposer's phone"),
    "topics.topic.create": gettext_lazy("drafted a topic"),
    "topics.topic.adopt": gettext_lazy("adopted a topic"),
    "topics.topic.report": gettext_lazy("reported progress on a topic"),
    "topics.topic.close": gettext_lazy("closed a topic"),
    "topics.topic.drop": gettext_lazy("dropped a topic"),
    "topics.topic.rate": gettext_lazy("resident rated a topic"),
    "user.create": gettext_lazy("created a user"),
    "user.update": gettext_lazy("changed a user"),
    "user.change_password": gettext_lazy("changed their password"),
    "user.reset_password": gettext_lazy("reset a user's password"),
    "user.reset_totp": gettext_lazy("reset a user's two-step sign-in"),
}


def action_label(code: str) -> str:
    label = LABELS.get(code)
    if label is not None:
        return str(label)
    app = code.split(".", 1)[0]
    try:
        return str(apps.get_app_config(app).verbose_name)
    except LookupError:
        return code


def actor_label(name: str) -> str:
    return _("the system (automatic)") if name in ("", "system") else name


def target_label(target_type: str) -> str:
    """`ledger.problem` → the model's name (问题), or the code when it is not a model."""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type
