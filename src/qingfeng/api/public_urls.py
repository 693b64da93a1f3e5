from functools import wraps

from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from qingfeng.api import errors
from qingfeng.api.api import api
from qingfeng.api.views import DocsView


def _json_not_allowed(view):
    """ninja answers a method no operation takes with plain text: make it our JSON error."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            refused = errors.respond(
                405,
                "method_not_allowed",
                _("This address does not take %(method)s requests.") % {"method": request.method},
            )
            refused["Allow"] = response.get("Allow", "")
            return refused
        return response

    return wrapped


# (not named app_name: include() would read it as this module's namespace)
_patterns, _ninja_app, _namespace = api.urls
for _pattern in _patterns:
    if isinstance(_pattern, URLPattern):
        _pattern.callback = _json_not_allowed(_pattern.callback)

urlpatterns = [
    path("api/docs", DocsView.as_view(), name="api_docs"),
    path("api/", (_patterns, _ninja_app, _namespace)),
]
