"""The engine is a library: importing all of it must not import Django, and a run that links
nobody must not import pandas or pyarrow."""

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


RUN_WITHOUT_LINKING = """
import shutil, sys
from pathlib import Path
from qingfeng.screening.engine.cache import LoadCache
from qingfeng.screening.engine.runner import screen
data, cache = Path(sys.argv[1]), LoadCache(sys.argv[2])
first = screen(data, rules=["R05", "R11"], cache=cache)
with (data / "payments.csv").open("a", encoding="utf-8") as f:  # next month: rows appended
    f.write(open(data / "payments.csv", encoding="utf-8").read().splitlines()[-1] + "\\n")
second = screen(data, rules=["R05", "R11"], cache=cache)
print(len(first.hits), len(second.hits), "pandas" in sys.modules, "pyarrow" in sys.modules)
"""


def test_a_run_without_linking_never_imports_pandas_or_pyarrow(tmp_path) -> None:
    """Lists go into DuckDB as list parameters (lists.py): a pyarrow array built from a list
    imports pandas (0.2 s) to ask whether it is a Series, and pyarrow itself takes 0.1 s to
    import. Only Splink needs them."""
    import shutil
    from pathlib import Path

    import qingfeng.screening.engine.rules as rules

    data = tmp_path / "data"
    shutil.copytree(Path(rules.__file__).parent / "r05_paid_twice" / "input", data)
    done = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT_LINKING, str(data), str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    first, second, pandas, pyarrow = done.stdout.split()
    assert int(first) > 0 and int(second) >= int(first)
    assert (pandas, pyarrow) == ("False", "False")
