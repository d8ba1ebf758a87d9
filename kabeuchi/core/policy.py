"""Who can see which kind of data: the one table the data guideline renders and the
authorization tests check.

Each kind of data declares its access per role here (via ``mydata.DataSource.access`` for
private content, or the fixed kinds below).  The data guideline page prints this table; the
authorization-matrix test derives its expectations for private items from it, so the page and
the enforcement cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROLES: tuple[str, ...] = ("self", "manager", "people", "admin", "operator")
ROLE_LABELS: dict[str, Promise] = {
    "self": _("You"),
    "manager": _("Your manager"),
    "people": _("People team (HR)"),
    "admin": _("Organisation admin"),
    "operator": _("Service operator"),
}


class Access:
    FULL = "full"
    SHARED = "shared"  # only what the person chose to share, while the share is live
    AGGREGATE = "aggregate"  # only counts over groups of at least k people
    ACCOUNT = "account"  # name, e-mail address and role, to manage membership
    NONE = "none"


ACCESS_LABELS: dict[str, Promise] = {
    Access.FULL: _("Can read"),
    Access.SHARED: _("Only what you share"),
    Access.AGGREGATE: _("Only group totals of at least k people"),
    Access.ACCOUNT: _("Name, e-mail and role only"),
    Access.NONE: _("Cannot see"),
}

OWNER_ONLY = {"self": Access.FULL, "manager": Access.NONE, "people": Access.NONE, "admin": Access.NONE, "operator": Access.NONE}


@dataclass(frozen=True)
class DataKind:
    key: str
    label: Promise | str
    description: Promise | str
    access: dict[str, str]
    retention: str  # a key into the retention texts the guideline renders


# Kinds that are not private content (so not in the export registry) but belong in the table.
ACCOUNT = DataKind(
    key="account",
    label=_("Your account"),
    description=_("Your name, e-mail address, language, and which organisation and role you belong to."),
    access={
        "self": Access.FULL,
        "manager": Access.NONE,
        "people": Access.NONE,
        "admin": Access.ACCOUNT,
        "operator": Access.ACCOUNT,
    },
    retention="account",
)
ACCESS_LOG = DataKind(
    key="access_log",
    label=_("Access log"),
    description=_("A record of any read of your content by anyone but you, such as the system's own jobs."),
    access=OWNER_ONLY,
    retention="access_log",
)
AGGREGATES = DataKind(
    key="aggregates",
    label=_("Organisation totals"),
    description=_("Counts over groups of people, never about one person, and never shown for fewer than k people."),
    access={
        "self": Access.AGGREGATE,
        "manager": Access.NONE,
        "people": Access.AGGREGATE,
        "admin": Access.AGGREGATE,
        "operator": Access.NONE,
    },
    retention="aggregates",
)

FEEDBACK = DataKind(
    key="feedback",
    label=_("Anonymous feedback"),
    description=_(
        "Your answers to the short feedback form, stored without your name, account, address or time; "
        "names and contact details in your words are replaced. Released once a month, shuffled, only in "
        "batches of at least k. Sent with an anonymous token your browser made and the server signed "
        "without seeing it; only a one-way code of each used token is kept, to refuse using it twice, and "
        "it is deleted with the month's key at the release."
    ),
    access={
        "self": Access.NONE,  # not even you: nothing links it to you any more
        "manager": Access.NONE,
        "people": Access.AGGREGATE,
        "admin": Access.NONE,
        "operator": Access.NONE,
    },
    retention="feedback",
)
PROGRAMMES = DataKind(
    key="programme_matches",
    label=_("Programmes matched to you"),
    description=_(
        "Company programmes ranked for you from your notebook, on the fly. Nothing records which programmes "
        "you looked at, were matched to or opened."
    ),
    access=OWNER_ONLY,
    retention="not_kept",
)
USAGE = DataKind(
    key="usage_counts",
    label=_("Monthly usage counts"),
    description=_(
        "That someone used Kabeuchi this month and which conversation themes were chosen, kept as one-way codes "
        "that cannot be turned back into names and destroyed at the month's release. Only noisy totals over "
        "groups of at least k people are released."
    ),
    access={
        "self": Access.NONE,
        "manager": Access.NONE,
        "people": Access.AGGREGATE,
        "admin": Access.AGGREGATE,
        "operator": Access.NONE,
    },
    retention="usage_counts",
)


def data_kinds() -> list[DataKind]:
    """Every kind of data, in the order the guideline shows them."""
    from kabeuchi.core import mydata

    kinds = [
        DataKind(key=s.kind, label=s.label, description=s.description, access=s.access, retention=s.retention)
        for s in mydata.sources()
    ]
    return [*kinds, ACCOUNT, ACCESS_LOG, AGGREGATES, FEEDBACK, PROGRAMMES, USAGE]  # pilots: org/mydata.py


NEVER_USED_FOR: tuple[Promise, ...] = (
    _("Evaluating you (performance reviews, ratings, pay)"),
    _("Decisions about placement, transfer or promotion"),
    _("Discipline or any disadvantage"),
    _("Watching individuals: nobody sees whether, when or how much you use Kabeuchi"),
    _("Training AI models"),
)
