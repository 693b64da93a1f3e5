"""qingfeng import-orgs WORKBOOK.xlsx [--dry-run] [--passwords OUT.xlsx] [--sms]
qingfeng import-orgs --template OUT.xlsx"""

import os
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from qingfeng.orgs import services

PART_NAMES = {
    "regions": "行政区划",
    "zones": "片区",
    "units": "单位",
    "people": "人员",
    "posts": "职务",
    "relations": "亲属关系",
    "users": "用户",
}
KIND_NAMES = {"new": "新增", "changed": "修改", "ended": "结束", "unchanged": "不变"}


class Command(BaseCommand):
    help = "Import the organisation workbook (regions, zones, units, people, relations, users)."

    def add_arguments(self, parser):
        parser.add_argument("workbook", nargs="?", help="the filled .xlsx")
        parser.add_argument("--template", metavar="OUT", help="write the empty workbook and stop")
        parser.add_argument("--dry-run", action="store_true", help="check and list changes only")
        parser.add_argument(
            "--passwords", metavar="OUT", help="write new users' one-time passwords to OUT.xlsx"
        )
        parser.add_argument("--sms", action="store_true", help="send one-time passwords by SMS")
        parser.add_argument("--show", type=int, default=20, help="changed rows listed per table")

    def handle(self, *args, workbook, template, dry_run, passwords, sms, show, **options):
        if template:
            Path(template).write_bytes(services.orgs_template())
            self.stdout.write(f"已写出空白导入表：{template}")
            return
        if not workbook:
            raise CommandError("请给出要导入的 .xlsx 文件，或用 --template 生成空白表。")
        if not dry_run and not passwords and not sms:
            raise CommandError(
                "新账号的一次性密码需要去处：加 --passwords 密码表.xlsx 或 --sms（或先 --dry-run 检查）。"  # noqa: E501
            )
        try:
            result = services.orgs_import(actor=None, path=Path(workbook), dry_run=dry_run)
        except (services.WorkbookError, OSError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        plan = result.plan
        for error in plan.errors[:200]:
            self.stderr.write(str(error))
        if plan.errors:
            more = "（只列出前 200 条）" if len(plan.errors) > 200 else ""
            raise CommandError(f"共 {len(plan.errors)} 处错误{more}，什么都没有写入。")
        self._summary(plan, show)
        if plan.skipped_regions:
            self.stdout.write(f"跳过省、市两级区划 {plan.skipped_regions} 行。")
        if dry_run:
            self.stdout.write("这是检查（--dry-run），什么都没有写入。")
            return
        credentials = result.applied.credentials
        self.stdout.write(f"已导入。新账号 {len(credentials)} 个。")
        if credentials and passwords:
            data = services.credentials_download(actor=None, credentials=credentials)
            fd = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            self.stdout.write(f"一次性密码已写入 {passwords}（仅本人可读）；分发后请删除此文件。")
        if credentials and sms:
            sent, missing = services.credentials_send_sms(actor=None, credentials=credentials)
            self.stdout.write(
                f"已发送短信 {sent} 条；没有手机号的账号：{'、'.join(missing) or '无'}"
            )

    def _summary(self, plan, show: int) -> None:
        counts = plan.counts()
        shown = plan.shown()
        for part, tally in counts.items():
            if not any(tally.values()):
                continue
            line = "，".join(f"{KIND_NAMES[k]} {n}" for k, n in tally.items())
            self.stdout.write(f"{PART_NAMES[part]}：{line}")
            for change in shown[part][:show]:
                where = f"第 {change.row} 行 " if change.row else ""
                detail = f"（{change.detail}）" if change.detail else ""
                self.stdout.write(f"  {KIND_NAMES[change.kind]} {where}{change.label}{detail}")
