"""Test settings: the production module with a throwaway master key and fast hashing."""

import os
import tempfile

os.environ.setdefault("KABEUCHI_DATA_DIR", tempfile.mkdtemp(prefix="kabeuchi-test-"))
os.environ.setdefault("KABEUCHI_SECRET_KEY", "test-secret-key-" + "x" * 48)
os.environ.setdefault(
    # A fixed test key; two entries so rotation paths are exercised.
    "KABEUCHI_MASTER_KEY",
    "t2:" + "A" * 43 + "=,t1:" + "B" * 43 + "=",
)
# CI points the suite at PostgreSQL with KABEUCHI_TEST_DATABASE_URL; the default is SQLite.
if os.environ.get("KABEUCHI_TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["KABEUCHI_TEST_DATABASE_URL"]

from config.settings import *  # noqa: E402,F403
from config.settings import DATABASES  # noqa: E402

# Tests close each connection after its request, as before the sync threads were kept
# (config/settings.py): a kept connection on a server thread would hold the test database open.
if not os.environ.get("KABEUCHI_DB_CONN_MAX_AGE"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the canary test reads the raw database bytes.
    DATABASES["default"]["NAME"] = os.path.join(os.environ["KABEUCHI_DATA_DIR"], "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["KABEUCHI_DATA_DIR"], "test-db.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_FAILURE_LIMIT = 5
# Tests that measure the sign-up and reset timing set their own floor (tests/accounts/test_signup_mail.py).
KABEUCHI_MAIL_RESPONSE_FLOOR_MS = 0
