"""Lomma's action plans as data, for demo.action_plans: the focus areas are seed 003's; the
problems, causes, goals, activities and their follow-up notes are plausible choices for a
municipality of Lomma's size (the seeds do not give them)."""

from actionplans.models import Activity
from focusareas.models import Cause, Evidence

OFFENDER, VICTIM, PLACE = Cause.Side.OFFENDER, Cause.Side.VICTIM, Cause.Side.PLACE
DIALOGUE, SURVEY, DOCUMENT = Evidence.Kind.DIALOGUE, Evidence.Kind.SURVEY, Evidence.Kind.DOCUMENT
ONE_OFF, REGULAR = Activity.Kind.ONE_OFF, Activity.Kind.REGULAR
GREEN, YELLOW, RED = Activity.Status.GREEN, Activity.Status.YELLOW, Activity.Status.RED
ORGS = {"Kommunens tillsynsverksamhet": "municipal"}

# Per focus area: the problem, causes (side, text, evidence kind, what it shows, reference), the
# goals, the activities, the child impact assessment and last year's evaluation (production,
# process, a remark on the effect — the indicators' values are added from the follow-ups —
# and the conclusion).
# Goal keys: a series ("source", "params", "cut": the share it should fall by) or a typed
# indicator ("indicator", "data_source", baseline/target/values per year: "last" and "this").
# Activity: (what, kind, organisation, responsible, (first month, last month), cost, goal index,
# {"notes": [Q1..Q4 comment or (status, comment)], "stuck": not done last year,
#  "late": overdue this year, "only": "last" or "this"})
PLANS = {
    "Barn och unga": {
        "problem": "Grupper av unga samlas sena kvällar vid Lomma hamn och i Bjärreds centrum; "
        "klotter, nedskräpning och ordningsstörningar följer helgerna. Några unga i gruppen är kända "
        "av socialtjänsten sedan tidigare.",
        "causes": [
            (
                OFFENDER,
                "Få meningsfulla fritidsaktiviteter för unga sena fredags- och lördagskvällar",
                DIALOGUE,
                "Fritidsledarna och elevråden beskriver att fritidsgårdarna stänger innan grupperna samlas.",
                "Interaktionsmöten i Lomma och Bjärred",
            ),
            (
                VICTIM,
                "Fasader och busskurer utan klotterskydd vid hamnen",
                DOCUMENT,
                "Fastighetsavdelningens sammanställning av saneringskostnader.",
                "Fastighetsavdelningen",
            ),
            (
                PLACE,
                "Mörk strandpromenad och skymda platser vid hamnen",
                SURVEY,
                "Trygghetsvandringen med boende pekade ut sex platser med dålig belysning.",
                "Trygghetsvandring vid Lomma hamn",
            ),
        ],
        "goals": [
            {
                "description": "Färre rapporter om samlingar och tillhåll i kommunen kvällstid",
                "source": "est",
                "params": {"category": "samling-tillhall"},
                "cut": "0.25",
                "cause": 0,
            },
            {
                "description": "Mindre skadegörelse och klotter i Lomma tätort",
                "source": "est",
                "params": {"category": "skadegorelse-klotter"},
                "area": "Lomma tätort",
                "cut": "0.20",
                "cause": 1,
            },
            {
                "description": "Fler elever i årskurs 8 känner sig trygga i skolan och på väg dit",
                "indicator": "Andel elever i årskurs 8 som känner sig trygga (%)",
                "data_source": "Skolornas trygghetsenkät, årskurs 8",
                "direction": "increase",
                "last": (81, 85, [None, 83, None, 86]),
                "this": (86, 88, [None, 87, None, None]),
                "cause": 0,
            },
        ],
        "activities": [
            (
                "Interaktionsmöten i Lomma och Bjärred, två per termin",
                REGULAR,
                "Polisen, LPO Kävlinge",
                "Kommunpolisen och fritidschefen",
                (1, 12),
                None,
                0,
                {
                    "notes": [
                        "Två möten hölls; tendenser kring hamnen lyftes.",
                        "Två möten före sommaren.",
                        "Ett möte i Bjärred, ett i Lomma.",
                        "Terminens möten genomförda.",
                    ]
                },
            ),
            (
                "Kvällsvandringar vid Lomma hamn fredagar och lördagar maj–augusti",
                ONE_OFF,
                "Fritidsgårdarna i Lomma",
                "Fritidsgårdarnas chef tillsammans med kommunpolisen",
                (5, 8),
                24000,
                0,
                {
                    "notes": [
                        None,
                        "Vandringarna startade andra helgen i maj.",
                        "Genomförda alla helger; lugnare kvällar i juli.",
                        None,
                    ]
                },
            ),
            (
                "Öppna fritidsgården i Bjärred till kl. 23 på fredagar",
                REGULAR,
                "Fritidsgårdarna i Lomma",
                "Fritidsgårdarnas chef",
                (2, 12),
                60000,
                0,
                {
                    "notes": [
                        "Beslut om förlängda öppettider; start i mars.",
                        "Mellan 25 och 40 besökare per kväll.",
                        "Sommaröppet varannan fredag.",
                        "Fortsätter; fler flickor än tidigare.",
                    ]
                },
            ),
            (
                "Ny belysning längs strandpromenaden vid Lomma hamn",
                ONE_OFF,
                "Fastighetsavdelningen",
                "Fastighetschefen",
                (3, 9),
                180000,
                1,
                {
                    "notes": [
                        "Förfrågningsunderlaget är klart.",
                        (YELLOW, "Upphandlingen drog ut på tiden."),
                        "Budgeten räckte inte; frågan lyfts till styrgruppen.",
                        "Flyttas till nästa års plan.",
                    ],
                    "stuck": True,
                    "only": "last",
                },
            ),
            (
                "Ny belysning längs strandpromenaden vid Lomma hamn (fortsättning)",
                ONE_OFF,
                "Fastighetsavdelningen",
                "Fastighetschefen",
                (2, 6),
                210000,
                1,
                {
                    "notes": ["Tilläggsbudget beviljad; arbetet beställt.", "Belysningen är uppsatt.", None, None],
                    "only": "this",
                },
            ),
            (
                "Utbildning i tidiga signaler för alla fritidsledare",
                ONE_OFF,
                "Socialtjänsten",
                "Socialtjänstens enhetschef för barn och unga",
                (4, 8),
                15000,
                2,
                {
                    "notes": [
                        None,
                        "Utbildningen planeras till augusti.",
                        "Inte genomförd: fritidsgårdarna saknar vikarier för att frigöra personal.",
                        None,
                    ],
                    "late": True,
                    "only": "this",
                },
            ),
        ],
        "child": (
            "Barn och unga 12–17 år som vistas vid Lomma hamn och i Bjärreds centrum kvällstid, och "
            "elever på skolorna i Lomma och Bjärred.",
            "Elevråden på högstadieskolorna och besökarna på fritidsgårdarna har tillfrågats; "
            "skolornas trygghetsenkät i årskurs 8.",
            "Åtgärderna ger unga fler trygga platser att vara på i stället för att flytta dem "
            "någon annanstans; kvällsvandringarna ska bemöta unga, inte avvisa dem.",
            "Ordningsvakter vid hamnen övervägdes men valdes bort.",
            "Fritidsgårdarna följer upp om grupperna flyttar till nya platser.",
        ),
        "evaluation": (
            "Tre av fyra aktiviteter genomfördes. Belysningen vid strandpromenaden blev inte av.",
            "Samverkan mellan fritidsgårdarna, socialtjänsten och polisen fungerade bra; "
            "interaktionsmötena gav tidiga signaler om grupper som flyttade mellan platser.",
            "Fritidsgårdarna ser färre grupper vid hamnen sena kvällar.",
            "Fortsätt med kvällsvandringar och förlängda öppettider. Belysningen vid hamnen förs över "
            "till nästa års plan med tilläggsbudget.",
        ),
    },
    "ANDT-S": {
        "problem": "Signaler om langning av narkotika vid parkeringar och skolgårdar kvällstid, och "
        "unga som dricker alkohol vid hamnen under sommarhelgerna.",
        "causes": [
            (
                OFFENDER,
                "Lätt att köpa narkotika via sociala medier",
                DIALOGUE,
                "Fältsekreterarna och kommunpolisen beskriver köp via krypterade appar.",
                "Veckolägesbild",
            ),
            (
                PLACE,
                "Skymda parkeringar nära skolorna används som mötesplats",
                DOCUMENT,
                "EST-rapporter och polisens händelser om narkotika vid parkeringarna.",
                "Lägesbild",
            ),
        ],
        "goals": [
            {
                "description": "Färre rapporter om misstänkt narkotikahantering i kommunen",
                "source": "est",
                "params": {"category": "narkotika"},
                "cut": "0.30",
                "cause": 0,
            },
            {
                "description": "Fler vårdnadshavare i årskurs 7–9 nås av föräldramöten om ANDT",
                "indicator": "Antal vårdnadshavare som deltagit i föräldramöten om ANDT",
                "data_source": "Skolornas närvarolistor",
                "direction": "increase",
                "last": (120, 200, [40, 95, 95, 180]),
                "this": (180, 220, [50, 110, 110, None]),
                "cause": 0,
            },
        ],
        "activities": [
            (
                "Föräldramöten om ANDT i årskurs 7–9 med kommunpolisen",
                REGULAR,
                "Skolorna i Lomma",
                "Rektorerna på högstadieskolorna",
                (1, 11),
                None,
                1,
                {"notes": ["Möten på båda skolorna.", "Möte inför sommarlovet.", None, "Höstens möten genomförda."]},
            ),
            (
                "Riktade polisinsatser vid parkeringarna fredagar",
                REGULAR,
                "Polisen, LPO Kävlinge",
                "Kommunpolisen",
                (1, 12),
                None,
                0,
                {
                    "notes": [
                        "Insatser varannan fredag.",
                        "Fortsatt.",
                        "Färre insatser under semestern.",
                        (YELLOW, "Insatserna har inte minskat rapporteringen."),
                    ]
                },
            ),
        ],
        "child": (
            "Elever i årskurs 7–9 och unga 15–20 år.",
            "Ungdomsrådet och elevhälsans samtal med elever.",
            "Tidig upptäckt skyddar barn mot missbruk; insatserna riktas mot säljare, inte mot unga som behöver stöd.",
            "",
            "Elevhälsan erbjuder samtal till unga som påträffas vid insatserna.",
        ),
        "evaluation": (
            "Föräldramötena och polisinsatserna genomfördes.",
            "Fler vårdnadshavare än väntat kom till mötena i årskurs 7.",
            "Fältsekreterarna bedömer att langningen har flyttat snarare än minskat.",
            "Fortsätt med föräldramötena. Pröva insatser tillsammans med fältsekreterare i stället för "
            "enbart polisinsatser.",
        ),
    },
    "Alkohol- och tobakstillsyn": {
        "problem": "Försäljning av tobak och folköl till unga under 18 år har rapporterats.",
        "causes": [
            (
                OFFENDER,
                "Butiker och serveringsställen kontrollerar inte ålder",
                DOCUMENT,
                "Kontrollköp 2024: fyra av tolv butiker sålde utan legitimation.",
                "Tillsynsverksamheten",
            ),
        ],
        "goals": [
            {
                "description": "Gemensamma tillsynsbesök av kommun och polis varje kvartal",
                "indicator": "Antal gemensamma tillsynsbesök kommun–polis hittills under året",
                "data_source": "Tillsynsverksamhetens diarium",
                "direction": "increase",
                "last": (6, 12, [2, 5, 7, 11]),
                "this": (11, 12, [3, 6, 9, None]),
                "cause": 0,
            },
        ],
        "activities": [
            (
                "Gemensamma tillsynsbesök vid utskänkning och försäljning",
                REGULAR,
                "Kommunens tillsynsverksamhet",
                "Alkoholhandläggaren tillsammans med kommunpolisen",
                (1, 12),
                None,
                0,
                {
                    "notes": [
                        "Två besök.",
                        "Tre besök, en anmärkning.",
                        "Två besök under sommaren.",
                        "Fyra besök; målet tolv nåddes inte.",
                    ]
                },
            ),
            (
                "Kontrollköp av tobak med ungdomar över 18",
                ONE_OFF,
                "Kommunens tillsynsverksamhet",
                "Tobakshandläggaren",
                (9, 10),
                8000,
                0,
                {"notes": [None, None, "Planerat till oktober.", "Genomfört i tolv butiker."]},
            ),
        ],
        "child": (
            "Unga under 18 år som handlar i kommunens butiker.",
            "Ungdomsrådet har tillfrågats om var unga får tag på tobak och alkohol.",
            "Barn skyddas bäst när vuxna säljare tar ansvar; kontrollköpen görs bara av personer över 18 år.",
            "",
            "",
        ),
        "evaluation": (
            "Elva av tolv planerade tillsynsbesök genomfördes, och kontrollköpen gjordes.",
            "Besöken är lättare att planera när polisen bokas i samma veckolägesbild.",
            "Antalet butiker som säljer utan legitimation minskade vid kontrollköpen.",
            "Fortsätt med tolv besök per år och kontrollköp varje höst.",
        ),
    },
    "Grannsamverkan": {
        "problem": "Bostadsinbrotten är få men upplevs som mycket integritetskränkande; flera "
        "bostadsområden i Bjärred saknar grannsamverkan.",
        "causes": [
            (
                VICTIM,
                "Hushåll i nya bostadsområden känner inte sina grannar",
                DIALOGUE,
                "Kontaktombuden beskriver svårigheter att nå nyinflyttade.",
                "Informationsmötet för kontaktombud",
            ),
            (
                PLACE,
                "Villaområden med många skymda baksidor",
                DOCUMENT,
                "Polisens brottsförebyggande råd.",
                "Polisen, LPO Kävlinge",
            ),
        ],
        "goals": [
            {
                "description": "Fler aktiva grannsamverkansområden i kommunen",
                "indicator": "Antal aktiva grannsamverkansområden",
                "data_source": "Kommunens register över grannsamverkansområden",
                "direction": "increase",
                "last": (41, 44, [41, 42, 44, 45]),
                "this": (45, 48, [45, 46, 47, None]),
                "cause": 0,
            },
        ],
        "activities": [
            (
                "Informationsmöte för alla kontaktombud",
                ONE_OFF,
                "Lomma kommun, säkerhet och beredskap",
                "Säkerhetschefen och kommunpolisen",
                (10, 10),
                5000,
                0,
                {"notes": [None, None, "Inbjudan skickad.", "Mötet hölls med 52 kontaktombud."]},
            ),
            (
                "Starta grannsamverkan i tre nya områden i Bjärred",
                ONE_OFF,
                "Lomma kommun, säkerhet och beredskap",
                "Säkerhetschefen",
                (2, 11),
                None,
                0,
                {
                    "notes": [
                        "Två områden har visat intresse.",
                        "Första området startat.",
                        "Andra området startat.",
                        "Tredje området startat.",
                    ]
                },
            ),
        ],
        "child": (
            "Barn i de berörda bostadsområdena påverkas indirekt.",
            "Inga barn har hörts; åtgärden riktar sig till vuxna hushåll.",
            "Tryggare bostadsområden är till barnens bästa; åtgärden har inga negativa följder för barn.",
            "",
            "",
        ),
        "evaluation": (
            "Båda aktiviteterna genomfördes.",
            "Kontaktombuden uppskattade informationsmötet.",
            "",
            "Fortsätt; sikta på tre nya områden om året.",
        ),
    },
    "Trygghetsdagar": {
        "problem": "Elever i årskurs 5 och 7 behöver kunskap om trygghet, säkerhet och var de får hjälp.",
        "causes": [
            (
                VICTIM,
                "Yngre elever vet inte vart de ska vända sig vid hot på nätet",
                SURVEY,
                "Elevenkät: var tredje elev i årskurs 5 visste inte vem de kunde prata med.",
                "Elevhälsan",
            ),
        ],
        "goals": [
            {
                "description": "Alla elever i årskurs 5 och 7 deltar i trygghetsdagen",
                "indicator": "Andel elever i årskurs 5 och 7 som deltagit i trygghetsdagen (%)",
                "data_source": "Skolornas närvaroregistrering",
                "direction": "increase",
                "last": (88, 95, [None, 96, None, None]),
                "this": (96, 97, [None, 94, None, None]),
                "cause": 0,
            },
        ],
        "activities": [
            (
                "Planeringsmöten med polisen och räddningstjänsten",
                ONE_OFF,
                "Lomma kommun, säkerhet och beredskap",
                "Säkerhetssamordnaren",
                (1, 3),
                None,
                0,
                {"notes": ["Två planeringsmöten hållna.", None, None, None]},
            ),
            (
                "Trygghetsdagar för årskurs 5 och 7",
                ONE_OFF,
                "Skolorna i Lomma",
                "Rektorerna",
                (4, 5),
                30000,
                0,
                {"notes": [None, "Genomförda på alla skolor.", None, None]},
            ),
        ],
        "child": (
            "Alla elever i årskurs 5 och 7.",
            "Elevråden fick tycka till om förra årets program.",
            "Dagarna ger barn kunskap och kontaktvägar; programmet anpassas efter åldern.",
            "",
            "Elever som är frånvarande erbjuds materialet i klassrummet.",
        ),
        "evaluation": (
            "Trygghetsdagarna genomfördes på alla skolor.",
            "Polisens medverkan var uppskattad; räddningstjänsten vill vara med fler år.",
            "",
            "Fortsätt; lägg till ett pass om hot och bedrägerier på nätet.",
        ),
    },
}

# Avhopparverksamhet this year: a draft whose goal has no target value yet.
DRAFT = (
    "Avhopparverksamhet",
    "Avhoppare får stöd av socialtjänsten inom en vecka från kontakt med LAS",
    "Antal dagar från kontakt till första samtal med socialtjänsten",
    "Socialtjänstens ärendesystem",
)
