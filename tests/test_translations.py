from pathlib import Path

import polib

PKG = Path(__file__).resolve().parent.parent / "src/qingfeng"
CATALOGUES = sorted(PKG.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def test_every_message_has_a_chinese_translation():
    assert CATALOGUES, "no catalogue found"
    missing = []
    for path in CATALOGUES:
        po = polib.pofile(str(path))
        missing += [
            f"{path.parent.parent.parent.parent.name}: {e.msgid}"
            for e in po.untranslated_entries() + po.fuzzy_entries()
        ]
    assert missing == [], f"untranslated: {missing[:10]} (run scripts/i18n.py)"


def test_the_compiled_catalogues_are_current():
    for path in CATALOGUES:
        mo = path.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run `make messages`"
        assert mo.stat().st_mtime >= path.stat().st_mtime - 1
