"""The one policy for organisation-side pages: who holds which role where."""

from django.http import Http404

from kabeuchi.accounts.models import Membership, Role


def access_org_admin(*, user) -> Membership:
    """The membership of an organisation admin; 404 for everyone else (no hint that the page exists)."""
    membership = (
        Membership.objects.filter(user=user, role=Role.ADMIN).select_related("organisation").first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership
