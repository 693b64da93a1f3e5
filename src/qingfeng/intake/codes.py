"""查询码: 16 random digits from `secrets`, shown once, stored only as a keyed hash."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

LENGTH = 16


def new_code() -> str:
    return f"{secrets.randbelow(10**LENGTH):0{LENGTH}d}"


def normalize(raw: str) -> str:
    """Digits only: people type it with spaces or dashes, or paste it with full-width digits."""
    import unicodedata

    return re.sub(r"\D", "", unicodedata.normalize("NFKC", raw or ""))


def code_hash(code: str) -> str:
    # Keyed with the PII key (not SECRET_KEY, which may rotate with sessions).
    return salted_hmac(
        "qingfeng.intake.query-code", normalize(code), secret=settings.PII_KEY, algorithm="sha256"
    ).hexdigest()


def grouped(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))
