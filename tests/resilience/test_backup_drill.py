"""The recovery drill: back up a site, empty its database, restore, and check that both hash
chains verify and a resident's 查询码 still opens the report. Runs on SQLite and, under
scripts/with-postgres.sh, on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from qingfeng.core.backup import BackupError, make_backup, restore_backup
from qingfeng.core.backup.command import backup, restore
from qingfeng.intake import services as intake
from tests.disclosure.conftest import publish_direct, subsidy_rows

PHOTO = b"\x89PNG fake photo bytes for the drill"


@pytest.fixture
def site(settings, tmp_path):
    """The var folder, media and screening data in a temporary folder."""
    var = tmp_path / "var"
    settings.VAR_DIR = var
    settings.MEDIA_ROOT = var / "media"
    settings.SCREENING_DATA_DIR = var / "screening"
    (var / "media" / "reports").mkdir(parents=True)
    (var / "media" / "reports" / "photo.png").write_bytes(PHOTO)
    (var / "screening" / "datasets" / "ab12").mkdir(parents=True)
    (var / "screening" / "datasets" / "ab12" / "0-payments.csv").write_text("id,amount\n1,2\n")
    (var / "audit").mkdir()
    (var / "audit" / "checkpoints.log").write_text("1 abc\n")
    (var / "static").mkdir()
    (var / "static" / "app.css").write_text("body{}")  # collected: not backed up
    return var


@pytest.fixture
def filled(transactional_db, world, site):
    _report, code = intake.report_submit(
        village=world.village_a1, kind="livelihood", description="路灯坏了两个月"
    )
    publish_direct(world.village_a1)
    publish_direct(world.village_a1, "subsidy", "2026-03 低保金", subsidy_rows(), "三月低保金")
    return code


def _track(client, code):
    return client.post(reverse("intake:track"), {"code": code}, follow=True)


def _empty_the_site(site: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in ("media", "screening", "audit"):
        for path in sorted((site / name).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restores_into_an_empty_site(filled, site, tmp_path, client):
    folder = tmp_path / "backup"
    body = make_backup(folder)
    assert set(body["files"]) >= {"media.tar", "screening.tar", "var.tar"}
    assert body["files"]["media.tar"]["files"] == 1
    assert body["files"]["var.tar"]["files"] == 1  # the checkpoints; not static, not the db

    _empty_the_site(site)
    assert _track(client, filled).status_code == 400  # the report is gone

    restore_backup(folder)
    call_command("audit_verify")  # raises CommandError when the chain is broken
    call_command("disclosure_verify")
    page = _track(client, filled).content.decode()
    assert "路灯坏了两个月" in page
    assert (site / "media" / "reports" / "photo.png").read_bytes() == PHOTO
    assert (site / "screening" / "datasets" / "ab12" / "0-payments.csv").is_file()
    assert (site / "audit" / "checkpoints.log").read_text() == "1 abc\n"


def test_it_refuses_a_database_in_use_unless_forced(filled, world, site, tmp_path, client):
    folder = tmp_path / "backup"
    make_backup(folder)
    intake.report_submit(village=world.village_a2, kind="livelihood", description="备份之后的反映")
    with pytest.raises(BackupError, match="数据库不是空的"):
        restore_backup(folder)
    restore_backup(folder, force=True)
    call_command("audit_verify")
    assert "路灯坏了两个月" in _track(client, filled).content.decode()


@pytest.mark.parametrize("victim", ["database", "media.tar", "manifest"])
def test_it_refuses_a_tampered_backup_in_chinese(filled, site, tmp_path, capsys, victim):
    folder = tmp_path / "backup"
    body = make_backup(folder)
    if victim == "manifest":  # a file swapped and its hash rewritten: the signature fails
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["files"]["media.tar"]["sha256"] = "0" * 64
        (folder / "manifest.json").write_text(json.dumps(manifest))
    else:
        name = body["database"]["file"] if victim == "database" else victim
        data = bytearray((folder / name).read_bytes())
        data[len(data) // 2] ^= 0xFF
        (folder / name).write_bytes(bytes(data))
    _empty_the_site(site)
    assert restore(str(folder)) == 1
    err = capsys.readouterr().err
    assert "拒绝恢复" in err
    assert ("SHA-256" in err) if victim != "manifest" else ("清单" in err)
    assert not (site / "media" / "reports" / "photo.png").exists()  # nothing was restored


def test_the_commands_say_what_they_did_in_chinese(filled, site, tmp_path, capsys):
    recorded = []
    folder = tmp_path / "backup"
    assert backup(str(folder), record=lambda action, body: recorded.append(action)) == 0
    assert "备份已写入" in capsys.readouterr().out
    assert backup(str(folder)) == 1  # one backup per folder
    assert "拒绝备份" in capsys.readouterr().err
    _empty_the_site(site)
    assert restore(str(folder), record=lambda action, body: recorded.append(action)) == 0
    assert recorded == ["core.backup", "core.restore"]


def test_a_folder_without_a_manifest_is_not_a_backup(db, site, tmp_path):
    with pytest.raises(BackupError, match=r"manifest\.json"):
        restore_backup(tmp_path)
