"""Corpus-wide linking checks on a development corpus (default: all of VOA).

Prints country links that no name, alias, demonym or capital justifies ("American" ->
a territory), persons split over several entities in one document, and every name
that carries several entity types across the corpus.

    .venv/bin/python scripts/link_corpus_report.py [voa|webpages|polnear]
"""

from __future__ import annotations

import sys

from communique.evaluate.entities import corpus_report, format_corpus_report


def main() -> None:
    corpus = sys.argv[1] if len(sys.argv) > 1 else "voa"
    for line in format_corpus_report(corpus_report(corpus), corpus):
        print(line)


if __name__ == "__main__":
    main()
