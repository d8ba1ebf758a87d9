"""Every mail Kabeuchi sends, through Django's e-mail backends (settings: SMTP in production, files
under ``DATA_DIR/mail/`` by default, the test outbox in tests).

A mail is two templates, ``accounts/mail/<name>_subject.txt`` and ``<name>_body.txt``, rendered in
the active language (Japanese first).  Their context holds links and the site's own wording only:
no name, no text anybody wrote (docs/privacy.md, P37).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def mail_send(*, name: str, to: str, context: dict) -> None:
    subject = "".join(render_to_string(f"accounts/mail/{name}_subject.txt", context).splitlines()).strip()
    body = render_to_string(f"accounts/mail/{name}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
