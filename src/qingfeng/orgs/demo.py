"""示范县, the demo county: deterministic from a seed, built with bulk writes.

Region codes, organisation units, people (cadres, their relatives, residents, officials,
some Uyghur names with the middle dot), ID numbers that pass GB 11643, users of every role.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from faker import Faker
from stdnum.cn import ric

from qingfeng.core import pii
from qingfeng.orgs.models import (
    OrgUnit,
    Person,
    Position,
    Region,
    RegionCodeAlias,
    Relation,
    RiskTag,
    User,
    Zone,
)
from qingfeng.orgs.roles import Role

COUNTY_CODE = "330199000000"  # orgs.services.DEMO_COUNTY_CODE
COUNTY_NAME = "示范县"
HAN_ADDRESS_CODES = ("330122", "330127")
UYGHUR_ADDRESS_CODES = ("653101", "653122", "653123")

TOWNSHIPS = [
    ("101", "清溪镇"),
    ("102", "石门镇"),
    ("103", "桃源镇"),
    ("104", "梅岭镇"),
    ("105", "龙潭镇"),
    ("106", "白沙镇"),
    ("201", "双溪乡"),
    ("202", "云峰乡"),
    ("203", "竹林乡"),
    ("204", "杨柳乡"),
    ("205", "高山乡"),
    ("206", "南塘乡"),
]
ZONES = ["东部片区协作组", "西部片区协作组", "南部片区协作组", "北部片区协作组"]
VILLAGE_FIRST = "东西南北上下大小新老前后长高"
VILLAGE_SECOND = [
    "溪",
    "山",
    "塘",
    "坪",
    "岭",
    "桥",
    "湾",
    "坑",
    "田",
    "源",
    "庄",
    "岙",
    "林",
    "石",
]
DEPARTMENTS = [
    "民政局",
    "农业农村局",
    "人力资源和社会保障局",
    "残疾人联合会",
    "财政局",
    "住房和城乡建设局",
]
STATIONED = ["派驻民政局纪检监察组", "派驻农业农村局纪检监察组", "派驻人社局纪检监察组"]
UYGHUR_GIVEN = [
    "阿不都热合曼",
    "买买提",
    "艾合买提",
    "古丽娜尔",
    "热依拉",
    "阿依古丽",
    "吐尔逊",
    "帕提古丽",
]
UYGHUR_FATHER = ["艾力", "买买提", "吐尔洪", "阿不力孜", "斯迪克", "热合曼", "依明", "努尔"]
VILLAGE_POSTS = [
    ("村党组织书记、村委会主任", Position.Category.VILLAGE_CADRE),
    ("村党组织副书记", Position.Category.VILLAGE_CADRE),
    ("村委会委员（报账员）", Position.Category.VILLAGE_CADRE),
    ("村委会委员", Position.Category.VILLAGE_CADRE),
    ("村务监督委员会主任", Position.Category.VILLAGE_SUPERVISOR),
    ("村务监督委员会委员", Position.Category.VILLAGE_SUPERVISOR),
]


@dataclass
class DemoLogin:
    role: str
    username: str
    description: str


@dataclass
class DemoResult:
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


class IdNumbers:
    """Unique GB 11643 numbers; the sequence digit's parity encodes the gender."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, *, born: dt.date, male: bool, address: str) -> str:
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            body = f"{address}{born:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used:
                self.used.add(number)
                return number


class Builder:
    def __init__(self, seed: int, password_hash: str):
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.ids = IdNumbers(self.rng)
        self.password_hash = password_hash
        self.today = dt.date(2026, 11, 1)  # fixed, so the build does not depend on the clock
        self.people: list[Person] = []
        self.households = 0

    # -- people ------------------------------------------------------------------------------

    def _birth(self, min_age: int, max_age: int) -> dt.date:
        age_days = self.rng.randint(min_age * 365 + 1, max_age * 365 + 364)
        return self.today - dt.timedelta(days=age_days)

    def _name(self, male: bool, uyghur: bool = False) -> str:
        if uyghur:
            return f"{self.rng.choice(UYGHUR_GIVEN)}·{self.rng.choice(UYGHUR_FATHER)}"
        return self.fake.name_male() if male else self.fake.name_female()

    def person(
        self,
        village: Region,
        *,
        male: bool,
        min_age: int,
        max_age: int,
        household: str,
        relation_to_head: str = "",
        surname: str | None = None,
        uyghur: bool = False,
        phone: bool = False,
    ) -> Person:
        born = self._birth(min_age, max_age)
        name = self._name(male, uyghur)
        if surname and not uyghur:
            name = surname + name[1:]
        address = self.rng.choice(UYGHUR_ADDRESS_CODES if uyghur else HAN_ADDRESS_CODES)
        number = self.ids.make(born=born, male=male, address=address)
        p = Person(
            name=name,
            id_number=pii.SensitiveValue(pii.ID_NUMBER, number),
            phone=pii.SensitiveValue(
                pii.PHONE, f"1{self.rng.choice('35789')}{self.rng.randrange(10**9):09d}"
            )
            if phone
            else None,
            region=village,
            household_no=household,
            relation_to_head=relation_to_head,
        )
        p.fill_derived()
        self.people.append(p)
        return p

    def household_no(self, village: Region) -> str:
        self.households += 1
        return f"{village.code}{self.households:05d}"

    def family(
        self, village: Region, *, head_male: bool, uyghur: bool = False, phone: bool = False
    ):
        """A head of household, a spouse, children and sometimes a parent, with coherent ages.

        Links read "relative is person's <kind>" (Relation's docstring)."""
        rng = self.rng
        hh = self.household_no(village)
        head_age = rng.randint(32, 62)
        spouse_age = max(24, head_age + rng.randint(-5, 5))
        surname = None

        def member(male, age, relation, household=hh, same_surname=False):
            return self.person(
                village,
                male=male,
                min_age=age,
                max_age=age,
                household=household,
                relation_to_head=relation,
                uyghur=uyghur,
                phone=phone and relation == "户主" and household == hh,
                surname=surname if same_surname else None,
            )

        head = member(head_male, head_age, "户主")
        surname = head.name[0]
        spouse = member(not head_male, spouse_age, "配偶")
        links = [(head, spouse, Relation.Kind.SPOUSE)]
        youngest_parent = min(head_age, spouse_age)
        for _ in range(rng.randint(1, 2)):
            child_male = rng.random() < 0.5
            child_age = rng.randint(1, max(1, youngest_parent - 21))
            child = member(
                child_male, child_age, "子" if child_male else "女", same_surname=head_male
            )
            links.append((head, child, Relation.Kind.CHILD))
            links.append((spouse, child, Relation.Kind.CHILD))
        if rng.random() < 0.35:
            parent = member(
                rng.random() < 0.5,
                min(100, head_age + rng.randint(22, 34)),
                "父母",
                same_surname=True,
            )
            links.append((head, parent, Relation.Kind.PARENT))
        # A sibling heading another household of the same village: the wider 优亲厚友 circle.
        if rng.random() < 0.3:
            sibling = member(
                rng.random() < 0.5,
                max(20, head_age + rng.randint(-8, 8)),
                "户主",
                household=self.household_no(village),
                same_surname=True,
            )
            links.append((head, sibling, Relation.Kind.SIBLING))
        return head, links


def build(seed: int, password: str) -> DemoResult:
    """Build the county. The caller holds the transaction."""
    b = Builder(seed, make_password(password))
    rng = b.rng
    result = DemoResult()

    county = Region.objects.create(code=COUNTY_CODE, name=COUNTY_NAME, population=312000)
    townships: list[Region] = []
    villages: list[Region] = []
    for part, name in TOWNSHIPS:
        t = Region.objects.create(code=f"{COUNTY_CODE[:6]}{part}000", name=name, parent=county)
        townships.append(t)
    village_rows: list[Region] = []
    for t in townships:
        n = rng.randint(10, 12)
        names: set[str] = set()
        if t.code[6] == "1":  # towns have a community (居委会, village part 001–199)
            village_rows.append(
                Region(
                    code=t.code[:9] + "001",
                    name=f"{t.name[:-1]}社区",
                    parent=t,
                    level=Region.Level.VILLAGE,
                    population=rng.randint(3000, 9000),
                )
            )
        while len(names) < n:
            names.add(rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村")
        for i, vname in enumerate(sorted(names)):
            village_rows.append(
                Region(
                    code=f"{t.code[:9]}{201 + i:03d}",
                    name=vname,
                    parent=t,
                    level=Region.Level.VILLAGE,
                    population=rng.randint(600, 3200),
                )
            )
    villages = Region.objects.bulk_create(village_rows)
    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).order_by("code"))

    # Risk tags and 提级监督 on a few villages.
    tags = {t.slug: t for t in RiskTag.objects.all()}
    tag_links = []
    for v in rng.sample(villages, 14):
        for slug in rng.sample(sorted(tags), rng.randint(1, 2)):
            tag_links.append(Region.risk_tags.through(region_id=v.pk, risktag_id=tags[slug].pk))
    Region.risk_tags.through.objects.bulk_create(tag_links)
    reasons = ["村集体经济收入大、工程项目多", "信访举报集中", "换届后班子软弱"]
    elevated = rng.sample(villages, 5)
    for v in elevated:
        v.elevated_supervision = True
        v.elevated_reason = rng.choice(reasons)
    Region.objects.bulk_update(elevated, ["elevated_supervision", "elevated_reason"])
    # One village whose code changed in the 2025 revision: the old code still resolves.
    RegionCodeAlias.objects.create(
        old_code=villages[0].code[:9] + "399", region=villages[0], retired_in=2025
    )

    # Organisation units.
    commission = OrgUnit.objects.create(
        name=f"{COUNTY_NAME}纪委监委",
        kind=OrgUnit.Kind.COUNTY_COMMISSION,
        region=county,
        public_phone="0571-12388",
    )
    offices = [
        OrgUnit.objects.create(
            name=f"第{n}纪检监察室",
            kind=OrgUnit.Kind.INSPECTION_OFFICE,
            region=county,
            parent=commission,
        )
        for n in "一二三四"
    ]
    stationed = [
        OrgUnit.objects.create(
            name=name, kind=OrgUnit.Kind.STATIONED_GROUP, region=county, parent=commission
        )
        for name in STATIONED
    ]
    departments = [
        OrgUnit.objects.create(
            name=f"{COUNTY_NAME}{name}", kind=OrgUnit.Kind.DEPARTMENT, region=county
        )
        for name in DEPARTMENTS
    ]
    township_units = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                name=f"{t.name}纪委",
                kind=OrgUnit.Kind.TOWNSHIP_COMMISSION,
                region=t,
                parent=commission,
                public_phone=f"0571-6{i:02d}{rng.randrange(10000):04d}",
            )
            for i, t in enumerate(townships, start=1)
        ]
    )
    village_units = []
    for v in villages:
        village_units.append(
            OrgUnit(name=f"{v.name}村务监督委员会", kind=OrgUnit.Kind.VILLAGE_SUPERVISION, region=v)
        )
        village_units.append(
            OrgUnit(name=f"{v.name}村民委员会", kind=OrgUnit.Kind.VILLAGE_COMMITTEE, region=v)
        )
    village_units = OrgUnit.objects.bulk_create(village_units)
    supervision_unit = {
        u.region_id: u for u in village_units if u.kind == OrgUnit.Kind.VILLAGE_SUPERVISION
    }

    # Zones: townships dealt round-robin, each led by one inspection office.
    zones = []
    for i, name in enumerate(ZONES):
        zone = Zone.objects.create(county=county, name=name, lead_unit=offices[i])
        zone.townships.set(townships[i :: len(ZONES)])
        zones.append(zone)

    # Staff accounts of every role; non-village staff are people too (recusal needs their
    # home village and family).
    plans: list[tuple[str, str, str, OrgUnit, list[Region], list[Zone]]] = []
    plans.append(("admin", Role.ADMIN, "系统管理员", commission, [county], []))
    plans += [
        (f"leader{n}", Role.COUNTY_LEADER, f"县纪委监委领导{n}", commission, [county], [])
        for n in range(1, 4)
    ]
    plans += [
        (
            f"office{n}",
            Role.OFFICE_CADRE,
            f"{offices[(n - 1) % 4].name}干部",
            offices[(n - 1) % 4],
            [],
            [zones[(n - 1) % 4]],
        )
        for n in range(1, 13)
    ]
    plans += [
        (
            f"stationed{n}",
            Role.STATIONED_CADRE,
            f"{stationed[(n - 1) % 3].name}干部",
            stationed[(n - 1) % 3],
            [county],
            [],
        )
        for n in range(1, 7)
    ]
    plans += [
        (
            f"township{n}",
            Role.TOWNSHIP_CADRE,
            f"{townships[(n - 1) % 12].name}纪委干部",
            township_units[(n - 1) % 12],
            [townships[(n - 1) % 12]],
            [],
        )
        for n in range(1, 37)
    ]
    plans += [
        (
            f"dept{n}",
            Role.DEPARTMENT_STAFF,
            f"{departments[(n - 1) % 6].name}工作人员",
            departments[(n - 1) % 6],
            [county],
            [],
        )
        for n in range(1, 13)
    ]
    n = 0
    for v in villages:
        for _ in range(2 if int(v.code[-3:]) % 3 == 0 else 1):
            n += 1
            plans.append(
                (
                    f"village{n}",
                    Role.VILLAGE_SUPERVISOR,
                    f"{v.name}村务监督员",
                    supervision_unit[v.pk],
                    [v],
                    [],
                )
            )

    # People: village cadres with their families, residents, then staff and their families.
    links: list[tuple[Person, Person, str]] = []
    posts: list[tuple[Person, Region, str, str]] = []
    for v in villages:
        uyghur_village = rng.random() < 0.06
        for title, category in VILLAGE_POSTS:
            head, family_links = b.family(
                v,
                head_male=rng.random() < 0.75,
                uyghur=uyghur_village or rng.random() < 0.02,
                phone=True,
            )
            links.extend(family_links)
            posts.append((head, v, title, category))
        for _ in range(rng.randint(3, 5)):
            _head, family_links = b.family(
                v, head_male=rng.random() < 0.6, uyghur=uyghur_village or rng.random() < 0.03
            )
            links.extend(family_links)
    staff_person: dict[str, Person] = {}
    for username, role, *_rest in plans:
        if role != Role.VILLAGE_SUPERVISOR:
            head, family_links = b.family(
                rng.choice(villages), head_male=rng.random() < 0.6, phone=True
            )
            links.extend(family_links)
            staff_person[username] = head

    Person.objects.bulk_create(b.people, batch_size=1000)
    # Primary keys are not set by bulk_create on every backend: map back by blind index.
    by_index = dict(Person.objects.values_list("id_number_index", "pk"))

    def pk_of(p: Person) -> int:
        return by_index[pii.blind_index(pii.ID_NUMBER, p.id_number)]

    Relation.objects.bulk_create(
        [Relation(person_id=pk_of(a), relative_id=pk_of(c), kind=k) for a, c, k in links],
        batch_size=2000,
    )
    since = dt.date(2021, 1, 1)
    Position.objects.bulk_create(
        [
            Position(
                person_id=pk_of(p),
                region=v,
                title=title,
                category=cat,
                since=since,
                org_unit=supervision_unit[v.pk]
                if cat == Position.Category.VILLAGE_SUPERVISOR
                else None,
            )
            for p, v, title, cat in posts
        ]
    )
    Position.objects.bulk_create(
        [
            Position(
                person_id=pk_of(staff_person[username]),
                region=unit.region,
                org_unit=unit,
                title=display,
                category=Position.Category.PUBLIC_OFFICIAL,
                since=since,
            )
            for username, role, display, unit, *_rest in plans
            if username in staff_person
        ]
    )

    User.objects.bulk_create(
        [
            User(
                username=username,
                role=role,
                display_name=display,
                org_unit=unit,
                password=b.password_hash,
                person_id=pk_of(staff_person[username]) if username in staff_person else None,
            )
            for username, role, display, unit, *_rest in plans
        ]
    )
    user_pk = dict(User.objects.values_list("username", "pk"))
    User.scope_regions.through.objects.bulk_create(
        [
            User.scope_regions.through(user_id=user_pk[u], region_id=r.pk)
            for u, _role, _d, _unit, regions_, _z in plans
            for r in regions_
        ]
    )
    User.scope_zones.through.objects.bulk_create(
        [
            User.scope_zones.through(user_id=user_pk[u], zone_id=z.pk)
            for u, _role, _d, _unit, _r, zones_ in plans
            for z in zones_
        ]
    )

    first = {}
    for username, role, display, *_rest in plans:
        first.setdefault(role, (username, display))
    result.logins = [DemoLogin(role, *first[role]) for role in Role.values if role in first]
    result.counts = {
        "townships": len(townships),
        "villages": len(villages),
        "zones": len(zones),
        "org_units": OrgUnit.objects.count(),
        "people": Person.objects.count(),
        "relations": Relation.objects.count(),
        "users": User.objects.count(),
    }
    return result
