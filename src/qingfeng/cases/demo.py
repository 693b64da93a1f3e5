"""Demo clues and cases for 示范县: clues in every disposal state, cases in every stage, a
指定办案 across townships, a 联合审理, a 留置 and 追缴 amounts. Every row goes through the
services, as the people whose roles allow it (recusal is respected: a person who must step
aside is skipped)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qingfeng.cases import selectors, services
from qingfeng.cases.models import Case, Clue, Meeting
from qingfeng.orgs import selectors as orgs
from qingfeng.orgs.services import DEMO_COUNTY_CODE

BASE = dt.datetime(2026, 7, 1, 9, 0)


def _at(days: int) -> dt.datetime:
    return timezone.make_aware(BASE + dt.timedelta(days=days))


def _user(name):
    return orgs.user_named(name)


def _township_staff(index: int) -> list:
    """The township cadres of township number `index` (township1, township13, township25 …)."""
    return [u for u in (_user(f"township{index + 1 + 12 * k}") for k in range(3)) if u]


def _first_clear(candidates, reasons):
    for person in candidates:
        conflict, elsewhere = reasons(person)
        if not conflict and not elsewhere:
            return person
    return None


SUMMARIES = [
    ("村委会主任", "反映村委会主任在低保评定中优亲厚友，将不符合条件的亲属纳入低保。"),
    ("村党支部书记", "反映村党支部书记插手村集体工程，指定亲属承包。"),
    ("村会计", "反映村会计挪用村集体鱼塘承包费。"),
    ("村委会委员", "反映村委会委员虚报冒领耕地地力保护补贴。"),
    ("村监委主任", "反映村监委主任对村务公开不实问题不监督。"),
    ("村委会主任", "反映村委会主任截留私分危房改造补助资金。"),
]


class Builder:
    def __init__(self, county_code: str):
        townships = list(orgs.public_townships().filter(code__startswith=county_code[:6]))
        self.townships = townships
        self.villages = {
            t.pk: list(
                orgs.public_villages(t).filter(code__regex=r"[23]\d\d$", elevated_supervision=False)
            )
            for t in townships
        }
        self.leader = _user("leader1")
        self.leader2 = _user("leader2")
        self.n = 0

    def clue(self, t: int, *, day: int, post_index: int | None = None, actor=None):
        self.n += 1
        post, text = SUMMARIES[(post_index if post_index is not None else self.n) % len(SUMMARIES)]
        village = self.villages[self.townships[t].pk][
            self.n % len(self.villages[self.townships[t].pk])
        ]
        staff = _township_staff(t)
        actor = actor or staff[0]
        clue = services.clue_create(
            actor=actor,
            region=village,
            source=[s for s in Clue.Source.values][self.n % 7],
            subject_level="village_cadre",
            summary=text,
            subjects=[
                {
                    "name": f"{'王李张刘陈杨赵黄'[self.n % 8]}某{'甲乙丙丁戊己'[self.n % 6]}",
                    "post": post,
                    "village_committee": "村委会" in post,
                    "party_member": self.n % 3 != 0,
                }
            ],
            received_on=_at(day).date(),
            now=_at(day),
        )
        return clue

    def handle(self, clue, pool, day):
        handler = _first_clear(pool, lambda p: services.handler_reasons(clue, p))
        services.clue_assign(actor=handler, clue=clue, handler=handler, now=_at(day))
        return handler

    def approve(self, clue, proposer, day, pool):
        current = selectors.current_disposal(clue)
        approver = _first_clear(
            [p for p in pool if p.pk != proposer.pk] + [self.leader, self.leader2],
            lambda p: services.approver_reasons(clue, p, proposer),
        )
        services.disposal_decide(actor=approver, disposal=current, approve=True, now=_at(day))
        return approver

    def propose(self, clue, handler, method, day, **kw):
        services.disposal_propose(actor=handler, clue=clue, method=method, now=_at(day), **kw)


def build(*, seed: int, county_code: str) -> dict:
    b = Builder(county_code)
    if len(b.townships) < 8 or b.leader is None:
        return {}
    made = {"clues": 0, "cases": 0}
    # Clues in every disposal state, spread over the townships.
    for t in range(len(b.townships)):
        staff = _township_staff(t)
        if len(staff) < 2:
            continue
        day = t * 2
        b.clue(t, day=day)  # waiting for disposal
        proposed = b.clue(t, day=day + 1)
        h = b.handle(proposed, staff, day + 1)
        b.propose(proposed, h, "talk", day + 2, talk_form="letter")
        made["clues"] += 2
        kind = t % 4
        clue = b.clue(t, day=day + 3)
        h = b.handle(clue, staff, day + 3)
        if kind == 0:  # 谈话函询 under way
            b.propose(clue, h, "talk", day + 4, talk_form="talk")
            b.approve(clue, h, day + 5, staff)
        elif kind == 1:  # 初步核实 under way (overdue after the daily check)
            b.propose(clue, h, "check", day + 4, plan="调取低保评审材料，走访相关农户。")
            b.approve(clue, h, day + 5, staff)
        elif kind == 2:  # 暂存待查, due for review
            b.propose(clue, h, "shelve", day + 4, review_on=_at(day + 30).date())
            b.approve(clue, h, day + 5, staff)
        else:  # 予以了结 after 谈话函询
            b.propose(clue, h, "talk", day + 4, talk_form="letter")
            b.approve(clue, h, day + 5, staff)
            services.disposal_talk_result(
                actor=h,
                disposal=selectors.current_disposal(clue),
                answer="本人书面说明：所涉亲属符合低保条件，已附证明材料。",
                finding="false",
                follow_up="close",
                now=_at(day + 12),
            )
        made["clues"] += 1
    # Cases in every stage.
    stages = ["filing", "investigation", "trial", "decision", "execution", "closed", "transferred"]
    for i, target in enumerate(stages):
        t = i % len(b.townships)
        staff = _township_staff(t)
        if len(staff) < 3:
            continue
        case = _case(
            b,
            t,
            staff,
            target,
            day=20 + i,
            joint=(target in ("decision", "closed")),
            detention=(target in ("trial", "transferred")),
        )
        made["cases"] += case is not None
    # 指定办案: a clue of one township handled by another township's commission, as a case.
    t_home, t_other = 1, 6
    clue = b.clue(t_home, day=40, post_index=1)
    other = orgs.units_at(b.townships[t_other].code, ["township_commission"]).first()
    services.designate(
        actor=b.leader,
        clue=clue,
        unit=other,
        decision="县纪委监委决定：该线索由异地乡镇纪委指定办理，避免熟人干扰。",
        now=_at(41),
    )
    staff = _township_staff(t_other)
    h = b.handle(clue, staff, 42)
    b.propose(clue, h, "check", 42, plan="异地核查：调取工程合同和付款凭证。")
    b.approve(clue, h, 43, staff)
    services.disposal_check_result(
        actor=h,
        disposal=selectors.current_disposal(clue),
        report="初核发现问题属实。",
        result="file",
        now=_at(60),
    )
    case = clue.case
    _approve_filing(b, case, staff, 61)
    made["cases"] += 1
    made["clues"] += 1
    # A zone meeting on the zone's clues.
    zone = selectors.zones_of_region(b.townships[0].code).first()
    office = _user("office1")
    if zone is not None and office is not None:
        discussed = list(selectors.clue_list(office, status="open", zone=zone)[:3])
        services.meeting_record(
            actor=office,
            zone=zone,
            held_on=_at(45).date(),
            attendees="片区协作组组长、各乡镇纪委书记",
            decisions="对3条线索逐条研判：1条谈话函询，1条初步核实，1条暂存待查；异地交叉核查。",
            clues=discussed,
            now=_at(45),
        )
    services.check_deadlines(now=timezone.make_aware(dt.datetime(2026, 12, 1, 6, 0)))
    return made


def _approve_filing(b, case, staff, day):
    approver = _first_clear(
        [p for p in staff if p.pk != case.proposed_by_id] + [b.leader, b.leader2],
        lambda p: services.approver_reasons(case.clue, p, case.proposed_by),
    )
    services.case_approve_filing(actor=approver, case=case, now=_at(day))


def _case(b, t, staff, target, *, day, joint, detention):
    clue = b.clue(t, day=day, post_index=0 if target == "closed" else None)
    h = b.handle(clue, staff, day)
    b.propose(clue, h, "check", day + 1, plan="核查账目、走访群众。")
    b.approve(clue, h, day + 2, staff)
    services.disposal_check_result(
        actor=h,
        disposal=selectors.current_disposal(clue),
        report="初步核实：问题基本属实，建议立案。",
        result="file",
        now=_at(day + 20),
    )
    case = Case.objects.get(clue=clue)
    if target == "filing":
        return case
    _approve_filing(b, case, staff, day + 22)
    investigators = [p for p in staff if not any(services.handler_reasons(clue, p))][:1] or [h]
    services.case_set_investigators(
        actor=h, case=case, investigators=investigators, now=_at(day + 23)
    )
    services.case_investigation_update(
        actor=h,
        case=case,
        measures="谈话、调取银行流水、查询不动产登记",
        detention_from=_at(day + 30).date() if detention else None,
        detention_until=_at(day + 90).date() if detention else None,
        now=_at(day + 30),
    )
    services.case_add_evidence(
        actor=h, case=case, description="低保评审会议记录复印件", now=_at(day + 31)
    )
    services.case_add_evidence(
        actor=h, case=case, description="银行流水（2025年1月至2026年6月）", now=_at(day + 32)
    )
    if target == "investigation":
        return case
    zone = selectors.zones_of_region(clue.region.code).first()
    pool = selectors.staff_candidates(b.leader, selectors.zone_units(zone) if zone else [])
    reviewers = []
    for p in pool:
        own, where = services.reviewer_reasons(case, p, zone=zone if joint else None)
        if own or where or p.pk in {i.pk for i in investigators}:
            continue
        if joint and any(r.org_unit_id == p.org_unit_id for r in reviewers):
            continue
        reviewers.append(p)
        if len(reviewers) == 2:
            break
    services.case_to_trial(
        actor=h,
        case=case,
        reviewers=reviewers,
        joint_review=joint,
        zone=zone if joint else None,
        note="审查调查报告：违纪事实清楚，证据确凿。",
        now=_at(day + 60),
    )
    if target == "trial":
        return case
    reviewer = reviewers[0]
    services.case_review_opinion(
        actor=reviewer,
        case=case,
        opinion="涉嫌职务犯罪，移送检察机关依法审查起诉。"
        if target == "transferred"
        else "事实清楚，定性准确，处理恰当。",
        transfer=target == "transferred",
        now=_at(day + 75),
    )
    if target == "transferred":
        return case
    subject = clue.subjects.first()
    when = _at(day + 80)
    if subject.party_member:
        services.case_add_outcome(
            actor=h, case=case, kind="party", measure="serious_warning", subject=subject, now=when
        )
    services.case_add_outcome(
        actor=h, case=case, kind="government", measure="demerit", subject=subject, now=when
    )
    extra = {"closed": ("organisational", "reassignment"), "execution": ("light", "admonition")}
    if target in extra:
        kind, measure = extra[target]
        services.case_add_outcome(
            actor=h, case=case, kind=kind, measure=measure, subject=subject, now=when
        )
    amount = {"decision": "48650.00", "execution": "12300.00", "closed": "85420.50"}[target]
    services.case_add_outcome(
        actor=h, case=case, kind="funds", measure="recovered", amount=amount, now=when
    )
    if target == "decision":
        return case
    services.case_decide(actor=h, case=case, now=_at(day + 85))
    if target == "execution":
        return case
    services.case_close(
        actor=h,
        case=case,
        execution_note="处分决定已宣布并存档，违规资金已全部追缴到位。",
        now=_at(day + 95),
    )
    return case


def clear() -> None:
    prefix = DEMO_COUNTY_CODE[:6]
    Meeting.objects.filter(zone__county__code__startswith=prefix).delete()
    for case in Case.objects.filter(scope_code__startswith=prefix):
        case.delete()
    Clue.objects.filter(scope_code__startswith=prefix).delete()
