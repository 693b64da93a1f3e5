"""Roles and the groups of roles that permissions are written against."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("system administrator")
    COUNTY_LEADER = "county_leader", _("county commission leader")
    OFFICE_CADRE = "office_cadre", _("inspection office cadre")
    STATIONED_CADRE = "stationed_cadre", _("stationed group cadre")
    TOWNSHIP_CADRE = "township_cadre", _("township commission cadre")
    VILLAGE_SUPERVISOR = "village_supervisor", _("village supervisor")
    DEPARTMENT_STAFF = "department_staff", _("department staff")


ALL_ROLES = frozenset(Role.values)
# County-level roles: enrol in TOTP at first login.
COUNTY_ROLES = frozenset({Role.ADMIN, Role.COUNTY_LEADER, Role.OFFICE_CADRE, Role.STATIONED_CADRE})
SUPERVISORS = COUNTY_ROLES | {Role.TOWNSHIP_CADRE}
COUNTY_EDITORS = frozenset({Role.ADMIN, Role.COUNTY_LEADER})
AUDIT_READERS = frozenset({Role.ADMIN, Role.COUNTY_LEADER})
USER_ADMINS = frozenset({Role.ADMIN})
