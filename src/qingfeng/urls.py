"""Root URLs. Each app may have `public_urls` (mounted at the site root) and `office_urls`
(mounted at /office/<app label>/ under the "office" namespace, see office/urls.py)."""

from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from qingfeng.core.views import favicon, healthz
from qingfeng.urls_discovery import app_url_modules

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("office/", include("qingfeng.office.urls")),
    # set_language: the public 中文 / ئۇيغۇرچە switch (a POST form, no JavaScript needed). It
    # only sets the language cookie, so it takes no CSRF token: a token in every public page
    # would keep those pages out of the shared page cache (core/pagecache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    *[path("", include(module)) for _config, module in app_url_modules("public_urls")],
    path("", include("qingfeng.portal.urls")),
]

# The database unreachable: a 503 page in Chinese instead of the bare 500 (core/views.py).
handler500 = "qingfeng.core.views.server_error"
