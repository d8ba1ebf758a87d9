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


def access_people_team(*, user) -> Membership:
    """The membership of someone in the people team; 404 for everyone else."""
    membership = (
        Membership.objects.filter(user=user, role=Role.PEOPLE).select_related("organisation").first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def access_insights(*, user) -> Membership:
    """Released aggregates: the people team and organisation admins (the policy table's AGGREGATE)."""
    membership = (
        Membership.objects.filter(user=user, role__in=[Role.PEOPLE, Role.ADMIN]).select_related("organisation").first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404
    return membership


def access_member(*, user) -> Membership:
    """Any member of an organisation (feedback, pilots): 404 for people without one."""
    membership = (
        Membership.objects.filter(user=user).select_related("organisation").first() if user.is_authenticated else None
    )
    if membership is None:
        raise Http404
    return membership
