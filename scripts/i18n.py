"""Translation chores.

python scripts/i18n.py update        re-extract messages (each app with its own locale/ dir
                                     gets its own django.po; the rest goes to the shared one)
python scripts/i18n.py missing       list untranslated or fuzzy messages (exit 1 if any)
python scripts/i18n.py fill FILE     fill msgstrs from a file of "English<TAB>中文" lines
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


def app_locale_dirs() -> list[Path]:
    return sorted(p.parent for p in PKG.glob("*/locale") if p.is_dir() and p.parent != PKG)


def po_files() -> list[Path]:
    return sorted(PKG.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


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


def missing() -> int:
    count = 0
    for path in po_files():
        po = polib.pofile(str(path))
        for entry in po.untranslated_entries() + po.fuzzy_entries():
            print(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
            count += 1
    return 1 if count else 0


def fill(source: str, only: str | None = None) -> None:
    pairs = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
            pairs[key] = value
    for path in po_files():
        app = path.parents[3].name
        if only is not None and app != (only if only != "shared" else "qingfeng"):
            continue
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if entry.msgid in pairs:
                if entry.msgid_plural:
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
    else:
        sys.exit(missing())
