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


# --- checkpoints outside the database (audit/anchor.py) -------------------------------------


def test_the_daily_check_writes_a_checkpoint_once(chain, settings):
    from qingfeng.audit.services import audit_checkpoint

    assert audit_checkpoint() == {"checkpoint": 1}
    assert audit_checkpoint() == {"checkpoint": 0}  # nothing new since
    line = settings.QINGFENG_AUDIT_CHECKPOINTS.read_text().strip()
    assert line.split()[1:] == ["5", chain[-1].hash]


def test_the_ledger_daily_check_anchors_the_chain(chain, settings):
    from qingfeng.ledger.services import check_deadlines

    counts = check_deadlines()
    assert counts["audit_checkpoint"] == 1
    assert " 5 " in settings.QINGFENG_AUDIT_CHECKPOINTS.read_text()


def rewind_head_to(seq):
    entry = AuditEntry.objects.get(seq=seq)
    sql("UPDATE audit_audithead SET seq = %s, hash = %s WHERE id = 1", [seq, entry.hash])


def test_deleting_the_newest_entries_and_rewinding_the_head_is_caught(chain, capsys):
    from qingfeng.audit.services import audit_checkpoint

    audit_checkpoint()  # yesterday's checkpoint: up to #5
    drop_append_only_guard()
    sql("DELETE FROM audit_auditentry WHERE seq >= 4")
    rewind_head_to(3)
    assert audit_verify().ok  # the chain alone cannot tell
    assert qingfeng(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "第 4 条至第 5 条" in err, err


def test_a_rewritten_chain_does_not_match_its_checkpoint(chain, capsys):
    from qingfeng.audit.chain import entry_hash
    from qingfeng.audit.services import audit_checkpoint

    audit_checkpoint()
    drop_append_only_guard()
    # Rewrite #5 and re-hash it, so the chain links up again.
    row = AuditEntry.objects.filter(seq=5).values().get()
    row["action"] = "test.forged"
    new_hash = entry_hash(row)
    sql(
        "UPDATE audit_auditentry SET action = %s, hash = %s WHERE seq = 5",
        ["test.forged", new_hash],
    )
    sql("UPDATE audit_audithead SET hash = %s WHERE id = 1", [new_hash])
    assert audit_verify().ok
    assert qingfeng(["audit", "verify"]) == 1
    assert "第 5 条" in capsys.readouterr().err


def test_an_intact_chain_agrees_with_its_checkpoints(chain, capsys):
    from qingfeng.audit.services import audit_checkpoint

    audit_checkpoint()
    audit_record_now(actor=None, action="test.later")
    audit_checkpoint()
    assert qingfeng(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "2" in out and "校验点" in out


def test_a_broken_chain_is_not_anchored(chain, settings):
    from qingfeng.audit.services import audit_checkpoint

    drop_append_only_guard()
    sql("UPDATE audit_auditentry SET action = 'test.forged' WHERE seq = 3")
    assert audit_checkpoint()["checkpoint"] == 0
    assert not settings.QINGFENG_AUDIT_CHECKPOINTS.exists()


def test_the_checkpoints_are_public(chain, client):
    from qingfeng.audit.services import audit_checkpoint

    audit_checkpoint()
    response = client.get("/audit/checkpoints/")
    assert response.status_code == 200
    assert chain[-1].hash in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL triggers")
def test_postgresql_refuses_deletes(chain):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("DELETE FROM audit_auditentry WHERE seq = 5")
    assert AuditEntry.objects.filter(seq=5).exists()
