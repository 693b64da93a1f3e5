"""The browser's voter token for 社会评价: a random token in a signed cookie; the database
keeps only a keyed hash of it, so one browser rates each topic once and stays anonymous."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

COOKIE = "qf_voter"
SALT = "qingfeng.topics.voter"
MAX_AGE = 3 * 365 * 24 * 3600


def token_from(request) -> str:
    token = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=MAX_AGE)
    return token if len(token) == 32 and token.isalnum() else ""


def new_token() -> str:
    return secrets.token_hex(16)


def voter_key(token: str) -> str:
    return salted_hmac(SALT, token, algorithm="sha256").hexdigest() if token else ""


def set_cookie(response, token: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        token,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
    )
