"""qingfeng init-county --code 330122000000 --name 样例县"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from qingfeng.orgs import services


class Command(BaseCommand):
    help = "Create the county, its commission and the first administrator (one-time password)."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="12-digit county code (统计用区划代码)")
        parser.add_argument("--name", required=True, help="the county's name, e.g. 样例县")
        parser.add_argument("--username", default="admin", help="the first administrator's login")

    def handle(self, *args, code, name, username, **options):
        try:
            start = services.county_init(code=code, name=name, username=username)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        w = self.stdout.write
        w(f"已创建：{start.county.name}（{start.county.code}）及{start.commission.name}")
        w(f"第一个系统管理员  账号：{start.admin.username}  一次性密码：{start.password}")
        w("此密码只显示这一次。登录 /office/ 后须先用身份验证器绑定动态口令，再修改密码。")
        w(
            "下一步：qingfeng import-orgs --template 组织机构导入表.xlsx，填好后导入（也可在后台“组织机构导入”页面操作）。"  # noqa: E501
        )
