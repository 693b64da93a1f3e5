"""The data contract for screening: which tables, which Chinese headers, which types.

Headers are the ones officials keep (DESIGN.md, "Data contract for screening"); inside the engine
every column gets an ASCII name so the same SQL runs on DuckDB and on Spark without quoting.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a cell is parsed and checked."""

    TEXT = "text"  # trimmed string
    ID = "id"  # 居民身份证号: spaces removed, upper-case X, 15 digits converted to 18
    CODE = "code"  # codes and account numbers: spaces removed
    DATE = "date"  # 2024-01-05, 2024/1/5, 20240105, Excel serial numbers and date cells
    AMOUNT = "amount"  # 1,234.50 元: numbers only, never amounts in words


@dataclass(frozen=True)
class Column:
    header: str  # Chinese header as officials write it
    name: str  # ASCII name inside the engine
    kind: Kind = Kind.TEXT
    required: bool = False  # an empty cell is an error
    optional: bool = False  # the column itself may be absent from the file
    # a date column where a month alone (2024-03, 2024年3月, 202403: registers that keep the
    # month paid) is taken as the month's first day
    month: bool = False


@dataclass(frozen=True)
class Table:
    name: str  # file name without extension, e.g. "payments"
    label: str  # Chinese label used in messages and evidence
    aliases: tuple[str, ...]  # Chinese file names also accepted, e.g. 发放
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


K = Kind
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "residents",
            "户籍人口",
            ("居民", "户籍人口", "户籍"),
            (
                Column("身份证号", "id_no", K.ID),
                Column("姓名", "name"),
                Column("性别", "sex"),
                Column("出生日期", "birth_date", K.DATE),
                Column("村代码", "village_code", K.CODE),
                Column("户号", "household_no", K.CODE),
                Column("与户主关系", "relation_to_head"),
            ),
        ),
        Table(
            "deaths",
            "死亡记录",
            ("死亡", "死亡人员"),
            (
                Column("身份证号", "id_no", K.ID),
                Column("姓名", "name"),
                Column("死亡日期", "death_date", K.DATE, required=True),
                Column("来源", "source"),
                Column("出生日期", "birth_date", K.DATE, optional=True),
                Column("村代码", "village_code", K.CODE, optional=True),
            ),
        ),
        Table(
            "payments",
            "发放记录",
            ("发放", "发放明细", "补贴发放"),
            (
                Column("发放日期", "pay_date", K.DATE, required=True, month=True),
                Column("项目", "program", required=True),
                Column("身份证号", "id_no", K.ID),
                Column("姓名", "name"),
                Column("村代码", "village_code", K.CODE),
                Column("金额", "amount", K.AMOUNT, required=True),
                Column("银行账号", "account", K.CODE),
            ),
        ),
        Table(
            "officials",
            "公职人员",
            ("公职人员", "财政供养人员", "干部"),
            (
                Column("身份证号", "id_no", K.ID),
                Column("姓名", "name"),
                Column("单位", "unit"),
                Column("职务", "position"),
                Column("类别", "category"),
                Column("村代码", "village_code", K.CODE),
                Column("出生日期", "birth_date", K.DATE, optional=True),
            ),
        ),
        Table(
            "relatives",
            "亲属关系",
            ("亲属", "亲属关系"),
            (
                Column("身份证号", "id_no", K.ID),
                Column("亲属身份证号", "relative_id_no", K.ID),
                Column("关系", "relation"),
            ),
        ),
        Table(
            "vehicles",
            "车辆登记",
            ("车辆", "机动车"),
            (
                Column("身份证号", "id_no", K.ID),
                Column("姓名", "name"),
                Column("号牌号码", "plate", K.CODE),
                Column("登记日期", "reg_date", K.DATE),
            ),
        ),
        Table(
            "companies",
            "企业登记",
            ("企业", "市场主体"),
            (
                Column("统一社会信用代码", "credit_code", K.CODE),
                Column("企业名称", "company_name"),
                Column("法定代表人身份证号", "rep_id_no", K.ID),
                Column("法定代表人姓名", "rep_name"),
                Column("成立日期", "founded_date", K.DATE),
            ),
        ),
        Table(
            "contracts",
            "工程合同",
            ("合同", "工程合同"),
            (
                Column("合同编号", "contract_no", K.CODE, required=True),
                Column("项目名称", "project_name"),
                Column("村代码", "village_code", K.CODE),
                Column("承包方名称", "contractor_name"),
                Column("承包方信用代码", "contractor_credit_code", K.CODE),
                Column("合同金额", "amount", K.AMOUNT, required=True),
                Column("签订日期", "signed_date", K.DATE, required=True),
                Column("发包方式", "procurement_method"),
            ),
        ),
        Table(
            "standards",
            "补贴标准",
            ("标准", "补贴标准"),
            (
                Column("项目", "program", required=True),
                Column("开始日期", "start_date", K.DATE, required=True),
                Column("结束日期", "end_date", K.DATE),
                Column("标准金额", "amount", K.AMOUNT, required=True),
            ),
        ),
    )
}

# payments also keep the payee ID exactly as given, for R11 (its subject is the string as given)
RAW_ID_COLUMNS: dict[str, tuple[str, str]] = {"payments": ("id_no", "id_raw")}

DUCKDB_TYPES: dict[Kind, str] = {
    Kind.TEXT: "VARCHAR",
    Kind.ID: "VARCHAR",
    Kind.CODE: "VARCHAR",
    Kind.DATE: "DATE",
    Kind.AMOUNT: "DECIMAL(18,2)",
}


# row_id is the record's row in the file as given (row 1 holds the headers). It is not stored:
# backends derive it from the row's place in the Parquet file, which keeps the file's order, so
# that loading can run in parallel (a numbering column would serialise it).
FIRST_ROW = 2


def engine_schema(table: Table) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a loaded table as rules see it, in order, row_id first."""
    return [("row_id", "BIGINT"), *stored_schema(table)]


def stored_schema(table: Table) -> list[tuple[str, str]]:
    """(column, DuckDB type) of a loaded table's Parquet file: engine_schema without row_id."""
    cols = []
    for col in table.columns:
        cols.append((col.name, DUCKDB_TYPES[col.kind]))
        raw = RAW_ID_COLUMNS.get(table.name)
        if raw and raw[0] == col.name:
            cols.append((raw[1], "VARCHAR"))
    return cols
