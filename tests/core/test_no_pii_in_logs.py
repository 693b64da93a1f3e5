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
