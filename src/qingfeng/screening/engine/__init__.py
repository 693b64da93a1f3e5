"""The screening engine (大数据比对): pure Python, no Django.

Load a folder of tables (data contract in contract.py), check every cell, link people across
registers, run rules R01–R12 on DuckDB or Spark and return hits with a Chinese summary and JSON
evidence. The web app calls `run_screening`; the command line calls it through `qingfeng screen`.
"""

from .errors import DataError, DataProblem, ScreeningError
from .hits import Hit
from .runner import ScreeningReport, run_screening, screen

__all__ = [
    "DataError",
    "DataProblem",
    "Hit",
    "ScreeningError",
    "ScreeningReport",
    "run_screening",
    "screen",
]
