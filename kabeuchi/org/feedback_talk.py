"""Anonymous feedback, talked through with the guide engine instead of filled in as a form.

The conversation follows the "feedback" theme (kabeuchi.coach.themes.FEEDBACK), always with the
built-in guide (no model sees it) and always unsaved: its state lives in the page, exactly like
a "do not save" conversation, and nothing here writes a row.  Starting it does not call
``usage_record`` either: it is neither "active this month" nor a theme choice in the
organisation's counts (docs/organisation.md).

At the end the guide's summary of the person's own answers becomes a draft, scrubbed with the
same scrubbing as the form.  The person edits it and chooses: send it through
``feedback.feedback_submit`` (the form's own function: once a month, scrubbing, waiting, release
in batches of k all apply unchanged) or discard it, which keeps nothing because nothing was kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.coach.engine_config import guide_engine
from kabeuchi.coach.engines.base import ConversationState
from kabeuchi.coach.state import state_from_json
from kabeuchi.coach.themes import FEEDBACK
from kabeuchi.org.feedback import TEXT_LIMIT, feedback_scrub

THEME = FEEDBACK.key


def feedback_talk_start(*, language: str) -> ConversationState:
    """A new feedback conversation: the guide's opening only.  Writes nothing, counts nothing."""
    return guide_engine().start(THEME, language=language)


def feedback_talk_state(data) -> ConversationState:
    """The page-held state, refused unless it is a feedback conversation."""
    state = state_from_json(data)
    if state.theme != THEME:
        raise ValidationError(_("This conversation could not be read. Please start a new one."), code="state")
    return state


@dataclass(frozen=True)
class Draft:
    uneasy: str
    comment: str


def feedback_talk_draft(*, state: ConversationState, organisation: Organisation, language: str) -> Draft:
    """What would be sent: the guide's summary of the person's answers, scrubbed.

    The lines about unease go to "what made you uneasy"; every other line (feeling safe,
    usefulness, anything else) goes to "anything else", as on the form.
    """
    summary = guide_engine().summarise(state, language=language)
    uneasy_label = FEEDBACK.steps[FEEDBACK.index_of("uneasy")].label.get(language)
    uneasy, comment = [], []
    for line in [*summary.noticed, *summary.next_steps]:
        (uneasy if line.startswith(uneasy_label) else comment).append(line)
    return Draft(
        uneasy=feedback_scrub("\n".join(uneasy)[:TEXT_LIMIT], organisation=organisation),
        comment=feedback_scrub("\n".join(comment)[:TEXT_LIMIT], organisation=organisation),
    )
