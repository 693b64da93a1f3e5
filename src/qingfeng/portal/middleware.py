"""The language of a request: the back office is always zh-Hans; the public portal reads the
language cookie that Django's set_language view writes (中文 / ئۇيغۇرچە), and nothing else
(no Accept-Language guessing: a phone set to another language still gets Chinese first).

Public responses vary by Cookie, since the language and the 长辈模式 cookie both change them."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

OFFICE_PREFIX = "/office/"


def public_language(request) -> str:
    if request.path_info.startswith(OFFICE_PREFIX):
        return settings.LANGUAGE_CODE
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class PublicLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = public_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not request.path_info.startswith(OFFICE_PREFIX):
            patch_vary_headers(response, ("Cookie",))
            response.headers.setdefault("Content-Language", language)
        return response
