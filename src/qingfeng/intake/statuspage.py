"""The /track/ status page kept in the shared cache, per report and variant.

After the village page, the status of a report is the most requested public page, and between
two steps of the case nothing on it changes. The whole page is kept (the frame too: language,
elder mode and the report's text, steps and forms) under the report, the language and the
`qf_elder` cookie, with the generation of the report's problem (core/pagecache.py) it was
rendered under. The ledger moves that generation on after every committed change of the
problem or its timeline (and intake after a rating or a follow-up), so the next look shows a
public event at once. A kept page costs one cache read (the generation and the page together).

Per visitor are only the CSRF token of the page's forms, put back into the kept page at each
view (its place is kept by a marker that escaped text cannot spell), and messages ("thank you
for your rating"), with which a page is rendered afresh and not kept. Never kept: a request
with a query string, a response that is not a plain 200.

The session names the problem (the look-up stores it next to the report): when the report has
moved (a duplicate joins its original) the page is rendered afresh, not kept, and the session
follows the move.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.html import format_html

from qingfeng.core import pagecache

# Django's {% csrf_token %} renders exactly this; a visitor's text is escaped and can never
# contain `<` or `"`, so neither the pattern nor the marker can come from it.
_CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"<>]*">')
_MARK = "<!--qf:csrf-->"


def _key(report_pk, variant: str) -> str:
    return f"track:page:{report_pk}:{variant}"


def usable(request) -> bool:
    """Whether this view may be answered from, or kept in, the cache."""
    return (
        pagecache.seconds() > 0
        and request.method == "GET"
        and not request.GET
        and not len(messages.get_messages(request))
    )


def kept(request, report_pk, problem_pk) -> tuple[str | None, int]:
    """The kept page if it is current, and the problem's generation (read before anything is
    rendered, so that a page rendered now is kept under the generation it saw)."""
    gen_key, page_key = (
        pagecache.problem_key(problem_pk),
        _key(report_pk, pagecache.variant(request)),
    )
    found = cache.get_many([gen_key, page_key])
    generation = found.get(gen_key, 0)
    page = found.get(page_key)
    if page and page.get("gen") == generation and page.get("problem") == problem_pk:
        return _fill(page["html"], request), generation
    return None, generation


def keep(request, report_pk, problem_pk, generation: int, html: str) -> None:
    page = {"gen": generation, "problem": problem_pk, "html": _CSRF_INPUT.sub(_MARK, html)}
    cache.set(_key(report_pk, pagecache.variant(request)), page, pagecache.seconds())


def _fill(html: str, request) -> str:
    field = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    return html.replace(_MARK, field)
