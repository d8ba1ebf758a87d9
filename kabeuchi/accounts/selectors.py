from dataclasses import dataclass

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


# --- the organisation's directory (accounts.directory) -------------------------------------------
# Reads of the org chart the organisation uploaded.  None of them joins it to accounts in a way
# that reaches the organisation side: they answer by address, for the person asking, or in bulk.


def directory_size(*, organisation) -> int:
    """How many people the organisation's directory lists: the organisation's own figure."""
    from kabeuchi.accounts.models import DirectoryEntry

    return DirectoryEntry.objects.filter(organisation=organisation).count()


@dataclass(frozen=True)
class DirectoryManager:
    """A member's manager as the directory names them: a name and an address, never an account."""

    name: str
    email: str


def directory_manager_of(*, user) -> DirectoryManager | None:
    """``user``'s manager according to their organisation's directory, when it lists both.

    Nothing about accounts is looked up: a share "to my manager" goes to the manager's address
    and opens only when they sign in as a member (``oneonone.access``), so the owner never
    learns whether the manager uses Kabeuchi (PRODUCT rule 3, docs/privacy.md P22, P41)."""
    from kabeuchi.accounts.models import DirectoryEntry, Membership

    organisation_id = Membership.objects.filter(user=user).values_list("organisation_id", flat=True).first()
    if organisation_id is None:
        return None
    manager_email = (
        DirectoryEntry.objects.filter(organisation_id=organisation_id, email=user.email.lower())
        .values_list("manager_email", flat=True)
        .first()
    )
    if not manager_email:
        return None
    name = (
        DirectoryEntry.objects.filter(organisation_id=organisation_id, email=manager_email)
        .values_list("name", flat=True)
        .first()
    )
    return DirectoryManager(name=name or manager_email, email=manager_email)


def directory_stamp(*, organisation_id) -> tuple:
    """Changes whenever the directory does (an upload adds, updates or removes rows): for caches."""
    from django.db.models import Count, Max

    from kabeuchi.accounts.models import DirectoryEntry

    stamp = DirectoryEntry.objects.filter(organisation_id=organisation_id).aggregate(n=Count("pk"), at=Max("updated_at"))
    return (stamp["n"], stamp["at"])


def directory_gazetteer_rows(*, organisation_id, members: dict[str, str]) -> list[tuple[str, ...]]:
    """Every name the organisation knows, for redaction: one tuple of forms per person.

    ``members``: address -> display name of the organisation's members.  A member the directory
    lists gives one person (display name, directory name, kana reading, address); directory
    people without an account and members the directory does not list give their own.  So
    redaction treats a colleague the same whether or not they joined."""
    from kabeuchi.accounts.models import DirectoryEntry

    members = dict(members)
    rows: list[tuple[str, ...]] = []
    for email, name, kana in (
        DirectoryEntry.objects.filter(organisation_id=organisation_id).order_by("email").values_list("email", "name", "kana")
    ):
        display = members.pop(email, "")
        rows.append(tuple(form for form in (display, name, kana, email) if form))
    rows.extend(tuple(form for form in (display, email) if form) for email, display in members.items())
    return rows
