"""Whole public pages kept in Django's shared cache (QINGFENG_CACHE_URL), per village.

A page is kept under a key made of the view, the region code, two generation numbers (one
for the whole site, one for the village), the active language and the `qf_elder` cookie, so a
resident in elder mode or in another language never gets another variant. Publishing bumps
a generation (after the commit), so the next visitor renders afresh; `public_pages_changed()`
is called by `audit_record()` for every audited action of the apps whose data the public pages
show (PUBLIC_ACTIONS). Anything else (a deadline passing) shows after QINGFENG_PAGE_CACHE_SECONDS.

Never kept: a page that used the CSRF token (it would hand one visitor's token to the next:
forms with a token are rendered per visitor), a response that sets a cookie, a page for a
visitor who has a session (messages, a report just sent), anything but a plain 200 GET
without a query string, and conditional requests (the views answer those with 304 themselves).
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from qingfeng.core.ratelimit import INCR_RESETS_EXPIRY

ELDER_COOKIE = "qf_elder"
SITE = "pagegen:site"
# Audited actions after which public pages may show something else.
PUBLIC_ACTIONS = (
    "disclosure.",
    "powers.",
    "orgs.",
    "topic.",
    "region.",
    "county.",
    "demo.",
    "person.",
    "relation.",
    "unit.",
    "position.",
)
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control")
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9_.-]{1,16}$")


def _village_key(code: str) -> str:
    return f"pagegen:v:{code}"


def seconds() -> int:
    return int(getattr(settings, "QINGFENG_PAGE_CACHE_SECONDS", 0))


def _bump(key: str, timeout: int | None = None) -> None:
    """Move a generation on. Readers take "absent" for 0, so the first bump writes 1.

    The database (and file) cache's incr() is a read and a set() with the default timeout
    (5 minutes): a generation would then vanish, read as 0 again, and match pages kept under
    an old 0 (core/ratelimit.py has the same care). There it is written back with its timeout;
    Redis, Memcached and local memory keep a key's expiry on incr() and count atomically."""
    backend = caches["default"]
    if isinstance(backend, INCR_RESETS_EXPIRY):
        backend.set(key, (backend.get(key) or 0) + 1, timeout)
        return
    if backend.add(key, 1, timeout):
        return
    try:
        backend.incr(key)
    except ValueError:  # expired between add and incr
        backend.set(key, 1, timeout)


def public_pages_changed(region_code: str = "") -> None:
    """Forget the kept pages of one village (a 12-digit village code) or of the whole site."""
    if re.fullmatch(r"\d{12}", region_code or "") and not region_code.endswith("000"):
        _bump(_village_key(region_code))
    else:
        _bump(SITE)


# --- one generation per problem: the /track/ status pages of its reports (intake/statuspage.py)

# Longer than any kept page lives: a generation that expires reads as 0 again, and no page kept
# under an old 0 (or any old number) is left by then.
PROBLEM_GENERATION_SECONDS = 30 * 86400


def problem_key(problem_pk) -> str:
    return f"pagegen:problem:{problem_pk}"


def problem_changed(problem_pk) -> None:
    """Forget the kept status pages of this problem's reports, once the change is committed
    (a page rendered from what was there before is kept under the old generation)."""
    if problem_pk is None:
        return
    key = problem_key(problem_pk)
    transaction.on_commit(lambda: _bump(key, PROBLEM_GENERATION_SECONDS))


def variant(request) -> str:
    lang = translation.get_language() or ""
    elder = request.COOKIES.get(ELDER_COOKIE, "")
    if elder and not _SAFE_VALUE.match(elder):
        elder = "other"
    return f"{lang}:{elder}"


def _personal(request) -> bool:
    return (
        request.method not in ("GET", "HEAD")
        or bool(request.GET)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_IF_NONE_MATCH" in request.META
        or "HTTP_IF_MODIFIED_SINCE" in request.META
    )


def _keepable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_qf_no_page_cache", False)
    )


def cached_public_page(view):
    """Keep `view`'s page (a function view whose region is the `code` URL argument, if any)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        ttl = seconds()
        if ttl <= 0 or _personal(request):
            return view(request, *args, **kwargs)
        code = kwargs.get("code", "")
        gens = cache.get_many([SITE, _village_key(code)] if code else [SITE])
        extra = ":".join(str(v) for v in kwargs.values())
        key = (
            f"page:{view.__module__}.{view.__name__}:{extra}:"
            f"{gens.get(SITE, 0)}:{gens.get(_village_key(code), 0)}:{variant(request)}"
        )
        kept = cache.get(key)
        if kept is not None:
            response = HttpResponse(kept["content"])
            for name, value in kept["headers"].items():
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if _keepable(request, response):
                headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                cache.set(key, {"content": response.content, "headers": headers}, ttl)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
