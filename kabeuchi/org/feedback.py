"""Anonymous feedback: submitting (a write with no link to the sender) and reading released
batches.

What a submission stores: the answers, a random id and the organisation.  Not the user, not the
IP address, not the time.  Free text is scrubbed (``feedback_scrub.scrub``) of names in every
script, e-mail addresses and their local parts, phone numbers, employee-id shapes and the
organisation's department and team names before it is stored, and the same way for members and
non-members, so reading back one's own scrubbed draft does not tell who is a member.  "Once per person per
period" is a keyed hash in ``PeriodMark`` (see ``periods``), not a user id, and it is not linked
to the submission.  Submissions wait in ``FeedbackPending`` and are released in shuffled order
with the period's release, only when there are at least k of them.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jatext.pii import Directory
from kabeuchi.accounts.models import Invitation, Membership, Organisation
from kabeuchi.org.feedback_scrub import scrub
from kabeuchi.org.models import (
    FeedbackFigures,
    FeedbackPending,
    FeedbackResponse,
    FeedbackTokenKey,
    SpentToken,
)
from kabeuchi.org.periods import mark_add, mark_blinded, mark_exists, period_of
from kabeuchi.vault import blindsig

CHOICES = ("yes", "somewhat", "no")
CHOICE_LABELS = {"yes": gettext_lazy("Yes"), "somewhat": gettext_lazy("Somewhat"), "no": gettext_lazy("No")}
CHOICE_QUESTIONS = {
    "safe": gettext_lazy("Did you feel safe using Kabeuchi?"),
    "useful": gettext_lazy("Was it useful?"),
}
TEXT_QUESTIONS = {
    "uneasy": gettext_lazy("Did anything make you uneasy?"),
    "comment": gettext_lazy("Anything else you would like to tell the people team?"),
}
TEXT_LIMIT = 1000
PURPOSE = "feedback"
TOKEN_LEN = 32  # random bytes the client signs (after its own 32-byte RFC 9474 prefix)


def _scrub(text: str, *, organisation: Organisation) -> str:
    return scrub(text.strip(), directory=_directory(organisation), units=_units(organisation))


def _directory(organisation: Organisation) -> Directory:
    """Every member's name and the local part of their address, as one person each."""
    rows = Membership.objects.filter(organisation=organisation).values_list("user__display_name", "user__email")
    return Directory([tuple(form for form in row if form) for row in rows])


def _units(organisation: Organisation) -> list[str]:
    """The organisation's department and team names, from invitations (made whether or not
    anyone joins), pilots and memberships."""
    from kabeuchi.org.models import Pilot

    names: set[str] = set()
    for model, fields in ((Invitation, ("department", "team")), (Membership, ("department", "team")), (Pilot, ("department",))):
        for row in model.objects.filter(organisation=organisation).values_list(*fields):
            names.update(name.strip() for name in row if name and name.strip())
    return sorted(names, key=len, reverse=True)


def feedback_scrub(text: str, *, organisation: Organisation) -> str:
    """The scrubbing a submission's free text gets, for showing a draft before it is sent."""
    return _scrub(text, organisation=organisation)


def feedback_given(*, user, organisation: Organisation) -> bool:
    return mark_exists(organisation=organisation, period=period_of(), user_id=user.pk, purpose=PURPOSE)


def _answers_checked(*, organisation: Organisation, safe: str, useful: str, uneasy: str, comment: str) -> dict:
    if safe not in CHOICES or useful not in CHOICES:
        raise ValidationError(_("Please choose one of the offered answers."))
    for text in (uneasy, comment):
        # refused with a sentence, never cut: the person decides what to leave out
        if len(text.strip()) > TEXT_LIMIT:
            raise ValidationError(
                _("This can be at most %(max)d characters (now %(count)d).") % {"max": TEXT_LIMIT, "count": len(text.strip())}
            )
    return {
        "safe": safe,
        "useful": useful,
        "uneasy": _scrub(uneasy, organisation=organisation),
        "comment": _scrub(comment, organisation=organisation),
    }


# --- anonymous tokens (RFC 9474 blind signatures) -------------------------------------------
#
# Issuance (signed in) and spending (no credentials at all) are two requests and two
# transactions.  Issuance writes only the PeriodMark; spending writes only the SpentToken digest
# and the FeedbackPending row.  The server signs a blinded message it cannot read, so nothing it
# stores or sees at issuance matches the token it later sees spent.


def _key_der(*, organisation: Organisation, period: str, create: bool) -> bytes | None:
    row = FeedbackTokenKey.objects.filter(organisation=organisation, period=period).first()
    if row is None and create:
        try:
            with transaction.atomic():
                row = FeedbackTokenKey.objects.create(
                    organisation=organisation, period=period, private_key=blindsig.key_generate()
                )
        except IntegrityError:  # created by a concurrent request
            row = FeedbackTokenKey.objects.get(organisation=organisation, period=period)
    return bytes(row.private_key) if row is not None else None


def token_public_key(*, organisation: Organisation, period: str | None = None) -> tuple[int, int]:
    """(n, e) of this month's token key, made on first use; the same for every member."""
    der = _key_der(organisation=organisation, period=period or period_of(), create=True)
    return blindsig.public_numbers(der)


def key_fingerprint(n: int) -> str:
    """SHA-256 of the modulus (big-endian bytes), first 16 hex digits in groups of four: what the
    page's script shows for the key it uses and the public guideline shows for everyone."""
    digest = hashlib.sha256(n.to_bytes((n.bit_length() + 7) // 8, "big")).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def token_key_fingerprint(*, organisation: Organisation, period: str | None = None) -> str | None:
    """The month's key fingerprint if the key exists (a read that creates nothing)."""
    der = _key_der(organisation=organisation, period=period or period_of(), create=False)
    return key_fingerprint(blindsig.public_numbers(der)[0]) if der else None


def token_issue(*, user, organisation: Organisation, blinded_msg: bytes, period: str | None = None) -> bytes:
    """Blind-sign this person's one token for the month, adding their PeriodMark with the
    SHA-256 of the blinded message it signed.

    Safely repeatable: asking again with the *same* blinded message (the first response was
    lost) signs it again, which gives the same blind signature and so the same single token, and
    writes nothing.  A *different* blinded message in the same month is refused: nobody gets two
    tokens.  The digest links nothing: the finished token is unlinkable to the blinded message
    (RFC 9474 blindness; docs/privacy.md, "Feedback unlinkability")."""
    period = period or period_of()
    key = blindsig.private_key(_key_der(organisation=organisation, period=period, create=True))
    blinded_msg = bytes(blinded_msg)
    try:
        blind_sig = blindsig.blind_sign(key, blinded_msg)
    except blindsig.BlindSigError as error:
        raise ValidationError(_("The form could not prepare its anonymous token. Please reload the page.")) from error
    digest = hashlib.sha256(blinded_msg).hexdigest()
    if not mark_add(organisation=organisation, period=period, user_id=user.pk, purpose=PURPOSE, blinded=digest):
        stored = mark_blinded(organisation=organisation, period=period, user_id=user.pk, purpose=PURPOSE)
        if not stored or not hmac.compare_digest(stored, digest):
            raise ValidationError(_("You have already sent feedback this month. Thank you; you can send more next month."))
    return blind_sig


def feedback_spend(
    *, organisation: Organisation, period: str, token: bytes, signature: bytes,
    safe: str, useful: str, uneasy: str = "", comment: str = "",
) -> None:
    """Store one anonymous submission carried by a token signed with ``period``'s key.

    Takes no user: the caller must not pass a session, and this function reads none.  Refuses a
    month without a key (never opened, or already released), a signature that does not verify
    with that month's key, and a token already spent."""
    answers = _answers_checked(organisation=organisation, safe=safe, useful=useful, uneasy=uneasy, comment=comment)
    refused = ValidationError(_("This anonymous token is not valid. Please reload the page and send again; what you typed stays."))
    der = _key_der(organisation=organisation, period=period, create=False)
    if der is None or len(token) != blindsig.PREFIX_LEN + TOKEN_LEN:
        raise refused
    n, e = blindsig.public_numbers(der)
    try:
        blindsig.verify(blindsig.public_key_from(n, e), token, signature)
    except blindsig.BlindSigError as error:
        raise refused from error
    digest = hashlib.sha256(bytes(token)).hexdigest()
    try:
        with transaction.atomic():
            SpentToken.objects.create(organisation=organisation, period=period, digest=digest)
            FeedbackPending.objects.create(organisation=organisation, period=period, answers=answers)
    except IntegrityError as error:
        raise ValidationError(_("This token was already used: your feedback for this month has been received.")) from error


def token_page_context(*, user, organisation) -> dict:
    """What the feedback page's script needs: this month's public key and the two URLs.

    The token is asked for when the page opens (not when "send" is pressed), so the write at
    issuance and the write at spending are minutes apart, not milliseconds (docs/privacy.md)."""
    import base64

    from django.urls import reverse

    period = period_of()
    n, e = token_public_key(organisation=organisation, period=period)
    return {
        "token_n": base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).decode().rstrip("="),
        "token_e": e,
        "token_period": period,
        "token_organisation": organisation.slug,
        "token_issued": feedback_given(user=user, organisation=organisation),
        "token_issue_url": reverse("api:feedback_token_issue"),
        "token_spend_url": reverse("api:feedback_spend"),
    }


def token_client_new(*, n: int, e: int) -> tuple[bytes, bytes, int]:
    """Client half for Python callers: (prepared token, blinded message, inv)."""
    token = blindsig.prepare(secrets.token_bytes(TOKEN_LEN))
    blinded, inv = blindsig.blind(n, e, token)
    return token, blinded, inv


def feedback_submit(*, user, organisation: Organisation, safe: str, useful: str, uneasy: str = "", comment: str = "") -> None:
    """Both halves in one process, for tests and server-side scripts only (the pages and the API
    use the two separate requests): issue, finalize, spend, in separate transactions.  Answers
    are checked first, so a refused answer does not use up the month's token."""
    _answers_checked(organisation=organisation, safe=safe, useful=useful, uneasy=uneasy, comment=comment)
    period = period_of()
    n, e = token_public_key(organisation=organisation, period=period)
    token, blinded, inv = token_client_new(n=n, e=e)
    blind_sig = token_issue(user=user, organisation=organisation, blinded_msg=blinded, period=period)
    signature = blindsig.finalize(n, e, token, blind_sig, inv)
    feedback_spend(
        organisation=organisation, period=period, token=token, signature=signature,
        safe=safe, useful=useful, uneasy=uneasy, comment=comment,
    )


# --- counts the people team sees: noisy, never exact ----------------------------------------------
#
# A batch is released only when at least k submissions wait (the k rule), and its texts are shown
# as written, so a batch as such is not differentially private.  But exact counts on top of it
# (how many sent, how many answered "no") are what differencing needs: with the invited and the
# away known, or accounts an administrator made, an exact count isolates one person's answer.  So
# the batch says only "at least k", and the answer counts get discrete Laplace noise from the same
# OpenDP machinery as the insights release (``insights.noisy_counts``), drawn once at release,
# stored noisy and shown as the same 95 % ranges rounded outward to fives.  Privacy unit: one
# person's submission of one month (one token).  Adding or removing it changes one count of each
# of the two questions by one: L1 sensitivity 2, ε = FEEDBACK_EPSILON for the batch's counts.

FEEDBACK_EPSILON = 1.0
FEEDBACK_SENSITIVITY = len(CHOICE_QUESTIONS)  # one answer to each choice question per submission


def tallies_noised(rows: list[dict], *, k: int) -> dict:
    """The figures stored for a released batch: noisy answer counts only, never the exact ones."""
    from kabeuchi.org.insights import noisy_counts

    keys = [(question, choice) for question in CHOICE_QUESTIONS for choice in CHOICES]
    exact = [sum(1 for r in rows if r.get(question) == choice) for question, choice in keys]
    noisy, scale = noisy_counts(exact, sensitivity=FEEDBACK_SENSITIVITY, epsilon=FEEDBACK_EPSILON)
    figures: dict = {"k": k, "epsilon": FEEDBACK_EPSILON, "scale": scale, "noisy": {}}
    for (question, choice), value in zip(keys, noisy, strict=True):
        figures["noisy"].setdefault(question, {})[choice] = int(value)
    return figures


def _figures(*, organisation: Organisation, period: str, rows: list[dict]) -> dict:
    """The batch's stored figures; for a batch released before they were kept, noised once now
    and stored, so that every later read shows the same."""
    row = FeedbackFigures.objects.filter(organisation=organisation, period=period).first()
    if row is not None:
        return row.figures
    from kabeuchi.org.selectors import policy_for_organisation

    figures = tallies_noised(rows, k=policy_for_organisation(organisation=organisation).k)
    try:
        with transaction.atomic():
            FeedbackFigures.objects.create(organisation=organisation, period=period, figures=figures)
    except IntegrityError:  # noised by a concurrent request: show what it stored
        return FeedbackFigures.objects.get(organisation=organisation, period=period).figures
    return figures


def feedback_release(*, organisation: Organisation, period: str, k: int) -> int:
    """Move waiting submissions to the released table, shuffled, if there are at least k, and
    store the batch's noisy answer counts.

    Returns how many were released (0 when fewer than k are waiting: they keep waiting); the
    number is for the release command's operator, never shown to the people team.
    """
    with transaction.atomic():
        # Everything sent up to the end of this period; a batch too small waits for the next one.
        waiting = list(
            FeedbackPending.objects.select_for_update().filter(organisation=organisation, period__lte=period)
        )
        if len(waiting) < k:
            return 0
        answers = [row.answers for row in waiting]
        random.SystemRandom().shuffle(answers)
        FeedbackPending.objects.filter(pk__in=[row.pk for row in waiting]).delete()
        FeedbackResponse.objects.bulk_create(
            [FeedbackResponse(organisation=organisation, period=period, answers=a) for a in answers]
        )
        FeedbackFigures.objects.create(organisation=organisation, period=period, figures=tallies_noised(answers, k=k))
    return len(answers)


@dataclass(frozen=True)
class Tally:
    question: str
    counts: tuple[tuple[str, object], ...]  # (answer label, insights.Range: a 95 % range, never exact)


@dataclass(frozen=True)
class FeedbackBatch:
    period: str
    at_least: int  # the k the batch was released under: "at least k responses", never the number
    tallies: tuple[Tally, ...]
    voices: tuple[str, ...]  # free text, shuffled, not linked to the answers above


def feedback_batches(*, organisation: Organisation) -> list[FeedbackBatch]:
    """Released feedback per period, newest first.  Texts are shuffled apart from the answers;
    answer counts are the noisy ranges stored at release, and no exact count is given."""
    from kabeuchi.org.insights import range_for

    by_period: dict[str, list[dict]] = {}
    for row in FeedbackResponse.objects.filter(organisation=organisation).order_by("id"):
        by_period.setdefault(row.period, []).append(row.answers)
    batches = []
    rng = random.SystemRandom()
    for period in sorted(by_period, reverse=True):
        rows = by_period[period]
        figures = _figures(organisation=organisation, period=period, rows=rows)
        tallies = tuple(
            Tally(
                question=str(label),
                counts=tuple(
                    (str(CHOICE_LABELS[c]), range_for(figures["noisy"][key][c], scale=figures["scale"])) for c in CHOICES
                ),
            )
            for key, label in CHOICE_QUESTIONS.items()
        )
        voices = [r[key] for r in rows for key in TEXT_QUESTIONS if r.get(key)]
        rng.shuffle(voices)
        batches.append(FeedbackBatch(period=period, at_least=int(figures["k"]), tallies=tallies, voices=tuple(voices)))
    return batches
