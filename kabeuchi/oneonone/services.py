"""Every write of 1on1 preparation: agendas, the notes after the meeting, and shares."""

from __future__ import annotations

import datetime
import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.core.timestamps import day_end
from kabeuchi.oneonone.access import access_agenda, access_own_share, address_hash, token_hash
from kabeuchi.oneonone.models import Agenda, Category, Share, Style

logger = logging.getLogger(__name__)

MAX_TOPICS = 20
MAX_ACTIONS = 20
SHARE_DAYS_MIN, SHARE_DAYS_MAX = 1, 30
ITEM_KINDS = ("since", "topic", "support", "first_words")


# --- content ------------------------------------------------------------------------------------


def _text(value, field: str, errors: dict) -> str:
    text = str(value or "").strip()
    if len(text) > settings.KABEUCHI_MAX_TEXT_CHARS:
        errors[field] = _("This can be at most %(max)d characters (now %(count)d).") % {
            "max": settings.KABEUCHI_MAX_TEXT_CHARS,
            "count": len(text),
        }
    return text


def agenda_content_clean(
    *, meeting_on=None, since: str = "", topics=(), support: str = "", first_words: str = ""
) -> dict:
    """The agenda's content in its stored form; topics without text are dropped."""
    errors: dict[str, str] = {}
    if isinstance(meeting_on, str) and meeting_on.strip():
        try:
            meeting_on = datetime.date.fromisoformat(meeting_on.strip())
        except ValueError:
            errors["meeting_on"] = _("Please give the date as YYYY-MM-DD.")
            meeting_on = None
    elif not isinstance(meeting_on, datetime.date):
        meeting_on = None
    cleaned_topics = []
    for i, topic in enumerate(topics):
        text = _text(topic.get("text"), f"topics.{i}.text", errors)
        if not text:
            continue
        category = topic.get("category") or Category.OTHER
        style = topic.get("style") or Style.THINK
        if category not in Category.values or style not in Style.values:
            errors[f"topics.{i}"] = _("Please choose a topic kind and a response from the list.")
        cleaned_topics.append({"category": category, "text": text, "style": style})
    if len(cleaned_topics) > MAX_TOPICS:
        errors["topics"] = _("An agenda can have at most %(max)d topics.") % {"max": MAX_TOPICS}
    content = {
        "meeting_on": meeting_on.isoformat() if meeting_on else None,
        "since": _text(since, "since", errors),
        "topics": cleaned_topics,
        "support": _text(support, "support", errors),
        "first_words": _text(first_words, "first_words", errors),
    }
    if not errors and not (content["since"] or cleaned_topics or content["support"] or content["first_words"]):
        errors["topics"] = _("Please write at least one thing before saving.")
    if errors:
        raise ValidationError(errors)
    return content


@dataclass(frozen=True)
class AgendaItem:
    """One shareable item of an agenda, as the preview and the recipient show it."""

    key: str  # "since", "topic-0", "support", "first_words"
    kind: str
    text: str
    category: str = ""
    style: str = ""

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category in Category.values else ""

    @property
    def style_label(self) -> str:
        return str(Style(self.style).label) if self.style in Style.values else ""

    def snapshot(self) -> dict:
        data = {"kind": self.kind, "text": self.text}
        if self.kind == "topic":
            data.update(category=self.category, style=self.style)
        return data


def agenda_items(content: dict) -> list[AgendaItem]:
    """The items of an agenda in the order the preview, the share and the exports show them.
    The notes after the meeting are never among them."""
    items: list[AgendaItem] = []
    if content.get("since"):
        items.append(AgendaItem("since", "since", content["since"]))
    for i, t in enumerate(content.get("topics", [])):
        items.append(AgendaItem(f"topic-{i}", "topic", t["text"], t.get("category", ""), t.get("style", "")))
    if content.get("support"):
        items.append(AgendaItem("support", "support", content["support"]))
    if content.get("first_words"):
        items.append(AgendaItem("first_words", "first_words", content["first_words"]))
    return items


def item_from_snapshot(data: dict) -> AgendaItem:
    return AgendaItem(
        data.get("kind", ""), data.get("kind", ""), data.get("text", ""), data.get("category", ""), data.get("style", "")
    )


# --- agendas ------------------------------------------------------------------------------------


def agenda_create(*, user, content: dict) -> Agenda:
    content = agenda_content_clean(**content)
    with transaction.atomic():
        return Agenda.objects.create(owner=user, content=content)


def agenda_update(*, user, agenda_id, content: dict) -> Agenda:
    content = agenda_content_clean(**content)
    with transaction.atomic():
        agenda = access_agenda(user=user, agenda_id=agenda_id)
        agenda.content = content
        agenda.save()
    return agenda


def agenda_delete(*, user, agenda_id) -> None:
    """Deletes the agenda, its notes and every share of it (the recipients lose them at once)."""
    with transaction.atomic():
        access_agenda(user=user, agenda_id=agenda_id).delete()


def agenda_after_save(*, user, agenda_id, notes: str = "", actions=(), clarity: int | None = None) -> Agenda:
    """The private notes after the 1on1, next actions and the すっきり度 (1–5).  Only for the owner."""
    errors: dict[str, str] = {}
    notes = _text(notes, "notes", errors)
    cleaned = []
    for i, action in enumerate(actions):
        action = action if isinstance(action, dict) else {"text": action}
        text = _text(action.get("text"), f"actions.{i}", errors)
        if text:
            cleaned.append({"text": text, "goal": bool(action.get("goal"))})
    if len(cleaned) > MAX_ACTIONS:
        errors["actions"] = _("Please keep to at most %(max)d next actions.") % {"max": MAX_ACTIONS}
    if clarity in ("", None):
        clarity = None
    else:
        try:
            clarity = int(clarity)
        except (TypeError, ValueError):
            clarity = 0
        if not 1 <= clarity <= 5:
            errors["clarity"] = _("Please choose a number from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agenda = access_agenda(user=user, agenda_id=agenda_id)
        agenda.after = {"notes": notes, "actions": cleaned, "clarity": clarity}
        agenda.save()
    return agenda


def action_to_goal(*, user, agenda_id, index: int):
    """Turn a next action into a goal in the notebook (the person's own words as its title)."""
    from kabeuchi.notebook.services import goal_create

    with transaction.atomic():
        agenda = access_agenda(user=user, agenda_id=agenda_id)
        after = dict(agenda.after or {})
        actions = list(after.get("actions", []))
        if not 0 <= index < len(actions):
            raise ValidationError(_("That next action does not exist."))
        goal = goal_create(user=user, title=actions[index]["text"][:200])
        actions[index] = {**actions[index], "goal": True}
        agenda.after = {**after, "actions": actions}
        agenda.save()
    return goal


# --- shares -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewShare:
    share: Share
    token: str  # shown once; only its hash is stored


@dataclass(frozen=True)
class Recipient:
    """Whom a share is for: the owner's manager (``user``), or whoever has ``email``.

    For an address nothing is looked up: whether someone in the organisation has that address
    must not change what the owner sees (docs/privacy.md P22).
    """

    user: object | None = None
    email: str = ""
    name: str = ""  # the manager's name from the organisation's directory, for the owner's list


def share_recipient(*, user, to_manager: bool, email: str = "") -> Recipient:
    """The recipient: the owner's manager, or the person with the address the owner typed.

    The answer for an address is the same whether or not anyone has it: the share is made either
    way and opens only for a signed-in member of the owner's organisation with that address.
    When the organisation's directory names the owner's manager, "my manager" is that address
    (and name), looked up the same way: whether the manager has an account changes nothing.
    """
    from kabeuchi.accounts.models import Membership
    from kabeuchi.accounts.selectors import directory_manager_of

    membership = Membership.objects.filter(user=user).select_related("manager__user").first()
    if membership is None:
        raise ValidationError({"recipient": _("Sharing is for people in an organisation. You can export the agenda instead.")})
    if to_manager:
        listed = directory_manager_of(user=user)
        if listed is not None:
            return Recipient(email=listed.email, name=listed.name)
        if membership.manager is None:
            raise ValidationError({"recipient": _("No manager is set for you. Please name the person instead.")})
        return Recipient(user=membership.manager.user)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Please give the e-mail address of the person to share with.")}) from None
    return Recipient(email=email)


def share_create(*, user, agenda_id, item_keys, recipient, days: int) -> NewShare:
    """Share a snapshot of the chosen items with ``recipient`` for ``days`` (1–30) days.

    ``recipient`` is a :class:`Recipient` (or a user, for the manager).  A share to an address
    is keyed by the address's hash and stores no link to any account."""
    if recipient is not None and not isinstance(recipient, Recipient):
        recipient = Recipient(user=recipient)
    errors: dict[str, str] = {}
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not SHARE_DAYS_MIN <= days <= SHARE_DAYS_MAX:
        errors["days"] = _("A share can last from %(min)d to %(max)d days.") % {"min": SHARE_DAYS_MIN, "max": SHARE_DAYS_MAX}
    if (
        recipient is None
        or (recipient.user is None and not recipient.email)
        or (recipient.user is not None and recipient.user.pk == user.pk)
        or (recipient.email and recipient.email == (user.email or "").lower())
    ):
        errors["recipient"] = _("Please choose someone other than yourself.")
    agenda = access_agenda(user=user, agenda_id=agenda_id)
    keys = set(item_keys)
    chosen = [item for item in agenda_items(agenda.content) if item.key in keys]
    if not chosen:
        errors["items"] = _("Please choose at least one item to share.")
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    content = {"meeting_on": agenda.content.get("meeting_on"), "items": [item.snapshot() for item in chosen]}
    if recipient.user is None:
        content["to"] = recipient.email
        if recipient.name:
            content["to_name"] = recipient.name
    with transaction.atomic():
        share = Share.objects.create(
            owner=user,
            agenda=agenda,
            recipient=recipient.user,
            recipient_hash=address_hash(recipient.email) if recipient.user is None else "",
            token_hash=token_hash(token),
            # until the end of the day, ``days`` days from now: no time of day is kept
            expires_at=day_end(timezone.now() + datetime.timedelta(days=days)),
            content=content,
        )
    return NewShare(share=share, token=token)


class Notice:
    """What became of the e-mail notice of a share."""

    NOT_REQUESTED = "not_requested"
    SENT = "sent"
    FAILED = "failed"  # the mail server did not take it; the share stands
    PAUSED = "paused"  # too many notices by this person just now; the share stands


def share_notice_send(*, user, recipient: Recipient, link: str) -> str:
    """Tell the recipient by e-mail that ``user`` shared a 1on1 preparation, with the link.

    Only when the person who shares ticks it, for that one share.  The mail holds their name, the
    link and fixed wording in Japanese and English; nothing of the agenda (not even its date) is
    passed to the templates, so nothing of it can appear (docs/privacy.md P43).  Nothing is
    stored about the notice.  An address typed by the owner gets the mail whether or not anyone
    has an account with it, so the form's answer still tells nothing (P22).  A mail that cannot
    be sent does not undo the share: the owner is told and still has the link."""
    from kabeuchi.accounts.mail import mail_send_bilingual
    from kabeuchi.accounts.throttling import share_notice_allowed

    if not isinstance(recipient, Recipient):
        recipient = Recipient(user=recipient)
    if not share_notice_allowed(user=user):
        return Notice.PAUSED
    address = recipient.user.email if recipient.user is not None else recipient.email
    try:
        mail_send_bilingual(name="share_notice", to=address, context={"name": str(user), "link": link})
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("A share notice could not be sent (%s).", type(error).__name__)  # no address, no link
        return Notice.FAILED
    return Notice.SENT


def share_revoke(*, user, agenda_id, share_id) -> None:
    """Revoke at once: the share and its snapshot are deleted; the link gives "not found"."""
    with transaction.atomic():
        access_own_share(user=user, agenda_id=agenda_id, share_id=share_id).delete()


def shares_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete expired shares (their snapshots are no use to anyone any more)."""
    deleted, _ = Share.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
