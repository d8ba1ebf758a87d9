"""What the guide keeps out of a 1on1 preparation as special-care private (jatext.sensitive).

Usage (from the repository root)::

    python bench/sensitive_eval.py jatext/data/heldout_sensitive.tsv jatext/data/heldout_sensitive_2.tsv
    python bench/sensitive_eval.py FILE --model /tmp/other_model.npz     # another trained reader

Each line is ``lang<TAB>label<TAB>sentence``, ``sensitive`` or ``none``, written and labelled
blind. For each file: the reader alone (recall and precision at its threshold), and the guide's
whole filter (``guide._sensitive``: safety signals, places one goes for help, requests, and the
reader) with and without the reader: the share of sensitive sentences kept back and how many
ordinary ones are kept back with them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--model", default="", help="a reader other than the shipped one")
    args = parser.parse_args(argv)

    from jatext import sensitive
    from kabeuchi.coach.engines import guide

    if args.model:
        sensitive.load._value = sensitive._read(Path(args.model))
    model = sensitive.load()
    print(f"reader {model.version}, threshold {model.threshold:.2f}")
    real = guide._special_care
    for path in args.files:
        rows = [line.split("\t") for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
        pos = [r[2] for r in rows if r[1] == "sensitive"]
        neg = [r[2] for r in rows if r[1] != "sensitive"]
        hit = sum(map(sensitive.read, pos))
        false = sum(map(sensitive.read, neg))
        print(f"{Path(path).name}: reader alone recall {hit}/{len(pos)} ({hit / len(pos):.3f}), "
              f"precision {hit / max(1, hit + false):.3f} ({false} of {len(neg)} ordinary)")
        for name, special in (("without the reader", lambda text: False), ("with the reader", real)):
            guide._special_care = special
            kept = sum(map(guide._sensitive, pos))
            ordinary = sum(map(guide._sensitive, neg))
            print(f"  guide filter {name}: sensitive kept back {kept}/{len(pos)} ({kept / len(pos):.3f}), ordinary kept back {ordinary}/{len(neg)}")
        guide._special_care = real
    return 0


if __name__ == "__main__":
    sys.exit(main())
