import os
import subprocess
import sys

from django.conf import settings
from django.test import Client


def test_content_security_policy_allows_no_third_party_origin(db):
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp  # no origin but our own
    body = response.content.decode()
    assert "//cdn" not in body and "https://" not in body.split("<body")[0]


def test_security_headers_are_set(db):
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KABEUCHI_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KABEUCHI_DEPLOYMENT": "production",
        "KABEUCHI_SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-91xq",
        "KABEUCHI_ALLOWED_HOSTS": "kabeuchi.example.jp",
        "KABEUCHI_MASTER_KEY": "m1:" + "C" * 43 + "=",
        "KABEUCHI_DATA_DIR": str(tmp_path),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "KABEUCHI_EMAIL_HOST": "smtp.kabeuchi.example.jp",
    }
    result = subprocess.run(
        [sys.executable, "-m", "kabeuchi.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KABEUCHI_")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KABEUCHI_DEPLOYMENT": "production",
        "KABEUCHI_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "kabeuchi.cli", "check"], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode != 0
    assert "KABEUCHI_SECRET_KEY" in result.stderr


def test_import_walls_hold():
    """Only the vault imports cryptography; jatext stays free of Django; org never imports private models."""
    lint = os.path.join(os.path.dirname(sys.executable), "lint-imports")
    result = subprocess.run([lint], capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert result.returncode == 0, result.stdout + result.stderr


def test_signed_in_pages_are_never_cached(cast, client_for):
    # given aiko's own notebook and settings pages
    for path in ("/notebook/", "/me/settings/", "/notes/", "/api/v1/me"):
        response = client_for("aiko").get(path)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], path
    # and a public page for someone signed out may be cached as usual
    assert "no-store" not in client_for("anon").get("/guideline/").get("Cache-Control", "")
