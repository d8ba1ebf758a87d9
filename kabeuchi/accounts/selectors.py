from kabeuchi.accounts.models import AccessToken, Invitation, Membership


def membership_of(*, user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user).select_related("organisation").first()


def access_token_list(*, user) -> list[AccessToken]:
    return list(AccessToken.objects.filter(user=user).order_by("-created_at"))


def invitation_list(*, organisation) -> list[Invitation]:
    """Links that have not expired or been withdrawn, used or not: the list must not reveal who joined."""
    from django.utils import timezone

    return list(
        Invitation.objects.filter(organisation=organisation, revoked=False, expires_at__gt=timezone.now()).order_by(
            "-created_at"
        )
    )
