"""问题线索 and 案件 (DOMAIN.md, Clues and cases).

A Clue belongs to one commission (the county's or a township's) and is numbered per commission
and year (XS2026-0001). It is disposed of by exactly one of four methods at a time (a
Disposal, proposed by the handler and approved by a second person). A 初步核实 may end in a
Case, which moves through its stages. Scope: `scope_code` is the commission's region; a unit
designated to handle it (指定办案) sees that one object through SCOPE_GRANT_UNIT."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

USER = settings.AUTH_USER_MODEL


class Clue(models.Model):
    class Source(models.TextChoices):
        REPORT = "report", _("letters, visits and reports (信访举报)")
        SUPERVISION = "supervision", _("supervision and inspection")
        TOUR = "tour", _("inspection tour (巡察)")
        AUDIT = "audit", _("audit")
        ASSIGNED = "assigned", _("assigned by a higher level")
        SCREENING = "screening", _("data screening")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        VILLAGE_CADRE = "village_cadre", _("village cadre")
        TOWNSHIP_CADRE = "township_cadre", _("township cadre")
        COUNTY_CADRE = "county_cadre", _("county-managed cadre")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("waiting for disposal")
        PROPOSED = "proposed", _("disposal waiting for approval")
        TALK = "talk", _("talk or written inquiry")
        CHECK = "check", _("preliminary check")
        SHELVED = "shelved", _("kept for later review")
        CASE = "case", _("case opened")
        CLOSED = "closed", _("clue closed")

    OPEN_STATUSES = ("registered", "proposed", "talk", "check", "shelved")

    number = models.CharField(_("number"), max_length=20)
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    commission = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commission")
    )
    scope_code = models.CharField(max_length=12, db_index=True, editable=False)
    region = models.ForeignKey(
        "orgs.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    source = models.CharField(_("clue source"), max_length=16, choices=Source.choices)
    subject_level = models.CharField(_("subject is"), max_length=16, choices=Level.choices)
    summary = models.TextField(_("summary"))
    problem_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    problem_number = models.CharField(max_length=20, blank=True)
    reporter_person = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    logged_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handler = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="handled_clues"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    review_on = models.DateField(_("review date"), null=True, blank=True)  # 暂存待查
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    due_rule = models.CharField(max_length=32, blank=True)
    due_provisional = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    # 指定办案: the unit designated to handle it outside its home township.
    designated_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    designated_zone = models.ForeignKey(
        "orgs.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    designation_note = models.TextField(_("designation decision"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    received_on = models.DateField(_("received on"))
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    SCOPE_PATH = "scope_code"
    SCOPE_GRANT_UNIT = "designated_unit_id"

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "year", "seq"], name="clue_number_seq")
        ]
        indexes = [
            models.Index(
                fields=["scope_code"], name="clue_scope_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Subject(models.Model):
    """Whom a clue is about: a person from orgs when known, else the name as written."""

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        "orgs.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=64)
    post = models.CharField(_("post"), max_length=64, blank=True)
    village_committee = models.BooleanField(_("village committee member"), default=False)
    party_member = models.BooleanField(_("party member"), default=False)

    SCOPE_PATH = "clue__scope_code"

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=32, blank=True)  # e.g. "answer" for a written answer
    added_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField()

    SCOPE_PATH = "clue__scope_code"
    SCOPE_GRANT_UNIT = "clue__designated_unit_id"

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Disposal(models.Model):
    """One disposal by exactly one method, proposed and approved by two different people."""

    class Method(models.TextChoices):
        TALK = "talk", _("talk or written inquiry (谈话函询)")
        CHECK = "check", _("preliminary check (初步核实)")
        SHELVE = "shelve", _("keep for later review (暂存待查)")
        CLOSE = "close", _("close (予以了结)")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("waiting for approval")
        APPROVED = "approved", _("approved, in progress")
        DECLINED = "declined", _("not approved")
        DONE = "done", _("finished")

    class Finding(models.TextChoices):
        TRUE = "true", _("true")
        PARTLY = "partly", _("partly true")
        FALSE = "false", _("not true")

    class FollowUp(models.TextChoices):
        CLOSE = "close", _("close (了结)")
        EDUCATE = "educate", _("criticism and education")
        CHECK = "check", _("go on to a preliminary check")

    class CheckResult(models.TextChoices):
        FILE = "file", _("open a case (立案)")
        CLOSE = "close", _("close (予以了结)")

    clue = models.ForeignKey(Clue, on_delete=models.CASCADE, related_name="disposals")
    method = models.CharField(
        pgettext_lazy("disposal", "method"), max_length=8, choices=Method.choices
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    reason = models.TextField(_("reasons"), blank=True)
    approver = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # 谈话函询
    talk_form = models.CharField(_("talk or letter"), max_length=8, blank=True)
    answer = models.TextField(_("the written answer"), blank=True)
    finding = models.CharField(_("finding"), max_length=8, choices=Finding.choices, blank=True)
    follow_up = models.CharField(
        _("what follows"), max_length=8, choices=FollowUp.choices, blank=True
    )
    # 初步核实
    plan = models.TextField(_("check plan"), blank=True)
    report = models.TextField(_("check report"), blank=True)
    check_result = models.CharField(
        _("conclusion"), max_length=8, choices=CheckResult.choices, blank=True
    )
    # 暂存待查
    review_on = models.DateField(_("review date"), null=True, blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    due_rule = models.CharField(max_length=32, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "clue__scope_code"

    class Meta:
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.clue.number} {self.get_method_display()}"


class Case(models.Model):
    class Stage(models.TextChoices):
        FILING = "filing", _("filing (立案)")
        INVESTIGATION = "investigation", _("examination and investigation (审查调查)")
        TRIAL = "trial", _("case review (案件审理)")
        DECISION = "decision", _("sanction decision (处分决定)")
        EXECUTION = "execution", _("execution (执行)")
        TRANSFERRED = "transferred", _("transferred to the procuratorate (移送检察机关)")
        CLOSED = "closed", _("case closed")

    OPEN_STAGES = ("filing", "investigation", "trial", "decision", "execution")

    clue = models.OneToOneField(Clue, on_delete=models.PROTECT, related_name="case")
    number = models.CharField(_("number"), max_length=20)
    scope_code = models.CharField(max_length=12, db_index=True, editable=False)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    handler = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="handled_cases"
    )
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    filing_approved_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_on = models.DateField(_("filing decision date"), null=True, blank=True)
    investigators = models.ManyToManyField(USER, blank=True, related_name="investigated_cases")
    reviewers = models.ManyToManyField(USER, blank=True, related_name="reviewed_cases")
    joint_review = models.BooleanField(_("joint review (联合审理)"), default=False)
    review_zone = models.ForeignKey(
        "orgs.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measures = models.TextField(_("measures taken"), blank=True)
    detention_from = models.DateField(_("detention (留置) from"), null=True, blank=True)
    detention_until = models.DateField(_("detention until"), null=True, blank=True)
    review_opinion = models.TextField(_("review opinion"), blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    execution_note = models.TextField(_("execution"), blank=True)
    transfer_note = models.TextField(_("transfer to the procuratorate"), blank=True)
    stage_started = models.DateField()
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    due_rule = models.CharField(max_length=32, blank=True)
    due_provisional = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    designated_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    SCOPE_PATH = "scope_code"
    SCOPE_GRANT_UNIT = "designated_unit_id"

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["scope_code"], name="case_scope_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES


class StageLog(models.Model):
    """Each stage a case went through: who handled it, dates, the deadline, the document."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=16, choices=Case.Stage.choices)
    handler = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    due_rule = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    document = models.FileField(upload_to="cases/docs/%Y/%m/", blank=True)

    SCOPE_PATH = "case__scope_code"

    class Meta:
        ordering = ["started_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage}"


class Evidence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(_("evidence"), max_length=200)
    file = models.FileField(upload_to="cases/evidence/%Y/%m/", blank=True)
    added_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField()

    SCOPE_PATH = "case__scope_code"

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.pk}"


class Outcome(models.Model):
    """One outcome for one subject: a sanction, 组织处理, a lighter measure, funds, 移送."""

    class Kind(models.TextChoices):
        PARTY = "party", _("party discipline (党纪处分)")
        GOVERNMENT = "government", _("government sanction (政务处分)")
        ORGANISATIONAL = "organisational", _("organisational measure (组织处理)")
        LIGHT = "light", _("lighter measure")
        FUNDS = "funds", _("funds recovered or returned")
        TRANSFER = "transfer", _("transfer to the procuratorate")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes"
    )
    kind = models.CharField(_("kind of outcome"), max_length=16, choices=Kind.choices)
    measure = models.CharField(_("measure"), max_length=32, blank=True)
    months = models.PositiveSmallIntegerField(null=True, blank=True)  # 政务处分 period
    amount_yuan = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    decided_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")

    SCOPE_PATH = "case__scope_code"

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.pk}"


class Meeting(models.Model):
    """片区线索处置协商会: a zone's meeting on clues, with attendees and decisions."""

    zone = models.ForeignKey("orgs.Zone", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    attendees = models.TextField(_("attendees"))
    decisions = models.TextField(_("decisions"))
    clues = models.ManyToManyField(Clue, blank=True, related_name="meetings")
    recorded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()

    SCOPE_PATH = "zone__townships__code"

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.zone} {self.held_on}"
