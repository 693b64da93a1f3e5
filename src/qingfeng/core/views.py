import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.utils import Error as DatabaseError  # also InterfaceError (connection closed)
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from qingfeng.core.cacheconf import CACHE_ERRORS

FAVICON = Path(__file__).resolve().parent.parent / "static" / "qingfeng" / "favicon.ico"


@never_cache
@require_GET
def healthz(request):
    """200 when the database (and a Redis or Memcached cache, when one is configured) answers,
    503 when one does not (for load balancers)."""
    body = {"status": "ok", "database": True}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        body.update(status="unavailable", database=False)
    if _cache_server():
        try:
            cache.get("qf:healthz")
            body["cache"] = True
        except CACHE_ERRORS:
            body.update(status="unavailable", cache=False)
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def _cache_server() -> bool:
    """Whether the cache is a server of its own (the database cache is checked above)."""
    backend = settings.CACHES["default"]["BACKEND"]
    return backend.endswith(("RedisCache", "MemcacheCache", "PyMemcacheCache"))


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers ask for on every site whatever the page says."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


def server_error(request, template_name="500.html"):
    """handler500. The database or the cache server gone (restarting, unreachable, out of
    connections) is no bug: a plain page in Chinese with 503 and Retry-After, rendered without
    either (no request context: the context processors would query them). The next request
    connects afresh (CONN_HEALTH_CHECKS; redis-py reconnects by itself), so the site recovers
    by itself when they are back."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (DatabaseError, *CACHE_ERRORS)):
        try:
            body = loader.render_to_string("503.html")
        except Exception:  # the page must not fail in turn
            body = "<!doctype html><title>503</title><h1>系统暂时无法访问，请稍后再试。</h1>"
        response = HttpResponseServerError(body, status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request, template_name)
