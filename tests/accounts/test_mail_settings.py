"""E-mail settings come from the environment only (config/settings.py); with nothing set, mails are
files under the data folder, and ``kabeuchi demo`` says so."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PRINT = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({k: str(getattr(s, k, '')) for k in ('EMAIL_BACKEND', 'EMAIL_FILE_PATH', 'EMAIL_HOST', 'EMAIL_PORT', "
    "'EMAIL_HOST_USER', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'DEFAULT_FROM_EMAIL', 'PASSWORD_RESET_TIMEOUT', "
    "'KABEUCHI_SIGNUP_LINK_SECONDS')}))"
)


def _settings_with(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KABEUCHI_", "DATABASE_URL"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "KABEUCHI_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {PRINT}"],
        env=clean, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )


def test_with_nothing_set_mails_are_files_in_the_data_folder(tmp_path):
    result = _settings_with(tmp_path)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(tmp_path / "mail")
    assert values["PASSWORD_RESET_TIMEOUT"] == "3600" and values["KABEUCHI_SIGNUP_LINK_SECONDS"] == "86400"


def test_smtp_is_configured_from_the_environment(tmp_path):
    result = _settings_with(
        tmp_path, KABEUCHI_EMAIL_HOST="smtp.example.jp", KABEUCHI_EMAIL_PORT="587", KABEUCHI_EMAIL_USER="kabeuchi",
        KABEUCHI_EMAIL_PASSWORD="pw", KABEUCHI_EMAIL_FROM="Kabeuchi <no-reply@example.jp>",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_HOST_USER"]) == ("smtp.example.jp", "587", "kabeuchi")
    assert (values["EMAIL_USE_TLS"], values["EMAIL_USE_SSL"]) == ("True", "False")
    assert values["DEFAULT_FROM_EMAIL"] == "Kabeuchi <no-reply@example.jp>"
    implicit = json.loads(_settings_with(tmp_path, KABEUCHI_EMAIL_HOST="smtp.example.jp", KABEUCHI_EMAIL_PORT="465").stdout)
    assert (implicit["EMAIL_USE_TLS"], implicit["EMAIL_USE_SSL"]) == ("False", "True")


def test_production_without_smtp_refuses_to_start(tmp_path):
    result = _settings_with(
        tmp_path, KABEUCHI_DEPLOYMENT="production", KABEUCHI_SECRET_KEY="s" * 50, KABEUCHI_ALLOWED_HOSTS="k.example.jp",
        KABEUCHI_MASTER_KEY="m1:" + "C" * 43 + "=",
    )
    assert result.returncode != 0 and "KABEUCHI_EMAIL_HOST" in result.stderr


def test_the_demo_says_where_mails_go(settings, tmp_path):
    from kabeuchi.core.management.commands.demo import Command

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    assert str(tmp_path / "mail") in Command._where_mail_goes()
