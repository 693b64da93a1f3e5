import sys
from pathlib import Path

from django.db import connection
from django.db.utils import Error as DatabaseError  # also InterfaceError (connection closed)
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

FAVICON = Path(__file__).resolve().parent.parent / "static" / "qingfeng" / "favicon.ico"


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    return JsonResponse({"status": "ok", "database": True})


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico, which browsers ask for on every site whatever the page says."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


def server_error(request, template_name="500.html"):
    """handler500. The database gone (restarting, unreachable, out of connections) is no bug:
    a plain page in Chinese with 503 and Retry-After, rendered without the database (no request
    context: the context processors would query it). The next request connects afresh
    (CONN_HEALTH_CHECKS), so the site recovers by itself when the database is back."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DatabaseError):
        try:
            body = loader.render_to_string("503.html")
        except Exception:  # the page must not fail in turn
            body = "<!doctype html><title>503</title><h1>系统暂时无法访问，请稍后再试。</h1>"
        response = HttpResponseServerError(body, status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request, template_name)
