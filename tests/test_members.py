import pytest

from audit.models import AuditEntry
from tenancy.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def test_admin_adds_a_new_user(login, django_user_model):
    client = login("admin")
    org = Organisation.objects.get(municipality__code="1262", name="Skolorna i Lomma")
    r = client.post(
        "/k/1262/anvandare/",
        {
            "username": "rektor.lomma",
            "email": "rektor@lomma.se",
            "role": "reporter",
            "organisation": org.pk,
            "password": "ett-langt-losenord-42",
        },
    )
    assert r.status_code == 302
    user = django_user_model.objects.get(username="rektor.lomma")
    assert user.check_password("ett-langt-losenord-42")
    membership = Membership.objects.get(user=user)
    assert membership.role == "reporter" and membership.organisation == org
    assert AuditEntry.objects.filter(object_type="tenancy.membership", action="create").exists()


def test_new_user_needs_a_good_password(login):
    r = login("admin").post("/k/1262/anvandare/", {"username": "ny", "role": "reader", "password": "kort"})
    assert r.status_code == 422
    r = login("admin").post("/k/1262/anvandare/", {"username": "ny", "role": "reader"})
    assert "Ange ett första lösenord" in r.content.decode()


def test_existing_user_gets_another_role(login):
    client = login("admin")
    r = client.post("/k/1262/anvandare/", {"username": "coordinator.hoor", "role": "reader"})
    assert r.status_code == 302
    assert Membership.objects.filter(
        user__username="coordinator.hoor", municipality__code="1262", role="reader"
    ).exists()
    r = client.post("/k/1262/anvandare/", {"username": "coordinator.hoor", "role": "reader"})
    assert "redan den rollen" in r.content.decode()


def test_admin_changes_and_removes_roles(login):
    client = login("admin")
    membership = Membership.objects.get(user__username="reader.lomma")
    client.post(f"/k/1262/anvandare/{membership.pk}/", {"role": "member", "organisation": ""})
    membership.refresh_from_db()
    assert membership.role == "member"
    client.post(f"/k/1262/anvandare/{membership.pk}/", {"remove": "1"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_admin_cannot_remove_own_admin_role(login):
    membership = Membership.objects.get(user__username="admin", role="admin")
    login("admin").post(f"/k/1262/anvandare/{membership.pk}/", {"remove": "1"})
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_memberships_of_other_municipalities_are_404(login):
    foreign = Membership.objects.get(user__username="coordinator.hoor")
    assert login("admin").post(f"/k/1262/anvandare/{foreign.pk}/", {"remove": "1"}).status_code == 404


def test_admin_adds_organisations(login):
    client = login("admin")
    client.post("/k/1262/organisationer/", {"name": "Lommabostäder", "kind": "housing"})
    assert Organisation.objects.filter(municipality__code="1262", name="Lommabostäder", kind="housing").exists()
    r = client.post("/k/1262/organisationer/", {"name": "lommabostäder", "kind": "housing"})
    assert r.status_code == 422 and "finns redan" in r.content.decode()


def test_password_change(login, user):
    client = login("reader.lomma")
    r = client.post(
        "/konto/losenord/",
        {
            "old_password": "samtrygg-demo",
            "new_password1": "ett-nytt-langt-losenord",
            "new_password2": "ett-nytt-langt-losenord",
        },
    )
    assert r.status_code == 302
    assert user("reader.lomma").check_password("ett-nytt-langt-losenord")
