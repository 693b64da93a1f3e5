"""Writing the generated tables with the contract's Chinese headers, in a few encodings and
formats an official's desk really has (UTF-8, GBK, Excel)."""

# SQL here is assembled from the contract's own identifiers and typed, quoted parameters,
# never from text in the data files.
# ruff: noqa: S608

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
from openpyxl import Workbook

from .scales import Scale

_QUERIES = {
    "residents": """
        SELECT id_no AS 身份证号, name AS 姓名, sex AS 性别, birth_date AS 出生日期,
               village_code AS 村代码, household_no AS 户号, relation AS 与户主关系
        FROM persons ORDER BY pid""",
    "deaths": """
        SELECT d.id_out AS 身份证号, d.name_out AS 姓名,
               CASE WHEN u(d.pid, 'fmt') < 0.2 THEN strftime(d.death_date, '%Y/%-m/%-d')
                    ELSE strftime(d.death_date, '%Y-%m-%d') END AS 死亡日期,
               d.source AS 来源,
               CASE WHEN d.bare THEN NULL ELSE p.birth_date END AS 出生日期,
               CASE WHEN d.bare THEN NULL ELSE p.village_code END AS 村代码
        FROM deaths d JOIN persons p USING (pid) ORDER BY d.death_date, d.pid""",
    "payments": """
        SELECT pay_date AS 发放日期, program AS 项目, id_no AS 身份证号, name AS 姓名,
               village_code AS 村代码, amount AS 金额, account AS 银行账号
        FROM pay
        ORDER BY pay_date, program, village_code, coalesce(id_no, ''), account, amount""",
    "officials": """
        SELECT o.id_out AS 身份证号, o.name_out AS 姓名, o.unit AS 单位, o.position AS 职务,
               o.category AS 类别, p.village_code AS 村代码, p.birth_date AS 出生日期
        FROM officials o JOIN persons p USING (pid) ORDER BY o.category, p.village_code, o.pid""",
    "relatives": """
        SELECT id_out AS 身份证号, relative_id_out AS 亲属身份证号, relation AS 关系
        FROM relatives ORDER BY rid""",
    "vehicles": """
        SELECT id_out AS 身份证号, name_out AS 姓名, plate AS 号牌号码, reg_date AS 登记日期
        FROM vehicles ORDER BY plate""",
    "companies": """
        SELECT credit_code AS 统一社会信用代码, company_name AS 企业名称,
               id_out AS 法定代表人身份证号, name_out AS 法定代表人姓名, founded_date AS 成立日期
        FROM companies ORDER BY company_idx""",
    "contracts": """
        WITH k AS (
            SELECT contract_no, project_name, village_idx, company_idx, amount, signed_date,
                   procurement_method, no_code, NULL AS contractor_name, NULL AS contractor_code
            FROM contracts
            UNION ALL
            SELECT contract_no, project_name, village_idx, company_idx, amount, signed_date,
                   procurement_method, no_code, contractor_name, contractor_code
            FROM extra_contracts
        )
        SELECT k.contract_no AS 合同编号, k.project_name AS 项目名称, v.village_code AS 村代码,
               coalesce(k.contractor_name, c.company_name) AS 承包方名称,
               CASE WHEN k.no_code THEN NULL ELSE coalesce(k.contractor_code, c.credit_code) END
                   AS 承包方信用代码,
               CASE WHEN u(k.contract_no, 'fmt') < 0.1
                    THEN format('{:,}', CAST(k.amount AS BIGINT)) || '元'
                    ELSE CAST(k.amount AS VARCHAR) END AS 合同金额,
               k.signed_date AS 签订日期, k.procurement_method AS 发包方式
        FROM k JOIN villages v USING (village_idx)
        LEFT JOIN companies c USING (company_idx)
        ORDER BY k.signed_date, k.contract_no""",
}


def write_all(con: duckdb.DuckDBPyConnection, out: Path, scale: Scale) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, sql in _QUERIES.items():
        path = out / f"{name}.csv"
        con.execute(f"COPY ({sql}) TO '{_lit(path)}' (HEADER, DELIMITER ',')")
        counts[name] = int(con.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0])
    _to_gbk(out / "deaths.csv")  # one register arrives in GBK, as many still do
    counts["standards"] = _standards_xlsx(con, out / "standards.xlsx")
    (out / "standards.csv").unlink(missing_ok=True)
    counts["truth"] = _small_csv(
        con, out / "truth.csv", "SELECT rule, subject, kind FROM truth ORDER BY ALL"
    )
    counts["decoys"] = _small_csv(
        con, out / "decoys.csv", "SELECT DISTINCT rule, subject, note FROM decoys ORDER BY ALL"
    )
    return counts


def _to_gbk(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="gb18030", newline="")


def _standards_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    rows = con.execute(
        "SELECT program, start_date, end_date, amount FROM standards ORDER BY program, start_date"
    ).fetchall()
    book = Workbook()
    sheet = book.active
    sheet.append(["项目", "开始日期", "结束日期", "标准金额"])
    for row in rows:
        sheet.append(list(row))  # real date cells, as Excel users keep them
    book.save(path)
    return len(rows)


def _small_csv(con: duckdb.DuckDBPyConnection, path: Path, sql: str) -> int:
    rows = con.execute(sql).fetchall()
    cols = [d[0] for d in con.execute(sql + " LIMIT 0").description]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(cols)
        writer.writerows(rows)
    return len(rows)


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")
