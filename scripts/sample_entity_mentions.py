"""Draw entity mentions from the development corpora for hand annotation.

Why: the entity development set must be sampled from real text before the linker
changes. This prints, for a seeded random choice of documents, every name span the
parser or the linker finds (ids, offsets, surface and the linker's current answer),
so an annotator can write the right entity, type and country for each. The output
is a draft: every line must be checked by hand before it goes into tests/data.

    python scripts/sample_entity_mentions.py --voa 11 --webpages 12 --polnear 6 > draft.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys

from communique.evaluate.entities import corpus_ids, link_texts, load_text

NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--voa", type=int, default=10)
    ap.add_argument("--webpages", type=int, default=10)
    ap.add_argument("--polnear", type=int, default=6)
    ap.add_argument("--per-doc", type=int, default=22, help="at most this many mentions per document")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = []
    for corpus, n in (("voa", args.voa), ("webpages", args.webpages), ("polnear", args.polnear)):
        ids = corpus_ids(corpus)
        if corpus == "polnear":
            ids = [i for i in ids if i.startswith("dev/")]
        texts += [load_text(corpus, d) for d in rng.sample(ids, n)]
    for ct, doc in link_texts(texts):
        spans: dict[tuple[int, int], dict] = {}
        for ent in doc.entities:
            for m in ent.mentions:
                spans[(m.start, m.end)] = {"sys": ent.id, "sys_type": ent.type, "sys_country": ent.country}
        for e in doc.spacy_doc.ents:
            if e.label_ in NER_LABELS and not any(s < e.end_char and e.start_char < t for s, t in spans):
                spans[(e.start_char, e.end_char)] = {"sys": None, "ner": e.label_}
        keys = sorted(spans)
        if len(keys) > args.per_doc:
            keys = sorted(rng.sample(keys, args.per_doc))
        for s, t in keys:
            rec = {
                "corpus": ct.corpus,
                "doc": ct.doc,
                "start": s,
                "end": t,
                "text": ct.text[s:t],
                **spans[(s, t)],
            }
            rec["context"] = ct.text[max(0, s - 60) : t + 40].replace("\n", " ")
            print(json.dumps(rec, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
