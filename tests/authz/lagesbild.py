"""The lägesbild's settings page and the API's fastställ (issue 10)."""

from tests.authz import API_UNAUTHORISED, MANAGERS, expect

PAGES = {
    "lagesbild:settings": ("get", expect(200, **MANAGERS)),
}

API = {
    # the world's picture is March 2026: its period has ended, so no confirmation is needed
    ("post", "/api/v1/situation-pictures/{picture_id}/freeze"): expect(
        200, anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403, outsider=404
    ),
}


def api_request(method, path, world):
    if path == "/api/v1/situation-pictures/{picture_id}/freeze":
        return path.replace("{picture_id}", str(world["picture"].pk)), {"confirm_ongoing": False}
    return None
