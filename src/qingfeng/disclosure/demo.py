"""Demo disclosures for 示范县: recent months of finances, benefit payouts to real demo
residents, projects, decisions and notices, a few corrections and a few late villages.
Deterministic for a seed and a date (the demo always shows the latest months)."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo

from django.utils import timezone

from qingfeng.core import pii
from qingfeng.disclosure import chain, schedule
from qingfeng.disclosure.kinds import Kind
from qingfeng.disclosure.models import Batch, ChainHead, Row
from qingfeng.disclosure.services import document_for
from qingfeng.orgs import selectors as orgs

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
ACCOUNTS = [
    ("收入", "上级转移支付", "村级组织运转经费"),
    ("收入", "集体资产出租", "鱼塘、厂房租金"),
    ("收入", "利息收入", "银行存款利息"),
    ("支出", "办公费", "打印纸、墨盒"),
    ("支出", "水电费", "村委会办公用电"),
    ("支出", "公益事业", "道路保洁、垃圾清运"),
    ("支出", "误工补贴", "村民代表会议误工补贴"),
    ("支出", "维修费", "村道路灯维修"),
]
NOTICE = "本季度召开村民代表会议2次，议定事项均已按程序公开；收到群众意见3条，已全部答复。"
PROGRAMMES = [("低保金", 680), ("高龄津贴", 100), ("残疾人两项补贴", 90), ("特困供养金", 1100)]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _months_back(today: dt.date, n: int) -> list[str]:
    periods, year, month = [], today.year, today.month
    for _i in range(n):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        periods.append(f"{year}-{month:02d}")
    return list(reversed(periods))


class _Chain:
    """Builds one village's batches in memory, hashing as it goes."""

    def __init__(self, village):
        self.village, self.seq, self.prev = village, 0, chain.GENESIS
        self.items: list[tuple[Batch, list[Row]]] = []

    def add(self, kind, period, title, rows, published, *, supersedes=None, reason=""):
        self.seq += 1
        batch = Batch(
            village=self.village,
            kind=kind,
            period=period,
            title=title,
            version=supersedes.version + 1 if supersedes else 1,
            supersedes=supersedes,
            reason=reason,
            seq=self.seq,
            prev_hash=self.prev,
            published_at=published,
            row_count=len(rows),
        )
        batch.hash = chain.digest(document_for(batch, [r.data for r in rows]))
        dates = [dt.date.fromisoformat(r.data["date"]) for r in rows if r.data.get("date")]
        batch.due_date = schedule.batch_due(kind, period, dates)
        self.prev = batch.hash
        self.items.append((batch, rows))
        return batch


def _finance_rows(rng: random.Random, period: str) -> list[Row]:
    year, month = int(period[:4]), int(period[5:])
    rows = []
    for line in range(1, rng.randint(8, 14) + 1):
        side, account, summary = rng.choice(ACCOUNTS)
        amount = f"{rng.randint(50, 8000) + rng.choice([0, 0.5, 0.25]):.2f}"
        rows.append(
            Row(
                line=line,
                data={
                    "date": dt.date(year, month, rng.randint(1, 28)).isoformat(),
                    "account": account,
                    "summary": summary,
                    "income": amount if side == "收入" else "",
                    "expense": amount if side == "支出" else "",
                    "voucher": f"记-{month:02d}{line:03d}",
                },
            )
        )
    rows.sort(key=lambda r: r.data["date"])
    for line, row in enumerate(rows, start=1):
        row.line = line
    return rows


def build(*, seed: int, county_code: str, today: dt.date | None = None) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 4)  # noqa: S311  (demo data, not secrets)
    today = today or timezone.localdate()
    months = _months_back(today, 3)
    quarter = schedule.last_due_period(Kind.VILLAGE, today)
    chains: list[_Chain] = []
    for n, village in enumerate(orgs.villages_under(county_code).order_by("code")):
        c = _Chain(village)
        chains.append(c)
        late = n % 8 == 3
        for k, period in enumerate(months):
            if late and k == len(months) - 1:
                continue  # this village has not published last month's finances
            due = schedule.period_due(Kind.FINANCE, period)
            day = due - dt.timedelta(days=rng.randint(1, 8))
            if day > today:
                continue
            batch = c.add(
                Kind.FINANCE,
                period,
                f"{period[:4]}年{int(period[5:])}月财务收支明细",
                _finance_rows(rng, period),
                _at(day),
            )
            if n % 10 == 1 and k == 0:
                rows = [Row(line=r.line, data=dict(r.data)) for r in _finance_rows(rng, period)]
                c.add(
                    Kind.FINANCE,
                    period,
                    batch.title,
                    rows,
                    _at(day + dt.timedelta(days=3), 15),
                    supersedes=batch,
                    reason="第5行凭证金额录入有误，经村务监督委员会核对后更正",
                )
        residents = list(orgs.village_residents(village)[:60])
        if residents:
            programme, base = PROGRAMMES[n % len(PROGRAMMES)]
            payout = dt.date.fromisoformat(months[-1] + "-15")
            rows = []
            for person in rng.sample(residents, min(len(residents), rng.randint(4, 9))):
                number = person.id_number.reveal() if person.id_number else ""
                if not number:
                    continue
                rows.append(
                    Row(
                        line=len(rows) + 1,
                        data={
                            "name": pii.mask_name(person.name),
                            "id_number": pii.mask_id_number(number),
                            "programme": programme,
                            "date": payout.isoformat(),
                            "amount": f"{base + rng.choice([0, 0, 20, 50]):.2f}",
                            "note": "",
                        },
                        full_name=person.name,
                        id_number=number,
                    )
                )
            if rows:
                day = payout + dt.timedelta(days=rng.randint(2, 14 if n % 6 == 0 else 8))
                if day <= today:
                    c.add(
                        Kind.SUBSIDY,
                        f"{months[-1]} {programme}",
                        f"{months[-1][:4]}年{int(months[-1][5:])}月{programme}发放名单",
                        rows,
                        _at(day),
                    )
        if n % 3 == 0:
            start = dt.date.fromisoformat(months[0] + "-05")
            name = rng.choice(
                ["村道硬化工程", "文化礼堂修缮工程", "农田灌溉渠改造", "路灯安装工程"]
            )
            stages = [
                ("立项", start, "", "", "", "经村民代表会议表决通过"),
                (
                    "发包",
                    start + dt.timedelta(days=12),
                    "公开招标" if n % 2 else "询价比价",
                    "",
                    "",
                    "",
                ),
                (
                    "合同",
                    start + dt.timedelta(days=20),
                    "",
                    "示范县宏达建设有限公司",
                    f"{rng.randint(8, 60) * 10000}.00",
                    "",
                ),
            ]
            rows = [
                Row(
                    line=i,
                    data={
                        "project": name,
                        "stage": s,
                        "date": d.isoformat(),
                        "method": m,
                        "contractor": ct,
                        "amount": amt,
                        "note": note,
                    },
                )
                for i, (s, d, m, ct, amt, note) in enumerate(stages, 1)
            ]
            c.add(Kind.PROJECT, name, f"{name}公开", rows, _at(start + dt.timedelta(days=22)))
        if n % 4 == 0:
            start = dt.date.fromisoformat(months[0] + "-03")
            matter = rng.choice(["村集体鱼塘对外发包", "村道拓宽征用补偿方案", "集体厂房出租"])
            present = rng.randint(20, 30)
            steps = [
                ("党组织提议", 0, "", "", "", ""),
                ("两委会商议", 7, "9", "9", "9", ""),
                ("党员大会审议", 10, "42", "35", "33", ""),
                ("村民代表会议决议", 14, "30", str(present), str(present - 2), ""),
                ("决议公开", 16, "", "", "", ""),
            ]
            rows = [
                Row(
                    line=i,
                    data={
                        "matter": matter,
                        "step": s,
                        "date": (start + dt.timedelta(days=d)).isoformat(),
                        "expected": e,
                        "present": p,
                        "agree": a,
                        "oppose": "0" if a else "",
                        "abstain": str(int(p) - int(a)) if a else "",
                        "note": note,
                    },
                )
                for i, (s, d, e, p, a, note) in enumerate(steps, 1)
            ]
            c.add(
                Kind.DECISION,
                matter,
                f"{matter}（四议两公开）",
                rows,
                _at(start + dt.timedelta(days=17)),
            )
        if quarter and n % 8 != 5:
            due = schedule.period_due(Kind.VILLAGE, quarter)
            for kind, title in ((Kind.VILLAGE, "村务公开"), (Kind.PARTY, "党务公开")):
                rows = [
                    Row(
                        line=1,
                        data={
                            "title": f"{quarter}季度{title}",
                            "date": (due - dt.timedelta(days=3)).isoformat(),
                            "content": NOTICE,
                        },
                    ),
                ]
                c.add(kind, quarter, f"{quarter}季度{title}", rows, _at(due - dt.timedelta(days=2)))
    return _save(chains)


def _save(chains: list[_Chain]) -> dict[str, int]:
    originals = [(b, rows) for c in chains for b, rows in c.items if b.supersedes is None]
    corrections = [(b, rows) for c in chains for b, rows in c.items if b.supersedes is not None]
    counts = {"batches": 0, "rows": 0}
    for group in (originals, corrections):
        for batch, _rows in group:
            if batch.supersedes is not None:
                batch.supersedes_id = batch.supersedes.pk
        Batch.objects.bulk_create([b for b, _rows in group], batch_size=500)
        rows = []
        for batch, batch_rows in group:
            for row in batch_rows:
                row.batch = batch
                rows.append(row)
        Row.objects.bulk_create(rows, batch_size=1000)
        counts["batches"] += len(group)
        counts["rows"] += len(rows)
    ChainHead.objects.bulk_create(
        ChainHead(village=c.village, seq=c.seq, hash=c.prev) for c in chains if c.seq
    )
    return counts


def clear(county_code: str) -> None:
    prefix = county_code[:6]
    # by batch ids, not a join inside the DELETE (orgs.services._delete_county says why)
    batch_ids = list(
        Batch.objects.filter(village__code__startswith=prefix).values_list("pk", flat=True)
    )
    Row.objects.filter(batch_id__in=batch_ids).delete()
    # Corrections point at what they correct (PROTECT): delete the newest versions first.
    while True:
        batches = Batch.objects.filter(village__code__startswith=prefix, superseded_by__isnull=True)
        if not batches.exists():
            break
        Batch.objects.filter(pk__in=list(batches.values_list("pk", flat=True))).delete()
    ChainHead.objects.filter(village__code__startswith=prefix).delete()
