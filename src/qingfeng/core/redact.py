"""ID numbers and mobile numbers masked in free text: every log line (a filter on the logging
handlers, settings.LOGGING) and every notification body (ledger/notify.py).

A report's text may hold a full ID number typed by the reporter; it must not reach a log file or
an SMS. Numbers are masked the way core/pii.py masks them (3301**********1234, 138****5678)."""

from __future__ import annotations

import logging
import re

from qingfeng.core.pii import mask_id_number, mask_phone

# 18-digit (last may be X) and old 15-digit ID numbers; mainland mobile numbers (+86 optional).
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?!\d)")


def redact(text: str) -> str:
    if not text or not any(c.isdigit() for c in text):
        return text
    text = _ID.sub(lambda m: mask_id_number(m.group(1)), text)
    return _PHONE.sub(lambda m: mask_phone(re.sub(r"[- ]", "", m.group(1))), text)


class RedactingFilter(logging.Filter):
    """Renders the message, masks the numbers in it (and in a traceback's text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it to the handler to report
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
