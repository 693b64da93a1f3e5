"""An ID number never reaches a log line, even with SQL logging on."""

import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import ID_A1


def test_search_and_reveal_leave_no_full_number_in_logs_or_sql(login, world, caplog, settings):
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)
    client = login(world.township_a_official)
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("office:people"), {"q": ID_A1})
        client.get(reverse("office:person", kwargs={"pk": world.resident_a1.pk}))
        revealed = client.post(
            reverse("office:person_reveal", kwargs={"pk": world.resident_a1.pk}),
            {"field": "id_number", "reason": "核对"},
        )
    assert ID_A1 in revealed.content.decode()  # the page that asked for it shows it
    assert ID_A1 not in caplog.text
    assert all(ID_A1 not in q["sql"] for q in queries.captured_queries)
    assert "13812345678" not in caplog.text


def test_a_sensitive_value_formats_masked_in_log_messages(world, caplog):
    logger = logging.getLogger("qingfeng.test")
    with caplog.at_level(logging.INFO, logger="qingfeng.test"):
        logger.info("looked at %s", world.resident_a1.id_number)
        logger.info(f"repr {world.resident_a1.id_number!r}")
    assert ID_A1 not in caplog.text
    assert "1101**********002X" in caplog.text


def _console_handler():
    from qingfeng.core.redact import RedactingFilter

    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactingFilter) for f in handler.filters):
            return handler
    raise AssertionError("the console handler has no redacting filter")


def test_an_id_number_typed_into_a_report_reaches_no_log_line_or_notification(world):
    import io

    from qingfeng.ledger.models import Notification
    from qingfeng.ledger.notify import ConsoleSMSBackend
    from tests.ledger.helpers import new_problem

    handler = _console_handler()
    stream = io.StringIO()
    old, handler.stream = handler.stream, stream  # setStream would flush a closed one
    ConsoleSMSBackend.sent.clear()
    try:
        with CaptureQueriesContext(connection):
            new_problem(
                world.village_a1,
                title=f"村干部 {ID_A1} 冒领",
                description=f"身份证号{ID_A1}，电话13912345678，多领了低保",
            )
            logging.getLogger("qingfeng.test").warning("typed %s and 139-1234-5678", ID_A1)
    finally:
        handler.stream = old
    written = stream.getvalue()
    assert "1101**********002X" in written and "139****5678" in written
    assert ID_A1 not in written and "13912345678" not in written
    for notice in Notification.objects.all():
        assert ID_A1 not in notice.text and "13912345678" not in notice.text
    assert all(ID_A1 not in text for _phone, text in ConsoleSMSBackend.sent)


def test_redaction_keeps_other_numbers():
    from qingfeng.core.redact import redact

    text = "查询码 1234567890123456，编号 WT2026-000001，金额 13800.00 元"
    assert redact(text) == text
    assert redact(f"{ID_A1[:-1]}x") == "1101**********002x"
