"""The `qingfeng screen` and `qingfeng gen-data` subcommands (no Django needed)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import ScreeningError

EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "screen",
        help="大数据比对：对一个文件夹的数据表运行比对规则",
        description="对 DATA_DIR 中的数据表（payments.csv、deaths.csv…）运行比对规则，"
        "每条命中写一行到 --out。",
    )
    p.add_argument("data_dir", metavar="DATA_DIR", help="数据表所在文件夹")
    p.add_argument(
        "--out",
        required=True,
        metavar="HITS.csv",
        help="命中结果 CSV：比对成功才写出；比对失败时上次的结果文件会被删除，以免误用",
    )
    p.add_argument("--rules", default="", help="只运行这些规则，如 R01,R05（默认全部）")
    p.add_argument("--engine", default="duckdb", choices=("duckdb", "spark"))
    p.add_argument(
        "--master",
        metavar="URL",
        help="Spark 集群地址，如 spark://127.0.0.1:7077（scripts/spark-cluster.sh 启动）；"
        "给出时即用 Spark 引擎",
    )
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="RULE.NAME=VALUE",
        help="规则参数，如 R08.threshold=200000（可重复）",
    )
    p.add_argument("--work-dir", help="中间文件（Parquet）目录；默认临时目录，结束后删除")
    p.add_argument(
        "--cache",
        metavar="DIR",
        help="检查过的数据表（Parquet）和本次比对的版本存放目录：同一文件再次比对时不再重新"
        "读取检查；下个月的文件只检查新增的行，只重新比对变化涉及的部分。"
        "其中含个人信息，请妥善保管，用完自行删除",
    )
    p.add_argument(
        "--since-version",
        metavar="DIR",
        help="上一个版本：上次比对用 --cache 留下的文件夹。本次只检查新增的行、只重新比对变化"
        "涉及的部分，其余沿用上次结果（命中与全部重新比对相同）；本次的版本写到 --cache"
        "（未给出时写回这个文件夹）",
    )
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=screen_command)

    g = subparsers.add_parser(
        "gen-data",
        help="生成比对演示数据（含埋点答案 truth.csv）",
        description="按数据规范生成一个县或省的模拟数据，含已知异常与干扰项。",
    )
    g.add_argument("--scale", default="small", choices=("small", "county", "province"))
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--out", required=True, help="输出文件夹")
    g.add_argument("--quiet", action="store_true", help="不显示进度")
    g.set_defaults(func=gen_data_command)


def _stderr_progress(quiet: bool):  # type: ignore[no-untyped-def]
    start = time.monotonic()

    def report(fraction: float, message: str) -> None:
        if not quiet:
            print(f"[{fraction:4.0%} {time.monotonic() - start:6.1f}s] {message}", file=sys.stderr)

    return report


def screen_command(args: argparse.Namespace) -> int:
    from .output import write_hits
    from .runner import screen

    if args.master:  # read by backends.spark_session when the Spark session starts
        import os

        from .backends import SPARK_MASTER_ENV

        os.environ[SPARK_MASTER_ENV] = args.master
        args.engine = "spark"
    removed = False
    try:
        removed = _remove_previous(args.out)
        params = _parse_params(args.param)
        rules = [r for r in args.rules.replace("，", ",").split(",") if r.strip()] or None
        report = screen(
            args.data_dir,
            rules=rules,
            params=params,
            engine=args.engine,
            progress=_stderr_progress(args.quiet),
            work_dir=args.work_dir,
            cache=_load_cache(args),
            history=_history(args),
        )
        write_hits(report.hits, args.out)
    except ScreeningError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        _say_removed(args.out, removed)
        return EXIT_BAD_INPUT
    except BaseException:  # any other failure, or Ctrl-C: the old result is gone all the same
        _say_removed(args.out, removed)
        raise
    for code, why in report.skipped.items():
        print(f"注意：{code} {why}", file=sys.stderr)
    if not args.quiet:
        print(f"已写出 {len(report.hits)} 条命中到 {args.out}", file=sys.stderr)
    return 0


def _remove_previous(out: str) -> bool:
    """Delete the previous run's result at --out before this run starts (its own is renamed
    into place only when it succeeds): nothing there can be taken for this run's hits."""
    from .output import remove_previous_hits

    try:
        return remove_previous_hits(out)
    except OSError as exc:
        raise ScreeningError(
            f"无法删除上次的结果文件 {out}：如已在Excel中打开，请先关闭；否则请检查它的访问权限"
        ) from exc


def _say_removed(out: str, removed: bool) -> None:
    if removed:
        print(f"上次的结果文件 {out} 已删除，以免误用", file=sys.stderr)


def _load_cache(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .cache import LoadCache

    since = Path(args.since_version) if args.since_version else None
    if since is not None and not since.is_dir():
        raise ScreeningError(f"上一个版本的文件夹“{since}”不存在")
    root = Path(args.cache) if args.cache else since
    return LoadCache(root, earlier=since) if root is not None else None


def _history(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from .versions import History

    if not args.since_version:
        return None  # with --cache alone, the runner keeps and reads versions in that folder
    return History(Path(args.cache or args.since_version), since=Path(args.since_version))


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or "." not in key:
            raise ScreeningError(f"参数“{item}”应写成 规则.参数=值，如 R08.threshold=200000")
        params[key.strip()] = value
    return params


def gen_data_command(args: argparse.Namespace) -> int:
    from .generator import generate

    try:
        summary = generate(
            Path(args.out), scale=args.scale, seed=args.seed, progress=_stderr_progress(args.quiet)
        )
    except ScreeningError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.quiet:
        counts = "，".join(f"{k} {v}行" for k, v in summary.items())
        print(f"已生成到 {args.out}：{counts}", file=sys.stderr)
    return 0
