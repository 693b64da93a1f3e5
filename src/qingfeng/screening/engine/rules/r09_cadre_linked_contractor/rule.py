from qingfeng.screening.engine.rules import HitFacts, Rule
from qingfeng.screening.engine.rules._text import link_note, listing, money, total


def summarize(f: HitFacts) -> str:
    contracts, companies, cadres = f.of("contracts"), f.of("companies"), f.of("officials")
    reps = listing(c.get("rep_name") for c in companies)
    cadre_names = listing(c.get("name") for c in cadres)
    ties = [r["relation"] for r in f.of("relatives") if r.get("relation")]
    if f.of("residents"):
        ties.append("同户")
    how = "本人" if not ties else f"亲属（{listing(ties)}）"
    tied = [*cadres, *f.of("relatives"), *f.of("residents")]
    return (
        f"合同{f.subject}（{listing(c.get('project_name') for c in contracts)}，"
        f"{money(total(contracts))}）的承包方{listing(c.get('company_name') for c in companies)}"
        f"法定代表人{reps}是本村村干部{cadre_names}{how}"
        f"{link_note(tied, {'法定代表人': companies, '村干部': cadres})}。"
    )


RULE = Rule(
    code="R09",
    title="村干部关联承包方",
    description="合同承包方的法定代表人是该村村干部本人，或其亲属（亲属关系表，或户籍同一户号）。"
    "村干部的记录缺身份证号或有一位差错时，按本村户籍人口匹配。",
    subject="合同编号",
    requires=("contracts", "companies", "officials"),
    uses=("relatives", "residents"),
    summarize=summarize,
)
