"""Play scripted conversations through the guide engine, check every reply, write transcripts.

A corpus is a JSON list of conversations ``{id, lang, theme, persona, turns: [{text, kind,
notes}]}``; ``kind`` says what the scripted person meant (answer, dont_know, nothing, skip,
back, question_fact, question_decision, correction, confirm, off_topic, crisis, harassment,
health, plan, summary_request, end). The engine never sees ``kind``: it is only used by the
checks. Missing or odd fields are tolerated (a conversation without turns is skipped, an
unknown theme falls back to free talk), so any corpus can be played.

Usage (from the repository root)::

    python -m tests.coach.corpus_runner CORPUS.json                 # checks, one line per violation
    python -m tests.coach.corpus_runner CORPUS.json --out T.md      # + transcripts (Markdown)
    python -m tests.coach.corpus_runner CORPUS.json --out T.json    # + transcripts (JSON)
    python -m tests.coach.corpus_runner CORPUS.json --quiet         # counts only

Checks on every reply (see ``check_conversation``):

- ``not_own_words``: a quote (「…」 or "…") that is not a contiguous slice of what the person wrote;
- ``fragment``: a quote that starts or ends inside a phrase (立つ out of 腹が立つ, 否定 out of
  否定されずに, a quote ending on a bare stem);
- ``negation_dropped``: a quote followed, in the person's text, by the negation it leaves out;
- ``danger_word``: a quote holding 死/殺/消えたい/叩 … (figures of speech are never reflected);
- ``keyword_quote``: an English quote of a single word;
- ``non_answer_stored``: a turn whose kind is not an answer became a step's answer;
- ``summary_mismatch``: a line of a summary check that is not the answer of its step;
- ``end_summary_missing`` / ``plan_lost``: the end summary lacks a step's answer or a plan;
- ``flow_after_crisis``: a summary check or a theme question right after a crisis/harassment turn;
- ``repeated_sentence``: a stock sentence in more than one reply of five consecutive ones;
- ``crash``: the engine raised.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jatext.courtesy import without_courtesies
from jatext.normalize import fold
from jatext.phrases import ends_on_boundary, starts_on_boundary
from kabeuchi.coach.engines.base import ConversationState
from kabeuchi.coach.engines.guide import (
    _LEADING_GREETING,
    _ROLE_HEADINGS,
    GuideEngine,
    _courtesies_off,
    _form_sentences,
    _is_aside,
    _is_placeholder,
    _role_sentences,
    _split_sentences,
    _standing_answers,
    _step_for,
    answers_of,
    form_headed,
    form_lines,
    quote,
    role_summarised,
    step_answers,
    summary_answers,
    summary_heading,
)
from kabeuchi.coach.themes import THEMES, get_theme

_QUOTE_JA = re.compile(r"「([^「」]+)」")
_QUOTE_EN = re.compile(r"\"([^\"]+)\"")
NON_ANSWER = frozenset(
    {
        "dont_know",
        "nothing",
        "skip",
        "back",
        "question_fact",
        "question_decision",
        "confirm",
        "off_topic",
        "crisis",
        "harassment",
        "health",
        "summary_request",
        "end",
    }
)
SUPPORT_KINDS = frozenset({"crisis", "harassment"})
_DANGER = re.compile(r"死|殺|消えたい|消えて|叩|殴|\bkill|\bdie\b|suicid", re.IGNORECASE)
_NEGATION_AFTER = re.compile(r"^(?:ない|なかっ|なく|ず|ません|ぬ|n't|\s+not\b)")
_SENTENCE = re.compile(r"[^。？！?!\n]+[。？！?!]?")


def _guide_terms() -> set[str]:
    """Words the guide quotes on its own (its commands, step labels, cue markers)."""
    terms = {
        "スキップ", "戻る", "続ける", "気づき", "小さな一歩", "skip", "back", "continue", "わからない",
        "でも", "けど", "だけど", "けれど", "けれども", "しかし", "本当は", "ほんとは", "ほんとうは", "実は",
        "本音は", "本心は", "but", "actually", "really", "though", "however", "honestly", "deep down",
        "会社の制度・プログラム", "Company programmes",  # the page of Kabeuchi the guide points to
    }
    texts = []
    for theme in THEMES.values():
        texts += [theme.opening.ja, theme.opening.en]
        if theme.closing is not None:
            texts += [theme.closing.ja, theme.closing.en]
        for step in theme.steps:
            terms.update({step.label.ja, step.label.en, summary_heading(theme, step, "ja"), summary_heading(theme, step, "en")})
            for t in (step.question, step.smaller, step.again, step.unbuilt):
                if t is not None:
                    texts += [t.ja, t.en]
    for t in texts:
        terms.update(_QUOTE_JA.findall(t))
        terms.update(_QUOTE_EN.findall(t))
    return terms


GUIDE_TERMS = _guide_terms()


# the headings of the line kept just for the person while preparing a 1on1 (P44), in a summary
# check and in the guide's answer to 「課長に見える部分を見せて」
_PRIVATE_LINES = frozenset((
    "自分のためのメモ（1on1の準備には入れていません）",
    "Just for you (not put into the 1on1 preparation)",
    "あなただけのメモ（上司に見える部分には入れていません）",
    "Just for you (kept out of that part)",
))


@dataclass
class Violation:
    conversation: str
    turn: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.conversation} #{self.turn} {self.rule}: {self.detail}"


@dataclass
class Played:
    conversation: dict
    language: str
    theme: str
    opening: str = ""
    turns: list[dict] = field(default_factory=list)  # {text, kind, reply, move, step}
    summary: dict = field(default_factory=dict)
    state: ConversationState | None = None
    error: str = ""


def load(path: str | Path) -> list[dict]:
    """The conversations of a corpus file; anything that is not a conversation is skipped."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("conversations") or list(data.values())
    result = []
    for i, conv in enumerate(data if isinstance(data, list) else []):
        if not isinstance(conv, dict):
            continue
        turns = [t if isinstance(t, dict) else {"text": str(t)} for t in (conv.get("turns") or [])]
        result.append({**conv, "id": str(conv.get("id", f"#{i}")), "turns": turns})
    return result


def play(conv: dict, engine: GuideEngine | None = None) -> Played:
    engine = engine or GuideEngine()
    language = conv.get("lang") if conv.get("lang") in ("ja", "en") else "ja"
    try:
        theme = get_theme(conv.get("theme")).key
    except KeyError:
        theme = "free"
    played = Played(conv, language, theme)
    try:
        state = engine.start(theme, language=language)
        played.opening = state.turns[0].text
        for turn in conv["turns"]:
            text = str(turn.get("text") or "")
            reply = engine.reply(state, text, language=language)
            state = engine.record(state, text, reply, language=language)
            last = state.turns[-1]
            played.turns.append(
                {"text": text, "kind": turn.get("kind", ""), "notes": turn.get("notes", ""), "reply": reply, "move": last.move, "step": last.step}
            )
        summary = engine.summarise(state, language=language)
        played.summary = {"noticed": summary.noticed, "next_steps": summary.next_steps}
        played.state = state
    except Exception:  # noqa: BLE001 - a crash is reported as a violation, never raised
        played.error = traceback.format_exc()
    return played


def _quotes(reply: str, language: str) -> list[str]:
    found = _QUOTE_JA.findall(reply)
    if language == "en" or not found:
        found += _QUOTE_EN.findall(reply)
    return found


def _check_quote(q: str, texts: list[str], language: str) -> str | None:
    """None if ``q`` is a whole phrase of one of the person's texts, else the rule broken."""
    core = q.strip().rstrip("…")
    if not core or core in GUIDE_TERMS or core.lower() in GUIDE_TERMS:
        return None
    if _DANGER.search(core):
        return "danger_word"
    if language == "en" and len(core.split()) == 1 and not re.search(r"\d", core):
        owned = any(core in t for t in texts)
        # a word the person quoted themselves ("it's not 'bored', say …") may be named back as quoted
        quoted_by_them = any(re.search(rf"['\"“‘]{re.escape(core)}['\"”’]", t) for t in texts)
        if owned and not quoted_by_them and not any(t.strip().rstrip(".!?") == core for t in texts):
            return "keyword_quote"
    rule = "not_own_words"
    if language == "en":
        texts = [_nested(t) for t in texts]
    for t in texts:
        start = t.find(core)
        while start >= 0:
            end = start + len(core)
            if _NEGATION_AFTER.match(t[end:]):
                rule = "negation_dropped"
            elif ends_on_boundary(t, end, start) and (starts_on_boundary(t, start) or _leads_in(t, start)):
                return None
            elif rule == "not_own_words":
                rule = "fragment"
            start = t.find(core, start + 1)
    return rule


def _nested(text: str) -> str:
    """The person's text as the guide quotes it in English: a quote inside it nests as '…'."""
    return re.sub(r'["\u201c\u201d]', "'", text)


def _leads_in(text: str, start: int) -> bool:
    """A quote may start after a word the guide names on its own (「本当は」のあとに「…」)."""
    return bool(re.search(r"(本当は|ほんとは|ほんとうは|実は|本音は|本心は|でも|けど|だけど|しかし)$", text[:start]))


def check_conversation(played: Played) -> list[Violation]:
    cid = str(played.conversation.get("id"))
    out: list[Violation] = []
    if played.error:
        out.append(Violation(cid, len(played.turns), "crash", played.error.strip().splitlines()[-1]))
    texts: list[str] = []
    support = False
    replies: list[list[str]] = []
    lang = played.language
    theme = get_theme(played.theme)
    questions = {t.get(lang) for step in theme.steps for t in (step.question, step.unbuilt) if t is not None}
    # the step questions themselves may be asked again (after a skip, a back, a question to the
    # guide): that is the flow, not a stock phrase
    question_sentences = {
        x.strip()
        for th in (theme, get_theme("free"))
        for step in th.steps
        for t in (step.question, step.smaller, step.again, step.unbuilt)
        if t is not None
        for x in _SENTENCE.findall(t.get(lang))
    }
    for n, turn in enumerate(played.turns):
        texts.append(turn["text"])
        reply = turn["reply"]
        kind = turn["kind"]
        for q in _quotes(reply, lang):
            rule = _check_quote(q, texts, lang)
            if rule:
                out.append(Violation(cid, n, rule, q))
        if kind in SUPPORT_KINDS:
            support = True
        elif support and n > 0 and played.turns[n - 1]["kind"] in SUPPORT_KINDS:
            if turn["move"] == "check":
                out.append(Violation(cid, n, "flow_after_crisis", "summary check right after a crisis/harassment turn"))
        if support and kind in SUPPORT_KINDS and (turn["move"] == "check" or any(q in reply for q in questions)):
            out.append(Violation(cid, n, "flow_after_crisis", "the flow went on in the reply to a crisis/harassment turn"))
        own = []
        for line in reply.split("\n"):
            if line.startswith(("・", "- ")) or line.endswith("：") or line.endswith(":"):
                continue
            for s in _SENTENCE.findall(line):
                s = s.strip()
                # a sentence quoting the person's words is theirs; one that quotes only the
                # guide's own terms (「スキップ」) is a stock sentence
                person_quotes = [q for q in _quotes(s, lang) if q not in GUIDE_TERMS and q.lower() not in GUIDE_TERMS]
                if s and not person_quotes and s not in question_sentences:
                    own.append(s)
        replies.append(own)
    # stock sentences: at most one reply in any five consecutive ones
    reported: set[str] = set()
    for i in range(len(replies)):
        window = replies[i : i + 5]
        counts = Counter(s for r in window for s in set(r))
        for s, c in counts.items():
            if c > 1 and s not in reported:
                reported.add(s)
                out.append(Violation(cid, i, "repeated_sentence", s))
    if played.state is None:
        return out
    state = played.state
    # person turn i of the state is turns[1 + 2*n]
    answers = summary_answers(state)
    for a in answers:
        n = (a.index - 1) // 2
        if a.kind in ("answer", "more") and 0 <= n < len(played.turns) and played.turns[n]["kind"] in NON_ANSWER:
            out.append(Violation(cid, n, "non_answer_stored", f"{played.turns[n]['kind']}: {played.turns[n]['text'][:40]}"))
    # summary checks: each line is the answer of its step at that time
    for n, turn in enumerate(played.turns):
        if turn["move"] != "check":
            continue
        upto = 2 * (n + 1) + 1
        partial = ConversationState(theme=state.theme, turns=state.turns[:upto], step=turn["step"] or 0)
        per_step = step_answers(summary_answers(partial))
        by_label = {}
        if form_headed(theme):
            # headed by each sentence's form: every quote must come from one of the answers, under a
            # heading the form-headed summary uses
            everything = [a.text for a in answers_of(partial)]
            for label, _ in form_lines(theme, answers_of(partial), lang):
                by_label[label] = everything
        rolled = role_summarised(theme) and not form_headed(theme)
        if rolled:
            # career, learning: the check files each sentence by what it says, as the end summary
            # does; every quote must be the person's own words, under one of its headings
            said = [t.text for t in partial.turns if t.role == "person"]
            for _, ja, en in _ROLE_HEADINGS[theme.key]:
                by_label[ja if lang == "ja" else en] = said
            by_label["小さな一歩" if lang == "ja" else "A small step"] = said
        for index, texts_ in per_step.items() if not (form_headed(theme) or rolled) else ():
            step = _step_for(theme, index)
            if step is not None:
                by_label.setdefault(summary_heading(theme, step, lang), []).extend(texts_)
        if not form_headed(theme):
            # what was filed apart from the steps is listed under its own plain heading
            by_label.setdefault("ほかに書いたこと" if lang == "ja" else "Also on your mind", []).extend(
                a.text for a in summary_answers(partial) if a.kind == "note"
            )
        for line in turn["reply"].split("\n"):
            if not line.startswith(("・", "- ")):
                continue
            label, _, rest = line[2 if line.startswith("- ") else 1 :].partition("：" if lang == "ja" else ": ")
            expected = by_label.get(label)
            if label in _PRIVATE_LINES:
                # the line just for the person (P44): each quote is their own words, from any message
                expected = [t.text for t in partial.turns if t.role == "person"]
            if expected is None:
                out.append(Violation(cid, n, "summary_mismatch", f"no answer for line {label}"))
                continue
            for q in _quotes(rest, lang):
                if not any(q.rstrip("…") in _nested(e) for e in expected):
                    out.append(Violation(cid, n, "summary_mismatch", f"{label}: {q}"))
    # end summary holds every step's answer and every stated plan, courtesies apart (「ありがとね、
    # 助かった」 is not content: jatext.courtesy)
    answers = _courtesies_off(answers)
    per_step = step_answers(answers)
    noticed = "\n".join(played.summary.get("noticed", []))
    next_steps = "\n".join(played.summary.get("next_steps", []))
    by_content = form_headed(theme) or role_summarised(theme)
    if by_content:
        # every answer still standing is in the end summary, under whichever heading its form gave
        said = _nested(noticed + "\n" + next_steps)
        # a sentence the role model reads as talk about the talk, or one never quoted (a crisis, a
        # health worry, a word taken back), is left out by design: how often the model is right to
        # leave a sentence out is measured on labelled sentences (tests/jatext/test_roles.py); this
        # check catches what the summary loses beside it
        quotable = {fold(x) for _, x, _ in _role_sentences(state, theme)} if role_summarised(theme) else None
        for a in _standing_answers(_courtesies_off(answers_of(state))):
            q = quote(a.text, lang)
            if _is_placeholder(q) or a.text.strip() in ("", "特にない") or all(_is_aside(x) for x in _split_sentences(a.text)):
                continue
            if quotable is not None and not any(fold(without_courtesies(x.strip()) or x.strip()) in quotable or fold(x.strip()) in quotable for x in _form_sentences(a.text)):
                continue
            pieces = [p for sentence in _split_sentences(a.text) for p in _quotes(quote(_LEADING_GREETING.sub("", sentence.strip()) or sentence, lang), lang)]
            if not any(_nested(p.rstrip("…")[:10]) in said for p in pieces + _quotes(q, lang)):
                out.append(Violation(cid, (a.index - 1) // 2, "end_summary_missing", a.text[:30]))
    for index, texts_ in per_step.items() if not by_content else ():
        step = _step_for(theme, index)
        if step is None or step.collects == "next_step":
            continue
        moved_to_next = any(t.strip()[:12] in next_steps for t in texts_)  # a plan said under another question
        if all(_is_placeholder(quote(t, lang)) for t in texts_):
            continue  # nothing of it can be quoted (a figure of speech with 消えたい): no line, by design
        if summary_heading(theme, step, lang) not in noticed and not moved_to_next and not all(t.strip() in ("", "特にない") for t in texts_):
            out.append(Violation(cid, -1, "end_summary_missing", step.label.get(lang)))
    for n, turn in enumerate(played.turns):
        if turn["kind"] == "plan":
            core = without_courtesies(turn["text"]).strip().rstrip("。.!")
            # any one of its sentences (a request such as 「ノートに入れといて。」 before the step is
            # no part of it) kept in the summary
            cores = [core] + [x.strip().rstrip("。.!") for x in _split_sentences(core) if not _is_aside(x)]
            if not any(_nested(c[:15]) in next_steps or _nested(c[:15]) in noticed for c in cores if c):
                out.append(Violation(cid, n, "plan_lost", turn["text"][:40]))
    return out


def write_transcripts(played_list: list[Played], path: str | Path) -> None:
    path = Path(path)
    if path.suffix == ".json":
        data = [
            {
                "id": p.conversation.get("id"),
                "lang": p.language,
                "theme": p.theme,
                "persona": p.conversation.get("persona", ""),
                "opening": p.opening,
                "turns": [{"person": t["text"], "kind": t["kind"], "guide": t["reply"], "move": t["move"]} for t in p.turns],
                "summary": p.summary,
                "error": p.error,
            }
            for p in played_list
        ]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    lines: list[str] = []
    for p in played_list:
        conv = p.conversation
        lines += [f"## {conv.get('id')} ({p.theme}, {p.language})", "", f"_{conv.get('persona', '')}_", ""]
        lines += ["**guide** (open):", "", *[f"> {x}" for x in p.opening.split("\n")], ""]
        for n, t in enumerate(p.turns, 1):
            lines += [f"**{n}. person** [{t['kind']}]: {t['text']}", ""]
            lines += [f"**guide** ({t['move']}):", "", *[f"> {x}" for x in t["reply"].split("\n")], ""]
        lines += ["**end summary**", ""]
        lines += [f"- noticed: {x}" for x in p.summary.get("noticed", [])]
        lines += [f"- next step: {x}" for x in p.summary.get("next_steps", [])]
        if p.error:
            lines += ["", "```", p.error, "```"]
        lines += ["", "---", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def run(path: str | Path, out: str | Path | None = None) -> tuple[list[Played], list[Violation]]:
    engine = GuideEngine()
    played = [play(conv, engine) for conv in load(path)]
    violations = [v for p in played for v in check_conversation(p)]
    if out:
        write_transcripts(played, out)
    return played, violations


def after_of(move: str) -> str:
    """What the guide's previous reply was, in the words of jatext.intents.AFTER."""
    if move == "check" or move == "check_note":
        return "summary"
    if move in ("close", "end"):
        return "closing"
    if move.startswith("support") or move.startswith("health") or move == "doctor":
        return "help"
    return "question"


def write_intents(played: list[Played], path: str | Path) -> None:
    """The person turns of played conversations as labelled lines for ``jatext.train_intents``."""
    rows = []
    for p in played:
        before = "open"
        for turn in p.turns:
            text = " ".join(turn["text"].split())
            if turn["kind"] and text:
                rows.append(f"{p.language}\t{after_of(before)}\t{turn['kind']}\t{text}")
            before = turn.get("move") or "ask"
    Path(path).write_text("\n".join(rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--out", help="write transcripts here (.md or .json)")
    parser.add_argument("--quiet", action="store_true", help="print counts only")
    parser.add_argument("--intents", help="write each person turn as lang, after, kind, text (TSV) here")
    args = parser.parse_args(argv)
    played, violations = run(args.corpus, args.out)
    if args.intents:
        write_intents(played, args.intents)
    if not args.quiet:
        for v in violations:
            print(v)
    counts = Counter(v.rule for v in violations)
    replies = sum(len(p.turns) for p in played)
    print(f"{len(played)} conversations, {replies} replies, {len(violations)} violations: {dict(counts)}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
