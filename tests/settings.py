"""Settings for the test suite: the production module with test-only env defaults.

Only environment defaults are set here, so the tests exercise the same
settings code a deployment runs. DATABASE_URL picks SQLite or PostgreSQL.
"""

import os

os.environ.setdefault("WOWDESK_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("WOWDESK_SECURE_COOKIES", "0")
os.environ.setdefault("WOWDESK_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("WOWDESK_TASK_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from wowdesk.config.settings import *  # noqa: F403
