"""The data guideline (データの取り扱いについて), built from what the system enforces.

Nothing on the page is typed by hand where the system holds the fact: the roles-by-data table
comes from ``kabeuchi.core.policy``, k and the retention limits from the organisation's policy
and the settings, the AI processing place from the engine configuration, and the change history
from ``PolicyChange`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.core.policy import ACCESS_LABELS, NEVER_USED_FOR, ROLE_LABELS, ROLES, data_kinds
from kabeuchi.org.selectors import Change, Policy, default_policy, policy_change_list, policy_for_organisation


@dataclass(frozen=True)
class Row:
    label: str
    description: str
    cells: list[tuple[str, str, str]]  # (access key, access label, role label) per role
    retention: str


@dataclass(frozen=True)
class DifferentialPrivacy:
    """The monthly release's parameters, read from ``kabeuchi.org.insights`` (what it enforces)."""

    epsilon: float
    delta: float
    threshold: int
    ratio: float  # e^ε: how much any result's chance may change because of one person
    explanation: str


@dataclass(frozen=True)
class InvitationMonth:
    """Invitations the organisation's admins made in one month (Asia/Tokyo), and the accounts
    they could create (the sum of their uses).  Shown so that members can see when a batch of
    anonymous feedback or a released number could have been filled by admin-made accounts."""

    period: str
    invitations: int
    seats: int


def invitation_months(*, organisation: Organisation) -> list[InvitationMonth]:
    """Exact counts per month, newest first: admin actions, not anyone's use of Kabeuchi (how
    many invitations were used is not shown: that would say when people joined)."""
    from kabeuchi.accounts.models import Invitation
    from kabeuchi.org.periods import period_of

    months: dict[str, list[int]] = {}
    for created_at, max_uses in Invitation.objects.filter(organisation=organisation).values_list("created_at", "max_uses"):
        row = months.setdefault(period_of(created_at), [0, 0])
        row[0] += 1
        row[1] += max_uses
    return [InvitationMonth(period=p, invitations=c, seats=u) for p, (c, u) in sorted(months.items(), reverse=True)]


@dataclass(frozen=True)
class Guideline:
    organisation: str | None
    policy: Policy
    roles: list[str]
    rows: list[Row]
    never_used_for: list[str]
    ai_processing: str
    changes: list[Change]
    k_minimum: int
    max_retention_global: int
    privacy: DifferentialPrivacy | None = None
    invitations: list[InvitationMonth] = field(default_factory=list)
    token_fingerprint: str | None = None  # this month's feedback key, for members to compare
    # how long the links in Kabeuchi's mails work (settings: KABEUCHI_SIGNUP_LINK_SECONDS,
    # PASSWORD_RESET_TIMEOUT), shown in the "E-mail" section
    signup_link_hours: int = 24
    reset_link_minutes: int = 60
    # the host of the organisation's OpenID Connect provider while company sign-in is on, shown
    # in the "Company sign-in" section (kabeuchi.accounts.models.SingleSignOn)
    sso_provider_host: str | None = None
    # whether the organisation uploaded its directory (kabeuchi.accounts.models.DirectoryEntry):
    # the "The organisation's directory" section says what it holds, who sees it, and that it
    # then decides which departments and teams appear in the monthly figures
    has_directory: bool = False


def retention_text(key: str, policy: Policy) -> str:
    texts = {
        "conversations": _(
            "Only if you choose to save: not at all, or for 30, 90 or 365 days (at most %(days)d days here). "
            "Then deleted automatically."
        )
        % {"days": policy.max_retention_days},
        "until_deleted": _("Until you delete it, or delete your account."),
        "account": _("While you have an account. Deleting your account deletes it at once."),
        "access_log": _("One year."),
        "aggregates": _("Monthly totals, kept while the organisation uses Kabeuchi."),
        "feedback": _("Released feedback is kept while the organisation uses Kabeuchi; it cannot be traced back to you."),
        "pilots": _("Until you leave the pilot or delete your account."),
        "not_kept": _("Not kept: worked out each time you open the page."),
        "usage_counts": _("Until the month's release, then only the noisy totals remain."),
    }
    return texts.get(key, _("Until you delete it, or delete your account."))


def ai_processing_text(policy: Policy | None = None) -> str:
    if settings.KABEUCHI_AI_ENGINE == "guide":
        text = _(
            "On this Kabeuchi server itself, with the built-in guide. What you write is not sent to any "
            "outside AI service."
        )
    else:
        where = settings.KABEUCHI_AI_PROCESSING_LOCATION or _(
            "the AI service configured by the operator of this Kabeuchi server"
        )
        text = _(
            "Replies are written by an AI model at: %(where)s. It receives the conversation you are having "
            "(your messages, a short summary of earlier turns and the theme), nothing else: not your notebook, "
            "not your name."
        ) % {"where": where}
        text += " " + _(
            "The same applies when you ask for a summary at the end of a conversation: the conversation is sent, "
            "and only the summary comes back."
        )
    if settings.KABEUCHI_EMBEDDINGS_BASE_URL:
        # Matching programmes then sends notebook sentences out: the page must say so.
        text += " " + _(
            "To match company programmes to you, sentences from your notebook are also sent to a text-embedding "
            "service configured by the operator; only the result comes back, and nothing is kept there by Kabeuchi."
        )
    sends = settings.KABEUCHI_AI_ENGINE != "guide" or bool(settings.KABEUCHI_EMBEDDINGS_BASE_URL)
    if sends and policy is not None and policy.redacts_pii:
        # What the model gateway (kabeuchi/coach/gateway.py) does, for every kind it sends.
        text += " " + _(
            "Before anything leaves for an AI service (replies, summaries, and matching programmes), names, "
            "e-mail addresses, phone numbers and employee IDs are replaced with placeholders, including the "
            "names of everyone in your organisation, and put back in what comes back. Detection is good but "
            "not perfect: a name written in an unusual way can still be sent."
        )
    elif sends and policy is not None:
        text += " " + _("Your organisation has chosen to send names and contact details as you write them.")
    return text


def differential_privacy_build(*, k: int, has_directory: bool = False) -> DifferentialPrivacy:
    """The differential-privacy section, in plain words, from the release's own parameters."""
    import math

    from kabeuchi.org import insights

    epsilon, delta = insights.privacy_loss()
    threshold = insights.cell_threshold()
    ratio = math.exp(epsilon)
    explanation = _(
        "Each month the numbers the organisation sees (which groups appear, how many members, how many used "
        "Kabeuchi, themes, how many joined a pilot) are worked out once, with random noise added "
        "(differential privacy, ε = %(epsilon).1f, δ = %(delta)s per month). What this means: whether you "
        "joined or not, used it or not, or chose a theme or not, everything the organisation can see looks "
        "almost the same. The chance of any result changes by at most %(ratio).1f times (e^ε), apart from a "
        "one-in-a-million chance (δ). So even someone who knows everyone else in your team, including accounts "
        "they made themselves, cannot confirm from the figures what you did: their guess can improve only by "
        "that much. A group appears only when its noisy count is large enough (about %(threshold)d people, or "
        "%(k)d for departments and teams named on the organisation's invitations), so a missing group says "
        "nothing about anyone. Each month is released once and cannot be released again. These limits are "
        "per month: over several months they add up (over a year, ε = %(year)d)."
    ) % {"epsilon": epsilon, "delta": "0.000001" if delta <= 1e-6 else f"{delta:.1g}", "ratio": ratio,
         "threshold": threshold, "k": k, "year": round(12 * epsilon)}
    if has_directory:
        # insights.release(directory_cells=...): the cells come from the uploaded directory
        explanation += " " + _(
            "This organisation has uploaded its directory, so its departments and teams appear when the directory "
            "lists at least %(k)d people in them, whoever uses Kabeuchi; a smaller team never appears. Only the "
            "figures inside them carry noise."
        ) % {"k": k}
    return DifferentialPrivacy(epsilon=epsilon, delta=delta, threshold=threshold, ratio=ratio, explanation=explanation)


def guideline_build(*, organisation: Organisation | None) -> Guideline:
    from kabeuchi.accounts.models import DirectoryEntry

    policy = policy_for_organisation(organisation=organisation) if organisation else default_policy()
    has_directory = bool(organisation) and DirectoryEntry.objects.filter(organisation=organisation).exists()
    rows = [
        Row(
            label=str(kind.label),
            description=str(kind.description),
            cells=[(kind.access[role], str(ACCESS_LABELS[kind.access[role]]), str(ROLE_LABELS[role])) for role in ROLES],
            retention=retention_text(kind.retention, policy),
        )
        for kind in data_kinds()
    ]
    return Guideline(
        organisation=organisation.name if organisation else None,
        policy=policy,
        roles=[str(ROLE_LABELS[role]) for role in ROLES],
        rows=rows,
        never_used_for=[str(text) for text in NEVER_USED_FOR],
        ai_processing=ai_processing_text(policy),
        changes=policy_change_list(organisation=organisation) if organisation else [],
        k_minimum=settings.KABEUCHI_K_MINIMUM,
        max_retention_global=settings.KABEUCHI_MAX_RETENTION_DAYS,
        privacy=differential_privacy_build(k=policy.k, has_directory=has_directory),
        invitations=invitation_months(organisation=organisation) if organisation else [],
        token_fingerprint=_token_fingerprint(organisation),
        signup_link_hours=settings.KABEUCHI_SIGNUP_LINK_SECONDS // 3600,
        reset_link_minutes=settings.PASSWORD_RESET_TIMEOUT // 60,
        sso_provider_host=_sso_provider_host(organisation),
        has_directory=has_directory,
    )


def _sso_provider_host(organisation: Organisation | None) -> str | None:
    if organisation is None:
        return None
    from urllib.parse import urlsplit

    from kabeuchi.accounts.models import SingleSignOn

    sso = SingleSignOn.objects.filter(organisation=organisation, enabled=True).first()
    return urlsplit(sso.issuer).hostname if sso else None


def _token_fingerprint(organisation: Organisation | None) -> str | None:
    if organisation is None:
        return None
    from kabeuchi.org.feedback import token_key_fingerprint

    return token_key_fingerprint(organisation=organisation)
