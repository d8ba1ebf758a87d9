"""Anonymous feedback tokens (RFC 9474 blind RSA): the cryptography, the refusals, and the
operator's view of the stored bytes.

The operator attack from issue 11: with the database's files (SQLite main file and ``-wal``; on
PostgreSQL the rows' ``xmin`` and the tables' contents) *and* the month's secrets, link a
submission to its sender.  The old design wrote the PeriodMark and the FeedbackPending row in one
transaction; each test below that reads storage first shows that the same attack links a
submission made the old way (a control), then that it links none made with tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import secrets
import string
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client

from kabeuchi.org import feedback as feedback_service
from kabeuchi.org.models import FeedbackPending, FeedbackTokenKey, PeriodMark, PeriodSecret, SpentToken
from kabeuchi.org.periods import mark_add, period_of
from kabeuchi.vault import blindsig
from tests.org.token_helpers import spend, take_token

VECTOR = json.loads((Path(__file__).parent / "rfc9474_vector.json").read_text())
ANSWERS = {"safe": "yes", "useful": "somewhat"}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _word() -> str:
    return "".join(random.choice(string.ascii_lowercase) for _ in range(14))


# --- the cryptography against the published vector ---------------------------------------------

def test_python_halves_reproduce_the_rfc_9474_vector():
    from cryptography.hazmat.primitives.asymmetric import rsa

    v = {k: int(VECTOR[k], 16) for k in ("p", "q", "n", "e", "d")}
    n, e = v["n"], v["e"]
    msg, salt, inv = bytes.fromhex(VECTOR["msg"]), bytes.fromhex(VECTOR["salt"]), int(VECTOR["inv"], 16)
    assert blindsig.emsa_pss_encode(msg, n.bit_length() - 1, salt=salt).hex() == VECTOR["encoded_msg"]
    blinded, got_inv = blindsig.blind(n, e, msg, salt=salt, r=pow(inv, -1, n))
    assert blinded.hex() == VECTOR["blinded_msg"] and got_inv == inv
    p, q, d = v["p"], v["q"], v["d"]
    key = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), rsa.RSAPublicNumbers(e, n)
    ).private_key()
    blind_sig = blindsig.blind_sign(key, blinded)
    assert blind_sig.hex() == VECTOR["blind_sig"]
    assert blindsig.finalize(n, e, msg, blind_sig, inv).hex() == VECTOR["sig"]
    # and the finished signature is an ordinary RSASSA-PSS signature (cryptography verifies it)
    blindsig.verify(blindsig.public_key_from(n, e), msg, bytes.fromhex(VECTOR["sig"]))


def test_a_faulty_blind_signature_is_never_returned():
    der = blindsig.key_generate()
    key = blindsig.private_key(der)
    n, e = blindsig.public_numbers(der)
    token = blindsig.prepare(secrets.token_bytes(32))
    blinded, inv = blindsig.blind(n, e, token)
    real = key.private_numbers()
    broken = mock.Mock(wraps=real)
    broken.dmp1 = real.dmp1 + 1  # a fault in one CRT half (the classic factor-leaking fault)
    broken.p, broken.q, broken.dmq1, broken.iqmp, broken.public_numbers = real.p, real.q, real.dmq1, real.iqmp, real.public_numbers
    with mock.patch.object(type(key), "private_numbers", return_value=broken), pytest.raises(blindsig.BlindSigError):
        blindsig.blind_sign(key, blinded)
    assert blindsig.finalize(n, e, token, blindsig.blind_sign(key, blinded), inv)


# --- refusals -------------------------------------------------------------------------------------

def test_double_spending_is_refused(cast):
    key, ticket, _ = take_token(_signed_in(cast.aiko))
    assert spend(key, ticket, {**ANSWERS, "comment": "first"}).status_code == 204
    again = spend(key, ticket, {**ANSWERS, "comment": "second"})
    assert again.status_code == 400 and again.json()["detail"].endswith((".", "。"))
    assert FeedbackPending.objects.count() == 1 and SpentToken.objects.count() == 1


def test_a_second_token_in_the_same_month_is_refused(cast):
    # a *different* blinded message; the same one again is a retry (test_feedback_token_retry.py)
    client = _signed_in(cast.aiko)
    assert take_token(client)[1] is not None
    _, ticket, response = take_token(client)
    assert ticket is None and response.status_code == 400
    assert PeriodMark.objects.filter(purpose="feedback").count() == 1


def test_a_token_of_another_month_or_organisation_is_refused(cast):
    # a token made with last month's key, spent as this month's
    last_month = "2000-01"
    n, e = feedback_service.token_public_key(organisation=cast.sakura, period=last_month)
    token, blinded, inv = feedback_service.token_client_new(n=n, e=e)
    blind_sig = feedback_service.token_issue(user=cast.aiko, organisation=cast.sakura, blinded_msg=blinded, period=last_month)
    signature = blindsig.finalize(n, e, token, blind_sig, inv)
    this_month = period_of()
    feedback_service.token_public_key(organisation=cast.sakura, period=this_month)
    with pytest.raises(ValidationError):
        feedback_service.feedback_spend(organisation=cast.sakura, period=this_month, token=token, signature=signature, **ANSWERS)
    # the same token at another organisation
    feedback_service.token_public_key(organisation=cast.minato, period=last_month)
    with pytest.raises(ValidationError):
        feedback_service.feedback_spend(organisation=cast.minato, period=last_month, token=token, signature=signature, **ANSWERS)
    # and once the month is released its key is gone: the token is refused there too
    from kabeuchi.org.periods import period_forget

    period_forget(organisation=cast.sakura, period=last_month)
    with pytest.raises(ValidationError):
        feedback_service.feedback_spend(organisation=cast.sakura, period=last_month, token=token, signature=signature, **ANSWERS)
    assert not FeedbackTokenKey.objects.filter(organisation=cast.sakura, period=last_month).exists()
    assert FeedbackPending.objects.count() == 0


def test_forged_signatures_are_refused(cast):
    key, ticket, _ = take_token(_signed_in(cast.aiko))
    forged = [
        secrets.token_bytes(256),  # random bytes
        bytes(256),
        ticket.signature[:-1] + bytes([ticket.signature[-1] ^ 1]),  # one bit flipped
    ]
    # a real PSS signature by a key that is not the organisation's
    other = blindsig.private_key(blindsig.key_generate())
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    forged.append(other.sign(ticket.token, padding.PSS(mgf=padding.MGF1(hashes.SHA384()), salt_length=48), hashes.SHA384()))
    for signature in forged:
        ticket_copy = type(ticket)(token=ticket.token, inv=ticket.inv, signature=signature)
        assert spend(key, ticket_copy, ANSWERS).status_code == 400
    # a token that was never signed, with the real signature of another token
    key2, ticket2, _ = take_token(_signed_in(cast.bunta))
    swapped = type(ticket)(token=secrets.token_bytes(64), inv=0, signature=ticket2.signature)
    assert spend(key2, swapped, ANSWERS).status_code == 400
    assert FeedbackPending.objects.count() == 0 and SpentToken.objects.count() == 0
    # the real ones still work
    assert spend(key, ticket, ANSWERS).status_code == 204


def test_spending_with_a_session_cookie_or_api_token_does_not_use_them(cast):
    from importlib import import_module

    from django.conf import settings

    from kabeuchi.org.feedback_client import b64

    client = _signed_in(cast.aiko)
    key, ticket, _ = take_token(client)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    seen = []
    original = feedback_service.feedback_spend

    def spy(**kwargs):
        seen.append(kwargs)
        return original(**kwargs)

    # control: the same patch does catch a request that uses the cookie
    with mock.patch.object(store, "load", side_effect=AssertionError("loaded")), pytest.raises(AssertionError, match="loaded"):
        client.get("/api/v1/feedback/key")
    with (
        mock.patch.object(store, "load", side_effect=AssertionError("the spend request loaded a session")),
        mock.patch.object(feedback_service, "feedback_spend", side_effect=spy),
    ):
        response = spend(key, ticket, ANSWERS, client=client)  # the signed-in client, cookie and all
    assert response.status_code == 204
    assert "Set-Cookie" not in str(response.headers) and not response.cookies
    # the service was given no user at all, and the request carried no cookie by the time it ran
    assert seen and "user" not in seen[0]
    # and with an Authorization header too
    key2, ticket2, _ = take_token(_signed_in(cast.bunta))
    with mock.patch.object(store, "load", side_effect=AssertionError("the spend request loaded a session")):
        response = Client(HTTP_AUTHORIZATION="Bearer not-used").post(
            "/api/v1/feedback/spend", data=json.dumps({
                "organisation": key2["organisation"], "period": key2["period"],
                "token": b64(ticket2.token), "signature": b64(ticket2.signature),
                **ANSWERS,
            }), content_type="application/json", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
        )
    assert response.status_code == 204


def test_the_credential_free_middleware_strips_cookie_and_authorization():
    from django.test import RequestFactory

    from kabeuchi.core.middleware import CredentialFreeMiddleware

    seen = {}

    def view(request):
        seen.update(cookies=dict(request.COOKIES), meta={k for k in request.META if k in ("HTTP_COOKIE", "HTTP_AUTHORIZATION")})
        return None

    request = RequestFactory().post("/api/v1/feedback/spend", HTTP_COOKIE="sessionid=abc; csrftoken=x", HTTP_AUTHORIZATION="Bearer t")
    CredentialFreeMiddleware(view)(request)
    assert seen == {"cookies": {}, "meta": set()}
    other = RequestFactory().post("/api/v1/other", HTTP_COOKIE="sessionid=abc")
    CredentialFreeMiddleware(view)(other)
    assert seen["cookies"] == {"sessionid": "abc"}


# --- the operator's view ----------------------------------------------------------------------------

def _members(cast):
    return [cast.aiko, cast.bunta, cast.chika, cast.eita]


def _send_all(cast):
    """Every member takes a token (as the page does when it opens), then sends, in another order."""
    transcripts, tickets = [], []
    for user in _members(cast):
        client = _signed_in(user)
        key = client.get("/api/v1/feedback/key").json()
        from kabeuchi.org.feedback_client import token_finish, token_request, unb64

        ticket, body = token_request(key)
        answer = client.post("/api/v1/feedback/token", data=json.dumps(body), content_type="application/json")
        assert answer.status_code == 200
        transcripts.append((user, unb64(body["blinded_msg"]), unb64(answer.json()["blind_sig"])))
        tickets.append((user, key, token_finish(key, ticket, answer.json())))
    random.shuffle(tickets)
    words = {}
    for user, key, ticket in tickets:
        words[user.pk] = _word()
        assert spend(key, ticket, {**ANSWERS, "comment": f"voice {words[user.pk]}"}).status_code == 204
    return transcripts, words, [ticket for _, _, ticket in tickets]


def _old_design_submission(organisation, user, word):
    """The linkable write this work replaced: mark and pending row in one transaction."""
    with transaction.atomic():
        mark_add(organisation=organisation, period=period_of(), user_id=user.pk, purpose="feedback")
        FeedbackPending.objects.create(organisation=organisation, period=period_of(), answers={**ANSWERS, "comment": f"voice {word}"})


def _tags(organisation, users) -> dict:
    """What the operator computes with the month's secret: each person's feedback mark."""
    secret = bytes(PeriodSecret.objects.get(organisation=organisation, period=period_of()).secret)
    return {u.pk: hmac.new(secret, f"feedback|{u.pk}".encode(), hashlib.sha256).hexdigest() for u in users}


def test_every_pairing_of_issuance_and_spent_token_is_equally_consistent(cast):
    """Even an operator who logged every issuance request and every spend request, and holds the
    month's private key, cannot link: for every (issuance i, spent token j) there is a blinding
    factor r_ij that explains it exactly, so every assignment of tokens to people fits equally."""
    transcripts, _, spent = _send_all(cast)
    der = bytes(FeedbackTokenKey.objects.get(organisation=cast.sakura, period=period_of()).private_key)
    n, e = blindsig.public_numbers(der)
    for _, blinded, blind_sig in transcripts:
        z, bs = int.from_bytes(blinded, "big"), int.from_bytes(blind_sig, "big")
        for ticket in spent:
            sig = int.from_bytes(ticket.signature, "big")
            r = (bs * pow(sig, -1, n)) % n  # the factor that would make issuance i produce token j
            m = pow(sig, e, n)  # token j's encoded message, recoverable from its signature
            assert (m * pow(r, e, n)) % n == z


def test_the_database_with_the_months_secret_links_no_submission(cast, transactional_db):
    """The operator's attack on the database the suite runs on (CI runs both): SQLite's main
    file and -wal, or PostgreSQL's xmin and table contents."""
    if connection.vendor == "sqlite":
        _sqlite_files_link_no_submission(cast)
    else:
        _postgresql_xmin_and_contents_link_no_submission(cast)


def _sqlite_files_link_no_submission(cast):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # keep every frame in the -wal for the attacker
    # control: one submission the old way, at the other organisation
    control_word = _word()
    _old_design_submission(cast.minato, cast.daichi, control_word)
    transcripts, words, _ = _send_all(cast)
    db = Path(connection.settings_dict["NAME"])
    wal = Path(str(db) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    tags = {**_tags(cast.sakura, _members(cast)), **_tags(cast.minato, [cast.daichi])}
    transactions = _wal_transactions(wal.read_bytes())
    raw = db.read_bytes() + wal.read_bytes()

    def linked(user_pk, word) -> bool:
        """The attack: a committed transaction holding both this person's mark and the text."""
        return any(tags[user_pk].encode() in tx and word.encode() in tx for tx in transactions)

    # the attack works on the old write ...
    assert linked(cast.daichi.pk, control_word)
    # ... and links nobody who sent with a token
    for user in _members(cast):
        assert tags[user.pk].encode() in raw  # the mark is there: "took a token this month"
        assert words[user.pk].encode() in raw  # and so is the text
        assert not linked(user.pk, words[user.pk]), user
        # no transaction that wrote a mark wrote any feedback text at all
    for tx in transactions:
        if any(tags[u.pk].encode() in tx for u in _members(cast)):
            assert not any(words[u.pk].encode() in tx for u in _members(cast))
    # of the issuance transcript only the SHA-256 of each blinded message is stored, with its
    # mark (so that a lost response can be answered again, and only that one): it fits every
    # spent token equally (test_every_pairing_of_issuance_and_spent_token_is_equally_consistent,
    # tests/org/test_feedback_token_retry.py); the blinded message and blind signature are not
    marks = dict(PeriodMark.objects.filter(purpose="feedback").values_list("tag", "blinded"))
    for user, blinded, blind_sig in transcripts:
        assert marks[tags[user.pk]] == hashlib.sha256(blinded).hexdigest()
        assert hashlib.sha256(blind_sig).hexdigest().encode() not in raw
        for value in (blinded, blind_sig):
            for form in (value, value.hex().encode()):
                assert form not in raw
    # and the spent-token rows hold nothing computable from a user id with the month's secret
    digests = set(SpentToken.objects.values_list("digest", flat=True))
    assert not digests & set(tags.values())
    for user in _members(cast):
        assert str(user.pk) not in json.dumps(list(FeedbackPending.objects.values_list("answers", flat=True)))


def blindsig_b64(value: bytes) -> str:
    from kabeuchi.org.feedback_client import b64

    return b64(value)


def _wal_transactions(wal: bytes) -> list[bytes]:
    """The page images of each committed transaction in a SQLite -wal file, in order."""
    page_size = int.from_bytes(wal[8:12], "big")
    at, current, out = 32, [], []
    while at + 24 + page_size <= len(wal):
        commit = int.from_bytes(wal[at + 4:at + 8], "big")
        current.append(wal[at + 24:at + 24 + page_size])
        at += 24 + page_size
        if commit:
            out.append(b"".join(current))
            current = []
    return out


def _postgresql_xmin_and_contents_link_no_submission(cast):
    control_word = _word()
    _old_design_submission(cast.minato, cast.daichi, control_word)
    transcripts, words, _ = _send_all(cast)
    tags = {**_tags(cast.sakura, _members(cast)), **_tags(cast.minato, [cast.daichi])}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tag, xmin::text FROM org_periodmark")
        mark_xmin = {tag: xmin for tag, xmin in cursor.fetchall()}
        cursor.execute("SELECT answers::text, xmin::text FROM org_feedbackpending")
        pending = cursor.fetchall()
        cursor.execute("SELECT digest, xmin::text FROM org_spenttoken")
        spent_xmin = {xmin for _, xmin in cursor.fetchall()}

    def near(a: str, b: str) -> bool:
        # one transaction: the parent's xid and the savepoint's subtransaction xid are adjacent
        return abs(int(a) - int(b)) <= 2

    def linked(user_pk, word) -> bool:
        xmin = mark_xmin.get(tags[user_pk])
        return any(word in answers and near(row_xmin, xmin) for answers, row_xmin in pending)

    assert linked(cast.daichi.pk, control_word)  # the attack works on the old write
    ours = sorted(mark_xmin[tags[u.pk]] for u in _members(cast))
    # every token was issued before any was spent (the page takes it when it opens), so no
    # pending or spent row sits next to a mark, except possibly next to the very last issuance:
    # that is the residual ordering channel docs/privacy.md describes, not a stored link
    for xmin in ours[:-1]:
        assert not any(near(xmin, row_xmin) for _, row_xmin in pending), xmin
        assert not any(near(xmin, x) for x in spent_xmin), xmin
    assert sum(linked(u.pk, words[u.pk]) for u in _members(cast)) <= 1
    # the contents (what pg_dump would write) hold nothing of the issuance transcript
    with connection.cursor() as cursor:
        dump = []
        for table in ("org_periodmark", "org_feedbackpending", "org_spenttoken", "org_periodsecret", "org_feedbacktokenkey"):
            cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")  # noqa: S608 (fixed names)
            dump += [row[0] for row in cursor.fetchall()]
    text = "\n".join(dump)
    # and pg_dump itself, when it is installed (CI images have it)
    import shutil
    import subprocess

    if shutil.which("pg_dump"):
        db = connection.settings_dict
        dumped = subprocess.run(
            ["pg_dump", "--data-only", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
             "-U", db["USER"] or "postgres", "-d", db["NAME"], "-t", "org_*"],
            capture_output=True, text=True, env={"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
            check=True,
        ).stdout
        assert control_word in dumped and all(w in dumped for w in words.values())
        text += dumped
    for _, blinded, blind_sig in transcripts:
        for value in (blinded, blind_sig):
            assert value.hex() not in text and blindsig_b64(value) not in text
        # only the blinded message's digest is kept, with the mark (see the SQLite branch)
        assert hashlib.sha256(blind_sig).hexdigest() not in text
        assert text.count(hashlib.sha256(blinded).hexdigest()) >= 1


def test_issuance_writes_no_feedback_row_and_spending_writes_no_mark(cast):
    from django.test.utils import CaptureQueriesContext

    client = _signed_in(cast.aiko)
    client.get("/api/v1/feedback/key")
    with CaptureQueriesContext(connection) as issuing:
        key, ticket, _ = take_token(client)
    writes = [q["sql"] for q in issuing.captured_queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes and all("org_periodmark" in sql or "org_periodsecret" in sql for sql in writes), writes
    with CaptureQueriesContext(connection) as spending:
        assert spend(key, ticket, ANSWERS, client=client).status_code == 204
    touched = " ".join(q["sql"] for q in spending.captured_queries)
    for table in ("org_periodmark", "org_periodsecret", "django_session"):
        assert table not in touched, table
    # members' names are read for scrubbing (the same for every sender); the sender is not
    assert cast.aiko.pk.hex not in touched and str(cast.aiko.pk) not in touched


def test_timings_of_issuance_and_verification(cast, capsys):
    der = blindsig.key_generate()
    key = blindsig.private_key(der)
    n, e = blindsig.public_numbers(der)
    public = blindsig.public_key_from(n, e)
    rounds = 20
    tokens = [blindsig.prepare(secrets.token_bytes(32)) for _ in range(rounds)]
    blinded = [blindsig.blind(n, e, t) for t in tokens]
    start = time.perf_counter()
    sigs = [blindsig.blind_sign(key, b) for b, _ in blinded]
    sign_ms = (time.perf_counter() - start) * 1000 / rounds
    finished = [blindsig.finalize(n, e, t, s, inv) for t, s, (_, inv) in zip(tokens, sigs, blinded, strict=True)]
    start = time.perf_counter()
    for t, s in zip(tokens, finished, strict=True):
        blindsig.verify(public, t, s)
    verify_ms = (time.perf_counter() - start) * 1000 / rounds
    with capsys.disabled():
        print(f"\nblind signing {sign_ms:.2f} ms, verification {verify_ms:.3f} ms (RSA-2048, mean of {rounds})")
    assert sign_ms < 200 and verify_ms < 20
