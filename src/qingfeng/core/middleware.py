"""Compression of the site's own responses (nginx compresses /static/).

BREACH needs a secret and attacker-reflected text in the same compressed response. Public
pages hold no secret but the CSRF token, which Django masks afresh on every response, and
Django's GZipMiddleware pads each response with random bytes ("Heal the Breach"). The back
office is left uncompressed all the same: its pages carry TOTP secrets, revealed identity
numbers and search words typed by the user, and they are few and small next to the phones'."""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware


class PublicGZipMiddleware(GZipMiddleware):
    """gzip every response except the back office's (/office/)."""

    def process_response(self, request, response):
        if request.path.startswith("/office/"):
            return response
        return super().process_response(request, response)
