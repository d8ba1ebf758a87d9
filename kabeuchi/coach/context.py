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
from dataclasses import dataclass, replace

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


def system_prompt(theme: str, language: str, *, compact: bool = False, with_path: bool = True) -> str:
    """The system prompt for ``theme`` in ``language``, with the theme's path filled in.

    ``compact``: the short prompt for small contexts (every rule of stance and safety, the
    theme's path as its step names only, or with ``with_path=False`` the theme's title only)."""
    try:
        t = get_theme(theme)
    except KeyError:
        t = FREE
    if compact:
        title = t.title.get(language)
        if with_path and t.steps:
            arrow, (left, right) = (" → ", (" (", ")")) if language == "en" else ("→", ("（", "）"))
            title += left + arrow.join(s.label.get(language) for s in t.steps) + right
        return prompts.load("system_compact", language).render(theme=title)
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
    return _assemble(
        system,
        clip(state.summary, summary_chars) if state.summary.strip() else "",
        _window(state, message, max_turns),
        message,
        language=language,
        turn_chars=turn_chars,
    )


def _window(state: ConversationState, message: str, max_turns: int) -> list[Turn]:
    window = list(state.recent_turns[-max_turns:])
    if window and window[-1].role == "person" and window[-1].text.strip() == message.strip():
        window.pop()  # the caller kept the unanswered message in the state and is retrying it
    return window


def _assemble(
    system: str, summary: str, window: Sequence[Turn], message: str, *, language: str, turn_chars: int
) -> list[Message]:
    lang = "en" if language == "en" else "ja"
    window = list(window)
    system_parts = [system.rstrip()]
    if summary.strip():
        system_parts.append(f"{_SUMMARY_HEADING[lang]}\n{summary}")
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


# --- fitting a request into the model's context -------------------------------------------------
#
# No tokenizer is downloaded: the count is an estimate that must err on the high side, since a
# request the server refuses is a failed reply.  Measured: the Japanese system prompt of
# 2026-11-23 (1,698-1,932 characters depending on the theme, 87-88 % of them not ASCII) was
# 3,041 tokens on a llama.cpp server (issue 14): 1.57-1.79 tokens per character, or 1.65-1.89
# per character outside ASCII once the ASCII is counted as below (which theme was measured is not
# known, so the worst case is assumed).  So every
# character outside ASCII (kana, kanji, full-width punctuation, emoji) counts 2 tokens, and
# ASCII text one token per 3 characters (English runs about 4 with common tokenizers).  Each
# message adds the chat template's role markers, and each request a little more.

NON_ASCII_TOKENS = 2
ASCII_CHARS_PER_TOKEN = 3
MESSAGE_OVERHEAD_TOKENS = 8
REQUEST_OVERHEAD_TOKENS = 16


def estimate_tokens(text: str) -> int:
    """A pessimistic token count of ``text`` for any common tokenizer (see above)."""
    ascii_chars = len(text.encode("ascii", "ignore"))
    return (len(text) - ascii_chars) * NON_ASCII_TOKENS + -(-ascii_chars // ASCII_CHARS_PER_TOKEN)


def estimate_messages(messages: Sequence[Message]) -> int:
    """Estimated prompt tokens of a chat request (contents, role markers, request overhead)."""
    return REQUEST_OVERHEAD_TOKENS + sum(
        MESSAGE_OVERHEAD_TOKENS + estimate_tokens(m.get("content", "")) for m in messages
    )


@dataclass(frozen=True)
class Fitted:
    """A request that fits: its messages, and what had to give way for it."""

    messages: list[Message]
    compact: bool = False  # the compact system prompt is used
    turns_dropped: int = 0  # recent turns left out (the oldest first)
    summary_shortened: bool = False
    estimated_tokens: int = 0


class DoesNotFit(Exception):
    """Even the smallest request (compact prompt and the new message) exceeds the budget."""

    def __init__(self, needed: int, budget: int) -> None:
        self.needed, self.budget = needed, budget
        super().__init__(f"needs about {needed} tokens, {budget} available")


def fit_messages(
    state: ConversationState,
    message: str,
    *,
    system: str,
    compact_system: str,
    language: str,
    budget_tokens: int,
    smallest_system: str | None = None,
    max_turns: int = 8,
    turn_chars: int = 1200,
    summary_chars: int = 800,
) -> Fitted:
    """The reply request for ``message`` cut to ``budget_tokens`` estimated prompt tokens.

    With the full system prompt first: the oldest recent turns go first (the OpenAI engine folds
    turns a request could not hold into the rolling summary after each exchange, so normally
    they are summarised there already), then the summary is shortened and finally left out.  If even
    the full prompt and the message alone do not fit, the same with the compact prompt, and
    then with ``smallest_system`` (the compact prompt without the theme's path) if given.
    Raises ``DoesNotFit`` when the smallest prompt and the message alone are too many.
    """
    window = _window(state, message, max_turns)
    summary = clip(state.summary, summary_chars) if state.summary.strip() else ""
    shorter = [clip(summary, n) for n in (summary_chars // 2, summary_chars // 4, 100) if len(summary) > n]
    smallest = 0
    prompts_in_order = [(False, system), (True, compact_system)]
    if smallest_system is not None:
        prompts_in_order.append((True, smallest_system))
    for compact, prompt in prompts_in_order:
        for dropped in range(len(window) + 1):
            messages = _assemble(prompt, summary, window[dropped:], message, language=language, turn_chars=turn_chars)
            size = estimate_messages(messages)
            if size <= budget_tokens:
                return Fitted(messages, compact, dropped, False, size)
        for short in [*shorter, ""]:
            messages = _assemble(prompt, short, [], message, language=language, turn_chars=turn_chars)
            size = estimate_messages(messages)
            if size <= budget_tokens:
                return Fitted(messages, compact, len(window), True, size)
            smallest = size
    raise DoesNotFit(smallest, budget_tokens)


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
