import datetime

from ninja import Field, Query, Router, Schema

from accounts.api import API_AUTH
from focusareas import services
from lagesbild.services import local_today
from tenancy.scoping import get_municipality

router = Router(tags=["focusareas"], auth=API_AUTH)


class FocusAreaQuery(Schema):
    municipality: str = Field(..., examples=["1262"])
    year: int | None = Field(None, ge=2000, le=2100, description="Defaults to the current year.")


class FocusAreaOut(Schema):
    id: int
    year: int
    name: str
    description: str
    children_and_youth: bool
    status: str
    decided_by: str
    decided_on: datetime.date | None
    order: int


@router.get("/focus-areas", response=list[FocusAreaOut], summary="A municipality's focus areas for a year")
def focus_areas(request, query: Query[FocusAreaQuery]):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    return list(services.for_year(municipality, query.year or local_today().year))
