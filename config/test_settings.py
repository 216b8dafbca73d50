"""Test settings: the real settings with fast hashing, inline tasks and in-memory mail."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SEBAYA_DEBUG", "true")
os.environ.setdefault("SEBAYA_SECURE", "false")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
ALLOWED_HOSTS = ["*"]
SEBAYA_EXPORT_DIR = Path(tempfile.gettempdir()) / f"sebaya-test-exports-{os.getpid()}"

# A file rather than shared memory, so that tests with several threads see SQLite's real locking
# (WAL and immediate transactions) instead of shared-cache table locks.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process, so that two test runs in one checkout never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"sebaya-test-{os.getpid()}.sqlite3")}  # noqa: F405

# Uploaded files go to a throw-away folder per test process, never into var/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sebaya-media-"))
SEBAYA_UPLOAD_MAX_MB = 2
# Generous limits, so that tests requesting the log-in page many times are not limited by
# accident; the rate-limit tests set tight ones themselves.
SEBAYA_RATE_LIMITS = dict.fromkeys(SEBAYA_RATE_LIMITS, "10000/m")  # noqa: F405
