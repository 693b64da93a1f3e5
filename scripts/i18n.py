"""Translation chores.

python scripts/i18n.py update        re-extract messages (each app with its own locale/ dir
                                     gets its own django.po; the rest goes to the shared one),
                                     then rebuild the Uyghur (ug) catalogues of the public pages
python scripts/i18n.py missing       list untranslated or fuzzy messages (exit 1 if any), in
                                     zh_Hans and in the public ug catalogues, with a count each
python scripts/i18n.py fill FILE     fill msgstrs from a file of "English<TAB>中文" lines
python scripts/i18n.py fill-ug FILE  the same for the ug catalogues ("English<TAB>ئۇيغۇرچە")

The ug catalogues hold only the public portal's messages: the zh_Hans entries whose source
is one of PUBLIC_SOURCES below (the office stays zh-Hans). Their translation awaits review by
a native speaker (docs/i18n-uyghur.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "src/qingfeng"
SHARED = PKG / "locale"
UG = "ug"

# Where the public portal's messages come from, per catalogue (the locale dir's parent
# relative to src/qingfeng: "" is the shared catalogue), as path prefixes of the entries'
# "#:" source references.
# fmt: off
PUBLIC_SOURCES: dict[str, tuple[str, ...]] = {
    "": (
        "templates/portal/", "templates/base.html", "templates/503.html", "portal/", "settings.py",
        "audit/templates/audit/public_",
        "core/pii.py", "core/limits.py",
    ),
    "intake": (
        "templates/intake/report.html", "templates/intake/choose.html",
        "templates/intake/done.html", "templates/intake/track.html",
        "templates/intake/status.html", "templates/intake/limited.html",
        "forms.py", "village.py", "media.py", "tracking.py", "views.py", "models.py",
        "ratelimit.py", "apps.py",
    ),
    # the ledger's choices and deadline rules a resident reads (the form, /track/)
    "ledger": ("models.py", "deadlines.py"),
    "powers": ("templates/powers/public_", "views.py", "models.py", "extensions.py"),
    "disclosure": (
        "templates/disclosure/public_", "templates/disclosure/pager.html", "views.py",
        "models.py", "extensions.py", "kinds.py", "schedule.py",
    ),
    "topics": (
        "templates/topics/public_", "templates/topics/propose.html",
        "templates/topics/thanks.html", "templates/topics/limited.html",
        "templates/topics/_counts.html", "forms.py", "models.py", "views.py", "extensions.py",
        "rules.py",
    ),
}
# fmt: on


def app_locale_dirs() -> list[Path]:
    return sorted(p.parent for p in PKG.glob("*/locale") if p.is_dir() and p.parent != PKG)


def po_files(language: str = "zh_Hans") -> list[Path]:
    return sorted(PKG.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def _locale_dir(app: str) -> Path:
    return (PKG / app if app else PKG) / "locale"


def _is_public(entry, prefixes: tuple[str, ...]) -> bool:
    return any(path.startswith(prefixes) for path, _line in entry.occurrences)


def update_ug() -> None:
    """Rebuild each public ug catalogue from its zh_Hans one, keeping the translations made."""
    for app, prefixes in PUBLIC_SOURCES.items():
        source = polib.pofile(str(_locale_dir(app) / "zh_Hans/LC_MESSAGES/django.po"))
        target_path = _locale_dir(app) / UG / "LC_MESSAGES/django.po"
        done = {}
        if target_path.exists():
            for old in polib.pofile(str(target_path)):
                done[(old.msgctxt, old.msgid)] = old
        po = polib.POFile(wrapwidth=source.wrapwidth)
        po.metadata = dict(source.metadata)
        po.metadata["Language"] = UG
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        po.header = "Uyghur messages of the public portal, awaiting a native speaker's review."
        for entry in source:
            if entry.obsolete or not _is_public(entry, prefixes):
                continue
            old = done.get((entry.msgctxt, entry.msgid))
            new = polib.POEntry(
                msgid=entry.msgid,
                msgctxt=entry.msgctxt,
                msgid_plural=entry.msgid_plural,
                occurrences=entry.occurrences,
                flags=[f for f in entry.flags if f != "fuzzy"],
            )
            if entry.msgid_plural:
                new.msgstr_plural = dict(old.msgstr_plural) if old else {0: "", 1: ""}
            else:
                new.msgstr = old.msgstr if old else ""
            if old and "fuzzy" in old.flags:
                new.flags.append("fuzzy")
            po.append(new)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(target_path))


def makemessages(cwd: Path, ignore: list[str]) -> None:
    env = dict(os.environ, QINGFENG_DEBUG="1")
    args = [
        str(ROOT / ".venv/bin/django-admin"),
        "makemessages",
        "-l",
        "zh_Hans",
        "--no-obsolete",
        "-v",
        "0",
        "--ignore=settings_test.py",
    ]
    args += [f"--ignore={pattern}" for pattern in ignore]
    subprocess.run(args, cwd=cwd, env=env, check=True)


def update(only: str | None = None) -> None:
    apps = app_locale_dirs()
    for app in apps:
        if only in (None, app.name):
            makemessages(app, [])
    if only in (None, "shared"):
        makemessages(PKG, [f"{app.name}/*" for app in apps])
    update_ug()


def untranslated(po) -> list:
    """Untranslated or fuzzy; a plural entry needs every form."""
    out = po.untranslated_entries() + po.fuzzy_entries()
    out += [
        e
        for e in po.translated_entries()
        if e.msgid_plural and not all(e.msgstr_plural.values()) and e not in out
    ]
    return out


def missing() -> int:
    total = 0
    for language, label in (("zh_Hans", "zh_Hans (every app)"), (UG, "ug (public pages)")):
        count = entries = 0
        for path in po_files(language):
            po = polib.pofile(str(path))
            entries += len([e for e in po if not e.obsolete])
            for entry in untranslated(po):
                print(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
                count += 1
        print(f"{label}: {count} missing of {entries} messages")
        total += count
    return 1 if total else 0


def fill(source: str, only: str | None = None, language: str = "zh_Hans") -> None:
    pairs = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
            pairs[key] = value
    for path in po_files(language):
        app = path.parents[3].name
        if only is not None and app != (only if only != "shared" else "qingfeng"):
            continue
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if entry.msgid in pairs:
                if entry.msgid_plural and language == UG:
                    # "one|other" (or one form for both)
                    forms = pairs[entry.msgid].split("|")
                    entry.msgstr_plural = {0: forms[0], 1: forms[-1]}
                elif entry.msgid_plural:
                    entry.msgstr_plural = {0: pairs[entry.msgid]}
                else:
                    entry.msgstr = pairs[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                changed = True
        if changed:
            po.save()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "update":
        update(sys.argv[2] if len(sys.argv) > 2 else None)
    elif command == "fill":
        fill(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif command == "fill-ug":
        fill(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None, language=UG)
    else:
        sys.exit(missing())
