import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lagesbild import weekly
from lagesbild.models import WeeklySubscription

pytestmark = pytest.mark.django_db


def with_email(user, username):
    u = user(username)
    u.email = f"{username}@example.se"
    u.save()
    return u


def test_it_subscribes_and_unsubscribes(login, user, lomma):
    with_email(user, "reader.lomma")
    client = login("reader.lomma")
    assert client.post("/k/1262/lagesbild/prenumeration/", {"subscribe": "1"}).status_code == 302
    assert WeeklySubscription.objects.filter(user__username="reader.lomma", municipality=lomma).exists()
    client.post("/k/1262/lagesbild/prenumeration/", {"subscribe": "0"})
    assert not WeeklySubscription.objects.exists()


def test_it_needs_an_email_address(login):
    login("reader.lomma").post("/k/1262/lagesbild/prenumeration/", {"subscribe": "1"})
    assert not WeeklySubscription.objects.exists()


def test_monday_job_mails_last_weeks_picture(user, lomma, report):
    reader = with_email(user, "reader.lomma")
    weekly.subscribe(reader, lomma)
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    wednesday_last_week = monday - datetime.timedelta(days=5)
    report(
        occurred_at=datetime.datetime.combine(wednesday_last_week, datetime.time(12), timezone.get_current_timezone())
    )
    assert weekly.queue_all(monday) == 1  # the immediate task backend sends at once in tests
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader.lomma@example.se"]
    assert "Veckolägesbild Lomma vecka" in message.subject
    assert "Händelserapporter (EST): 1" in message.body and "/k/1262/lagesbild/" in message.body
    assert "Skadegörelse/klotter: 1" in message.body


def test_it_skips_people_who_lost_their_role(user, lomma):
    from tenancy.models import Membership

    reader = with_email(user, "reader.lomma")
    weekly.subscribe(reader, lomma)
    Membership.objects.filter(user=reader).delete()
    call_command("send_weekly_situation", verbosity=0)
    assert mail.outbox == []


def test_the_list_page_offers_the_subscription(login, user):
    with_email(user, "reader.lomma")
    client = login("reader.lomma")
    assert "Prenumerera" in client.get("/k/1262/lagesbild/").content.decode()
    client.post("/k/1262/lagesbild/prenumeration/", {"subscribe": "1"})
    assert "Sluta prenumerera" in client.get("/k/1262/lagesbild/").content.decode()


def test_it_mails_the_members_of_a_forum_that_asked_for_it(user, lomma):
    from forums.models import Forum, ForumMember
    from tenancy.models import Membership

    forum = Forum.objects.create(municipality=lomma, name="Veckolägesbild", weekly_situation=True)
    ForumMember.objects.create(forum=forum, role_title="Fritidsgårdschef", name="Extern", email="fritid@lomma.example")
    ForumMember.objects.create(forum=forum, role_title="Samordnare", user=with_email(user, "coordinator.lomma"))
    gone = with_email(user, "reader.lomma")  # a seat outlives the role: no figures without read access
    ForumMember.objects.create(forum=forum, role_title="Politiker", user=gone)
    Membership.objects.filter(user=gone).delete()
    # a subscriber who also has a seat gets one e-mail
    weekly.subscribe(user("coordinator.lomma"), lomma)
    Forum.objects.create(municipality=lomma, name="Styrgrupp").members.create(role_title="X", email="no@lomma.example")

    assert weekly.queue_all() == 1

    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator.lomma@example.se", "fritid@lomma.example"]
