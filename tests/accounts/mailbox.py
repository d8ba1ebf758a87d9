"""Sign-up through the mail, as a person does it: the address, the mail in the test outbox, the link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client

LINK = re.compile(r"https?://[^\s]+/accounts/signup/complete/[^\s/]+/")


def last_mail_to(address: str):
    sent = [m for m in mail.outbox if m.to == [address]]
    assert sent, f"no mail to {address}"
    return sent[-1]


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return urlsplit(found.group(0)).path


def signup_by_mail(client: Client, start: str, email: str, *, display_name: str = "", password: str = "a-long-passphrase-19"):
    """Ask for the link at ``start`` (the sign-up page or an invitation link), then complete it.
    Returns the completing response."""
    asked = client.post(start, {"email": email})
    assert asked.status_code == 200, asked.status_code
    link = link_in(last_mail_to(email))
    return client.post(link, {"display_name": display_name, "password1": password, "password2": password})
