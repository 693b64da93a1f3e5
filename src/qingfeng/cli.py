"""The `qingfeng` console command.

Subcommands that need the web app set up Django lazily; the screening engine's
subcommands (`screen`, `gen-data`) run without Django.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.settings")
    import django

    django.setup()


def _call(command: str, *args: str) -> int:
    _django_setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(command, *args)
    except CommandError as exc:
        print(f"qingfeng: {exc}", file=sys.stderr)
        return exc.returncode or 1
    return 0


def _manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qingfeng manage", *args.rest])
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    extra = ["--seed", str(args.seed)] + (["--reset"] if args.reset else [])
    return _call("seed_demo", *extra)


def _audit_verify(args: argparse.Namespace) -> int:
    return _call("audit_verify")


def _disclosure_verify(args: argparse.Namespace) -> int:
    return _call("disclosure_verify")


def _init_county(args: argparse.Namespace) -> int:
    return _call(
        "init_county", "--code", args.code, "--name", args.name, "--username", args.username
    )


def _import_orgs(args: argparse.Namespace) -> int:
    extra = [args.workbook] if args.workbook else []
    for flag in ("template", "passwords"):
        if getattr(args, flag):
            extra += [f"--{flag}", getattr(args, flag)]
    extra += ["--dry-run"] if args.dry_run else []
    extra += ["--sms"] if args.sms else []
    return _call("import_orgs", *extra)


def _record_backup(action: str, manifest: dict) -> None:
    """The backup or restore in the audit log (core sits below audit: recorded from here)."""
    from qingfeng.audit.services import audit_record_now

    audit_record_now(
        actor=None,
        action=action,
        data={"backup_of": manifest["created_at"], "manifest": manifest["signature"][:16]},
    )


def _backup(args: argparse.Namespace) -> int:
    _django_setup()
    from qingfeng.core.backup.command import backup

    return backup(args.folder, record=_record_backup)


def _restore(args: argparse.Namespace) -> int:
    _django_setup()
    from qingfeng.core.backup.command import restore

    return restore(args.folder, force=args.force, record=_record_backup)


def _serve(args: argparse.Namespace) -> int:
    from qingfeng.serve import serve

    return serve(addr=args.addr, with_worker=not args.no_worker)


def _engine_registrars() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands contributed by packages that do not need Django."""
    from qingfeng.screening.engine import command as screening_command

    return [screening_command.register]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qingfeng",
        description="清风 qingfeng: grassroots micro-power supervision platform.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("seed-demo", help="build the demo county 示范县 (idempotent)")
    p.add_argument("--seed", type=int, default=20261122, help="random seed (default: %(default)s)")
    p.add_argument("--reset", action="store_true", help="delete the demo county first")
    p.set_defaults(func=_seed_demo)

    p = sub.add_parser(
        "init-county", help="first run: the county, its commission and the first administrator"
    )
    p.add_argument("--code", required=True, help="12-digit county code (统计用区划代码)")
    p.add_argument("--name", required=True, help="the county's name")
    p.add_argument("--username", default="admin", help="the first administrator's login")
    p.set_defaults(func=_init_county)

    p = sub.add_parser(
        "import-orgs", help="import regions, zones, units, people, relations and users (.xlsx)"
    )
    p.add_argument("workbook", nargs="?", help="the filled workbook")
    p.add_argument("--template", metavar="OUT", help="write the empty workbook with examples")
    p.add_argument("--dry-run", action="store_true", help="check and list the changes only")
    p.add_argument("--passwords", metavar="OUT", help="new users' one-time passwords (.xlsx)")
    p.add_argument("--sms", action="store_true", help="send new users' passwords by SMS")
    p.set_defaults(func=_import_orgs)

    p = sub.add_parser("audit", help="audit log tools")
    audit_sub = p.add_subparsers(dest="audit_command", metavar="ACTION")
    audit_sub.required = True
    v = audit_sub.add_parser(
        "verify", help="check the hash chain; exit 1 naming the first bad entry"
    )
    v.set_defaults(func=_audit_verify)

    p = sub.add_parser("disclosure", help="public disclosure (三务公开) tools")
    disclosure_sub = p.add_subparsers(dest="disclosure_command", metavar="ACTION")
    disclosure_sub.required = True
    v = disclosure_sub.add_parser(
        "verify", help="check every village's publication chain; exit 1 naming the first bad batch"
    )
    v.set_defaults(func=_disclosure_verify)

    p = sub.add_parser(
        "backup", help="back up the database, media and data sets into an empty folder"
    )
    p.add_argument("folder", help="a new or empty folder (one per backup)")
    p.set_defaults(func=_backup)

    p = sub.add_parser("restore", help="restore a backup made by `qingfeng backup`")
    p.add_argument("folder", help="the backup's folder (with manifest.json)")
    p.add_argument("--force", action="store_true", help="replace a database that holds data")
    p.set_defaults(func=_restore)

    p = sub.add_parser("serve", help="serve the web app with the background worker beside it")
    p.add_argument("--addr", default="127.0.0.1:8000")
    p.add_argument("--no-worker", action="store_true", help="do not start the task worker")
    p.set_defaults(func=_serve)

    p = sub.add_parser("manage", help="run any Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=_manage)

    for register in _engine_registrars():
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
