"""What every public page needs to draw its preference bar: 长辈模式 on or off, the link
that flips it, and the language choices for Django's set_language view."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

ELDER_COOKIE = "qf_elder"

# autonyms, never translated: each is written in its own language
LANGUAGE_CHOICES = [("zh-hans", "中文", "ltr"), ("ug", "ئۇيغۇرچە", "rtl")]


def is_elder(request) -> bool:
    return request.COOKIES.get(ELDER_COOKIE) == "1"


def public_prefs(request):
    if request.path_info.startswith("/office/"):
        return {}
    elder = is_elder(request)
    here = request.get_full_path()
    query = urlencode({"on": "0" if elder else "1", "next": here})
    return {
        "elder": elder,
        "elder_switch_url": f"{reverse('portal:elder')}?{query}",
        "here": here,
        "language_choices": LANGUAGE_CHOICES,
    }
