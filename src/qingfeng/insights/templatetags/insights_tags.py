"""The office header's one-step person search (一键查询), shown to the roles that may open a
person file."""

from __future__ import annotations

from django import template

from qingfeng.insights.access import PERSON_FILE_READERS

register = template.Library()


@register.inclusion_tag("insights/_person_search.html", takes_context=True)
def person_search_box(context):
    user = context.get("user")
    return {"show": getattr(user, "role", None) in PERSON_FILE_READERS}
