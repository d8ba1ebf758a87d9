from __future__ import annotations

import datetime
import uuid

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import Throttled

from kabeuchi.accounts import selectors, services, throttling
from kabeuchi.accounts.mydata_export import export_zip
from kabeuchi.core import mydata
from kabeuchi.core.api import session_auth
from kabeuchi.core.schemas import InputSchema
from kabeuchi.vault.services import access_record_list

router = Router(tags=["me"])


class MeOut(Schema):
    email: str
    name: str
    language: str
    organisation: str | None
    role: str | None


class PreferencesIn(InputSchema):
    default_retention_days: int


class PreferencesOut(Schema):
    default_retention_days: int
    retention_choices: list[int]
    guideline_read: bool


class DataKindOut(Schema):
    kind: str
    label: str
    count: int


class AccessRecordOut(Schema):
    day: datetime.date
    actor_kind: str
    actor_label: str
    purpose: str
    count: int


class AccountDeleteIn(InputSchema):
    password: str
    confirm: bool


class TokenIn(InputSchema):
    name: str
    days: int | None = 90


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None


class NewTokenOut(TokenOut):
    secret: str


class MessageOut(Schema):
    detail: str


@router.get("/me", response=MeOut)
def me_get(request):
    membership = selectors.membership_of(user=request.user)
    return MeOut(
        email=request.user.email,
        name=request.user.display_name,
        language=request.user.language,
        organisation=membership.organisation.name if membership else None,
        role=membership.role if membership else None,
    )


def _prefs_out(user) -> PreferencesOut:
    prefs = services.preferences_get(user=user)
    return PreferencesOut(
        default_retention_days=prefs.default_retention_days,
        retention_choices=services.retention_choices(user=user),
        guideline_read=prefs.guideline_read,
    )


@router.get("/me/preferences", response=PreferencesOut)
def preferences_get(request):
    return _prefs_out(request.user)


@router.put("/me/preferences", response=PreferencesOut)
def preferences_put(request, payload: PreferencesIn):
    services.preferences_update(user=request.user, default_retention_days=payload.default_retention_days)
    return _prefs_out(request.user)


@router.get("/me/data", response=list[DataKindOut])
def mydata_summary(request):
    return [DataKindOut(kind=s.kind, label=str(s.label), count=s.count(request.user)) for s in mydata.sources()]


@router.get("/me/data/export", response={200: None})
def mydata_export(request):
    response = HttpResponse(export_zip(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kabeuchi-{timezone.localtime():%Y%m%d-%H%M}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@router.delete("/me/data/{kind}/{item_id}", response={204: None})
def mydata_item_delete(request, kind: str, item_id: uuid.UUID):
    source = mydata.source(kind)
    if source is None or source.delete_item is None:
        raise Http404
    source.delete_item(user=request.user, item_id=item_id)
    return Status(204, None)


@router.get("/me/access-log", response=list[AccessRecordOut])
def access_log(request):
    return access_record_list(owner_id=request.user.pk)


@router.post("/me/delete", response={200: MessageOut})
def account_delete(request, payload: AccountDeleteIn):
    """Delete the account and all content, irreversibly (the data key is destroyed first)."""
    if not payload.confirm:
        raise ValidationError({"confirm": [_("Please confirm that you want to delete everything.")]})
    if request.user.has_usable_password():  # company sign-in accounts have none to type
        try:
            right = throttling.check_password(request=request, user=request.user, password=payload.password)
        except throttling.PasswordChecksPaused as paused:
            raise Throttled(wait=paused.retry_after) from None
        if not right:
            raise ValidationError({"password": [_("That password is not right.")]})
    user = request.user
    if getattr(request, "session", None) is not None:
        logout(request)
    services.account_delete(user=user)
    return MessageOut(detail=_("Your account and everything you wrote have been deleted."))


@router.get("/me/tokens", response=list[TokenOut])
def token_list(request):
    return selectors.access_token_list(user=request.user)


@router.post("/me/tokens", response={201: NewTokenOut}, auth=session_auth)
def token_create(request, payload: TokenIn):
    """Creating a token needs the browser session: a token cannot mint more tokens."""
    if payload.days is not None and not 1 <= payload.days <= 365:
        raise ValidationError({"days": [_("A token can be valid for 1 to 365 days.")]})
    created = services.access_token_create(user=request.user, name=payload.name, days=payload.days)
    token = created.token
    return Status(201, NewTokenOut(
        id=token.id, name=token.name, prefix=token.prefix, created_at=token.created_at, expires_at=token.expires_at,
        secret=created.secret,
    ))


@router.delete("/me/tokens/{token_id}", response={204: None})
def token_revoke(request, token_id: uuid.UUID):
    services.access_token_revoke(user=request.user, token_id=token_id)
    return Status(204, None)


@router.post("/invitations/{token}/accept", response={200: MeOut})
def invitation_accept(request, token: str):
    try:
        services.invitation_accept(token=token, user=request.user)
    except services.InvitationInvalid as exc:
        raise Http404 from exc
    return me_get(request)
