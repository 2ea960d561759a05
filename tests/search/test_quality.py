"""Search quality: realistic queries must find the expected entry in the top 3.

The fixture (tests/search/fixture/) is a 34-entry knowledge base; each case names the
entry a person typing the query is looking for. A failure names the query and what
came back instead.
"""

from __future__ import annotations

import pytest

from kb.config import Config
from kb.search.filters import Filters
from kb.search.index import open_index, sync
from kb.search.query import search

CASES = [
    # (why, query, expected id)
    ("stemming: plural finds singular", "migrations", "2024-03-04-django-migrations-out-of-sync"),
    ("stemming: -ing form", "evicting sessions", "2024-04-15-redis-evicts-session-keys"),
    ("stemming: -ed form", "retried tasks", "2024-07-01-celery-retry-duplicates"),
    ("typo", "migrtions missing tables", "2024-03-04-django-migrations-out-of-sync"),
    ("typo, swapped letters", "terrafrom lock", "2024-06-03-terraform-state-lock"),
    ("typo in a rare word", "kuberentes probe", "2024-06-17-kubernetes-readiness-probe"),
    ("file path", "api/auth/tokens.py", "2024-05-20-jwt-clock-skew"),
    ("file name only", "pgbouncer.ini", "2024-04-02-postgres-connection-pool-exhausted"),
    ("folder path", "api/registry/migrations/", "2024-03-04-django-migrations-out-of-sync"),
    ("title words", "ALB listener rule priority", "2024-03-18-alb-rule-priority-taken"),
    ("body words only", "visibility timeout", "2024-07-01-celery-retry-duplicates"),
    (
        "error message",
        "remaining connection slots are reserved",
        "2024-04-02-postgres-connection-pool-exhausted",
    ),
    ("symptom in plain words", "users logged out randomly", "2024-04-15-redis-evicts-session-keys"),
    ("two concepts", "cors cookies", "2024-05-06-cors-preflight-credentials"),
    ("daylight saving", "daylight saving", "2024-09-02-timezone-naive-datetimes"),
    ("prefix", "presign*", "2024-09-16-s3-presigned-url-expiry"),
    ("tag word", "auth reset", "2025-07-21-password-reset-token-reuse"),
    ("question", "why does yaml turn NO into false", "2025-06-02-yaml-norway-problem"),
    ("tool name", "buildkit ssh", "2025-05-05-ssh-agent-forwarding-docker"),
    ("exception name", "ImmatureSignatureError", "2024-05-20-jwt-clock-skew"),
    ("case and accents", "SENTRY sämple rate", "2025-03-17-sentry-sampling-drops-errors"),
    ("symptom", "flaky end-to-end tests", "2024-08-05-playwright-flaky-animation"),
]


@pytest.mark.parametrize(("why", "query", "expected"), CASES, ids=[c[1] for c in CASES])
def test_expected_entry_in_top_three(
    fixture_config: Config, why: str, query: str, expected: str
) -> None:
    connection = open_index(fixture_config)
    sync(connection, fixture_config)
    hits = [hit.id for hit in search(connection, query, Filters(), limit=3).hits]
    assert expected in hits, f"query {query!r} ({why}): expected {expected}, got {hits}"
