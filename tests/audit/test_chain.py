import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from qingfeng.audit.models import AuditEntry
from qingfeng.audit.selectors import audit_verify
from qingfeng.audit.services import AuditOutsideTransaction, audit_record, audit_record_now
from qingfeng.cli import main as qingfeng


@pytest.fixture
def chain(db):
    return [
        audit_record_now(
            actor=None,
            action=f"test.step{i}",
            region_code="330101100201",
            data={"i": i, "note": "中文"},
        )
        for i in range(1, 6)
    ]


def drop_append_only_guard():
    """What someone with database rights would do first: remove the triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry")
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete ON audit_auditentry")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_intact_chain_verifies(chain):
    result = audit_verify()
    assert result.ok
    assert result.checked == len(chain)
    assert chain[1].prev_hash == chain[0].hash


def test_the_command_exits_zero_on_an_intact_chain(chain, capsys):
    assert qingfeng(["audit", "verify"]) == 0
    assert "5" in capsys.readouterr().out


def test_editing_a_row_is_caught_and_named(chain, capsys):
    drop_append_only_guard()
    sql("UPDATE audit_auditentry SET action = 'test.forged' WHERE seq = 3")
    result = audit_verify()
    assert not result.ok
    assert (result.bad_seq, result.reason) == (3, "altered")
    assert qingfeng(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "第 3 条" in err and "已被修改" in err


def test_editing_the_data_json_is_caught(chain):
    drop_append_only_guard()
    sql("UPDATE audit_auditentry SET data = %s WHERE seq = 2", ['{"i": 99, "note": "中文"}'])
    assert (audit_verify().bad_seq, audit_verify().reason) == (2, "altered")


def test_deleting_a_row_is_caught(chain):
    drop_append_only_guard()
    sql("DELETE FROM audit_auditentry WHERE seq = 2")
    result = audit_verify()
    assert not result.ok
    assert result.bad_seq == 2
    assert result.reason == "missing"
    with pytest.raises(CommandError, match="第 2 条"):
        call_command("audit_verify")


def test_swapping_two_rows_is_caught(chain):
    drop_append_only_guard()
    two, three = chain[1], chain[2]
    sql("UPDATE audit_auditentry SET seq = -1 WHERE id = %s", [two.pk])
    sql("UPDATE audit_auditentry SET seq = 2 WHERE id = %s", [three.pk])
    sql("UPDATE audit_auditentry SET seq = 3 WHERE id = %s", [two.pk])
    result = audit_verify()
    assert not result.ok
    assert result.bad_seq == 2


def test_cutting_off_the_newest_entry_is_caught(chain):
    drop_append_only_guard()
    sql("DELETE FROM audit_auditentry WHERE seq = 5")
    result = audit_verify()
    assert not result.ok
    assert result.reason == "truncated"


def test_the_database_refuses_updates(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("UPDATE audit_auditentry SET action = 'x' WHERE seq = 1")
    assert AuditEntry.objects.get(seq=1).action == "test.step1"


def test_it_refuses_to_write_outside_a_transaction(transactional_db):
    with pytest.raises(AuditOutsideTransaction):
        audit_record(actor=None, action="test.loose")


def test_an_entry_rolls_back_with_its_change(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="test.doomed")
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.filter(action="test.doomed").exists()
    assert audit_verify().ok


def test_logins_are_recorded(world, client):
    assert client.login(username="bob", password="pw-bob")
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "auth.login"
    assert entry.actor_name == "bob"
