"""Sheets and columns of the organisation workbook. Headers are what county officials keep in
their own lists; aliases let a 统计用区划代码 table or a 花名册 be pasted in as it is."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    explain: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    width: int = 16


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    explain: str
    columns: tuple[Column, ...]
    examples: tuple[tuple[str, ...], ...] = field(default=())


REGIONS = Sheet(
    "regions",
    "行政区划",
    "统计局“统计用区划代码”：县、乡镇（街道）、村（社区）各一行。可直接粘贴统计局的表；省、市两级的行会被跳过。",
    (
        Column("code", "区划代码", "12 位数字，如 330122101201", True, ("统计用区划代码", "代码")),
        Column("name", "名称", "如 清溪镇、东溪村", True, ("区划名称", "单位名称")),
        Column(
            "parent",
            "上级代码",
            "可不填：由代码推出；填写时须与代码一致",
            aliases=("上级区划代码",),
        ),
        Column("urban_rural", "城乡分类代码", "可不填，如 220", aliases=("城乡分类",)),
    ),
    (
        ("330122000000", "样例县", "", ""),
        ("330122101000", "清溪镇", "330122000000", ""),
        ("330122101201", "东溪村", "330122101000", "220"),
    ),
)

ZONES = Sheet(
    "zones",
    "片区",
    "片区协作组：每个片区一行，列出所含乡镇。",
    (
        Column("name", "片区名称", "如 东部片区协作组", True, ("片区",), width=20),
        Column(
            "townships", "所含乡镇", "乡镇名称或代码，用顿号、逗号或空格分开", True, ("乡镇",), 30
        ),
        Column(
            "lead_unit", "牵头单位", "可不填；须是“单位”表或系统中已有的单位", aliases=("牵头",)
        ),
    ),
    (("东部片区协作组", "清溪镇、石门镇", "清溪镇纪委"),),
)

UNITS = Sheet(
    "units",
    "单位",
    "纪委监委、纪检监察室、派驻纪检监察组、乡镇纪委、村委会、村务监督委员会、职能部门。",
    (
        Column("name", "单位名称", "在所在区划内不重复", True, ("名称", "单位"), 24),
        Column(
            "kind",
            "单位类型",
            "县纪委监委、纪检监察室、派驻纪检监察组、乡镇纪委、村委会、村务监督委员会、职能部门",
            True,
            ("类型",),
            18,
        ),
        Column(
            "region",
            "所在区划",
            "区划代码，或在本县唯一的区划名称",
            True,
            ("区划代码", "所在区划代码"),
        ),
        Column("parent", "上级单位", "可不填；同一县内的单位名称", aliases=("上级",)),
        Column("phone", "对外电话", "可不填；公开在村页面上", aliases=("电话", "办公电话")),
    ),
    (
        ("样例县纪委监委", "县纪委监委", "330122000000", "", "0571-00000000"),
        ("清溪镇纪委", "乡镇纪委", "330122101000", "样例县纪委监委", "0571-00000001"),
        ("东溪村村民委员会", "村委会", "330122101201", "", ""),
        ("东溪村村务监督委员会", "村务监督委员会", "330122101201", "", ""),
    ),
)

PEOPLE = Sheet(
    "people",
    "人员",
    "村干部、村务监督委员会成员、公职人员、财政供养人员及其亲属。一人多个职务写多行；亲属不填职务。"
    "某单位在本表中列出的职务即该单位的全部在任职务：未列出的在任职务将于导入之日结束（换届），历史保留。",
    (
        Column("name", "姓名", "", True, (), 10),
        Column(
            "id_number",
            "身份证号",
            "18 位（旧 15 位号码自动转换），按此匹配人员",
            True,
            ("公民身份号码", "身份证号码"),
            22,
        ),
        Column("phone", "手机", "可不填", aliases=("电话", "联系电话", "手机号")),
        Column(
            "region",
            "所在区划",
            "户籍所在村的代码；公职人员可填乡镇或县的代码",
            True,
            ("村代码", "区划代码"),
        ),
        Column("household_no", "户号", "可不填", aliases=()),
        Column("relation_to_head", "与户主关系", "可不填", aliases=()),
        Column(
            "category",
            "类别",
            "村干部、村务监督委员会成员、公职人员、财政供养人员；亲属不填",
            aliases=("人员类别",),
        ),
        Column("title", "职务", "如 村党组织书记、村委会主任", aliases=("现任职务",), width=24),
        Column(
            "unit",
            "任职单位",
            "“单位”表或系统中已有的单位名称；可不填",
            aliases=("单位", "工作单位"),
            width=22,
        ),
        Column("since", "任职日期", "如 2021-03-15", aliases=("任职时间",), width=12),
        Column("until", "离任日期", "在任不填", aliases=("离任时间",), width=12),
    ),
    (
        (
            "张三",
            "330122198001011234",
            "13800000000",
            "330122101201",
            "",
            "户主",
            "村干部",
            "村党组织书记、村委会主任",
            "东溪村村民委员会",
            "2021-03-15",
            "",
        ),
        (
            "李四",
            "330122198502021236",
            "",
            "330122101201",
            "",
            "",
            "村务监督委员会成员",
            "村务监督委员会主任",
            "东溪村村务监督委员会",
            "2021-03-15",
            "",
        ),
    ),
)

RELATIONS = Sheet(
    "relations",
    "亲属关系",
    "“亲属”是“本人”的什么人。两人都须在“人员”表或系统中。",
    (
        Column("id_number", "本人身份证号", "", True, ("身份证号",), 22),
        Column("relative_id_number", "亲属身份证号", "", True, (), 22),
        Column(
            "kind",
            "关系",
            "配偶、父母、子女、兄弟姐妹、祖父母、孙子女、配偶父母、子女配偶、配偶兄弟姐妹、同户",
            True,
            ("亲属关系", "与本人关系"),
        ),
    ),
    (("330122198001011234", "330122198203031220", "配偶"),),
)

USERS = Sheet(
    "users",
    "用户",
    "后台账号。新账号的一次性密码在导入后下载一次（或用短信发送），首次登录须改密码；县级账号还须绑定动态口令。",
    (
        Column("username", "账号", "字母、数字或 @.+-_，如 qingxi1", True, ("用户名", "登录名")),
        Column("display_name", "姓名", "显示在后台", aliases=("显示名称",), width=10),
        Column("id_number", "身份证号", "可不填；填写时关联“人员”中的这个人", aliases=(), width=22),
        Column(
            "role",
            "角色",
            "系统管理员、县纪委监委领导、纪检监察室干部、派驻组干部、乡镇纪委干部、村级监督员、职能部门人员",
            True,
            (),
            18,
        ),
        Column("unit", "所属单位", "单位名称", aliases=("单位",), width=22),
        Column(
            "scope", "管辖范围", "区划代码、区划名称或片区名称，多个用顿号分开", True, ("范围",), 24
        ),
        Column("phone", "手机", "可不填；用于短信发送一次性密码", aliases=("电话",)),
    ),
    (("qingxi1", "王五", "", "乡镇纪委干部", "清溪镇纪委", "清溪镇", "13900000000"),),
)

SHEETS = (REGIONS, ZONES, UNITS, PEOPLE, RELATIONS, USERS)

UNIT_KINDS = {
    "县纪委监委": "county_commission",
    "纪委监委": "county_commission",
    "县纪委": "county_commission",
    "纪检监察室": "inspection_office",
    "派驻纪检监察组": "stationed_group",
    "派驻组": "stationed_group",
    "乡镇纪委": "township_commission",
    "乡镇纪检监察机构": "township_commission",
    "街道纪工委": "township_commission",
    "村务监督委员会": "village_supervision",
    "村监委": "village_supervision",
    "村委会": "village_committee",
    "村民委员会": "village_committee",
    "居委会": "village_committee",
    "社区居委会": "village_committee",
    "职能部门": "department",
    "部门": "department",
}
# The level of region each kind of unit sits in.
UNIT_LEVELS = {
    "county_commission": "county",
    "inspection_office": "county",
    "stationed_group": "county",
    "department": "county",
    "township_commission": "township",
    "village_supervision": "village",
    "village_committee": "village",
}

CATEGORIES = {
    "村干部": "village_cadre",
    "村务监督委员会成员": "village_supervisor",
    "村监委成员": "village_supervisor",
    "村级监督员": "village_supervisor",
    "公职人员": "public_official",
    "财政供养人员": "state_funded",
}

RELATION_KINDS = {
    "配偶": "spouse",
    "丈夫": "spouse",
    "妻子": "spouse",
    "夫": "spouse",
    "妻": "spouse",
    "父母": "parent",
    "父亲": "parent",
    "母亲": "parent",
    "父": "parent",
    "母": "parent",
    "子女": "child",
    "儿子": "child",
    "女儿": "child",
    "子": "child",
    "女": "child",
    "兄弟姐妹": "sibling",
    "同胞兄弟姊妹": "sibling",
    "兄弟姊妹": "sibling",
    "哥哥": "sibling",
    "弟弟": "sibling",
    "姐姐": "sibling",
    "妹妹": "sibling",
    "兄": "sibling",
    "弟": "sibling",
    "姐": "sibling",
    "妹": "sibling",
    "祖父母": "grandparent",
    "外祖父母": "grandparent",
    "祖父": "grandparent",
    "祖母": "grandparent",
    "外祖父": "grandparent",
    "外祖母": "grandparent",
    "孙子女": "grandchild",
    "外孙子女": "grandchild",
    "孙子": "grandchild",
    "孙女": "grandchild",
    "外孙": "grandchild",
    "外孙女": "grandchild",
    "配偶父母": "parent_in_law",
    "岳父": "parent_in_law",
    "岳母": "parent_in_law",
    "公公": "parent_in_law",
    "婆婆": "parent_in_law",
    "子女配偶": "child_in_law",
    "儿媳": "child_in_law",
    "女婿": "child_in_law",
    "配偶兄弟姐妹": "sibling_in_law",
    "同户": "household",
    "同一户": "household",
    "同户人员": "household",
}

ROLES = {
    "系统管理员": "admin",
    "管理员": "admin",
    "县纪委监委领导": "county_leader",
    "纪检监察室干部": "office_cadre",
    "派驻组干部": "stationed_cadre",
    "派驻纪检监察组干部": "stationed_cadre",
    "乡镇纪委干部": "township_cadre",
    "村级监督员": "village_supervisor",
    "村务监督委员会成员": "village_supervisor",
    "村级纪检委员": "village_supervisor",
    "职能部门人员": "department_staff",
}
