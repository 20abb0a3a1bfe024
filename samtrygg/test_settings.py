"""Settings for the test suite: fast password hashing, tasks run inline, console-free e-mail."""

from samtrygg.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samtrygg-media-"))  # noqa: F405
MAP_TILE_URL = ""  # no network in tests; the pages must work without tiles
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
# Never the real police API in tests: an unroutable address (TEST-NET-1) that each fetcher test
# replaces with its own local server (tests/test_police_fetch.py asserts this).
POLICE_FEED_URL = "http://192.0.2.1:9/api/events"
POLICE_FEED_TIMEOUT = 2
