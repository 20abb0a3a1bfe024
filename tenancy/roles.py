"""Roles and what each may do. This table is the only place where a role gets a permission."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administratör")
    COORDINATOR = "coordinator", _("Samordnare")
    POLICE_LIAISON = "police_liaison", _("Kommunpolis")
    MEMBER = "member", _("Rådsmedlem")
    REPORTER = "reporter", _("Rapportör")
    READER = "reader", _("Läsare")
    # tjänsteman i beredskap (TIB): opens and writes major events; otherwise reads like a reader
    DUTY_OFFICER = "duty_officer", _("Tjänsteman i beredskap")


R = Role
PERMISSIONS: dict[str, frozenset[str]] = {
    # file an EST report and follow one's own reports
    "report": frozenset({R.REPORTER, R.MEMBER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # see every report of the municipality: list, map, detail
    "view_incidents": frozenset({R.MEMBER, R.READER, R.DUTY_OFFICER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # area outlines and places, for every map
    "view_areas": frozenset(Role.values),
    "export_incidents": frozenset({R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # accept, re-categorise, merge, reject, mask
    "review": frozenset({R.COORDINATOR, R.ADMIN}),
    # a report's text as written, personal data included, until its review (at most 30 days)
    "view_report_original": frozenset({R.COORDINATOR, R.ADMIN}),
    # categories, areas and places
    "manage": frozenset({R.COORDINATOR, R.ADMIN}),
    "view_audit": frozenset({R.COORDINATOR, R.ADMIN}),
    # police data: the public event feed and the monthly report counts, and their category mappings
    "import_police": frozenset({R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # the situation picture (lägesbild): read it, and write its assessment and freeze it
    "view_situation": frozenset({R.MEMBER, R.READER, R.DUTY_OFFICER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    "edit_situation": frozenset({R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # agreements, citizen promises, forums and their meetings, focus areas, cause analyses, action
    # plans and their follow-up reports, the årshjul: read them
    # (the police liaison is a party to all of it, so may also write)
    "view_collaboration": frozenset({R.MEMBER, R.READER, R.DUTY_OFFICER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    "edit_collaboration": frozenset({R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # answer a status report (lägesrapport) request for one's own organisation
    "submit_status_report": frozenset({R.MEMBER, R.REPORTER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # safety walks (trygghetsvandringar): read walks, observations and proposals; plan walks and
    # route proposals; record observations on a walk (walkers who report may too)
    "view_walks": frozenset({R.MEMBER, R.READER, R.DUTY_OFFICER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    "edit_walks": frozenset({R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    "record_observations": frozenset({R.REPORTER, R.MEMBER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    # answer the proposals routed to one's own organisation (checked against the membership's
    # organisation as well)
    "answer_proposals": frozenset(Role.values),
    # major events (särskilda/större händelser): see them and their log, open them and write in the
    # log (acknowledge, answer, close); the on-call list that opening one e-mails. Only the two
    # parties' own people: the duty officer (TIB), the coordinator and the police liaison. The duty
    # officer otherwise only reads, like a reader (EST reports, the lägesbild, the collaboration),
    # and may not review, export, manage or write anything else.
    "view_major_events": frozenset({R.DUTY_OFFICER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    "edit_major_events": frozenset({R.DUTY_OFFICER, R.COORDINATOR, R.POLICE_LIAISON, R.ADMIN}),
    "manage_on_call": frozenset({R.COORDINATOR, R.ADMIN}),
    # users, memberships and organisations of the municipality
    "manage_users": frozenset({R.ADMIN}),
}


def roles_with(permission: str) -> frozenset[str]:
    return PERMISSIONS[permission]
