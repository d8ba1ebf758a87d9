import base64
import datetime
import uuid

from django.http import Http404
from ninja import Router, Schema, Status

from kabeuchi.accounts import selectors as account_selectors
from kabeuchi.accounts import services as account_services
from kabeuchi.accounts.models import Invitation, Organisation
from kabeuchi.core.schemas import InputSchema
from kabeuchi.org.access import access_org_admin
from kabeuchi.org.guideline import guideline_build
from kabeuchi.org.selectors import policy_for_organisation
from kabeuchi.org.services import policy_update

router = Router(tags=["organisation"])


class GuidelineRowOut(Schema):
    label: str
    description: str
    access: dict[str, str]
    retention: str


class ChangeOut(Schema):
    setting: str
    old_value: str
    new_value: str
    changed_on: datetime.date


class InvitationMonthOut(Schema):
    period: str
    invitations: int  # made by the organisation's admins that month (Asia/Tokyo)
    seats: int  # accounts those invitations allow, in total (uses are not shown)


class GuidelineOut(Schema):
    organisation: str | None
    k: int
    k_minimum: int
    max_retention_days: int
    ai_processing: str
    never_used_for: list[str]
    rows: list[GuidelineRowOut]
    changes: list[ChangeOut]
    invitations: list[InvitationMonthOut] = []


class PolicyIO(Schema):
    k: int
    max_retention_days: int
    consultation_desk: str = ""
    eap: str = ""
    pii_redaction: str = "auto"


class PolicyIn(PolicyIO, InputSchema):
    """PolicyIO as a request body: a JSON object with these fields only."""


class InvitationIn(InputSchema):
    role: str = "member"
    max_uses: int = 1
    days: int = 14
    department: str = ""
    team: str = ""


class InvitationOut(Schema):
    id: uuid.UUID
    role: str
    max_uses: int
    expires_at: datetime.datetime


class NewInvitationOut(InvitationOut):
    token: str


@router.get("/guideline", response=GuidelineOut, auth=None)
def guideline_get(request, organisation: str | None = None):
    """The data guideline as data; public, like the page."""
    org = None
    if organisation:
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise Http404
    from kabeuchi.core.policy import ROLES

    g = guideline_build(organisation=org)
    return GuidelineOut(
        organisation=g.organisation,
        k=g.policy.k,
        k_minimum=g.k_minimum,
        max_retention_days=g.policy.max_retention_days,
        ai_processing=g.ai_processing,
        never_used_for=g.never_used_for,
        invitations=[InvitationMonthOut(period=m.period, invitations=m.invitations, seats=m.seats) for m in g.invitations],
        rows=[
            GuidelineRowOut(
                label=r.label, description=r.description, retention=r.retention,
                access={role: cell[0] for role, cell in zip(ROLES, r.cells, strict=True)},
            )
            for r in g.rows
        ],
        changes=[ChangeOut(**c.__dict__) for c in g.changes],
    )


@router.get("/org/policy", response=PolicyIO)
def policy_get(request):
    membership = access_org_admin(user=request.user)
    p = policy_for_organisation(organisation=membership.organisation)
    return PolicyIO(
        k=p.k, max_retention_days=p.max_retention_days, consultation_desk=p.consultation_desk, eap=p.eap,
        pii_redaction=p.pii_redaction,
    )


@router.put("/org/policy", response=PolicyIO)
def policy_put(request, payload: PolicyIn):
    membership = access_org_admin(user=request.user)
    policy_update(organisation=membership.organisation, **payload.dict())
    return policy_get(request)


@router.get("/org/invitations", response=list[InvitationOut])
def invitation_list(request):
    membership = access_org_admin(user=request.user)
    return account_selectors.invitation_list(organisation=membership.organisation)


@router.post("/org/invitations", response={201: NewInvitationOut})
def invitation_create(request, payload: InvitationIn):
    membership = access_org_admin(user=request.user)
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from kabeuchi.accounts.models import Role

    if payload.role not in Role.values:
        raise ValidationError({"role": [_("Please choose one of the offered roles.")]})
    created = account_services.invitation_create(organisation=membership.organisation, **payload.dict())
    inv = created.invitation
    return Status(201, NewInvitationOut(
        id=inv.id, role=inv.role, max_uses=inv.max_uses, expires_at=inv.expires_at, token=created.token
    ))


@router.post("/org/invitations/{invitation_id}/revoke", response={204: None})
def invitation_revoke(request, invitation_id: uuid.UUID):
    membership = access_org_admin(user=request.user)
    invitation = Invitation.objects.filter(pk=invitation_id, organisation=membership.organisation).first()
    if invitation is None:
        raise Http404
    account_services.invitation_revoke(invitation=invitation)
    return Status(204, None)


# --- anonymous feedback, pilots, released insights ---------------------------------------------

from kabeuchi.org import feedback as feedback_service  # noqa: E402
from kabeuchi.org import pilots as pilot_service  # noqa: E402
from kabeuchi.org.access import access_insights, access_member, access_people_team  # noqa: E402
from kabeuchi.org.periods import period_of  # noqa: E402


class RangeOut(Schema):
    low: int
    high: int


class AnswerCountOut(Schema):
    answer: str
    count: RangeOut  # a 95 % range of a noisy count, rounded outward to fives; never exact


class TallyOut(Schema):
    question: str
    counts: list[AnswerCountOut]


class FeedbackBatchOut(Schema):
    period: str
    at_least: int  # the batch has at least this many responses (k); the number itself is not released
    tallies: list[TallyOut]
    voices: list[str]


class PilotIn(InputSchema):
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    description: str = ""
    department: str = ""


class PilotPeopleOut(Schema):
    id: str
    name: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    department: str
    code: str
    joined_at_least: int | None


class PilotMineOut(Schema):
    id: str
    name: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    code: str
    joined: bool


class PilotJoinIn(InputSchema):
    code: str


class CellOut(Schema):
    cell: list[str]
    members: RangeOut
    active: RangeOut


class ThemeCountOut(Schema):
    theme: str
    count: RangeOut


class SnapshotOut(Schema):
    period: str
    k: int
    epsilon: float
    hidden: int
    cells: list[CellOut]
    themes: list[ThemeCountOut]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str, *, limit: int = 1024) -> bytes:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        if len(text) > limit:
            raise ValueError
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise ValidationError(_("This anonymous token is not valid. Please reload the page and send again; what you typed stays.")) from error


class TokenKeyOut(Schema):
    organisation: str
    period: str
    variant: str = "RSABSSA-SHA384-PSS-Randomized"
    n: str  # base64url, big-endian
    e: int


class TokenIssueIn(InputSchema):
    period: str
    blinded_msg: str  # base64url, as long as n


class TokenIssueOut(Schema):
    blind_sig: str  # base64url


class FeedbackSpendIn(InputSchema):
    organisation: str  # the organisation's slug
    period: str
    token: str  # base64url: the prepared message (32-byte prefix + 32 random bytes)
    signature: str  # base64url RSASSA-PSS signature (SHA-384, MGF1-SHA384, 48-byte salt)
    safe: str
    useful: str
    uneasy: str = ""
    comment: str = ""


@router.get("/feedback/key", response=TokenKeyOut)
def feedback_token_key(request):
    """This month's public key for anonymous feedback tokens (RFC 9474 blind RSA, 2048 bits)."""
    membership = access_member(user=request.user)
    period = period_of()
    n, e = feedback_service.token_public_key(organisation=membership.organisation, period=period)
    return TokenKeyOut(organisation=membership.organisation.slug, period=period, n=_b64(n.to_bytes((n.bit_length() + 7) // 8, "big")), e=e)


@router.post("/feedback/token", response=TokenIssueOut)
def feedback_token_issue(request, payload: TokenIssueIn):
    """Step 1 of 2 (signed in): blind-sign one token for this month.  Records only that you took
    your token (a keyed one-way code) and a digest of the blinded message.  If the response was
    lost, send the *same* blinded message again: it is signed again (the same token).  A
    different blinded message this month is refused.  The server never sees the token itself.
    Ask for it when the form opens, not when you send."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    membership = access_member(user=request.user)
    if payload.period != period_of():
        raise ValidationError(_("The month has changed since this page was opened. Please reload it; what you typed stays."))
    blind_sig = feedback_service.token_issue(
        user=request.user, organisation=membership.organisation, blinded_msg=_unb64(payload.blinded_msg), period=payload.period,
    )
    return TokenIssueOut(blind_sig=_b64(blind_sig))


@router.post("/feedback/spend", response={204: None}, auth=None)
def feedback_spend(request, payload: FeedbackSpendIn):
    """Step 2 of 2 (no credentials): send anonymous feedback with a finished token.  Send it
    without cookies or Authorization (the server strips both from this path before any other
    code runs).  Stored without user, address or time; a token can be spent once."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise ValidationError(_("This anonymous token is not valid. Please reload the page and send again; what you typed stays."))
    feedback_service.feedback_spend(
        organisation=organisation, period=payload.period,
        token=_unb64(payload.token), signature=_unb64(payload.signature),
        safe=payload.safe, useful=payload.useful, uneasy=payload.uneasy, comment=payload.comment,
    )
    return Status(204, None)


@router.get("/org/feedback", response=list[FeedbackBatchOut])
def feedback_list(request):
    """Released feedback batches (at least k each, shuffled, dated by month): people team only.
    No exact count: a batch says "at least k", and answer counts are noisy 95 % ranges."""
    membership = access_people_team(user=request.user)
    return [
        FeedbackBatchOut(
            period=b.period, at_least=b.at_least, voices=list(b.voices),
            tallies=[
                TallyOut(question=t.question, counts=[
                    AnswerCountOut(answer=label, count=RangeOut(low=r.low, high=r.high)) for label, r in t.counts
                ])
                for t in b.tallies
            ],
        )
        for b in feedback_service.feedback_batches(organisation=membership.organisation)
    ]


@router.get("/org/pilots", response=list[PilotPeopleOut])
def pilot_list(request):
    """Pilots with how many joined (from k, rounded down to five); never who."""
    membership = access_people_team(user=request.user)
    k = policy_for_organisation(organisation=membership.organisation).k
    return [p.__dict__ for p in pilot_service.pilot_list_for_people(organisation=membership.organisation, k=k)]


@router.post("/org/pilots", response={201: PilotPeopleOut})
def pilot_create(request, payload: PilotIn):
    membership = access_people_team(user=request.user)
    pilot = pilot_service.pilot_create(organisation=membership.organisation, **payload.dict())
    return Status(201, PilotPeopleOut(
        id=str(pilot.pk), name=pilot.name, description=pilot.description, starts_on=pilot.starts_on,
        ends_on=pilot.ends_on, department=pilot.department, code=pilot.code, joined_at_least=None,
    ))


@router.get("/pilots", response=list[PilotMineOut])
def pilot_mine(request):
    """My pilots and open invitations: only ever about the person asking."""
    membership = access_member(user=request.user)
    return [p.__dict__ for p in pilot_service.pilot_list_mine(user=request.user, membership=membership)]


@router.post("/pilots/join", response={204: None})
def pilot_join(request, payload: PilotJoinIn):
    membership = access_member(user=request.user)
    pilot_service.pilot_join(user=request.user, membership=membership, code=payload.code)
    return Status(204, None)


@router.delete("/pilots/{uuid:pilot_id}/participation", response={204: None})
def pilot_leave(request, pilot_id: uuid.UUID):
    access_member(user=request.user)
    pilot_service.pilot_leave(user=request.user, pilot_id=pilot_id)
    return Status(204, None)


@router.get("/org/insights", response=list[SnapshotOut])
def insights_list(request):
    """Released monthly snapshots (gated, noised, as ranges): people team and admins."""
    from kabeuchi.org import insights

    membership = access_insights(user=request.user)
    return [
        SnapshotOut(
            period=s.period, k=s.k, epsilon=s.epsilon, hidden=s.hidden,
            cells=[CellOut(cell=list(c.cell), members=RangeOut(**c.members.__dict__), active=RangeOut(**c.active.__dict__)) for c in s.cells],
            themes=[ThemeCountOut(theme=t.theme, count=RangeOut(**t.count.__dict__)) for t in s.themes],
        )
        for s in insights.snapshot_list(organisation=membership.organisation)
    ]
