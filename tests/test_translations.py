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


def _i18n_script():
    import importlib.util

    path = PKG.parent.parent / "scripts/i18n.py"
    spec = importlib.util.spec_from_file_location("qingfeng_i18n_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_public_pages_have_every_message_in_uyghur():
    """The ug catalogues hold every public message of the zh_Hans ones (they are current: run
    `scripts/i18n.py update` after adding one), and each has its translation."""
    i18n = _i18n_script()
    missing, stale = [], []
    for app, prefixes in i18n.PUBLIC_SOURCES.items():
        locale = PKG / app / "locale" if app else PKG / "locale"
        zh = polib.pofile(str(locale / "zh_Hans/LC_MESSAGES/django.po"))
        ug_path = locale / "ug/LC_MESSAGES/django.po"
        assert ug_path.exists(), f"{ug_path} missing: run scripts/i18n.py update"
        ug = polib.pofile(str(ug_path))
        have = {(e.msgctxt, e.msgid) for e in ug}
        stale += [
            f"{app or 'shared'}: {e.msgid}"
            for e in zh
            if not e.obsolete and i18n._is_public(e, prefixes) and (e.msgctxt, e.msgid) not in have
        ]
        missing += [f"{app or 'shared'}: {e.msgid}" for e in i18n.untranslated(ug)]
        mo = ug_path.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= ug_path.stat().st_mtime - 1, (
            f"{mo}: run `make messages`"
        )
    assert stale == [], f"not in the ug catalogue: {stale[:10]} (run scripts/i18n.py update)"
    assert missing == [], f"no Uyghur translation: {missing[:10]} (scripts/i18n.py fill-ug)"


def test_a_message_reads_the_same_in_every_catalogue():
    """Django merges the catalogues and the first one that has a message wins everywhere (the
    shared catalogue, then the apps in INSTALLED_APPS order). Two apps translating the same
    English words differently would show one app's words in the other's pages ("Method" as
    方法路径 on a clue's disposal): a message whose meaning differs takes a context
    (pgettext_lazy / {% translate "..." context "..." %})."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for language in ("zh_Hans", "ug"):
        for path in sorted(PKG.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
            app = path.parent.parent.parent.parent.name
            for e in polib.pofile(str(path)):
                if e.msgstr and not e.msgid_plural:
                    seen.setdefault((language, f"{e.msgctxt or ''}\x04{e.msgid}"), {})[app] = (
                        e.msgstr
                    )
    clashes = {
        key[1].lstrip("\x04"): apps for key, apps in seen.items() if len(set(apps.values())) > 1
    }
    assert clashes == {}, f"the same message translated differently: {list(clashes.items())[:5]}"
