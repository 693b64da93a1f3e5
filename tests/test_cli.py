import subprocess
import sys

from qingfeng.cli import build_parser


def test_help_lists_the_subcommands():
    result = subprocess.run(
        [sys.executable, "-m", "qingfeng.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("seed-demo", "audit", "serve", "manage"):
        assert command in result.stdout


def test_unknown_subcommands_fail():
    parser = build_parser()
    try:
        parser.parse_args(["no-such-command"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("an unknown command must fail")
