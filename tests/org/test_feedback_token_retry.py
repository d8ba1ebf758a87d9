"""A lost token-issuance response must not cost the person that month's token (rule 3), and
repeating issuance must never give anyone a second token.

The mark stores, besides the keyed tag, the SHA-256 of the blinded message that was signed.  The
same blinded message is signed again (RSA blind signing is deterministic: the same blind
signature, so the same single token); a different one is refused.  Each test here fails on the
code before this change, which refused every second request of the month.
"""

from __future__ import annotations

import hashlib
import json

from django.db import connection
from django.test import Client

from kabeuchi.org.feedback_client import b64, token_finish, token_request, token_retry_body
from kabeuchi.org.models import FeedbackPending, FeedbackTokenKey, PeriodMark, SpentToken
from kabeuchi.org.periods import period_of
from kabeuchi.vault import blindsig
from tests.org.token_helpers import spend

ANSWERS = {"safe": "yes", "useful": "somewhat"}
TABLES = ("org_periodmark", "org_periodsecret", "org_feedbacktokenkey", "org_spenttoken", "org_feedbackpending")


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _issue(client: Client, body: dict):
    return client.post("/api/v1/feedback/token", data=json.dumps(body), content_type="application/json")


def _raw_rows() -> dict[str, list[tuple]]:
    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            out[table] = sorted(tuple(str(v) for v in row) for row in cursor.fetchall())
    return out


def test_a_retry_with_the_same_blinded_message_gives_the_same_token_which_verifies_and_spends_once(cast):
    client = _signed_in(cast.aiko)
    key = client.get("/api/v1/feedback/key").json()
    ticket, body = token_request(key)
    first = _issue(client, body)
    assert first.status_code == 200  # ... and say this response never reached the browser
    retry = _issue(client, token_retry_body(key, ticket))
    assert retry.status_code == 200, retry.content
    assert retry.json()["blind_sig"] == first.json()["blind_sig"]  # the same single token
    finished = token_finish(key, ticket, retry.json())  # raises unless it verifies with the month's key
    der = bytes(FeedbackTokenKey.objects.get(organisation=cast.sakura, period=period_of()).private_key)
    blindsig.verify(blindsig.public_key_from(*blindsig.public_numbers(der)), finished.token, finished.signature)
    assert spend(key, finished, ANSWERS).status_code == 204
    # still once: the retried token cannot be spent again, and a third issuance is still the same
    assert spend(key, finished, ANSWERS).status_code == 400
    assert _issue(client, token_retry_body(key, ticket)).json()["blind_sig"] == first.json()["blind_sig"]
    assert FeedbackPending.objects.count() == 1 and SpentToken.objects.count() == 1
    assert PeriodMark.objects.filter(purpose="feedback").count() == 1


def test_a_different_blinded_message_in_the_same_month_is_refused_before_and_after_a_retry(cast):
    client = _signed_in(cast.aiko)
    key = client.get("/api/v1/feedback/key").json()
    ticket, body = token_request(key)
    assert _issue(client, body).status_code == 200
    _, other = token_request(key)
    refused = _issue(client, other)
    assert refused.status_code == 400 and refused.json()["detail"].endswith((".", "。"))
    assert _issue(client, token_retry_body(key, ticket)).status_code == 200
    assert _issue(client, other).status_code == 400
    # another person's blinded message is not "the same" for her either
    bunta = _signed_in(cast.bunta)
    _, bunta_body = token_request(key)
    assert _issue(bunta, bunta_body).status_code == 200
    assert _issue(client, bunta_body).status_code == 400
    assert PeriodMark.objects.filter(purpose="feedback").count() == 2


def test_two_tokens_cannot_be_had_by_alternating_retries(cast):
    """Whatever order of first requests, retries and new requests: one token per person."""
    client = _signed_in(cast.aiko)
    key = client.get("/api/v1/feedback/key").json()
    ticket, body = token_request(key)
    signatures = set()
    for attempt in (body, token_retry_body(key, ticket), token_request(key)[1], token_retry_body(key, ticket)):
        answer = _issue(client, attempt)
        if answer.status_code == 200:
            signatures.add(answer.json()["blind_sig"])
    assert len(signatures) == 1
    finished = token_finish(key, ticket, {"blind_sig": signatures.pop()})
    assert spend(key, finished, ANSWERS).status_code == 204
    assert spend(key, finished, {**ANSWERS, "comment": "again"}).status_code == 400


def test_a_retry_writes_nothing_and_the_stored_rows_say_no_more_about_the_person(cast):
    client = _signed_in(cast.aiko)
    key = client.get("/api/v1/feedback/key").json()
    ticket, body = token_request(key)
    assert _issue(client, body).status_code == 200
    before = _raw_rows()
    assert _issue(client, token_retry_body(key, ticket)).status_code == 200
    assert _raw_rows() == before  # not a row added, changed or removed
    # the mark: the keyed tag, and the digest of the blinded message, nothing else of hers
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM org_periodmark")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert sorted(columns) == sorted(["id", "organisation_id", "period", "purpose", "tag", "blinded"])
    assert len(rows) == 1
    text = json.dumps([[str(v) for v in row] for row in rows])
    for value in (str(cast.aiko.pk), cast.aiko.pk.hex, cast.aiko.email, cast.aiko.email.split("@")[0], cast.aiko.display_name):
        assert value not in text
    blinded = ticket.blinded
    mark = dict(zip(columns, rows[0], strict=True))
    assert mark["blinded"] == hashlib.sha256(blinded).hexdigest()
    # neither the blinded message itself nor the blind signature is stored, in any table
    everything = json.dumps(_raw_rows())
    answer = _issue(client, token_retry_body(key, ticket)).json()
    for value in (blinded, blindsig_bytes(answer["blind_sig"])):
        assert value.hex() not in everything and b64(value) not in everything
    # and after spending, the spent digest is not the mark's digest (nothing in common to join on)
    finished = token_finish(key, ticket, answer)
    assert spend(key, finished, ANSWERS).status_code == 204
    spent = set(SpentToken.objects.values_list("digest", flat=True))
    assert mark["blinded"] not in spent and mark["tag"] not in spent


def test_the_stored_blinded_digest_fits_every_spent_token_equally(cast):
    """The operator, holding the month's secret (so knowing whose mark is whose), the private key
    and the very blinded messages behind the stored digests, still cannot pair a mark with a
    spent token: for each (blinded message i, spent token j) a blinding factor explains it."""
    people = [cast.aiko, cast.bunta, cast.chika, cast.eita]
    issued, finished = [], []
    for user in people:
        client = _signed_in(user)
        key = client.get("/api/v1/feedback/key").json()
        ticket, body = token_request(key)
        assert _issue(client, body).status_code == 200
        answer = _issue(client, token_retry_body(key, ticket))  # every one of them retried
        issued.append((ticket.blinded, blindsig_bytes(answer.json()["blind_sig"])))
        finished.append((key, token_finish(key, ticket, answer.json())))
    for key, ticket in reversed(finished):
        assert spend(key, ticket, ANSWERS).status_code == 204
    stored = set(PeriodMark.objects.filter(purpose="feedback").values_list("blinded", flat=True))
    assert stored == {hashlib.sha256(b).hexdigest() for b, _ in issued}
    der = bytes(FeedbackTokenKey.objects.get(organisation=cast.sakura, period=period_of()).private_key)
    n, e = blindsig.public_numbers(der)
    for blinded, blind_sig in issued:
        z, bs = int.from_bytes(blinded, "big"), int.from_bytes(blind_sig, "big")
        for _, ticket in finished:
            sig = int.from_bytes(ticket.signature, "big")
            r = (bs * pow(sig, -1, n)) % n
            assert (pow(sig, e, n) * pow(r, e, n)) % n == z  # token j's encoded message, blinded by r


def blindsig_bytes(text: str) -> bytes:
    from kabeuchi.org.feedback_client import unb64

    return unb64(text)
