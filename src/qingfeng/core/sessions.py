"""Sessions: the back office's are written on every request, the public pages' only when
they change.

SESSION_SAVE_EVERY_REQUEST (settings.py) makes an office session end after
QINGFENG_SESSION_IDLE_MINUTES without a request: each request writes the session again with a
new expiry. On the public side that write bought nothing and cost a database write on every
page of a resident who has a session at all (a 查询码 being tracked, a report just sent): the
/track/ status page was one SELECT and one UPDATE of the session per view. A public session
holds only what a look-up or a report put there, with its own time limit inside
(intake/views.py: TRACK_MINUTES, CODE_SHOWN_FOR), and it is saved when that changes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils.cache import patch_vary_headers

OFFICE_PREFIX = "/office/"


def saved_every_request(request) -> bool:
    return settings.SESSION_SAVE_EVERY_REQUEST and request.path_info.startswith(OFFICE_PREFIX)


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is None or session.modified or saved_every_request(request):
            return super().process_response(request, response)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and session.is_empty():
            return super().process_response(request, response)  # deletes the stale cookie
        # A public page that left the session as it was: no write, no new cookie.
        if session.accessed:
            patch_vary_headers(response, ("Cookie",))
        return response
