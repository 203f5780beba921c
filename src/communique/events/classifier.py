"""A trained sentence classifier for event types, measured against the lexicon rules.

spaCy's own bag-of-words text classifier (``TextCatBOW``: words and word pairs, one
exclusive label per sentence: a PLOVER type or ``NONE``), trained on the development
part of the event development set and the sentences of our own wording, never on the
held-out final part. ``cross_validate`` answers whether it earns its place in the
coder: k-fold over the development part, each sentence classified by a model that
never saw it, and the rules' events scored with and without the classifier
proposing a type where the rules coded nothing (``fallback``) or removing the rules'
events where it is sure there is none (``veto``). On the current development set it
gains too little to ship (docs/benchmarks-events.md), so no model is packaged and the
coder does not use it; run ``python -m communique.events.classifier`` to measure again.
"""

from __future__ import annotations

import random
from pathlib import Path

NONE_LABEL = "NONE"
# Hashed word and word-pair features: 2**15 rows keep a saved model near 2 MB.
FEATURES = 2**15
EPOCHS = 12
SEED = 7


def _config(labels: list[str]) -> dict:
    return {
        "model": {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": True,
            "length": FEATURES,
            "ngram_size": 2,
            "no_output_layer": False,
        }
    }


def label_of(row: dict) -> str:
    """The training label of a development-set row: its first expected type, or NONE."""
    return row["expected"][0]["type"] if row["expected"] else NONE_LABEL


def train(rows: list[dict], epochs: int = EPOCHS, seed: int = SEED):  # noqa: ANN201 (spacy Language)
    """A blank English pipeline with a trained ``textcat`` on the rows' text and labels."""
    import spacy
    from spacy.training import Example

    from communique.events.lexicon import PLOVER_TYPES

    labels = [*PLOVER_TYPES, NONE_LABEL]
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=_config(labels))
    for label in labels:
        textcat.add_label(label)
    examples = [
        Example.from_dict(
            nlp.make_doc(r["text"]), {"cats": {lab: float(lab == label_of(r)) for lab in labels}}
        )
        for r in rows
    ]
    rng = random.Random(seed)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(epochs):
        rng.shuffle(examples)
        for start in range(0, len(examples), 16):
            nlp.update(examples[start : start + 16], sgd=optimizer, drop=0.2)
    return nlp


def out_of_fold(rows: list[dict], folds: int = 5, seed: int = SEED) -> list[dict[str, float]]:
    """Label probabilities for every row from a model trained on the other folds."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    cats: list[dict[str, float]] = [{} for _ in rows]
    for k in range(folds):
        held = [i for n, i in enumerate(order) if n % folds == k]
        nlp = train([rows[i] for n, i in enumerate(order) if n % folds != k])
        for i, doc in zip(held, nlp.pipe([rows[i]["text"] for i in held]), strict=True):
            cats[i] = dict(doc.cats)
    return cats


def combine(predicted: list[list], cats: list[dict[str, float]], mode: str, threshold: float) -> list[list]:
    """The rules' events with the classifier's say: ``fallback`` adds, ``veto`` removes.

    fallback: a sentence without rule events gets one event of the classifier's best
        type when its probability reaches ``threshold``; veto: a sentence's rule events
        are dropped when the probability of NONE exceeds ``threshold``.
    """
    from communique.model import Event, Span

    out = []
    for events, cat in zip(predicted, cats, strict=True):
        if mode == "veto":
            out.append([] if cat.get(NONE_LABEL, 0.0) > threshold else events)
            continue
        label, prob = max(cat.items(), key=lambda kv: kv[1])
        propose = not events and label != NONE_LABEL and prob >= threshold
        out.append([Event(type=label, sentence=Span(0, 0, ""), rule="textcat")] if propose else events)
    return out


def cross_validate(rows: list[dict], folds: int = 5) -> list[str]:
    """Report lines: the rules alone, then with the classifier at several thresholds."""
    from communique.events.evaluate import code_sentences, score_rows

    predicted = code_sentences(rows)
    cats = out_of_fold(rows, folds)
    right = sum(max(c, key=c.get) == label_of(r) for r, c in zip(rows, cats, strict=True))
    lines = [
        f"{len(rows)} development sentences, {folds}-fold; classifier label right {right / len(rows):.3f}"
    ]

    def line(name: str, events: list[list]) -> str:
        res = score_rows(rows, events)
        s = res["sentence"]
        return (
            f"{name:<16} macro-F1 {res['macro_f1']:.3f}  no-event {s['no_event_rate']:.3f}"
            f"  false events {s['false_event_rate']:.3f}"
        )

    lines.append(line("rules", predicted))
    for t in (0.3, 0.5, 0.7):
        lines.append(line(f"fallback >= {t}", combine(predicted, cats, "fallback", t)))
    for t in (0.98, 0.99, 0.995):
        lines.append(line(f"veto > {t}", combine(predicted, cats, "veto", t)))
    return lines


def main() -> None:
    """Cross-validate the classifier on the development part of the given sentence sets."""
    import argparse

    from communique.events.evaluate import load_sentence_set

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("sets", nargs="+", type=Path, help="event sentence sets (JSON Lines)")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    rows = [r for p in args.sets for r in load_sentence_set(p, split="dev")]
    print("\n".join(cross_validate(rows, args.folds)))


if __name__ == "__main__":
    main()
