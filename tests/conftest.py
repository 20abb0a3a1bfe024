import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import ApiToken

PASSWORD = "samtrygg-demo"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo world without its generated reports and without the collaboration data (agreements,
    forums, promises: tests make their own): 290 municipalities, the demo users,
    Lomma's areas and places, Uppsala's DeSO areas. Loaded once; each test rolls back."""
    with django_db_blocker.unblock():
        call_command("load_demo", incidents=0, collaboration=False, verbosity=0)


@pytest.fixture
def user(db, django_user_model):
    def get(username: str):
        return django_user_model.objects.get(username=username)

    return get


@pytest.fixture
def coordinator(user):
    """Lomma's demo coordinator, the actor of most service calls in the tests."""
    return user("coordinator.lomma")


@pytest.fixture
def login(db, user):
    """A test client signed in as a demo user (second factor bypassed via force_login)."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(user(username))
        return client

    return make


@pytest.fixture
def api(db, user):
    """A test client that sends a bearer token for a demo user."""

    def make(username: str) -> Client:
        token = ApiToken.issue(user(username))
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


@pytest.fixture
def lomma(db):
    from tenancy.models import Municipality

    return Municipality.objects.get(code="1262")


@pytest.fixture
def report(db, user, lomma):
    """Create a report through the service, as the reporter would."""
    from django.utils import timezone

    from incidents import services
    from incidents.models import IncidentCategory

    def make(**kw):
        data = {
            "category": IncidentCategory.objects.get(
                municipality=lomma, slug=kw.pop("category", "skadegorelse-klotter")
            ),
            "occurred_at": kw.pop("occurred_at", timezone.now() - timezone.timedelta(hours=1)),
            "lat": kw.pop("lat", 55.7175),
            "lon": kw.pop("lon", 13.0245),
            "description": kw.pop("description", "Klotter på väggen vid cykelstället."),
        }
        data.update(kw)
        return services.report_incident(municipality=lomma, actor=user("reporter.lomma"), data=data)

    return make
