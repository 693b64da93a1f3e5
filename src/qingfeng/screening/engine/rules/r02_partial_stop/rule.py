from qingfeng.screening.engine.params import Param
from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import day, link_note, listing, money, total, who


def summarize(f: HitFacts) -> str:
    pays, deaths = f.of("payments"), f.of("deaths")
    death = min((d["death_date"] for d in deaths), default=None)
    late = [p for p in pays if death and (p["pay_date"] - death).days > f.params["grace_days"]]
    late_programs = {p["program"] for p in late}
    stopped = [p["program"] for p in pays if p["program"] not in late_programs]
    return (
        f"{who(pays)}于{day(death)}死亡后，{listing(stopped)}已停发，"
        f"但{listing(p['program'] for p in late)}仍在发放"
        f"（{len(late)}笔，共{money(total(late))}），"
        f"停发不彻底{link_note(deaths, {'领取人': pays})}。"
    )


RULE = Rule(
    new_records_matter=False,
    code="R02",
    title="停发不彻底",
    description="领取两个及以上项目的人死亡后，有的项目已停发、有的项目仍在发放。"
    "已停发的项目须在死亡前若干天内仍有发放，才算死亡时在领。",
    subject="领取人身份证号",
    increment="id_no",
    increment_keys=(
        # only a payee with a linked death can be stopped partly
        "SELECT DISTINCT n.id_no AS k FROM __qf_new_payments n "
        "JOIN links l ON l.person_id = n.id_no AND l.src = 'deaths'"
    ),
    requires=("payments", "deaths"),
    params=(
        Param("grace_days", int, 31, "死亡后宽限天数"),
        Param("active_days", int, 62, "停发项目在死亡前多少天内仍有发放"),
    ),
    summarize=summarize,
)
