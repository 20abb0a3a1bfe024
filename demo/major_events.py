"""Demo: last summer's major event in Lomma, a large gathering at Lomma hamn (a summer festival
evening that grew larger than planned), closed with its log, decisions, a request and its answer,
and the evaluation. Opened through the services, then moved back to its day. Nothing is mailed
(the on-call list's addresses are made up)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from majorevents import services
from majorevents.models import Entry, MajorEvent, Notification, OnCallContact
from tenancy.models import Municipality

TITLE = "Stor folksamling vid Lomma hamn"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load(today: datetime.date) -> None:
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        lomma = Municipality.objects.defer("boundary").get(code="1262")
        if MajorEvent.objects.filter(municipality=lomma, title=TITLE).exists():
            return
        _load(lomma, today)


def _load(lomma, today: datetime.date) -> None:
    users = get_user_model().objects.in_bulk(
        ["coordinator.lomma", "tib.lomma", "police.kavlinge"], field_name="username"
    )
    coordinator, tib, police = users["coordinator.lomma"], users["tib.lomma"], users["police.kavlinge"]
    if not OnCallContact.objects.filter(municipality=lomma).exists():
        OnCallContact.objects.create(municipality=lomma, email="tib@lomma.example", label="TIB")
        OnCallContact.objects.create(municipality=lomma, email="sakerhetschef@lomma.example", label="Säkerhetschef")
        OnCallContact.objects.create(municipality=lomma, email="kommunpolis@polisen.example", label="Kommunpolis")
    year = today.year if today.month >= 9 else today.year - 1
    day = datetime.date(year, 7, 1)
    day += datetime.timedelta(days=(5 - day.weekday()) % 7 + 7)  # the second Saturday of July
    event = services.open_event(
        lomma,
        tib,
        title=TITLE,
        kind=MajorEvent.Kind.GATHERING,
        place_name="Lomma hamn, hamnplanen och strandpromenaden",
        lat=55.6745,
        lon=13.0585,
        started_at=_at(day, 20, 30),
        municipality_lead="TIB, Lomma kommun",
        police_lead="Yttre befäl, LPO Kävlinge",
    )
    log = [
        (
            20,
            40,
            tib,
            "observation",
            "Uppskattningsvis 2 000 personer vid hamnplanen, fler på väg från "
            "stationen. Stämningen god men trångt vid bryggorna.",
            {"tags": ["läge"]},
        ),
        (20, 52, police, "acknowledgement", "Kvitterat. Två patruller på plats, en till på väg.", {}),
        (
            21,
            5,
            tib,
            "request",
            "Kan polisen bedöma om bryggorna behöver spärras av?",
            {"assignee": "Polisen, yttre befäl", "due_offset": 30, "tags": ["resurser"]},
        ),
        (21, 20, police, "answer", "Ja: spärra yttre bryggan, polisen bistår med en patrull där.", {}),
        (
            21,
            25,
            tib,
            "decision",
            "Yttre bryggan spärras av till kl. 01. Fastighetsavdelningen sätter upp staket.",
            {"decided_by": "TIB, Lomma kommun", "tags": ["utrymning"]},
        ),
        (
            21,
            40,
            coordinator,
            "information",
            "Information på kommunens webb och sociala medier: bryggan avspärrad, ta bussen hem (extra turer 23–01).",
            {"recipients": "Allmänheten via webb och sociala medier", "tags": ["media", "sociala medier"]},
        ),
        (
            22,
            10,
            police,
            "observation",
            "Bråk mellan två grupper vid kiosken, löst på plats. Inga skadade.",
            {"internal_only": True, "tags": ["läge"]},
        ),
        (
            22,
            15,
            tib,
            "information",
            "Skånetrafiken informerad: extra bussar 23–01 från Lomma hamn.",
            {"recipients": "Skånetrafiken", "tags": ["trafik"]},
        ),
        (23, 30, police, "observation", "Folkmassan glesnar, cirka 400 kvar. Lugnt.", {"tags": ["läge"]}),
        (
            23,
            35,
            tib,
            "observation",
            "Rättelse: extra bussarna går till kl. 01.30, inte 01.",
            {"corrects_previous_information": True, "tags": ["trafik"]},
        ),
    ]
    previous_request = None
    last_information = None
    times: list[tuple[int, datetime.datetime]] = []
    for hour, minute, actor, kind, text, extra in log:
        at = _at(day, hour, minute)
        if kind == "acknowledgement":
            entry = services.acknowledge(event, actor, text)
            event.refresh_from_db()
            MajorEvent.objects.filter(pk=event.pk).update(acknowledged_at=at)
        elif kind == "answer":
            entry = services.answer_request(event, previous_request, actor, text=text)
        else:
            due = at + datetime.timedelta(minutes=extra.pop("due_offset")) if "due_offset" in extra else None
            corrects = last_information if extra.pop("corrects_previous_information", False) else None
            entry = services.add_entry(event, actor, kind=kind, text=text, due_at=due, corrects=corrects, **extra)
            if kind == "request":
                previous_request = entry
            if kind == "information":
                last_information = entry
        times.append((entry.pk, at))
    for pk, at in times:
        Entry.objects.filter(pk=pk).update(created_at=at)
    event.refresh_from_db()
    services.close(
        event,
        tib,
        worked="Första kontakten med polisen inom 25 minuter; gemensam logg gav samma bild för TIB och "
        "yttre befäl; snabb information till allmänheten och Skånetrafiken.",
        did_not_work="Staket fanns inte i beredskap på kvällstid; beredskapslistan saknade "
        "Fastighetsavdelningens jour. Arrangörens anmälan nådde inte kommunen i tid.",
    )
    closed = _at(day + datetime.timedelta(days=1), 1, 15)
    MajorEvent.objects.filter(pk=event.pk).update(
        opened_at=_at(day, 20, 27), acknowledged_at=_at(day, 20, 52), closed_at=closed
    )
    Notification.objects.filter(event=event).update(
        status=Notification.Status.SENT, attempts=1, sent_at=_at(day, 20, 28)
    )
