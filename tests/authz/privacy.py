"""Authorization rows for the shared personal-data check: the live check every form posts to,
and the API to check a text, list an object's unresolved findings and confirm one."""

from tests.authz import API_UNAUTHORISED, LOGIN, expect

PAGES = {
    # any signed-in user may have a form with a checked field (an empty text finds nothing)
    "privacy:check": ("post", expect(200, anonymous=LOGIN)),
}

API = {
    ("post", "/api/v1/privacy/check"): expect(200, anonymous=API_UNAUTHORISED),
    # the world's lägesbild: read by those who may read the situation picture
    ("post", "/api/v1/privacy/unresolved"): expect(200, anonymous=API_UNAUTHORISED, reporter=403, outsider=404),
    # those who may edit it may confirm; "Berga" is not a finding in the picture's text, so 422
    ("post", "/api/v1/privacy/confirmations"): expect(
        422, anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403, outsider=404
    ),
}


def api_request(method, path, world):
    picture = {"object_type": "lagesbild.situationpicture", "object_id": world["picture"].pk}
    if path == "/api/v1/privacy/check":
        return path, {"text": "Klotter vid Lomma hamn."}
    if path == "/api/v1/privacy/unresolved":
        return path, picture
    if path == "/api/v1/privacy/confirmations":
        return path, {**picture, "field": "current_situation", "text": "Berga"}
    return None
