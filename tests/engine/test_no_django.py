"""The engine is a library: importing all of it must not import Django."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import qingfeng.screening.engine as engine
for info in pkgutil.walk_packages(engine.__path__, engine.__name__ + "."):
    importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(",".join(bad))
"""


def test_importing_every_engine_module_imports_no_django() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == ""
