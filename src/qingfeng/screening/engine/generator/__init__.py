"""`qingfeng gen-data`: realistic screening data in the data contract, with planted anomalies.

Everything is drawn from hashes of (key, salt, seed) inside DuckDB, so the same seed gives the
same files; nothing loops per payment in Python. Beside the tables it writes `truth.csv` (rule,
subject, kind: exact|fuzzy) and `decoys.csv` (cases that look close but must not be flagged).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from ..errors import ScreeningError
from ..progress import Progress, silent
from .anomalies import Planter
from .noise import add_noise, attach_identity
from .payments import build_enrolments, expand_payments
from .population import build_population
from .registers import build_registers
from .scales import SCALES
from .sqlkit import install_macros
from .writer import write_all


def generate(
    out: Path, scale: str = "small", seed: int = 1, progress: Progress = silent
) -> dict[str, int]:
    """Write the tables, truth.csv and decoys.csv into `out`; return rows per file."""
    if scale not in SCALES:
        raise ScreeningError(f"未知规模“{scale}”（可用：{'、'.join(SCALES)}）")
    size = SCALES[scale]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # out of core: a province (60M payments) spills to disk beside the output, not to the cwd
    spill = out / ".qingfeng-spill"
    con = duckdb.connect(config={"memory_limit": "4GB", "temp_directory": str(spill)})
    con.execute("SET enable_progress_bar = false")
    try:
        install_macros(con, seed)
        progress(0.0, "生成户籍人口")
        build_population(con, size)
        progress(0.2, "生成死亡、公职人员、亲属、车辆、企业、合同")
        build_registers(con, size)
        attach_identity(con)
        progress(0.35, "生成补贴名册")
        build_enrolments(con, size)
        planter = Planter(con, size)
        planter.death_rules()
        planter.official_rules()
        planter.age_rule()
        planter.contract_rules()
        progress(0.5, "生成发放记录")
        expand_payments(con, size)
        planter.payment_rules()
        add_noise(con)
        progress(0.7, "写出文件")
        return write_all(con, out, size)
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
