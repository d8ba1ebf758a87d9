import datetime
import uuid

from django.http import Http404
from ninja import Router, Schema, Status

from kabeuchi.accounts import selectors as account_selectors
from kabeuchi.accounts import services as account_services
from kabeuchi.accounts.models import Invitation, Organisation
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


class GuidelineOut(Schema):
    organisation: str | None
    k: int
    k_minimum: int
    max_retention_days: int
    ai_processing: str
    never_used_for: list[str]
    rows: list[GuidelineRowOut]
    changes: list[ChangeOut]


class PolicyIO(Schema):
    k: int
    max_retention_days: int
    consultation_desk: str = ""
    eap: str = ""
    pii_redaction: str = "auto"


class InvitationIn(Schema):
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
def policy_put(request, payload: PolicyIO):
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
