from django import template

from statusreports import services

register = template.Library()


@register.simple_tag
def status_report_counts(meeting) -> dict:
    """{requested, submitted, members, open} for the meeting page's panel."""
    reports = list(meeting.status_reports.only("submitted_at", "organisation_id"))
    return {
        "requested": len(reports),
        "submitted": sum(1 for r in reports if r.submitted_at),
        "unasked": len({o.pk for o in services.member_organisations(meeting)} - {r.organisation_id for r in reports}),
        "open": services.is_open(meeting),
    }
