import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from qingfeng.disclosure import chain, services
from qingfeng.disclosure.models import Batch, PublishedError, Row
from tests.disclosure.conftest import finance_rows, publish_direct


def test_each_batch_links_to_the_village_previous_one(world):
    first = publish_direct(world.village_a1)
    other = publish_direct(world.village_a2)
    second = publish_direct(world.village_a1, period="2026-04")
    assert first.prev_hash == chain.GENESIS and other.prev_hash == chain.GENESIS
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash


def test_anyone_recomputes_the_hash_from_the_public_canonical_form(client, world, finance_batch):
    url = f"/v/{world.village_a1.code}/disclosure/{finance_batch.pk}/canonical.json"
    body = client.get(url).content
    assert hashlib.sha256(body).hexdigest() == finance_batch.hash
    html = client.get(f"/v/{world.village_a1.code}/disclosure/{finance_batch.pk}/").content.decode()
    assert finance_batch.hash in html and finance_batch.prev_hash in html


def test_a_published_batch_is_never_edited(finance_batch):
    finance_batch.title = "改"
    with pytest.raises(PublishedError):
        finance_batch.save()
    row = finance_batch.rows.first()
    row.data = {}
    with pytest.raises(PublishedError):
        row.save()


def test_a_correction_is_a_new_version_and_the_old_stays(client, login, world, finance_batch):
    new = services.correct(
        actor=world.township_a_official,
        batch=finance_batch,
        rows=finance_rows(4),
        reason="漏记一笔",
    )
    assert (
        new.version == 2 and new.supersedes == finance_batch and new.prev_hash == finance_batch.hash
    )
    html = client.get(f"/v/{world.village_a1.code}/disclosure/{finance_batch.pk}/").content.decode()
    assert "此版本已被更正" in html
    html = client.get(f"/v/{world.village_a1.code}/disclosure/{new.pk}/").content.decode()
    assert "漏记一笔" in html and "第 1 版" in html and "第 2 版" in html
    listing = client.get(f"/v/{world.village_a1.code}/disclosure/").content.decode()
    assert f"/disclosure/{new.pk}/" in listing and f"/disclosure/{finance_batch.pk}/" not in listing
    with pytest.raises(ValidationError):
        services.correct(
            actor=world.township_a_official, batch=finance_batch, rows=finance_rows(), reason="再改"
        )
    with pytest.raises(ValidationError):
        services.correct(
            actor=world.township_a_official, batch=new, rows=finance_rows(), reason=" "
        )


def test_verify_passes_on_an_intact_chain(world, finance_batch, capsys):
    publish_direct(world.village_a1, period="2026-04")
    call_command("disclosure_verify")
    assert "完整" in capsys.readouterr().out


def test_changing_one_published_row_by_sql_is_caught_naming_the_batch(world, finance_batch):
    later = publish_direct(world.village_a1, period="2026-04", title="四月财务")
    row = later.rows.get(line=2)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Row._meta.db_table} SET data = %s WHERE id = %s",
            [
                '{"date":"2026-03-03","account":"办公费","summary":"改","income":"","expense":"1.00","voucher":""}',
                row.pk,
            ],
        )
    with pytest.raises(CommandError) as exc:
        call_command("disclosure_verify")
    message = str(exc.value)
    assert (
        world.village_a1.code in message
        and f"第 {later.seq} 批" in message
        and "四月财务" in message
    )


def test_deleting_the_newest_batch_is_caught(world, finance_batch):
    later = publish_direct(world.village_a1, period="2026-04")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Row._meta.db_table} WHERE batch_id = %s", [later.pk])
        cursor.execute(f"DELETE FROM {Batch._meta.db_table} WHERE id = %s", [later.pk])
    with pytest.raises(CommandError, match="最新的若干批被删除"):
        call_command("disclosure_verify")


def test_changing_a_hash_breaks_the_next_link(world, finance_batch):
    publish_direct(world.village_a1, period="2026-04")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Batch._meta.db_table} SET title = %s WHERE id = %s",
            ["改过的标题", finance_batch.pk],
        )
    with pytest.raises(CommandError, match="第 1 批"):
        call_command("disclosure_verify")
