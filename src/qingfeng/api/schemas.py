"""What the open API accepts and answers (pydantic through django-ninja; the OpenAPI document
is generated from these)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

ChannelSource = Literal["hotline_12345", "petition", "opinion", "assigned"]
ProblemKind = Literal["accusation", "livelihood", "suggestion"]
SubjectLevel = Literal["village_cadre", "township_cadre", "other"]
RegionCode = Field(pattern=r"^\d{12}$", description="12 位统计用区划代码")


class ErrorOut(Schema):
    code: str = Field(description="机器可读的错误代码")
    message: str = Field(description="中文说明")
    field: str | None = Field(description="出错的字段，没有时为 null")


class ProblemIn(Schema):
    source: ChannelSource = Field(description="来源：12345热线、信访系统、舆情监测、上级交办")
    external_ref: str = Field(min_length=1, max_length=64, description="来源渠道自己的编号")
    village: str = RegionCode
    kind: ProblemKind = "livelihood"
    title: str = Field("", max_length=120)
    description: str = Field(min_length=1, max_length=5000)
    subject_text: str = Field("", max_length=120)
    subject_level: SubjectLevel = "other"


class RegionOut(Schema):
    code: str
    name: str


class ProblemOut(Schema):
    number: str
    village: RegionOut
    kind: str
    source: str
    external_ref: str
    title: str
    status: str
    status_label: str
    received_at: dt.datetime
    deadline: dt.date | None
    handling_unit: str | None
    updated_at: dt.datetime
    tracking_code: str | None = Field(
        None, description="查询码：只在第一次创建时返回一次，可转告群众在“查进度”页面使用"
    )


class ProblemPage(Schema):
    count: int
    items: list[ProblemOut]


class StepOut(Schema):
    problem: str
    step: str
    step_label: str
    at: dt.datetime
    note: str = Field(description="公开的说明（非公开步骤为空）")
    deadline: dt.date | None


class StepPage(Schema):
    count: int
    items: list[StepOut]


class DataSetOut(Schema):
    id: int
    region: RegionOut
    kind: str
    as_of: dt.date
    version: int
    status: str
    status_label: str
    rows: int
    problems: list[dict] = Field(description="检查发现的问题：行、列、原因")
    headers: list[str] = Field(description="文件自己的列名（状态为“待对应列”时据此提交对应关系）")
    report_url: str


class MappingIn(Schema):
    mapping: dict[str, str] = Field(description="规范列名 → 文件中的列名")


class RunIn(Schema):
    region: str = RegionCode
    rules: list[str] = Field(default_factory=list, description="规则编号，如 R01；空为全部")


class RunOut(Schema):
    id: int
    region: RegionOut
    status: str
    status_label: str
    progress: float
    message: str
    hit_count: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    hits_url: str


class HitTable(Schema):
    label: str
    headers: list[str]
    rows: list[list]


class HitOut(Schema):
    id: int
    rule: str
    village: str
    status: str
    subject: str
    summary: str
    evidence: list[HitTable]
    masked: bool


class HitPage(Schema):
    count: int
    items: list[HitOut]


class VillageOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class BatchOut(Schema):
    id: int
    village: str
    kind: str
    period: str
    title: str
    version: int
    seq: int
    hash: str
    prev_hash: str
    published_at: dt.datetime
    row_count: int
    corrects: int | None


class BatchDetailOut(BatchOut):
    document: dict = Field(description="计算哈希所用的规范文档（与公开页面相同的数据）")


class FigureOut(Schema):
    key: str
    label: str
    value: float | None
    display: str


class StatisticsOut(Schema):
    area: str
    period: str
    sections: dict[str, list[FigureOut]]
