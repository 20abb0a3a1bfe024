"""Demo safety walks for Lomma, made through the services: a walk in Bjärred about two months ago
(autumn when the demo is loaded in November–January) with twelve observations and proposals to the
municipality's street unit, a housing company and Trafikverket in every state (done, planned,
declined with a reason, declined and re-routed, overdue), its feedback report published; a walk
planned for next month; and a handful of residents' tips. Idempotent: skipped when the Bjärred walk
exists. Mail is not sent: the demo owners and tippers are not real."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings

from samtrygg.dates import add_months, local_day_start
from tenancy.models import Municipality, Organisation
from tips import services as tip_services
from walks import feedback, services
from walks import proposals as proposal_services
from walks.categories import categories
from walks.models import Observation, Proposal, ProposalAnswer, Walk

TITLE = "Trygghetsvandring i Bjärred centrum"
STREETS = ("Lomma kommun, gatuenheten", Organisation.Kind.MUNICIPAL, "Gatuenheten", "gata@lomma.example")
HOUSING = (
    "Bostadsbolaget i Bjärred (demo)",
    Organisation.Kind.HOUSING,
    "Fastighetsförvaltare",
    "bovard@bostad.example",
)
TRAFIKVERKET = ("Trafikverket, region Syd", Organisation.Kind.OTHER, "Trafikverket", "region.syd@trafikverket.example")

# (category slug, lat, lon, text)
OBSERVATIONS = [
    ("belysning", 55.7172, 13.0251, "Tre lyktstolpar ur funktion längs gångvägen bakom Bjärreds centrum."),
    ("belysning", 55.7168, 13.0262, "Mörkt vid cykelstället, ingen belysning alls efter klockan 17."),
    ("vaxtlighet", 55.7181, 13.0233, "Häcken vid övergångsstället skymmer sikten för bilister och gående."),
    ("vaxtlighet", 55.7189, 13.0219, "Täta buskar vid lekplatsen, svårt att se in från gatan."),
    ("nedskrapning", 55.7205, 13.0085, "Fulla papperskorgar och glas vid Långa bryggan."),
    ("klotter-skadegorelse", 55.7177, 13.0270, "Klotter på fasaden mot parken, flera veckor gammalt."),
    ("klotter-skadegorelse", 55.7165, 13.0244, "Krossad glasruta i busskuren vid centrum."),
    ("trafik", 55.7158, 13.0301, "Höga hastigheter på väg 111 vid busshållplatsen, svårt att korsa."),
    ("gangvag", 55.7152, 13.0312, "Gångtunneln under väg 111 är mörk och har inget synligt utrymningsstråk."),
    ("gangvag", 55.7185, 13.0290, "Ojämn gångbana med lösa plattor vid entrén till flerfamiljshusen."),
    ("overgivet-odsligt", 55.7195, 13.0275, "Baksidan av flerfamiljshusen är ödslig, cykelrummet saknar ljus."),
    ("annat", 55.7170, 13.0240, "Ungdomarna i gruppen önskar en upplyst plats att vara på kvällstid."),
]

# (title, owner, observation numbers, outcome)
PROPOSALS = [
    ("Laga belysningen längs gångvägen bakom centrum", STREETS, [1, 2], "done"),
    ("Klipp häcken vid övergångsstället", STREETS, [3], "planned"),
    ("Fler papperskorgar och tätare tömning vid Långa bryggan", STREETS, [5], "overdue"),
    ("Sanera klottret på fasaden mot parken", HOUSING, [6], "done"),
    ("Belys baksidan och cykelrummet", HOUSING, [11], "planned"),
    ("Röj buskarna vid lekplatsen", HOUSING, [4], "overdue"),
    ("Sänk hastigheten på väg 111 vid busshållplatsen", TRAFIKVERKET, [8], "declined"),
    ("Belysning i gångtunneln under väg 111", TRAFIKVERKET, [9], "rerouted"),
]

TIPS = [
    ("Mörkt vid pendlarparkeringen, flera lampor trasiga.", 55.7140, 13.0330, "belysning", "tipsare1@example.se"),
    ("Buskar skymmer gångvägen mot skolan.", 55.7230, 13.0180, "vaxtlighet", ""),
    ("Klotter på elskåpet vid hamnen.", 55.6760, 13.0700, "klotter-skadegorelse", "tipsare2@example.se"),
    ("Trasig gatlykta vid Borgeby slott.", 55.7390, 13.0550, "belysning", "tipsare3@example.se"),
    ("Min granne är jobbig.", 55.6750, 13.0690, "annat", ""),
]


def jpeg() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (38, 44, 58))
    draw = ImageDraw.Draw(image)
    for x in (60, 220, 380):
        draw.rectangle([x, 80, x + 8, 300], fill=(120, 120, 120))
    draw.ellipse([210, 60, 240, 90], fill=(250, 230, 140))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _organisation(lomma, spec) -> Organisation:
    name, kind, _contact, _email = spec
    return Organisation.objects.get_or_create(municipality=lomma, name=name, defaults={"kind": kind})[0]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return local_day_start(day) + datetime.timedelta(hours=hour)


def _backdate(proposal: Proposal, sent: datetime.date, answered: datetime.date | None = None) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(sent_at=_at(sent, 9))
    if answered is not None:
        ProposalAnswer.objects.filter(proposal=proposal).update(answered_at=_at(answered, 10))


def load(today: datetime.date) -> None:
    # the demo's owners and participants have made-up addresses: nothing is mailed
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        lomma = Municipality.objects.defer("boundary").get(code="1262")
        if Walk.objects.filter(municipality=lomma, title=TITLE).exists():
            return
        _load(lomma, today)


def _load(lomma, today: datetime.date) -> None:
    coordinator = get_user_model().objects.get(username="coordinator.lomma")
    cats = {c.slug: c for c in categories(lomma)}
    area = lomma.areas.filter(name="Bjärred").first()
    day = add_months(today, -2)
    day -= datetime.timedelta(days=(day.weekday() - 1) % 7)  # the Tuesday before
    walk = services.create_walk(
        municipality=lomma,
        actor=coordinator,
        title=TITLE,
        starts_at=_at(day, 18),
        ends_at=_at(day, 20),
        area=area,
        meeting_point="Bjärreds centrum, vid biblioteket",
        purpose="Gå genom centrum, gångtunneln och bostadsområdet öster om väg 111 tillsammans med boende, "
        "politiker, bostadsbolaget och elevrådet, och notera det som gör platserna otrygga.",
    )
    for name, email in [
        ("Kommunstyrelsens ordförande (demo)", "ks.ordforande@lomma.example"),
        ("Elevrådet, Bjärehovsskolan (demo)", "elevradet@skola.example"),
        ("Bjärreds villaägarförening (demo)", "styrelsen@villa.example"),
    ]:
        services.add_participant(walk=walk, actor=coordinator, name=name, email=email)
    services.add_participant(walk=walk, actor=coordinator, user=coordinator)
    observations: list[Observation] = []
    for i, (slug, lat, lon, text) in enumerate(OBSERVATIONS, start=1):
        observation, _created = services.record_observation(
            walk=walk,
            actor=coordinator,
            lat=lat,
            lon=lon,
            category=cats[slug],
            text=text,
            client_id=f"demo-bjarred-{i}",
            ratings={"lighting": 0 if slug == "belysning" else 2, "feeling": 1},
        )
        observations.append(observation)
    photo = services.add_photo(
        observation=observations[0], actor=coordinator, upload=SimpleUploadedFile("lyktstolpar.jpg", jpeg())
    )
    services.approve_photo(photo=photo, actor=coordinator, approved=True)
    services.update_walk(walk=walk, actor=coordinator, status=Walk.Status.DONE)
    Observation.objects.filter(walk=walk).update(created_at=_at(day, 19))

    sent_day = day + datetime.timedelta(days=10)
    streets = _organisation(lomma, STREETS)
    for title, spec, numbers, outcome in PROPOSALS:
        owner = _organisation(lomma, spec)
        answer_by = sent_day + datetime.timedelta(days=28)
        proposal = proposal_services.create_proposal(
            municipality=lomma,
            actor=coordinator,
            walk=walk,
            title=title,
            owner_organisation=owner,
            owner_name=spec[2],
            owner_email=spec[3],
            observations=[observations[n - 1] for n in numbers],
            answer_by=answer_by,
        )
        proposal_services.send_proposals(proposals=[proposal], actor=coordinator)
        answered = min(sent_day + datetime.timedelta(days=14), today)
        if outcome in ("done", "planned"):
            proposal_services.answer_proposal(
                proposal=proposal,
                actor=coordinator,
                decision=ProposalAnswer.Decision.ACCEPT,
                planned_date=max(today + datetime.timedelta(days=20), answer_by)
                if outcome == "planned"
                else answered + datetime.timedelta(days=7),
                comment="Beställt hos entreprenören." if outcome == "planned" else "",
            )
        if outcome == "done":
            proposal_services.answer_proposal(
                proposal=proposal,
                actor=coordinator,
                decision=ProposalAnswer.Decision.DONE,
                comment="Åtgärdat och kontrollerat på plats.",
            )
        if outcome == "declined":
            proposal_services.answer_proposal(
                proposal=proposal,
                actor=coordinator,
                decision=ProposalAnswer.Decision.DECLINE,
                reason="Hastigheten på väg 111 prövas i den regionala planen 2027; en sänkning nu kräver en "
                "trafikföreskrift som inte kan motiveras av olycksstatistiken.",
            )
        if outcome == "rerouted":
            proposal_services.answer_proposal(
                proposal=proposal,
                actor=coordinator,
                decision=ProposalAnswer.Decision.DECLINE,
                reason="Gångtunneln och dess belysning ägs av kommunen, inte av Trafikverket.",
                rerouted_to=streets,
                rerouted_contact_name=STREETS[2],
                rerouted_contact_email=STREETS[3],
            )
        _backdate(proposal, sent_day, answered if outcome != "overdue" else None)
    feedback.publish(
        walk=walk,
        actor=coordinator,
        summary="Fjorton personer gick en kväll i Bjärred centrum: boende, politiker, bostadsbolaget, "
        "elevrådet och polisen. Här är vad vi såg, vilka förslag som gick till vem och vad de har svarat.",
    )

    services.create_walk(
        municipality=lomma,
        actor=coordinator,
        title="Trygghetsvandring i Lomma hamn",
        starts_at=_at(add_months(today, 1), 18),
        ends_at=_at(add_months(today, 1), 20),
        area=lomma.areas.filter(name="Lomma").first(),
        meeting_point="Lomma hamn, vid båtklubben",
        purpose="Kvällsvandring i hamnområdet och längs strandpromenaden efter boendes synpunkter i "
        "trygghetsmätningen.",
    )

    tips = []
    for text, lat, lon, slug, email in TIPS:
        tips.append(
            tip_services.submit_tip(municipality=lomma, lat=lat, lon=lon, text=text, email=email, category=cats[slug])
        )
    tip_services.reject_tip(
        tip=tips[4], actor=coordinator, reason="Tipset gäller en enskild granne. Kontakta polisen på 114 14 vid behov."
    )
    tip_services.route_tip(
        tip=tips[0],
        actor=coordinator,
        title="Laga belysningen vid pendlarparkeringen",
        owner_organisation=streets,
        owner_name=STREETS[2],
        owner_email=STREETS[3],
        answer_by=today + datetime.timedelta(days=21),
    )
    routed = tip_services.route_tip(
        tip=tips[3],
        actor=coordinator,
        title="Byt gatlyktan vid Borgeby slott",
        owner_organisation=streets,
        owner_name=STREETS[2],
        owner_email=STREETS[3],
        answer_by=today + datetime.timedelta(days=21),
    )
    proposal_services.answer_proposal(
        proposal=routed, actor=coordinator, decision=ProposalAnswer.Decision.DONE, comment="Ny lykta på plats."
    )
