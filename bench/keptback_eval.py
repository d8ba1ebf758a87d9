"""What the guide keeps out of a 1on1 preparation, measured on blind-labelled exchanges.

Usage (from the repository root)::

    python bench/keptback_eval.py jatext/data/heldout_keptback.json            # rules + shipped model
    python bench/keptback_eval.py FILE --model none                            # the rules alone
    python bench/keptback_eval.py FILE --oof OOF.json                          # rules + out-of-fold readings

Each exchange (one or two messages of the person, every sentence labelled ``share``, ``keep`` or
``ask`` by someone who never saw the guide's code) is put in a 1on1 conversation; what the guide
would file in the preparation is what ``_for_the_preparation`` keeps of each message, with the words
``kept_from_the_manager`` holds back, exactly as the summary and the agenda draft do. A sentence
labelled keep/ask that is left in is a leak; a sentence labelled share that is taken out is a topic
lost from the preparation (a sentence with a health, crisis or harassment signal is always taken
out, by design: it is counted, and shown apart).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--model", choices=("shipped", "none"), default="shipped")
    parser.add_argument("--oof", default="", help="out-of-fold readings from jatext.train_keptback --oof (instead of the shipped model)")
    parser.add_argument("--threshold", type=float, default=None, help="with --oof: the threshold on the readings")
    parser.add_argument("--alone", type=float, default=None, help="with --oof: the threshold for a sentence with no request near")
    parser.add_argument("--show", type=int, default=0, help="print this many leaks and lost topics")
    parser.add_argument("--with-first", action="store_true", help="with --oof: also what the first reader (keptback_model_first.npz) keeps back, as the guide reads both")
    parser.add_argument("--story-before", type=float, default=None, help="the guide's _STORY_BEFORE (how likely kept a sentence before a request must read to go with it), for a sweep")
    args = parser.parse_args(argv)

    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
    from jatext import keptback, memo
    from jatext.normalize import fold
    from jatext.safety import detect
    from jatext.train_keptback import joined, load
    from kabeuchi.coach.engines import guide
    from kabeuchi.coach.engines.base import ConversationState, Turn
    from kabeuchi.coach.themes import get_theme

    theme = get_theme("one_on_one")
    oof: dict[str, list[float]] = json.loads(Path(args.oof).read_text(encoding="utf-8")) if args.oof else {}
    threshold = args.threshold if args.threshold is not None else keptback.load().threshold
    current: dict[str, list[bool]] = {}
    likely: dict[str, list[list[float]]] = {}

    if args.model == "none" and not args.oof:
        guide._read_kept_back = lambda said: []
    elif args.oof:
        def from_oof(said: list[str]) -> list[str]:
            out = []
            first = keptback.load_first()
            for n, text in enumerate(said):
                out += [x for x, k in current.get(text, []) if k and len(x) >= 4]
                if args.with_first:
                    for window in ([keptback.split(text)], [keptback.split(text), keptback.split(said[n + 1])] if n + 1 < len(said) else None):
                        if window:
                            decided = keptback.decide(first.probabilities(window), first.threshold, first.alone, 0)[0]
                            out += [x for x, (k, _) in zip(window[0], decided, strict=True) if k and len(x) >= 4]
            return out

        guide._read_kept_back = from_oof
        # how likely kept the guide finds each sentence of a message alone (guide._story_of_request): the
        # out-of-fold reading of the second reader, never the shipped readers that were trained on it
        def alone(text: str) -> list[float]:
            read = [float(p[1] + p[2]) for p in likely.get(text, [])]
            return read if len(read) == len(keptback.split(text)) else [0.0] * len(keptback.split(text))

        guide._model_kept_probability = alone
    if args.story_before is not None:
        guide._STORY_BEFORE = args.story_before

    totals = {"kept": 0, "leaked": 0, "shared": 0, "lost": 0, "lost_signal": 0, "exchanges_leaking": 0, "exchanges": 0}
    by_lang: dict[str, dict[str, int]] = {}
    shown = 0
    for path in args.files:
        for x in load(Path(path)):
            texts = [joined(m, x.lang) for m in x.messages]
            if args.oof:
                import numpy as np

                decided = keptback.decide([[np.array(p) for p in message] for message in oof[x.id]], threshold, args.alone if args.alone is not None else keptback.load().alone)
                current.clear()
                for text, message, marks in zip(texts, x.messages, decided, strict=True):
                    current[text] = [(s, kept) for s, (kept, _) in zip(message, marks, strict=True)]
                for text, readings in zip(texts, oof[x.id], strict=True):
                    likely[text] = readings
            turns = [Turn(role="partner", text=theme.opening.ja if x.lang == "ja" else theme.opening.en)]
            for n, text in enumerate(texts):
                if n:
                    turns.append(Turn(role="partner", text="ほかにもありますか。" if x.lang == "ja" else "Anything else?"))
                turns.append(Turn(role="person", text=text))
            state = ConversationState(theme="one_on_one", turns=tuple(turns), step=0)
            with memo.scope():
                kept_back = guide.kept_from_the_manager(state)
                leaking = False
                lang = by_lang.setdefault(x.lang, {k: 0 for k in totals})
                for text, message, labels in zip(texts, x.messages, x.labels, strict=True):
                    filed = fold(" ".join(guide._for_the_preparation(theme, [text], [], kept_back)))
                    for sentence, label in zip(message, labels, strict=True):
                        core = fold(sentence).strip(" 。.!！?？、,…\n")
                        inside = bool(core) and core in filed
                        for bucket in (totals, lang):
                            if label == "share":
                                bucket["shared"] += 1
                                if not inside:
                                    bucket["lost"] += 1
                                    bucket["lost_signal"] += bool(detect(sentence))
                            else:
                                bucket["kept"] += 1
                                bucket["leaked"] += inside
                        if label != "share" and inside:
                            leaking = True
                        if shown < args.show and ((label != "share") == inside):
                            shown += 1
                            sys.stdout.write(f"{x.id} {'LEAK' if inside else 'LOST'} [{label}] {sentence}\n")
                for bucket in (totals, lang):
                    bucket["exchanges"] += 1
                    bucket["exchanges_leaking"] += leaking

    def line(name: str, t: dict[str, int]) -> str:
        return (
            f"{name}: kept-back sentences left in the preparation {t['leaked']}/{t['kept']} ({t['leaked'] / max(t['kept'], 1):.3f}); "
            f"exchanges with a leak {t['exchanges_leaking']}/{t['exchanges']}; "
            f"shared sentences taken out {t['lost']}/{t['shared']} ({t['lost'] / max(t['shared'], 1):.3f}; "
            f"{t['lost_signal']} of them with a safety signal)"
        )

    sys.stdout.write(line("all", totals) + "\n")
    for lang, t in sorted(by_lang.items()):
        sys.stdout.write(line(lang, t) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
