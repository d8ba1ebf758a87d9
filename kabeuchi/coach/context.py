"""The bounded context a model sees on each turn.

A turn sends the system prompt (with the theme), the rolling summary of older turns, and only
the last ``max_turns`` turns, each cut to ``turn_chars`` characters. ``fold`` moves turns that
fall out of that window into the summary (with the model when one is available, otherwise an
extractive summary made of the person's own key words), and the summary itself is capped at
``summary_chars``. So the size of a request stops growing after the first few turns: turn 200
sends about as much as turn 10.

Plain functions over ``ConversationState``; no Django, no network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from jatext.normalize import fold as fold_text
from jatext.tokens import keywords
from kabeuchi.coach import prompts
from kabeuchi.coach.engines.base import ConversationState, EngineUnavailable, Turn
from kabeuchi.coach.themes import FREE, get_theme

Message = dict[str, str]
# (previous summary, turns to fold in) -> new summary text; may raise EngineUnavailable.
Summarizer = Callable[[str, Sequence[Turn]], str]

_SUMMARY_HEADING = {"ja": "## これまでの話の要約", "en": "## Summary of earlier turns"}
_OPENING_HEADING = {
    "ja": "## 直前にあなたが送ったメッセージ",
    "en": "## Your last message before the turns below",
}
_EXTRACTIVE_LEAD = {"ja": "これまでに本人が書いた言葉：", "en": "Words the person used earlier: "}
_WORD_SEPARATOR = {"ja": "、", "en": ", "}
_ROLE = {"person": "user", "partner": "assistant"}


def clip(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters, keeping its beginning and its end (where a
    message usually says what it is about, and what the person wants)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    marker = " … "
    head = (limit - len(marker)) * 2 // 3
    tail = limit - len(marker) - head
    return text[:head].rstrip() + marker + text[len(text) - tail :].lstrip()


def system_prompt(theme: str, language: str) -> str:
    """The system prompt for ``theme`` in ``language``, with the theme's path filled in."""
    try:
        t = get_theme(theme)
    except KeyError:
        t = FREE
    bullet = "・" if language == "ja" else "- "
    steps = "\n".join(
        f"{bullet}{s.label.get(language)}{'：' if language == 'ja' else ': '}{s.question.get(language)}"
        for s in t.steps
    )
    return prompts.load("system", language).render(
        theme_title=t.title.get(language),
        theme_description=t.description.get(language),
        theme_method=t.method.get(language),
        theme_steps=steps,
    )


def build_messages(
    state: ConversationState,
    message: str,
    *,
    system: str,
    language: str,
    max_turns: int = 8,
    turn_chars: int = 1200,
    summary_chars: int = 800,
) -> list[Message]:
    """The chat-completions message list for replying to ``message``.

    One system message (prompt + rolling summary), then at most ``max_turns`` recent turns
    and the new message, alternating user/assistant: consecutive turns of one role are joined
    (a message kept after a failed reply), a trailing copy of ``message`` is dropped (a retry),
    and a window that starts with the partner's turn moves that turn into the system message,
    because several chat templates (Mistral, Gemma) refuse a conversation that does not
    start with the user.
    """
    lang = "en" if language == "en" else "ja"
    window = list(state.recent_turns[-max_turns:])
    if window and window[-1].role == "person" and window[-1].text.strip() == message.strip():
        window.pop()  # the caller kept the unanswered message in the state and is retrying it

    system_parts = [system.rstrip()]
    if state.summary.strip():
        system_parts.append(f"{_SUMMARY_HEADING[lang]}\n{clip(state.summary, summary_chars)}")
    while window and window[0].role == "partner":
        system_parts.append(f"{_OPENING_HEADING[lang]}\n{clip(window.pop(0).text, turn_chars)}")

    messages: list[Message] = [{"role": "system", "content": "\n\n".join(system_parts)}]
    for turn in [*window, Turn("person", message)]:
        role = _ROLE[turn.role]
        content = clip(turn.text, turn_chars)
        if not content:
            continue
        if messages[-1]["role"] == role and role != "system":
            messages[-1] = {
                "role": role,
                "content": clip(messages[-1]["content"] + "\n\n" + content, turn_chars),
            }
        else:
            messages.append({"role": role, "content": content})
    return messages


def fold(
    state: ConversationState,
    *,
    keep_turns: int = 8,
    summary_chars: int = 800,
    language: str = "ja",
    summarizer: Summarizer | None = None,
) -> ConversationState:
    """Fold the turns older than the last ``keep_turns`` into the rolling summary.

    With ``summarizer`` (the model) the summary is rewritten from the previous summary and the
    turns folded in; if it fails or returns nothing, or without one, the extractive summary is
    used. Either way the result is capped at ``summary_chars``. Returns ``state`` unchanged
    when nothing needs folding.
    """
    overflow = len(state.turns) - state.folded - keep_turns
    if overflow <= 0:
        return state
    to_fold = state.turns[state.folded : state.folded + overflow]
    summary = ""
    if summarizer is not None:
        try:
            summary = (summarizer(state.summary, to_fold) or "").strip()
        except EngineUnavailable:
            summary = ""  # the model is not there right now: the extractive summary will do
    if not summary:
        summary = extractive_summary(state.summary, to_fold, language=language, summary_chars=summary_chars)
    return replace(state, summary=clip(summary, summary_chars), folded=state.folded + overflow)


def extractive_summary(previous: str, turns: Sequence[Turn], *, language: str, summary_chars: int) -> str:
    """A summary without a model: the person's own key words, oldest first, most recent kept.

    A previous model-written summary is kept (shortened to half the budget) above the list.
    """
    lang = "en" if language == "en" else "ja"
    lead, sep = _EXTRACTIVE_LEAD[lang], _WORD_SEPARATOR[lang]
    prose, words = _split_extractive(previous, lang)
    for turn in turns:
        if turn.role != "person":
            continue
        for word in keywords(turn.text, 5):
            key = fold_text(word)
            words = [w for w in words if fold_text(w) != key] + [word]  # seen again: now recent
    prose = clip(prose, summary_chars // 2) if prose else ""
    budget = summary_chars - len(lead) - (len(prose) + 1 if prose else 0)
    kept: list[str] = []
    used = 0
    for word in reversed(words):  # newest first, until the budget is spent
        cost = len(word) + (len(sep) if kept else 0)
        if used + cost > budget:
            break
        kept.append(word)
        used += cost
    listed = lead + sep.join(reversed(kept)) if kept else ""
    return "\n".join(part for part in (prose, listed) if part)


def _split_extractive(previous: str, lang: str) -> tuple[str, list[str]]:
    """Separate a previous summary into model-written prose and the extractive word list."""
    lead, sep = _EXTRACTIVE_LEAD[lang], _WORD_SEPARATOR[lang]
    prose_lines: list[str] = []
    words: list[str] = []
    for line in previous.strip().splitlines():
        if line.startswith(lead):
            words = [w for w in line[len(lead) :].split(sep.strip() or sep) if w.strip()]
            words = [w.strip() for w in words]
        elif line.strip():
            prose_lines.append(line)
    return "\n".join(prose_lines), words


def approx_size(messages: Sequence[Message]) -> int:
    """Characters of message content: the measure the bounded-context tests and bench use.

    For Japanese text one character is roughly one token with common tokenizers, for English
    roughly a quarter of a token; what matters here is the ratio between two turns of the same
    conversation, which this measure gives without a tokenizer.
    """
    return sum(len(m.get("content", "")) for m in messages)
