"""A data set, a run and a hit inside the test world (village A1) and in the foreign county,
for tests/office/test_every_url.py. Rows are made directly: the engine is tested elsewhere."""

from __future__ import annotations

import json

from django.utils import timezone

from qingfeng.screening import evidence
from qingfeng.screening.engine import Hit as EngineHit
from qingfeng.screening.models import DataSet, Hit, ScreeningRun
from tests.scoped_objects import scoped_object_factory


def _objects(region, village):
    now = timezone.now()
    dataset = DataSet.objects.create(
        region=region,
        kind="payments",
        as_of=now.date(),
        version=1,
        original_name="payments.csv",
        folder="none",
        headers=["发放日期"],
        status=DataSet.Status.INVALID,
        problems=[{"row": 2, "column": "发放日期", "message": "不是日期"}],
        uploaded_at=now,
    )
    run = ScreeningRun.objects.create(
        region=region, status=ScreeningRun.Status.DONE, progress=1.0, created_at=now
    )
    run.datasets.add(dataset)
    record = {"行号": 2, "身份证号": "11010519491231002X", "姓名": "张三丰", "金额": "800.00"}
    engine_hit = EngineHit(
        rule="R11",
        subject="11010519491231002X",
        village_code=village.code,
        summary="领取人张三丰的身份证号不符合国家标准。",
        evidence=json.dumps({"发放记录": [record]}, ensure_ascii=False),
    )
    sealed = evidence.seal(engine_hit)
    Hit.objects.create(
        run=run,
        rule="R11",
        village_code=village.code,
        village=village,
        scope_code=village.code,
        payload=sealed.payload,
        subject_key=sealed.subject_key,
        evidence_key=sealed.evidence_key,
    )


@scoped_object_factory
def screening_objects(world, foreign):
    _objects(world.county, world.village_a1)
    _objects(foreign["county"], foreign["village"])
