"""Countdown badges: how many days are left, the rule behind the deadline, 暂定 when the
working-day count runs into a year whose holidays nobody knows yet."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from qingfeng.ledger.deadlines import RULES

register = template.Library()


@register.inclusion_tag("ledger/_deadline.html")
def deadline_badge(due_date, rule_code="", provisional=False, today=None):
    """Past the deadline is overdue (the one definition, `Problem.overdue_q`)."""
    today = today or timezone.localdate()
    if due_date is None:
        return {"due": None}
    left = (due_date - today).days
    if left < 0:
        css, text = "alert", _("overdue by %(n)d days") % {"n": -left}
    elif left == 0:
        css, text = "alert", _("due today")
    elif left <= 3:
        css, text = "warn", _("%(n)d days left") % {"n": left}
    else:
        css, text = "", _("%(n)d days left") % {"n": left}
    rule = RULES.get(rule_code)
    return {
        "due": due_date,
        "css": css,
        "text": text,
        "rule": rule.describe if rule else "",
        "provisional": provisional,
    }
