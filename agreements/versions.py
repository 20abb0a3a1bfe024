"""Reading stored agreement content: labels for display, the whole text, and what changed
between two versions (fields, sections added/removed/changed with a line diff, annexes)."""

import difflib

from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementDecision, AgreementSection
from forums.models import Forum, ForumMember
from samtrygg.dates import format_date

KINDS = dict(Agreement.Kind.choices)
STATUSES = dict(Agreement.Status.choices)
PARTIES = dict(AgreementDecision.Party.choices)
BODIES = dict(AgreementDecision.Body.choices)
SECTION_KINDS = dict(AgreementSection.Kind.choices)
CADENCES = dict(Forum.Cadence.choices)
LEVELS = dict(Forum.Level.choices)
MEMBER_KINDS = dict(ForumMember.Kind.choices)


def _date(value) -> str:
    return format_date(value) if value else ""


def blocks(text: str) -> list[dict]:
    """Paragraphs and bullet lists of a text: a blank line ends a paragraph, lines starting with
    '- ' or '• ' are list items (as the seeds write them)."""
    result: list[dict] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            result.append({"kind": "p", "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "• ", "* ")):
            flush()
            if not result or result[-1]["kind"] != "ul":
                result.append({"kind": "ul", "items": []})
            result[-1]["items"].append(line[2:].strip())
        else:
            paragraph.append(line)
    flush()
    return result


def present(content: dict) -> dict:
    """The content with Swedish labels and dates, ready for the page, the PDF and Word."""
    doc = dict(content)
    doc["kind_label"] = str(KINDS.get(content["kind"], content["kind"]))
    doc["status_label"] = str(STATUSES.get(content["status"], content["status"]))
    doc["is_draft"] = content["status"] == Agreement.Status.DRAFT
    doc["valid_from_label"] = _date(content["valid_from"])
    doc["valid_to_label"] = _date(content["valid_to"])
    doc["signed_on_label"] = _date(content.get("signed_on"))
    doc["sections"] = [dict(s) for s in sorted(content["sections"], key=lambda s: (s["order"], s["id"]))]
    for s in doc["sections"]:
        s["kind_label"] = str(SECTION_KINDS.get(s["kind"], s["kind"]))
        s["blocks"] = blocks(s["body"])
    doc["decisions"] = [
        {
            **d,
            "party_label": str(PARTIES.get(d["party"], d["party"])),
            "body_label": str(BODIES.get(d["body"], d["body"])),
            "date_label": _date(d["decided_on"]),
        }
        for d in content["decisions"]
    ]
    doc["signatories"] = [dict(s) for s in sorted(content["signatories"], key=lambda s: (s["order"], s["id"]))]
    for s in doc["signatories"]:
        s["party_label"] = str(PARTIES.get(s["party"], s["party"]))
    doc["forums"] = [
        {
            **f,
            "cadence_label": str(CADENCES.get(f["cadence"], f["cadence"])),
            "level_label": str(LEVELS.get(f["level"], f["level"])),
            "full_members": [m for m in f["members"] if m["kind"] == ForumMember.Kind.FULL],
            "adjunct_members": [m for m in f["members"] if m["kind"] != ForumMember.Kind.FULL],
            "blocks": blocks(f["purpose"]),
        }
        for f in content["forums"]
    ]
    doc["focus_areas"] = [{**f, "blocks": blocks(f["description"])} for f in content["focus_areas"]]
    doc["years"] = f"{content['valid_from'][:4]}–{content['valid_to'][:4]}"
    if content["valid_from"][:4] == content["valid_to"][:4]:
        doc["years"] = content["valid_from"][:4]
    return doc


def member_label(member: dict) -> str:
    return f"{member['role_title']}, {member['organisation']}" if member["organisation"] else member["role_title"]


def decision_label(d: dict) -> str:
    parts = [str(PARTIES.get(d["party"], d["party"])), str(BODIES.get(d["body"], d["body"]))]
    if d.get("decided_on"):
        parts.append(_date(d["decided_on"]))
    if d.get("reference"):
        parts.append(d["reference"])
    return ", ".join(parts)


def as_text(content: dict) -> str:
    """The agreement as plain text, in document order (what "view as text" shows)."""
    doc = present(content)
    lines = [doc["title"], ""]
    if doc["case_number"]:
        lines.append(_("Diarienummer: %(n)s") % {"n": doc["case_number"]})
    lines.append(_("Giltig: %(from)s – %(to)s") % {"from": doc["valid_from_label"], "to": doc["valid_to_label"]})
    lines.append(_("Status: %(s)s") % {"s": doc["status_label"]})
    if doc["legal_basis"]:
        lines.append(_("Rättslig grund: %(l)s") % {"l": doc["legal_basis"]})
    for s in doc["sections"]:
        lines += ["", s["title"], "", s["body"]]
    if doc["forums"]:
        lines += ["", _("Bilaga 1 Forum för samverkan")]
        for f in doc["forums"]:
            lines += ["", f["name"], f["purpose"], _("Mötesfrekvens: %(c)s") % {"c": f["cadence_label"]}]
            lines += [f"– {member_label(m)} ({MEMBER_KINDS.get(m['kind'], m['kind'])})" for m in f["members"]]
            if f["reports_to"]:
                lines.append(_("Rapporterar till: %(r)s") % {"r": f["reports_to"]})
    if doc["focus_areas"]:
        lines += ["", _("Bilaga 2 Fokusområden")]
        for f in doc["focus_areas"]:
            mark = f" ({_('barn och unga')})" if f["children_and_youth"] else ""
            lines += ["", f"{f['name']}{mark}", f["description"]]
    if doc["decisions"]:
        lines += ["", _("Beslut")] + [decision_label(d) for d in doc["decisions"]]
    if doc["signed_place"] or doc["signed_on"]:
        lines += ["", f"{doc['signed_place']} {doc['signed_on'] or ''}".strip()]
    for s in doc["signatories"]:
        lines += ["", s["name"], s["title"]]
    return "\n".join(lines).strip() + "\n"


# the fields compared between versions, with their labels
FIELD_LABELS = [
    ("title", _("Rubrik")),
    ("kind", _("Typ")),
    ("status", _("Status")),
    ("police_area", _("Lokalpolisområde")),
    ("valid_from", _("Gäller från")),
    ("valid_to", _("Gäller till och med")),
    ("legal_basis", _("Rättslig grund")),
    ("case_number", _("Diarienummer")),
    ("replaces_text", _("Ersätter")),
    ("signed_place", _("Ort för undertecknande")),
    ("signed_on", _("Undertecknad")),
    ("renewal_year", _("Ny överenskommelse tas fram under år")),
]


def _field_value(key: str, value) -> str:
    if value in (None, ""):
        return "–"
    if key == "kind":
        return str(KINDS.get(value, value))
    if key == "status":
        return str(STATUSES.get(value, value))
    if key in ("valid_from", "valid_to", "signed_on"):
        return _date(value)
    return str(value)


def line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(mark, line)] with mark ' ', '-' or '+', from difflib."""
    return [
        (line[0], line[2:]) for line in difflib.ndiff(old.splitlines(), new.splitlines()) if not line.startswith("?")
    ]


def _names(items: list[dict], label) -> list[str]:
    return [label(item) for item in items]


def _added_removed(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    return [n for n in new if n not in old], [o for o in old if o not in new]


def compare(old: dict | None, new: dict) -> dict:
    """What changed from `old` to `new` (both stored content); `old` None for the first version."""
    if old is None:
        return {"first": True}
    fields = []
    for key, label in FIELD_LABELS:
        if old.get(key) != new.get(key):
            fields.append(
                {"label": str(label), "old": _field_value(key, old.get(key)), "new": _field_value(key, new.get(key))}
            )
    if (old.get("replaces") or {}).get("title") != (new.get("replaces") or {}).get("title"):
        fields.append(
            {
                "label": _("Ersätter överenskommelse"),
                "old": (old.get("replaces") or {}).get("title") or "–",
                "new": (new.get("replaces") or {}).get("title") or "–",
            }
        )
    old_sections = {s["id"]: s for s in old["sections"]}
    new_sections = {s["id"]: s for s in new["sections"]}
    added = [s["title"] for i, s in new_sections.items() if i not in old_sections]
    removed = [s["title"] for i, s in old_sections.items() if i not in new_sections]
    changed = []
    for i, s in new_sections.items():
        before = old_sections.get(i)
        if before is None or (before["title"], before["body"], before["kind"]) == (s["title"], s["body"], s["kind"]):
            continue
        changed.append(
            {
                "title": s["title"],
                "old_title": before["title"] if before["title"] != s["title"] else "",
                "lines": line_diff(before["body"], s["body"]),
            }
        )
    old_order = [
        s["id"] for s in sorted(old["sections"], key=lambda s: (s["order"], s["id"])) if s["id"] in new_sections
    ]
    new_order = [
        s["id"] for s in sorted(new["sections"], key=lambda s: (s["order"], s["id"])) if s["id"] in old_sections
    ]
    decisions = _added_removed(_names(old["decisions"], decision_label), _names(new["decisions"], decision_label))
    sign = lambda s: f"{s['name']}, {s['title']}"  # noqa: E731
    signatories = _added_removed(_names(old["signatories"], sign), _names(new["signatories"], sign))
    forums = _added_removed([f["name"] for f in old["forums"]], [f["name"] for f in new["forums"]])
    focus = _added_removed([f["name"] for f in old["focus_areas"]], [f["name"] for f in new["focus_areas"]])
    result = {
        "fields": fields,
        "sections_added": added,
        "sections_removed": removed,
        "sections_changed": changed,
        "sections_moved": old_order != new_order,
        "decisions_added": decisions[0],
        "decisions_removed": decisions[1],
        "signatories_added": signatories[0],
        "signatories_removed": signatories[1],
        "forums_added": forums[0],
        "forums_removed": forums[1],
        "focus_added": focus[0],
        "focus_removed": focus[1],
    }
    result["empty"] = not any(v for v in result.values())
    return result
