"""The municipality's walk categories: the default set is created on first use, as the EST
categories are for a new municipality."""

from audit import log as audit
from audit.models import AuditEntry
from tenancy.models import Municipality
from walks.models import DEFAULT_CATEGORIES, WalkCategory


def ensure_categories(municipality: Municipality) -> int:
    """Give the municipality the default walk categories if it has none; returns how many were added."""
    if WalkCategory.objects.filter(municipality=municipality).exists():
        return 0
    added = len(
        WalkCategory.objects.bulk_create(
            [
                WalkCategory(municipality=municipality, slug=slug, name=str(name), position=i)
                for i, (slug, name) in enumerate(DEFAULT_CATEGORIES)
            ],
            ignore_conflicts=True,
        )
    )
    if added:
        audit.record(
            None,
            AuditEntry.Action.CREATE,
            municipality=municipality,
            object_type="walks.walkcategory",
            object_repr="Standardkategorier för trygghetsvandringar",
            changes={"count": added},
        )
    return added


def categories(municipality: Municipality):
    ensure_categories(municipality)
    return WalkCategory.objects.filter(municipality=municipality, active=True)
