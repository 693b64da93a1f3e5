from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/qingfeng/locale/zh_Hans/LC_MESSAGES/django.po"


def test_every_message_has_a_chinese_translation():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == [], f"untranslated: {missing[:10]} (run scripts/i18n.py)"


def test_the_compiled_catalogue_is_current():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make messages`"
    assert mo.stat().st_mtime >= PO.stat().st_mtime - 1
