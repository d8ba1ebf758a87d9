"""Every mail Kabeuchi sends, through Django's e-mail backends (settings: SMTP in production, files
under ``DATA_DIR/mail/`` by default, the test outbox in tests).

A mail is two templates, ``accounts/mail/<name>_subject.txt`` and ``<name>_body.txt``, rendered in
the active language (Japanese first).  Their context holds links and the site's own wording only:
no name, no text anybody wrote (docs/privacy.md, P37).  The one exception is the 1on1 share
notice, which the person who shares asks for: it names them, and still carries nothing they
wrote (P43).

A mail to someone whose language Kabeuchi does not know, or must not look up (an address typed
by a colleague: P22), is written in both languages, Japanese first (:func:`mail_send_bilingual`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

BILINGUAL = ("ja", "en")


def mail_send(*, name: str, to: str, context: dict) -> None:
    subject = "".join(render_to_string(f"accounts/mail/{name}_subject.txt", context).splitlines()).strip()
    body = render_to_string(f"accounts/mail/{name}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def mail_send_bilingual(*, name: str, to: str, context: dict) -> None:
    """One mail in Japanese and then English: the subjects joined by " / ", the bodies one after
    the other.  Each part is the template rendered with that language active."""
    subjects, bodies = [], []
    for language in BILINGUAL:
        with translation.override(language):
            subjects.append(
                "".join(render_to_string(f"accounts/mail/{name}_subject.txt", context).splitlines()).strip()
            )
            bodies.append(render_to_string(f"accounts/mail/{name}_body.txt", context).strip())
    subject = " / ".join(dict.fromkeys(subjects))
    body = "\n\n----------------------------------------\n\n".join(bodies) + "\n"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
