"""Shared vocabulary of the authorization matrix, and its per-app extensions.

Each module in this package adds its app's rows to the matrix in tests/test_authorization.py:
`PAGES` and `API` (same shape as there), and optionally
- `setup(world, user, lomma)` to add the objects its URLs need to the `world` dict, under keys
  prefixed with the app's name where another app could use the same word ("agreement_decision",
  not "decision": a clash goes unnoticed on SQLite, which reuses rolled-back ids),
- `url_kwargs(name, world) -> dict | None` for the URL kwargs of its page names (`code` is added
  for every page under /k/<code>/),
- `api_request(method, path, world) -> (path, body) | None` for its API operations.
"""

import importlib
import pkgutil

ROLES = [
    "anonymous",
    "admin",
    "coordinator",
    "police_liaison",
    "member",
    "reporter",
    "reader",
    "duty_officer",
    "outsider",
]
USERS = {
    "admin": "admin",
    "coordinator": "coordinator.lomma",
    "police_liaison": "police.kavlinge",
    "member": "member.lomma",
    "reporter": "reporter.lomma",
    "reader": "reader.lomma",
    "duty_officer": "tib.lomma",
    "outsider": "coordinator.hoor",
}


def expect(default, **by_role):
    """Expected status per role; `default` for the roles not named. The duty officer (TIB) holds
    a reader's permissions outside major events, so unless named it is expected to get what the
    reader gets."""
    expected = {role: by_role.get(role, default) for role in ROLES}
    if "duty_officer" not in by_role:
        expected["duty_officer"] = expected["reader"]
    return expected


LOGIN = 302  # anonymous users are sent to the login page
REPORTERS = dict(anonymous=LOGIN, reader=403, outsider=404)
VIEWERS = dict(anonymous=LOGIN, reporter=403, outsider=404)
EXPORTERS = dict(anonymous=LOGIN, reporter=403, reader=403, member=403, outsider=404)
MANAGERS = dict(anonymous=LOGIN, police_liaison=403, member=403, reporter=403, reader=403, outsider=404)
ADMINS = dict(anonymous=LOGIN, coordinator=403, police_liaison=403, member=403, reporter=403, reader=403, outsider=404)

API_UNAUTHORISED = 401
# collaboration (agreements, forums, promises, årshjul): read by members and readers, written by
# coordinators, police liaisons and admins
COLLAB_VIEWERS = dict(anonymous=LOGIN, reporter=403, outsider=404)
COLLAB_EDITORS = dict(anonymous=LOGIN, member=403, reporter=403, reader=403, outsider=404)
API_COLLAB_VIEWERS = dict(anonymous=API_UNAUTHORISED, reporter=403, outsider=404)
API_COLLAB_EDITORS = dict(anonymous=API_UNAUTHORISED, member=403, reporter=403, reader=403, outsider=404)


def extensions():
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
