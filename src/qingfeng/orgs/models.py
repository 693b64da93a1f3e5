"""Regions, zones, organisation units, people and their relations, users and roles."""

from __future__ import annotations

import unicodedata

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pypinyin import lazy_pinyin
from simple_history.models import HistoricalRecords

from qingfeng.core import pii
from qingfeng.core.fields import BlindIndexField, EncryptedPIIField
from qingfeng.orgs import regions
from qingfeng.orgs.roles import COUNTY_ROLES, Role


class Region(models.Model):
    class Level(models.TextChoices):
        COUNTY = regions.COUNTY, _("county")
        TOWNSHIP = regions.TOWNSHIP, _("township")
        VILLAGE = regions.VILLAGE, _("village")

    code = models.CharField(_("region code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    risk_tags = models.ManyToManyField("RiskTag", blank=True, related_name="regions")
    elevated_supervision = models.BooleanField(_("elevated supervision (提级监督)"), default=False)
    elevated_reason = models.CharField(
        _("reason for elevated supervision"), max_length=200, blank=True
    )
    population = models.PositiveIntegerField(_("resident population"), null=True, blank=True)

    history = HistoricalRecords()
    SCOPE_PATH = "code"

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [
            models.Index(
                fields=["code"], name="region_code_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return regions.prefix_of(self.code)

    @property
    def kind_label(self) -> str:
        if self.level == regions.TOWNSHIP:
            return regions.township_kind(self.code)
        if self.level == regions.VILLAGE:
            return regions.village_kind(self.code)
        return str(_("county"))

    def clean(self) -> None:
        self.level = regions.level_of(self.code)
        if self.parent_id:
            regions.check_child(self.parent.code, self.code)
        elif self.level != regions.COUNTY:
            raise ValidationError(_("A township or village needs its parent region."))

    def save(self, *args, **kwargs):
        self.level = regions.level_of(self.code)
        super().save(*args, **kwargs)


class RegionCodeAlias(models.Model):
    """An old code that still resolves after the yearly code changes."""

    old_code = models.CharField(max_length=12, unique=True)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="aliases")
    retired_in = models.PositiveSmallIntegerField(_("year retired"))

    SCOPE_PATH = "region__code"

    def __str__(self) -> str:
        return f"{self.old_code} → {self.region.code}"


class RiskTag(models.Model):
    """软弱涣散, 社情复杂, 资源丰富 … (a county may add its own)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=32)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """片区协作组: townships grouped for joint handling and review."""

    county = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="zones")
    name = models.CharField(_("name"), max_length=64)
    townships = models.ManyToManyField(Region, related_name="zone_memberships")
    lead_unit = models.ForeignKey(
        "OrgUnit", on_delete=models.SET_NULL, null=True, blank=True, related_name="led_zones"
    )

    history = HistoricalRecords(m2m_fields=[townships])
    SCOPE_PATH = "county__code"

    class Meta:
        ordering = ["name"]
        unique_together = [("county", "name")]

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        COUNTY_COMMISSION = "county_commission", _("county discipline commission")
        INSPECTION_OFFICE = "inspection_office", _("discipline inspection office")
        STATIONED_GROUP = "stationed_group", _("stationed inspection group")
        TOWNSHIP_COMMISSION = "township_commission", _("township discipline commission")
        VILLAGE_SUPERVISION = "village_supervision", _("village affairs supervision committee")
        VILLAGE_COMMITTEE = "village_committee", _("village committee")
        DEPARTMENT = "department", _("government department")

    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="org_units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    public_phone = models.CharField(_("public office phone"), max_length=20, blank=True)

    history = HistoricalRecords()
    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["region__code", "kind", "name"]

    def __str__(self) -> str:
        return self.name


def normalize_name(name: str) -> str:
    """NFKC, no spaces, one kind of middle dot (DOMAIN.md, Names)."""
    value = unicodedata.normalize("NFKC", name or "")
    value = "".join(value.split())
    for dot in pii._DOTS:
        value = value.replace(dot, "·")
    return value


class Person(models.Model):
    """Anyone the platform must know: cadres, officials, residents, their relatives."""

    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    name = models.CharField(_("name"), max_length=64)
    name_normalized = models.CharField(max_length=64, editable=False, db_index=True)
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=True)
    id_number = EncryptedPIIField(_("ID number"), kind=pii.ID_NUMBER, blank=True)
    id_number_index = BlindIndexField(source="id_number")
    phone = EncryptedPIIField(_("phone"), kind=pii.PHONE, blank=True)
    phone_index = BlindIndexField(source="phone")
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="people", verbose_name=_("village")
    )
    household_no = models.CharField(_("household number"), max_length=32, blank=True, db_index=True)
    relation_to_head = models.CharField(_("relation to household head"), max_length=16, blank=True)

    history = HistoricalRecords(excluded_fields=["name_normalized", "name_pinyin"])
    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["region__code", "name_pinyin", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_name(self) -> str:
        return pii.mask_name(self.name)

    def fill_derived(self) -> None:
        """Name keys for matching and sorting; birth date and gender from the ID number."""
        self.name_normalized = normalize_name(self.name)
        self.name_pinyin = " ".join(lazy_pinyin(self.name_normalized))
        for name in ("id_number", "phone"):
            value = getattr(self, name)
            if value and not isinstance(value, pii.SensitiveValue):
                setattr(self, name, self._meta.get_field(name).to_python(value))
        if isinstance(self.id_number, pii.SensitiveValue):
            self.birth_date = self.birth_date or self.id_number.birth_date
            male = self.id_number.is_male
            if male is not None and not self.gender:
                self.gender = self.Gender.MALE if male else self.Gender.FEMALE

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)


class Position(models.Model):
    """A post a person holds: 村干部, 村务监督委员会成员, 公职人员, 财政供养人员."""

    class Category(models.TextChoices):
        VILLAGE_CADRE = "village_cadre", _("village cadre")
        VILLAGE_SUPERVISOR = "village_supervisor", _("village supervision committee member")
        PUBLIC_OFFICIAL = "public_official", _("public official")
        STATE_FUNDED = "state_funded", _("state-funded staff")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="positions")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="positions"
    )
    title = models.CharField(pgettext_lazy("post", "title"), max_length=64)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    since = models.DateField(pgettext_lazy("post", "since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()
    SCOPE_PATH = "region__code"

    class Meta:
        ordering = ["region__code", "pk"]

    def __str__(self) -> str:
        return f"{self.region} {self.title}"


class Relation(models.Model):
    """A family or household link: `relative` is `person`'s <kind> (kind=parent: the relative
    is the person's parent). Stored once, read in both directions (selectors.relations_of)."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("spouse")
        PARENT = "parent", _("parent")
        CHILD = "child", _("child")
        SIBLING = "sibling", _("sibling")
        GRANDPARENT = "grandparent", _("grandparent")
        GRANDCHILD = "grandchild", _("grandchild")
        PARENT_IN_LAW = "parent_in_law", _("spouse's parent")
        CHILD_IN_LAW = "child_in_law", _("child's spouse")
        SIBLING_IN_LAW = "sibling_in_law", _("spouse's sibling")
        HOUSEHOLD = "household", _("same household")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_out")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("relation"), max_length=32, choices=Kind.choices)

    history = HistoricalRecords()
    SCOPE_PATH = "person__region__code"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "relative", "kind"], name="unique_relation"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.relative} ({self.get_kind_display()})"


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    person = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="user"
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    scope_regions = models.ManyToManyField(Region, blank=True, related_name="scoped_users")
    scope_zones = models.ManyToManyField(Zone, blank=True, related_name="scoped_users")
    must_change_password = models.BooleanField(
        _("must change the password at the next sign-in"), default=False
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    SCOPE_PATH = "org_unit__region__code"

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def requires_totp(self) -> bool:
        return self.role in COUNTY_ROLES


class Monitor(models.Model):
    """A village's grassroots monitor (监督员) for one term: 廉情监督员, 村级纪检委员
    or 村务监督委员会成员. A new term is a new row; an exit (免职/调整) closes the row with
    a reason."""

    class Kind(models.TextChoices):
        INTEGRITY = "integrity", _("integrity monitor")
        DISCIPLINE = "discipline", _("village discipline member")
        COMMITTEE = "committee", _("village affairs supervision committee member")

    class Exit(models.TextChoices):
        REMOVED = "removed", _("removed from the post")
        ADJUSTED = "adjusted", _("moved to other duties")
        TERM_ENDED = "term_ended", _("term ended")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="monitor_terms")
    village = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="monitors", verbose_name=_("village")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    exited_on = models.DateField(_("left on"), null=True, blank=True)
    exit_kind = models.CharField(
        _("how they left"), max_length=16, choices=Exit.choices, blank=True
    )
    exit_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    SCOPE_PATH = "village__code"

    class Meta:
        ordering = ["village__code", "kind", "pk"]
        indexes = [models.Index(fields=["village", "exited_on"])]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_kind_display()}）"

    @property
    def active(self) -> bool:
        return self.exited_on is None


class MonitorTraining(models.Model):
    """One training a monitor attended (培训记录)."""

    monitor = models.ForeignKey(Monitor, on_delete=models.CASCADE, related_name="trainings")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("training"), max_length=100)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)

    SCOPE_PATH = "monitor__village__code"

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"
