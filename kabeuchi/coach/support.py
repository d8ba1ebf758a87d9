"""Human help, brought up when a person's words show crisis, harassment or health trouble.

Detection is ``jatext.safety.detect`` (rules, measured in docs/safety.md).  What happens then is
decided here and nowhere else:

* nothing is sent to anyone, nothing is logged, nothing is counted: the signals live only in
  the reply to the person (and in their saved conversation, if they chose to save it);
* crisis: the guided flow stops; the reply is a fixed, reviewed message and the public hotlines
  come first, then the organisation's consultation desk and EAP;
* harassment: the consultation desk and the public labour consultation, the choice is theirs;
* health: the industrial physician, health staff or a doctor, without any diagnosis.

The public numbers were taken from the official pages named in ``SOURCES`` and checked on
``CHECKED_ON``; a test fails when that date is more than 180 days old, so they get re-checked.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jatext.safety import detect, firm_kinds
from kabeuchi.coach import helplines

CHECKED_ON = datetime.date(2026, 11, 23)
SOURCES = (
    "https://www.mhlw.go.jp/mamorouyokokoro/",
    "https://kokoro.mhlw.go.jp/tel-soudan/",
)


@dataclass(frozen=True)
class Line:
    name: object
    number: str
    hours: object


CRISIS_LINES = (
    Line(_("Emergency (if you are in danger now)"), "119", _("24 hours")),
    Line(_("Yorisoi Hotline (よりそいホットライン)"), "0120-279-338", _("24 hours, free")),
    Line(_("#Inochi SOS (#いのちSOS)"), "0120-061-338", _("free; hours vary by day")),
    Line(_("Inochi no Denwa (いのちの電話)"), "0570-783-556", _("10:00–22:00")),
    Line(
        _("Mental health consultation, unified number (こころの健康相談統一ダイヤル)"),
        "0570-064-556",
        _("hours depend on the prefecture"),
    ),
)
WORK_LINES = (
    Line(
        _("Kokoro no Mimi phone line for workers (こころの耳電話相談)"),
        "0120-565-455",
        _("weekdays 17:00–22:00, weekends 10:00–16:00, free"),
    ),
)

# For someone who cannot call: the ministry's page (one of SOURCES) lists consultations by LINE,
# chat and SNS, with their hours; its address is stable where the services change
CHAT_PAGE = "https://www.mhlw.go.jp/mamorouyokokoro/"
CHAT_TEXT = _("If calling is hard: consultations by LINE and chat are listed on the Ministry of Health's page")


@dataclass(frozen=True)
class Support:
    kinds: tuple[str, ...]  # subset of ("crisis", "harassment", "health")
    crisis_lines: tuple[Line, ...]
    work_lines: tuple[Line, ...]
    consultation_desk: str
    eap: str
    checked_on: datetime.date

    # Kinds only the classifier found (jatext.safety.firm_kinds): help is shown for them too,
    # but a guided conversation is not stopped for them (services.reply_events).
    tentative: tuple[str, ...] = ()

    @property
    def crisis(self) -> bool:
        return "crisis" in self.kinds

    @property
    def stops_the_flow(self) -> bool:
        """A crisis a readable rule found: the fixed, reviewed reply instead of the engine's."""
        return self.crisis and "crisis" not in self.tentative

    def as_json(self) -> dict:
        return {
            "kinds": list(self.kinds),
            "crisis_lines": [
                {"name": str(x.name), "number": x.number, "hours": str(x.hours)} for x in self.crisis_lines
            ],
            "work_lines": [
                {"name": str(x.name), "number": x.number, "hours": str(x.hours)} for x in self.work_lines
            ],
            "consultation_desk": self.consultation_desk,
            "eap": self.eap,
            "chat": {"text": str(CHAT_TEXT), "url": CHAT_PAGE} if self.crisis else None,
            "checked_on": self.checked_on.isoformat(),
        }


def support_for(text: str, *, consultation_desk: str = "", eap: str = "") -> Support | None:
    """The help to show for ``text``, or None.  Pure: it records and sends nothing."""
    signals = detect(text)
    kinds = tuple(sorted({signal.kind for signal in signals}, key=("crisis", "harassment", "health").index))
    support = support_of_kinds(kinds, consultation_desk=consultation_desk, eap=eap)
    if support is None:
        return None
    firm = firm_kinds(signals)
    return replace(support, tentative=tuple(kind for kind in kinds if kind not in firm))


def asked_for(message: str, turns, *, consultation_desk: str = "", eap: str = "") -> Support:
    """The help to show when ``message`` asks for the contacts: the kinds the person's recent
    messages read as (a crisis line named counts as crisis), or the desk and the work lines when
    none did; every kind tentative, so asking never stops the conversation.  Pure."""
    kinds = {
        signal.kind
        for turn in list(turns)[-24:]
        if getattr(turn, "role", "") == "person"
        for signal in detect(turn.text)
    }
    if helplines.names_a_crisis_line(message):
        kinds.add("crisis")
    if not kinds:
        kinds = {"harassment", "health"}
    ordered = tuple(kind for kind in ("crisis", "harassment", "health") if kind in kinds)
    support = support_of_kinds(ordered, consultation_desk=consultation_desk, eap=eap)
    return replace(support, tentative=ordered)


def support_of_kinds(kinds: tuple[str, ...], *, consultation_desk: str = "", eap: str = "") -> Support | None:
    """The help to show for these kinds (crisis, harassment, health, in that order), or None."""
    if not kinds:
        return None
    return Support(
        kinds=kinds,
        crisis_lines=CRISIS_LINES if "crisis" in kinds else (),
        work_lines=WORK_LINES if ("health" in kinds or "harassment" in kinds) else (),
        consultation_desk=consultation_desk,
        eap=eap,
        checked_on=CHECKED_ON,
    )


CRISIS_REPLY = pgettext_lazy(
    "crisis reply",
    "Thank you for telling me. It sounds like you are carrying something very heavy right now. "
    "This is a moment to talk with a person, not with me: please contact one of the people below, "
    "today if you can. You do not have to explain everything; saying that it is hard is enough. "
    "Nobody at your company is told about this conversation. If you are in danger right now, please call 119.",
)
HARASSMENT_NOTE = _(
    "What you describe matters, and you do not have to judge it alone. If you want, the consultation "
    "desk below can listen; whether and when to contact them is your choice."
)
HEALTH_NOTE = _(
    "If your body or sleep has been struggling, it may help to talk with the industrial physician, the health "
    "staff or a doctor. I cannot judge health matters, but they can."
)
