"""The report's written summary: sentences built from templates and the figures (never free
text), comparing the period with the one before."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qingfeng.insights.statistics import Statistics


def _change(now, before) -> str:
    if now is None or before is None:
        return ""
    diff = now - before
    if diff > 0:
        return _(", %(n)s more than the period before") % {"n": _num(diff)}
    if diff < 0:
        return _(", %(n)s fewer than the period before") % {"n": _num(-diff)}
    return _(", the same as the period before")


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def sentences(now: Statistics, before: Statistics, top_villages, overdue_count: int) -> list[str]:
    f, b = now.figure, before.figure
    out = [
        _(
            "In %(period)s, %(area)s received %(received)s problems%(change)s; %(accepted)s were "
            "accepted and %(closed)s closed."
        )
        % {
            "period": now.period.label,
            "area": now.area.name,
            "received": f("received").display,
            "change": _change(f("received").value, b("received").value),
            "accepted": f("accepted").display,
            "closed": f("closed").display,
        }
    ]
    if f("on_time_rate").value is not None:
        out.append(
            _(
                "%(rate)s of the problems closed were closed on time; %(overdue)s problems "
                "passed a deadline in the period."
            )
            % {"rate": f("on_time_rate").display, "overdue": f("overdue").display}
        )
    if f("satisfaction").value is not None:
        out.append(
            _(
                "Reporters rated the answers %(rate)s satisfied or basically satisfied "
                "(%(n)s ratings)."
            )
            % {"rate": f("satisfaction").display, "n": f("satisfaction").denominator}
        )
    if f("rect_given").value:
        out.append(
            _("%(given)s rectification tasks were ordered; %(rate)s of them are accepted as done.")
            % {"given": f("rect_given").display, "rate": f("rect_rate").display}
        )
    if overdue_count:
        out.append(
            _("%(n)s problems are open past their deadline now; the oldest are listed below.")
            % {"n": overdue_count}
        )
    if top_villages:
        names = "、".join(f"{v.name}（{v.score}）" for v in top_villages[:3])
        out.append(_("The villages with the highest risk scores are %(names)s.") % {"names": names})
    return out
