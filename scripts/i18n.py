"""Translation chores: `update` re-extracts messages, `missing` lists untranslated ones,
`fill FILE` takes a tab-separated file of English msgid and Chinese msgstr lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/qingfeng/locale/zh_Hans/LC_MESSAGES/django.po"


def update() -> None:
    env = dict(os.environ, QINGFENG_DEBUG="1")
    subprocess.run(
        [
            str(ROOT / ".venv/bin/django-admin"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore=settings_test.py",
            "-v",
            "0",
        ],
        cwd=ROOT / "src/qingfeng",
        env=env,
        check=True,
    )


def missing() -> int:
    po = polib.pofile(str(PO))
    entries = po.untranslated_entries() + po.fuzzy_entries()
    for entry in entries:
        print(entry.msgid.replace("\n", "\\n"))
    return 1 if entries else 0


def fill(path: str) -> None:
    po = polib.pofile(str(PO))
    pairs = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, value = line.split("\t", 1)
            pairs[key] = value
    for entry in po:
        if entry.msgid in pairs:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: pairs[entry.msgid]}
            else:
                entry.msgstr = pairs[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "update":
        update()
    elif command == "fill":
        fill(sys.argv[2])
    else:
        sys.exit(missing())
