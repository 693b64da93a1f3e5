"""Personal identifiers, private by construction.

ID numbers (居民身份证号, GB 11643) and phone numbers are validated, stored encrypted
(Fernet, key derived from QINGFENG_PII_KEY), found through a keyed hash (blind index) and
rendered masked: a `SensitiveValue` prints as 3301**********1234 and gives the full value
only through `reveal()`, so a template, a log line or an f-string never shows it by accident.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric

ID_NUMBER = "id_number"
PHONE = "phone"
KINDS = (ID_NUMBER, PHONE)

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


# --- keys ---------------------------------------------------------------------------------


def _derive(master: str, purpose: bytes) -> bytes:
    raw = master.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"qingfeng-pii", info=purpose).derive(
        raw
    )


@lru_cache(maxsize=4)
def _keys(master: str, old: tuple[str, ...]) -> tuple[MultiFernet, bytes]:
    fernets = [Fernet(base64.urlsafe_b64encode(_derive(k, b"encrypt"))) for k in (master, *old)]
    return MultiFernet(fernets), _derive(master, b"blind-index")


def _current_keys() -> tuple[MultiFernet, bytes]:
    old = tuple(getattr(settings, "PII_OLD_KEYS", ()) or ())
    return _keys(settings.PII_KEY, old)


# --- normalisation and validation ---------------------------------------------------------


def _birth_date(number: str) -> dt.date | None:
    try:
        return ric.get_birth_date(number)
    except Exception:
        return None


def normalize_id_number(raw: str) -> str:
    """Upper-case, half-width, no separators; a 15-digit number becomes 18 digits."""
    value = unicodedata.normalize("NFKC", str(raw or "")).strip().upper()
    value = re.sub(r"[\s-]", "", value)
    if len(value) == 15 and value.isdigit():
        body = value[:6] + "19" + value[6:]
        if _birth_date(body + "0") is not None:
            value = body + ric.calc_check_digit(body + "0")
    return value


def validate_id_number(raw: str) -> str:
    """Return the normalised 18-character number or raise a ValidationError saying which
    part is wrong: length, characters, birth date or check character."""
    value = normalize_id_number(raw)
    if len(value) != 18:
        raise ValidationError(
            _("ID number must have 18 characters (or an old 15-digit number); it has %(n)d.")
            % {"n": len(value)},
            code="id_length",
        )
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError(
            _("ID number: the first 17 characters must be digits and the last a digit or X."),
            code="id_format",
        )
    born = _birth_date(value)
    if born is None or born > dt.date.today() or born.year < 1890:
        raise ValidationError(
            _("ID number: the birth date part (characters 7 to 14) is not a valid date."),
            code="id_birth_date",
        )
    if value[17] != ric.calc_check_digit(value):
        raise ValidationError(
            _("ID number: the check character (the last one) does not match the others."),
            code="id_checksum",
        )
    return value


def normalize_phone(raw: str) -> str:
    value = unicodedata.normalize("NFKC", str(raw or "")).strip()
    value = re.sub(r"[\s()（）]", "", value)
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_phone(raw: str) -> str:
    value = normalize_phone(raw)
    if _MOBILE_RE.match(value) or _LANDLINE_RE.match(value):
        return value
    raise ValidationError(
        _("Phone number must be an 11-digit mobile number or a landline with its area code."),
        code="phone_format",
    )


VALIDATORS = {ID_NUMBER: validate_id_number, PHONE: validate_phone}
NORMALIZERS = {ID_NUMBER: normalize_id_number, PHONE: normalize_phone}


# --- masking ------------------------------------------------------------------------------


def mask_id_number(value: str) -> str:
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    digits = value.replace("-", "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


_DOTS = "·•.・‧･"


def mask_name(name: str) -> str:
    """张三丰 -> 张*丰, 张三 -> 张*, 阿不都·热合曼 -> 阿不都·* (DOMAIN.md: what the public sees)."""
    name = (name or "").strip()
    for dot in _DOTS:
        if dot in name:
            return name.split(dot, 1)[0] + "·*"
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


MASKERS = {ID_NUMBER: mask_id_number, PHONE: mask_phone}


class SensitiveValue:
    """A personal identifier that renders masked; `reveal()` is the only way to the full value."""

    __slots__ = ("_value", "kind")

    def __init__(self, kind: str, value: str):
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind = kind
        self._value = value

    def reveal(self) -> str:
        return self._value

    @property
    def masked(self) -> str:
        return MASKERS[self.kind](self._value)

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"<{self.kind} {self.masked}>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SensitiveValue):
            return self.kind == other.kind and self._value == other._value
        if isinstance(other, str):
            return self._value == NORMALIZERS[self.kind](other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.kind, self._value))

    def __bool__(self) -> bool:
        return bool(self._value)

    @property
    def birth_date(self) -> dt.date | None:
        return _birth_date(self._value) if self.kind == ID_NUMBER else None

    @property
    def is_male(self) -> bool | None:
        if self.kind != ID_NUMBER or len(self._value) != 18:
            return None
        return int(self._value[16]) % 2 == 1


# --- encryption and blind index -----------------------------------------------------------


def encrypt(value: str) -> str:
    fernet, _index = _current_keys()
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    fernet, _index = _current_keys()
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key, or a tampered row
        raise ValueError("personal data could not be decrypted: check QINGFENG_PII_KEY") from exc


def blind_index(kind: str, value: str | SensitiveValue) -> str:
    """Keyed hash of the normalised value: equal values give equal indexes, nothing else leaks."""
    raw = value.reveal() if isinstance(value, SensitiveValue) else NORMALIZERS[kind](value)
    _fernet, key = _current_keys()
    return hmac.new(key, f"{kind}:{raw}".encode(), hashlib.sha256).hexdigest()
