import datetime

from ninja import Field, Query, Router, Schema

from accounts.api import API_AUTH
from samtrygg.dates import local_today
from tenancy.scoping import get_municipality
from yearcycle.models import CycleItem

router = Router(tags=["yearcycle"], auth=API_AUTH)


class YearCycleQuery(Schema):
    municipality: str = Field(..., examples=["1262"])
    year: int | None = Field(None, ge=2000, le=2100, examples=[2026], description="Default: the current year")


class CycleItemOut(Schema):
    id: int
    year: int
    phase: str
    phase_name: str
    title: str
    description: str
    owner: str
    forum: str | None
    due_date: datetime.date
    done_at: datetime.date | None
    late: bool


@router.get("/year-cycle", response=list[CycleItemOut], summary="The årshjul of a municipality for a year")
def year_cycle(request, query: Query[YearCycleQuery]):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    today = local_today()
    items = CycleItem.objects.filter(municipality=municipality, year=query.year or today.year).select_related("forum")
    return [
        {
            "id": i.pk,
            "year": i.year,
            "phase": i.phase,
            "phase_name": i.get_phase_display(),
            "title": i.title,
            "description": i.description,
            "owner": i.owner,
            "forum": i.forum.name if i.forum else None,
            "due_date": i.due_date,
            "done_at": i.done_at,
            "late": i.is_late(today),
        }
        for i in items
    ]
