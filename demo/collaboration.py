"""The collaboration structure of three real municipalities, modelled from the seed documents:

- Lomma and LPO Kävlinge: the agreement 2023–2027 under Lag (2023:196) (seed 003) with its
  forums (trygghetsrådet with samverkansgrupp and styrgrupp, the weekly lägesbild,
  interaktionsmöten in Lomma and Bjärred), its focus areas and signatories, this year's citizen
  promises, meetings, status reports and the årshjul.
- Bromölla: the forums of annex 1 (seed 000) and the ten focus areas of annex 2 (seed 004) of
  the agreement 2021–2024.
- Höör and LPO Eslöv: "Trygga Höör", a strategic agreement 2020–2024 decided by KF with a
  yearly operative agreement decided by KS, and Lokala BRÅ reporting to KSAU four times a year
  (seed 001).

Facts the seeds do not give (meeting days and times, the promises' wording, which LPO covers
Bromölla) are plausible choices, marked as such where they are made. Idempotent: everything is
looked up by its natural key before it is created."""

import datetime

from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Agreement, AgreementDecision, AgreementSection, AgreementVersion, Signatory
from audit import log as audit
from focusareas import services as focus_services
from focusareas.models import FocusArea
from forums import meetings as meeting_services
from forums import services as forum_services
from forums.models import Decision, Forum, ForumMember
from forums.schedule import generate_meetings
from lagesbild import services as situation_services
from lagesbild.models import SituationPicture
from promises import services as promise_services
from promises.models import CitizenPromise, PromiseUpdate
from samtrygg import dates
from statusreports import services as status_report_services
from tenancy.models import Municipality, Organisation, PoliceArea
from yearcycle import services as yearcycle_services

LAW = "Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete"
Party = AgreementDecision.Party
Body = AgreementDecision.Body
Section = AgreementSection.Kind
Kind = Forum.Kind
Cadence = Forum.Cadence
Level = Forum.Level


def load(today: datetime.date) -> None:
    lomma(today)
    bromolla()
    hoor(today)


# --- Lomma (seed 003) -------------------------------------------------------------------------

LOMMA_SECTIONS = [
    (
        Section.PURPOSE,
        "Syfte och inriktning",
        "Denna överenskommelse är lokalpolisområdet Kävlinge och Lomma kommuns gemensamma dokument och "
        "syftar till att övergripande beskriva parternas samverkansarbete. Inriktningen för det "
        "gemensamma arbetet är att minska brottsligheten i kommunen och öka medborgarnas trygghet. "
        "Arbetet ska utgå ifrån en gemensam årlig lägesbild baserat på polisen och kommunens var för "
        "sig framtagna lägesbilder.",
    ),
    (
        Section.RESPONSIBILITIES,
        "Former och ansvar för samverkan",
        "Kommunpolisen och kommunens säkerhetschef ansvarar för utvecklingen och planeringen av det "
        "strategiska trygghetsarbetet. Som utgångspunkt för samverkan används EST, Effektiv samordning "
        "för trygghet. Händelserna rapporteras in i kommunens digitala rapporteringssystem och en "
        "lägesbild presenteras i trygghetsrådet. Polisen bidrar varje månad med polisanmälningar till "
        "systemet med de kategorier som bestäms i rådet.",
    ),
    (
        Section.FORUMS,
        "Trygghetsrådet och veckolägesbilden",
        "Trygghetsrådet består av en operativ samverkansgrupp där kommunpolisen ingår samt en styrgrupp "
        "där lokalpolisområdeschefen ingår. Varje år presenterar trygghetsrådet en gemensam lägesbild "
        "som analyseras och resulterar i förslag på åtgärder. Kommunpolisen och säkerhetschefen träffar "
        "varje vecka, utom under sommaren, fritidsgårdscheferna och socialtjänsten för en veckolägesbild.",
    ),
    (
        Section.FOCUS_AREAS,
        "Fokusområden och handlingsplaner",
        "Varje år tas ett antal fokusområden fram utifrån den gemensamma lägesbilden. Förslag tas fram "
        "av trygghetsrådets samverkansgrupp och styrgruppen beslutar vilka som prioriteras. Det ska "
        "alltid vara ett särskilt fokus gällande barn och ungdomar. För varje fokusområde tas en "
        "handlingsplan fram med SMARTA mål, aktiviteter, tidpunkter och ansvariga, efter en "
        "orsaksanalys. Barnkonsekvensanalyser görs innan beslut om åtgärder fattas.",
    ),
    (
        Section.FREE,
        "Trygghetsmätning och medborgardialog",
        "Kommunen deltar i polisens trygghetsmätning, finansierar 50 % av kostnaden i de två områdena och "
        "arbetar aktivt med resultatet i trygghetsrådet. Vid behov görs en medborgardialog.",
    ),
    (
        Section.FREE,
        "Underrättelse vid särskilda eller större händelser",
        "Vid särskilda eller större händelser sker nödvändigt informationsutbyte mellan kommunens "
        "säkerhetschef eller TIB och kommunpolisen, för en aktuell gemensam lägesbild.",
    ),
    (
        Section.FOLLOW_UP,
        "Uppföljning",
        "Handlingsplanerna följs upp under året och utvärderas efter avslutat arbete. Trygghetsrådet "
        "följer upp överenskommelsen årligen.",
    ),
    (
        Section.VALIDITY,
        "Giltighet",
        "Överenskommelsen ersätter den tidigare förlängda samverkansöverenskommelsen från den 23 januari "
        "2019. En ny samverkansöverenskommelse ska tas fram under 2027. Överenskommelsen har upprättats "
        "i två exemplar varav parterna har fått varsitt exemplar.",
    ),
]

# name, description, children and youth
LOMMA_FOCUS = [
    (
        "Barn och unga",
        "Tidig upptäckt och tidiga insatser. Veckolägesbild med fritidsgårdarna och socialtjänsten, "
        "interaktionsmöten minst två gånger per termin i Lomma och Bjärred, SSPF vid behov.",
        True,
    ),
    ("ANDT-S", "Samverkan enligt kommunens ANDTS-policy och handlingsplan.", False),
    (
        "Alkohol- och tobakstillsyn",
        "Gemensamma tillsynsbesök vid utskänkning och försäljning av alkohol och tobak.",
        False,
    ),
    (
        "Grannsamverkan",
        "Fler grannsamverkansområden; alla kontaktombud kallas till ett informationsmöte varje år.",
        False,
    ),
    ("Trygghetsdagar", "Trygghetsdagar för årskurs fem och sju med polisen på plats.", False),
    ("Avhopparverksamhet", "Samverkan mellan socialtjänsten, LAS och kommunpolisen i avhopparfrågor.", False),
    ("PDV", "Information till personal om pågående dödligt våld, tidiga signaler och förebyggande.", False),
]

LOMMA_ORGS = [
    ("Polisen, LPO Kävlinge", "police"),
    ("Skolorna i Lomma", "school"),
    ("Elevhälsan", "school"),
]

# name, kind, level, cadence, weekday, start, purpose, parent, reports to, per year, members
# (role title, organisation name or None, adjunct?)
LOMMA_FORUMS = [
    (
        "Trygghetsrådet",
        Kind.SAFETY_COUNCIL,
        Level.STRATEGIC,
        Cadence.FOUR_TIMES_A_YEAR,
        1,
        "13:00",
        "Presenterar den gemensamma lägesbilden, följer upp överenskommelsen och medborgarlöftena.",
        None,
        "Kommunstyrelsens arbetsutskott (KSAU)",
        4,
        [
            ("Säkerhetschef (sammankallande)", "Lomma kommun, säkerhet och beredskap", False),
            ("Kommunpolis", "Polisen, LPO Kävlinge", False),
            ("Chef för socialtjänsten", "Socialtjänsten", False),
            ("Fritidschef", "Fritidsgårdarna i Lomma", False),
            ("Skolchef", "Skolorna i Lomma", False),
            ("Räddningschef", "Räddningstjänsten Syd", True),
        ],
    ),
    (
        "Trygghetsrådets samverkansgrupp",
        Kind.COLLABORATION_GROUP,
        Level.OPERATIVE,
        Cadence.MONTHLY,
        2,
        "09:00",
        "Tar fram förslag på fokusområden och handlingsplaner utifrån lägesbilden.",
        "Trygghetsrådet",
        "",
        None,
        [
            ("Säkerhetschef", "Lomma kommun, säkerhet och beredskap", False),
            ("Kommunpolis", "Polisen, LPO Kävlinge", False),
            ("Samordnare socialtjänsten", "Socialtjänsten", False),
            ("Fritidsgårdschef", "Fritidsgårdarna i Lomma", False),
            ("Fastighetschef", "Fastighetsavdelningen", True),
        ],
    ),
    (
        "Trygghetsrådets styrgrupp",
        Kind.STEERING_GROUP,
        Level.STRATEGIC,
        Cadence.TWICE_A_YEAR,
        3,
        "10:00",
        "Beslutar vilka fokusområden som prioriteras och godkänner handlingsplanerna.",
        "Trygghetsrådet",
        "",
        None,
        [
            ("Kommundirektör", "Lomma kommun, kommunledningskontoret", False),
            ("Lokalpolisområdeschef", "Polisen, LPO Kävlinge", False),
            ("Säkerhetschef", "Lomma kommun, säkerhet och beredskap", False),
        ],
    ),
    (
        "Veckolägesbild",
        Kind.WEEKLY_SITUATION,
        Level.OPERATIVE,
        Cadence.WEEKLY_EXCEPT_SUMMER,
        0,
        "09:00",
        "Veckans lägesbild med särskild uppmärksamhet på barn och ungdomar.",
        None,
        "",
        None,
        [
            ("Kommunpolis", "Polisen, LPO Kävlinge", False),
            ("Säkerhetschef", "Lomma kommun, säkerhet och beredskap", False),
            ("Fritidsgårdschef", "Fritidsgårdarna i Lomma", False),
            ("Representant för socialtjänsten", "Socialtjänsten", False),
        ],
    ),
    (
        "Interaktionsmöte Lomma",
        Kind.INTERACTION,
        Level.GROUP,
        Cadence.TWICE_A_TERM,
        3,
        "14:00",
        "Tidiga tendenser gällande barn och ungdomar och vad vi tillsammans kan göra för att förebygga.",
        None,
        "",
        None,
        [
            ("Kommunpolis", "Polisen, LPO Kävlinge", False),
            ("Rektor", "Skolorna i Lomma", False),
            ("Fritidsgårdschef", "Fritidsgårdarna i Lomma", False),
            ("Socialsekreterare", "Socialtjänsten", False),
            ("Skolkurator", "Elevhälsan", False),
        ],
    ),
    (
        "Interaktionsmöte Bjärred",
        Kind.INTERACTION,
        Level.GROUP,
        Cadence.TWICE_A_TERM,
        3,
        "14:00",
        "Tidiga tendenser gällande barn och ungdomar i Bjärred.",
        None,
        "",
        None,
        [
            ("Kommunpolis", "Polisen, LPO Kävlinge", False),
            ("Rektor", "Skolorna i Lomma", False),
            ("Fritidsgårdschef", "Fritidsgårdarna i Lomma", False),
            ("Socialsekreterare", "Socialtjänsten", False),
            ("Skolkurator", "Elevhälsan", False),
        ],
    ),
]

# The promises' wording is ours: the seeds say what a promise is, not what Lomma promised.
LOMMA_PROMISES = [
    (
        "Tryggare kvällar vid Lomma hamn",
        "Under sommarhalvåret samlas många ungdomar vid hamnen sena kvällar. EST-rapporterna visar "
        "nedskräpning, ordningsstörningar och mopeder på gångvägarna.",
        "Polisen och fritidsgårdarna gör gemensamma kvällsvandringar fredagar och lördagar maj–augusti. "
        "Kommunen förbättrar belysningen längs strandpromenaden.",
        "Färre rapporterade ordningsstörningar vid hamnen än sommaren innan, och att fler upplever "
        "hamnen som trygg i trygghetsmätningen.",
        "Vi redovisar läget på kommunens webbplats varje kvartal och på trygghetsrådets möten.",
        "Barn och unga",
    ),
    (
        "Fler grannsamverkansområden",
        "Bostadsinbrotten är få men upplevs som mycket integritetskränkande.",
        "Vi startar minst tre nya grannsamverkansområden och bjuder in alla kontaktombud till ett "
        "informationsmöte i oktober.",
        "Fler hushåll i grannsamverkan och färre bostadsinbrott.",
        "Antalet områden och inbrott redovisas i trygghetsrådet och här.",
        "Grannsamverkan",
    ),
]


def _org(municipality, name, kind=None):
    kind = kind or ("police" if name.startswith("Polisen") else "municipal")
    return Organisation.objects.get_or_create(municipality=municipality, name=name, defaults={"kind": kind})[0]


def _forums(municipality, specs) -> dict[str, Forum]:
    forums: dict[str, Forum] = {}
    for name, kind, level, cadence, weekday, start, purpose, parent, reports_to, per_year, members in specs:
        forum = Forum.objects.filter(municipality=municipality, name=name).first()
        if forum is None:
            forum = forum_services.create_forum(
                municipality,
                None,
                name=name,
                kind=kind,
                level=level,
                cadence=cadence,
                weekday=weekday,
                start_time=datetime.time.fromisoformat(start),
                purpose=purpose,
                parent=forums.get(parent) if parent else None,
                reports_to=reports_to,
                reports_per_year=per_year,
                location=f"{municipality.name} kommunhus",
                # the weekly situation groups get last week's lägesbild every Monday morning
                weekly_situation=kind in (Kind.WEEKLY_SITUATION, Kind.SITUATION_GROUP),
            )
            for role_title, org_name, adjunct in members:
                forum_services.add_member(
                    forum,
                    None,
                    role_title=role_title,
                    organisation=_org(municipality, org_name) if org_name else None,
                    kind=ForumMember.Kind.ADJUNCT if adjunct else ForumMember.Kind.FULL,
                )
        forums[name] = forum
    return forums


def _focus_areas(municipality, year, specs, decided_by="", decided_on=None) -> list[FocusArea]:
    result = []
    for order, (name, description, children) in enumerate(specs, start=1):
        focus = FocusArea.objects.filter(municipality=municipality, year=year, name=name).first()
        if focus is None:
            focus = focus_services.create_focus_area(
                municipality,
                None,
                year=year,
                name=name,
                description=description,
                children_and_youth=children,
                status=FocusArea.Status.DECIDED if decided_by else FocusArea.Status.PROPOSED,
                decided_by=decided_by,
                decided_on=decided_on,
                order=order,
            )
        result.append(focus)
    return result


def _agreement(municipality, police_area, title, *, sections, decisions, signatories, forums, focus, **fields):
    agreement = Agreement.objects.filter(municipality=municipality, title=title).first()
    if agreement is not None:
        return agreement
    agreement = Agreement.objects.create(municipality=municipality, police_area=police_area, title=title, **fields)
    for order, (kind, heading, body) in enumerate(sections, start=1):
        AgreementSection.objects.create(agreement=agreement, kind=kind, title=heading, body=body, order=order)
    for party, body, day in decisions:
        AgreementDecision.objects.create(agreement=agreement, party=party, body=body, decided_on=day)
    for order, (party, name, title_) in enumerate(signatories, start=1):
        Signatory.objects.create(agreement=agreement, party=party, name=name, title=title_, order=order)
    agreement.forums.set(forums)
    agreement.focus_areas.set(focus)
    # The document goes in whole, as one version, rather than as the dozen revisions that typing
    # it in part by part would make.
    audit.created(None, agreement, agreement_services.FIELDS)
    AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        content=agreement_services.content(agreement),
        comment="Inläst från originaldokumentet",
    )
    return agreement


def lomma(today: datetime.date) -> None:
    municipality = Municipality.objects.get(code="1262")
    police_area = PoliceArea.objects.get(name="LPO Kävlinge")
    for name, kind in LOMMA_ORGS:
        _org(municipality, name, kind)
    forums = _forums(municipality, LOMMA_FORUMS)
    year = today.year
    focus = _focus_areas(
        municipality, year, LOMMA_FOCUS, decided_by="Trygghetsrådets styrgrupp", decided_on=datetime.date(year, 1, 20)
    )
    agreement = _agreement(
        municipality,
        police_area,
        "Samverkansöverenskommelse mellan lokalpolisområde Kävlinge och Lomma kommun 2023–2027",
        kind=Agreement.Kind.STRATEGIC,
        valid_from=datetime.date(2023, 1, 1),
        valid_to=datetime.date(2027, 12, 31),
        status=Agreement.Status.IN_FORCE,
        legal_basis=LAW,
        replaces_text="Förlängd samverkansöverenskommelse från den 23 januari 2019",
        signed_place="Lomma",
        signed_on=datetime.date(2024, 3, 4),
        renewal_year=2027,
        sections=LOMMA_SECTIONS,
        decisions=[
            (Party.MUNICIPALITY, Body.BOARD_CHAIR, datetime.date(2024, 3, 4)),
            (Party.POLICE, Body.POLICE_AREA_CHIEF, datetime.date(2024, 3, 4)),
        ],
        signatories=[
            (Party.MUNICIPALITY, "Robert Wenglén", "Kommunstyrelsens ordförande"),
            (Party.POLICE, "Freddy Nilsson", "Lokalpolisområdeschef Kävlinge"),
        ],
        forums=forums.values(),
        focus=focus,
    )
    by_name = {f.name: f for f in focus}
    for order, (title, situation, do, achieve, follow, focus_name) in enumerate(LOMMA_PROMISES, start=1):
        if CitizenPromise.objects.filter(municipality=municipality, year=year, title=title).exists():
            continue
        promise = promise_services.create_promise(
            municipality,
            None,
            {
                "title": title,
                "year": year,
                "police_area": police_area,
                "agreement": agreement,
                "situation_today": situation,
                "what_we_do": do,
                "what_we_achieve": achieve,
                "follow_along": follow,
                "focus_areas": [by_name[focus_name]],
                "decided_by": "Kommunstyrelsens ordförande och lokalpolisområdeschef Kävlinge",
                "decided_on": datetime.date(year, 2, 3),
                "order": order,
            },
        )
        promise_services.publish_promise(promise, None)
        if today >= datetime.date(year, 5, 1):
            promise_services.add_update(
                promise,
                None,
                {
                    "date": datetime.date(year, 4, 30),
                    "status": PromiseUpdate.Status.ON_TRACK,
                    "text": "Planeringen är klar och de första insatserna är bokade.",
                },
            )
    meetings(municipality, forums.values(), year)
    year_cycle(municipality, today)


def year_cycle(municipality, today: datetime.date) -> None:
    """This year's årshjul, with what fell due before today done, except the latest step, so that
    the wheel shows something late as well."""
    created = yearcycle_services.generate_year(municipality, today.year, None)
    past = sorted((item for item in created if item.due_date < today), key=lambda item: item.due_date)
    for item in past[:-1]:
        yearcycle_services.mark_done(item, None, day=item.due_date)


def _generate(forum: Forum, year: int) -> None:
    """The forum's meetings this year and next (so that the next ones exist in December); those
    already past are marked held."""
    if forum.meetings.exists():
        return
    for y in (year, year + 1):
        generate_meetings(forum, y, None)
    for meeting in forum.meetings.filter(starts_at__lt=timezone.now()):
        meeting_services.mark_held(meeting, None)


def last_months_picture(municipality):
    """Last month's lägesbild, with a short assessment, fastställd for the council's meeting."""
    start, end = dates.period_bounds(SituationPicture.Period.MONTH, back=1)
    picture = situation_services.create_picture(
        municipality, None, date_from=start, date_to=end, period=SituationPicture.Period.MONTH
    )
    situation_services.update_assessment(
        picture,
        None,
        mapping="EST-rapporter från fritidsgårdarna, skolorna och fastighetsavdelningen samt polisens "
        "händelser för månaden.",
        analysis="Nedskräpning och ordningsstörningar kvällstid dominerar, främst vid hamnen och i "
        "Bjärreds centrum. Mönstret följer helgerna.",
    )
    return situation_services.freeze(picture, None)


def meetings(municipality, forums, year) -> None:
    """This year's meetings from each forum's cadence; the trygghetsråd's last meeting with
    minutes, decisions and action items, and its next one with an agenda and status reports
    asked for (one already answered)."""
    for forum in forums:
        _generate(forum, year)
    council = next(f for f in forums if f.kind == Kind.SAFETY_COUNCIL)
    now = timezone.now()
    last = council.meetings.filter(starts_at__lt=now).order_by("-starts_at").first()
    if last is not None and not Decision.objects.filter(meeting__forum=council).exists():
        meeting_services.save_minutes(
            last,
            None,
            "Kommunpolisen och säkerhetschefen presenterade lägesbilden för perioden. Nedskräpning och "
            "ordningsstörningar vid hamnen ökade under sommaren; klottret i Bjärred minskade.",
        )
        meeting_services.add_decision(last, None, "Samverkansgruppen tar fram en handlingsplan för hamnområdet.")
        day = timezone.localtime(last.starts_at).date()
        meeting_services.add_action_item(
            last,
            None,
            text="Inventera belysningen längs strandpromenaden",
            owner="Fastighetschef",
            organisation=_org(municipality, "Fastighetsavdelningen"),
            due_date=day + datetime.timedelta(days=30),
        )
        meeting_services.add_action_item(
            last,
            None,
            text="Planera kvällsvandringar med fritidsgårdarna inför helgerna",
            owner="Kommunpolis",
            organisation=_org(municipality, "Polisen, LPO Kävlinge"),
            due_date=day + datetime.timedelta(days=60),
        )
    upcoming = council.meetings.filter(starts_at__gt=now + datetime.timedelta(days=7)).order_by("starts_at").first()
    if upcoming is not None and not upcoming.agenda.exists():
        for title, presenter in [
            ("Lägesbild sedan förra mötet", "Säkerhetschef och kommunpolis"),
            ("Lägesrapporter från verksamheterna", "Respektive verksamhet"),
            ("Uppföljning av medborgarlöftena", "Säkerhetschef"),
            ("Förslag på fokusområden till nästa år", "Samverkansgruppen"),
        ]:
            meeting_services.add_agenda_item(upcoming, None, title=title, presenter=presenter)
        picture = last_months_picture(municipality)
        meeting_services.attach_situation_picture(upcoming, None, picture)
        status_report_services.request_reports(upcoming, None)
        report = upcoming.status_reports.filter(organisation__name="Fritidsgårdarna i Lomma").first()
        if report is not None:
            status_report_services.submit(
                report,
                None,
                situation="Normal verksamhet på alla tre gårdarna, fler besökare fredagar.",
                observations="Grupper av yngre tonåringar vid hamnen sena fredagskvällar.",
                measures="Fältande personal fredagar 20–23 i samarbete med polisen.",
                needs="Bättre belysning vid gångtunneln mot centrum.",
            )


# --- Bromölla (seeds 000 and 004) ---------------------------------------------------------------

BROMOLLA_FORUMS = [
    (
        "Lägesbildsgruppen",
        Kind.SITUATION_GROUP,
        Level.OPERATIVE,
        Cadence.WEEKLY_EXCEPT_SUMMER,
        1,
        "09:00",
        "Bromöllas version av EST: kartläggning utifrån ett brotts- och trygghetsperspektiv och en "
        "gemensam övergripande lägesbild för att hitta gemensamma problem.",
        None,
        "",
        None,
        [
            ("Representant för socialtjänsten", "Socialtjänsten", False),
            ("Representant för elevhälsa och utbildning", "Elevhälsa och utbildning", False),
            ("ANDTS-samordnare", "Bromölla kommun, folkhälsa", False),
            ("Representant för räddningstjänsten", "Räddningstjänsten", False),
            ("Representant för fastighet", "Fastighet", False),
            ("Representant för kultur och fritid", "Kultur och fritid", False),
            ("Säkerhetsskyddschef", "Bromölla kommun, säkerhet", False),
            ("Representant för Bromöllabolagen", "Bromöllabolagen", False),
        ],
    ),
    (
        "Förebyggande teamet",
        Kind.PREVENTION_TEAM,
        Level.GROUP,
        Cadence.MONTHLY,
        3,
        "13:00",
        "Frågor på gruppnivå; frågor som rör individnivå diskuteras separat.",
        None,
        "",
        None,
        [
            ("Representant för socialtjänsten", "Socialtjänsten", False),
            ("Representant för kultur och fritid", "Kultur och fritid", False),
            ("Rektor", "Elevhälsa och utbildning", True),
            ("Förskolechef", "Elevhälsa och utbildning", True),
            ("Kommunpolis", "Polisen", True),
        ],
    ),
    (
        "Strategiska gruppen",
        Kind.STRATEGIC_GROUP,
        Level.STRATEGIC,
        Cadence.FOUR_TIMES_A_YEAR,
        2,
        "10:00",
        "Hanterar på strategisk beslutsnivå ANDTS-frågor, brottsförebyggande och trygghetsskapande "
        "arbete samt våldsbejakande extremism.",
        None,
        "",
        None,
        [
            ("IFO-chef", "Socialtjänsten", False),
            ("Kultur- och fritidschef", "Kultur och fritid", False),
            ("Utvecklingsledare utbildning", "Elevhälsa och utbildning", False),
            ("ANDTS-samordnare", "Bromölla kommun, folkhälsa", False),
            ("Säkerhetsskyddschef", "Bromölla kommun, säkerhet", False),
            ("Polis", "Polisen", False),
        ],
    ),
    (
        "KKL-möte",
        Kind.KKL,
        Level.STRATEGIC,
        Cadence.TWICE_A_YEAR,
        3,
        "15:00",
        "Kommunstyrelsens ordförande, kommunchefen och lokalpolisområdeschefen diskuterar strategiskt "
        "och informerar varandra om det trygghetsskapande och brottsförebyggande arbetet.",
        None,
        "",
        None,
        [
            ("Kommunstyrelsens ordförande", "Bromölla kommun, ledning", False),
            ("Kommunchef", "Bromölla kommun, ledning", False),
            ("Lokalpolisområdeschef", "Polisen", False),
        ],
    ),
    (
        "Trygghetsrådet",
        Kind.SAFETY_COUNCIL,
        Level.STRATEGIC,
        Cadence.TWICE_A_TERM,
        1,
        "15:00",
        "Informations- och diskussionsforum: verksamhetscheferna och kommunpolisen rapporterar till "
        "kommunchef och politiker; följer upp att samverkansöverenskommelsen och medborgarlöftet fullföljs.",
        None,
        "Kommunstyrelsen",
        None,
        [
            ("Kommunstyrelsens ordförande", "Bromölla kommun, ledning", False),
            ("Ledamot (2)", "Bromölla kommun, ledning", False),
            ("Ersättare (3)", "Bromölla kommun, ledning", True),
            ("Kommunchef", "Bromölla kommun, ledning", False),
            ("IFO-chef", "Socialtjänsten", False),
            ("Räddningschef", "Räddningstjänsten", False),
            ("Säkerhetsskyddschef", "Bromölla kommun, säkerhet", False),
            ("Kommunpoliser", "Polisen", False),
        ],
    ),
]

BROMOLLA_FOCUS = [
    ("ANDTS", "Alkohol, narkotika, doping, tobak och spel om pengar; förebyggande i tidiga åldrar.", False),
    ("Brottsoaktiva", "Samverkan kring de få som står för en stor del av brottsligheten, med vård.", False),
    (
        "Brottsförebyggande arbete riktat till barn och unga",
        "Kontinuerlig och nära samverkan mellan polisen och socialtjänsten kring unga i riskzonen.",
        True,
    ),
    ("Medborgardialog och medborgarlöfte", "Dialogmöten i lokalsamhället som grund för medborgarlöften.", False),
    ("Minska bostadsinbrotten", "Fortsatt samverkan genom grannsamverkan.", False),
    ("Trafiksäkerheten", "Förebyggande arbete för att minska olycksrisker och öka tryggheten.", False),
    ("Trygghetsmätningar", "Polisens trygghetsmätning i samverkan med kommunen som planeringsunderlag.", False),
    ("Trygghetsvandringar", "Upptäcka och åtgärda platser som upplevs som otrygga.", False),
    ("Våld i nära relation", "Skyndsam kontakt med kommunen för den som utsätts.", False),
    ("Våldsbejakande extremism", "Nätverk som motverkar radikalisering och extremism i lokalsamhället.", False),
]


def bromolla() -> None:
    municipality = Municipality.objects.get(code="1272")
    # The seed names only "Polisen"; Bromölla belongs to the police's local area Kristianstad.
    police_area, _ = PoliceArea.objects.get_or_create(name="LPO Kristianstad")
    police_area.municipalities.add(*Municipality.objects.filter(code__in=["1290", "1272"]))
    forums = _forums(municipality, BROMOLLA_FORUMS)
    for forum in forums.values():
        _generate(forum, timezone.localdate().year)
    focus = _focus_areas(municipality, 2024, BROMOLLA_FOCUS, decided_by="Kommunstyrelsen", decided_on=None)
    _agreement(
        municipality,
        police_area,
        "Samverkansöverenskommelse mellan Bromölla kommun och Polisen 2021–2024",
        kind=Agreement.Kind.STRATEGIC,
        valid_from=datetime.date(2021, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        status=Agreement.Status.EXPIRED,
        sections=[
            (
                Section.FORUMS,
                "Bilaga 1: Forum för samverkan",
                "Den gemensamma lägesbilden ska vara en röd tråd i det akuta och i det strategiska "
                "brottsförebyggande och trygghetsskapande arbetet. Målet är att minska brottsligheten "
                "och öka tryggheten.",
            ),
            (
                Section.FOCUS_AREAS,
                "Bilaga 2: Fokusområden",
                "Bilaga 2 beskriver närmare de fokusområden som identifierats i överenskommelsen.",
            ),
        ],
        decisions=[],
        signatories=[],
        forums=forums.values(),
        focus=focus,
    )


# --- Höör (seed 001) ----------------------------------------------------------------------------

HOOR_FORUMS = [
    (
        "Lokala BRÅ",
        Kind.LOCAL_CRIME_COUNCIL,
        Level.STRATEGIC,
        Cadence.FOUR_TIMES_A_YEAR,
        2,
        "13:00",
        "Samordnar det lokala trygghetsskapande och brottsförebyggande arbetet utifrån de prioriteringar "
        "som beslutats av polisen och KF; gör kartläggningen och den gemensamma problembilden.",
        None,
        "Kommunstyrelsens arbetsutskott (KSAU)",
        4,
        [
            ("Säkerhets- och trygghetssamordnare (sammankallande)", "Höörs kommun, trygghet och säkerhet", False),
            ("Sektorchef för kultur, arbete och folkhälsa", "Sektor kultur, arbete och folkhälsa", False),
            ("Biträdande barn- och utbildningschef", "Barn och utbildning", False),
            ("Verksamhetschef för individ- och familjeomsorgen", "Individ- och familjeomsorgen", False),
            ("Gatu- och parkchef", "Gata och park", False),
            ("Kommunikationsansvarig", "Kommunikation", False),
            ("Representant från HFAB", "HFAB", False),
            ("Kommunpolis", "Polisen, LPO Eslöv", False),
            ("Alkoholhandläggare", "Sektor kultur, arbete och folkhälsa", False),
        ],
    ),
]


def hoor(today: datetime.date) -> None:
    municipality = Municipality.objects.get(code="1267")
    police_area, _ = PoliceArea.objects.get_or_create(name="LPO Eslöv")
    police_area.municipalities.add(*Municipality.objects.filter(code__in=["1285", "1267", "1266"]))
    forums = _forums(municipality, HOOR_FORUMS)
    _agreement(
        municipality,
        police_area,
        "Trygga Höör – strategisk samverkansöverenskommelse mellan Polisen (lokalpolisområde Eslöv) och "
        "Höörs kommun 2020–2024",
        kind=Agreement.Kind.STRATEGIC,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        status=Agreement.Status.EXPIRED,
        sections=[
            (
                Section.PURPOSE,
                "Syfte",
                "Genom samverkansöverenskommelsen Trygga Höör tar polisen och Höörs kommun ett gemensamt "
                "ansvar för det brottsförebyggande och trygghetsskapande arbetet i kommunen.",
            ),
            (
                Section.RESPONSIBILITIES,
                "Strategisk och operativ överenskommelse",
                "Den strategiska överenskommelsen beslutas av kommunfullmäktige och beskriver processer och "
                "organisation över flera år. Den operativa beslutas årligen av kommunstyrelsen utifrån en "
                "aktuell problembild. Medborgarlöften beslutas av kommunstyrelsens ordförande och "
                "lokalpolisområdeschefen.",
            ),
            (
                Section.FORUMS,
                "Lokala BRÅ",
                "Lokala BRÅ samordnar arbetet, tillsätter tillfälliga arbetsgrupper och tar emot "
                "lägesrapporter från samtliga verksamheter inför varje möte. Lokala BRÅ återrapporterar "
                "till KSAU fyra gånger per år.",
            ),
            (
                Section.FOLLOW_UP,
                "Årlig process",
                "Kartläggning, gemensam problembild, analys och åtgärder. I slutet av året sammanställer "
                "Lokala BRÅ arbetsgruppernas resultat och gör en ny kartläggning inför nästa års operativa "
                "överenskommelse.",
            ),
        ],
        decisions=[(Party.MUNICIPALITY, Body.COUNCIL, None), (Party.POLICE, Body.POLICE_AREA_CHIEF, None)],
        signatories=[],
        forums=forums.values(),
        focus=[],
    )
    _agreement(
        municipality,
        police_area,
        "Operativ samverkansöverenskommelse Höör 2024",
        kind=Agreement.Kind.OPERATIVE,
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2024, 12, 31),
        status=Agreement.Status.EXPIRED,
        sections=[
            (
                Section.PURPOSE,
                "Det konkreta arbetet 2024",
                "Den operativa överenskommelsen beskriver årets konkreta arbete utifrån Lokala BRÅ:s "
                "kartläggning och problembild, och knyter till sig årets medborgarlöften.",
            )
        ],
        decisions=[(Party.MUNICIPALITY, Body.EXECUTIVE_BOARD, None), (Party.POLICE, Body.POLICE_AREA_CHIEF, None)],
        signatories=[],
        forums=forums.values(),
        focus=[],
    )
    for forum in forums.values():
        _generate(forum, today.year)
    year_cycle(municipality, today)
