import io

import pytest
from django.db import transaction
from openpyxl import Workbook

from qingfeng.disclosure import kinds, services
from qingfeng.disclosure.sheets import SHEET, ParsedRow
from tests.conftest import ID_A1, ID_B1


def finance_rows(n: int = 3, start: int = 100) -> list[ParsedRow]:
    return [
        ParsedRow(
            line=i,
            public={
                "date": f"2026-03-{1 + i % 28:02d}",
                "account": "办公费",
                "summary": f"打印纸第{i}批",
                "income": "",
                "expense": f"{start + i}.00",
                "voucher": f"记-{i:03d}",
            },
        )
        for i in range(1, n + 1)
    ]


def subsidy_rows() -> list[ParsedRow]:
    return [
        ParsedRow(
            line=1,
            public={
                "name": "张*丰",
                "id_number": "1101**********002X",
                "programme": "低保金",
                "date": "2026-03-15",
                "amount": "680.00",
                "note": "",
            },
            full_name="张三丰",
            id_number=ID_A1,
        ),
        ParsedRow(
            line=2,
            public={
                "name": "李*",
                "id_number": "3301**********0024",
                "programme": "低保金",
                "date": "2026-03-15",
                "amount": "680.00",
                "note": "",
            },
            full_name="李四",
            id_number=ID_B1,
        ),
    ]


def publish_direct(village, kind=kinds.Kind.FINANCE, period="2026-03", rows=None, title="三月财务"):
    """Publish without a user (fixtures and the URL walk's foreign county)."""
    with transaction.atomic():
        return services._publish(
            actor=None,
            village=village,
            kind=kind,
            period=period,
            title=title,
            rows=rows if rows is not None else finance_rows(),
        )


def workbook(headers: list[str], rows: list[list]) -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "upload.xlsx"
    return out


@pytest.fixture
def finance_batch(world):
    return publish_direct(world.village_a1)


@pytest.fixture
def subsidy_batch(world):
    return publish_direct(
        world.village_a1, kinds.Kind.SUBSIDY, "2026-03 低保金", subsidy_rows(), "三月低保金发放名单"
    )
