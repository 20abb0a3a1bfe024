"""Authorization rows for the agreements app."""

import datetime

from tests.authz import API_COLLAB_VIEWERS, COLLAB_EDITORS, COLLAB_VIEWERS, expect

PAGES = {
    "agreements:index": ("get", expect(200, **COLLAB_VIEWERS)),
    "agreements:detail": ("get", expect(200, **COLLAB_VIEWERS)),
    "agreements:versions": ("get", expect(200, **COLLAB_VIEWERS)),
    "agreements:version": ("get", expect(200, **COLLAB_VIEWERS)),
    "agreements:pdf": ("get", expect(200, **COLLAB_VIEWERS)),
    "agreements:docx": ("get", expect(200, **COLLAB_VIEWERS)),
    "agreements:create": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:edit": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:annexes": ("get", expect(200, **COLLAB_EDITORS)),
    # an empty status form redirects back with a message
    "agreements:status": ("post", expect(302, **COLLAB_EDITORS)),
    "agreements:section_create": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:section_edit": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:section_move": ("post", expect(302, **COLLAB_EDITORS)),
    "agreements:section_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "agreements:decision_create": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:decision_edit": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:decision_delete": ("post", expect(302, **COLLAB_EDITORS)),
    "agreements:signatory_create": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:signatory_edit": ("get", expect(200, **COLLAB_EDITORS)),
    "agreements:signatory_delete": ("post", expect(302, **COLLAB_EDITORS)),
}

API = {
    ("get", "/api/v1/agreements"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/agreements/{agreement_id}"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/agreements/{agreement_id}.docx"): expect(200, **API_COLLAB_VIEWERS),
    ("get", "/api/v1/agreements/{agreement_id}.pdf"): expect(200, **API_COLLAB_VIEWERS),
}


def setup(world, user, lomma):
    from agreements import services

    coordinator = user("coordinator.lomma")
    agreement = services.create_agreement(
        lomma, coordinator, valid_from=datetime.date(2023, 1, 1), valid_to=datetime.date(2027, 12, 31)
    )
    world["agreement"] = agreement
    world["section"] = services.add_section(agreement, coordinator, title="Syfte", body="Minska brottsligheten.")
    services.add_section(agreement, coordinator, title="Uppföljning", body="Varje år.")
    world["agreement_decision"] = services.add_decision(agreement, coordinator, party="municipality", body="council")
    world["signatory"] = services.add_signatory(
        agreement, coordinator, party="municipality", name="Robert Wenglén", title="Kommunstyrelsens ordförande"
    )


def url_kwargs(name, world):
    if not name.startswith("agreements:") or name in ("agreements:index", "agreements:create"):
        return None
    kwargs = {"agreement_id": world["agreement"].pk}
    if name.startswith("agreements:section_") and name != "agreements:section_create":
        kwargs["section_id"] = world["section"].pk
    if name in ("agreements:decision_edit", "agreements:decision_delete"):
        kwargs["decision_id"] = world["agreement_decision"].pk
    if name in ("agreements:signatory_edit", "agreements:signatory_delete"):
        kwargs["signatory_id"] = world["signatory"].pk
    if name == "agreements:version":
        kwargs["number"] = 1
    return kwargs


def api_request(method, path, world):
    if path == "/api/v1/agreements":
        return path + "?municipality=1262", None
    if path.startswith("/api/v1/agreements/"):
        return path.replace("{agreement_id}", str(world["agreement"].pk)), None
    return None
