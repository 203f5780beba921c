"""Tunable numbers of the parsing stage, each with its help text.

After changing one, re-run ``pytest tests/test_nlp_*.py`` and the long-text figures of
docs/benchmarks.md (``communique analyze`` of a 2 MB text).
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.settings import setting, stage_settings


@dataclass(frozen=True)
class NlpSettings:
    """How a long text is parsed: in pieces, and on how many cores at once."""

    parse_processes: int = setting(
        2,
        "Processes that parse the pieces of one long text at the same time (1: all in the analysing process). "
        "Each holds the model (shared with the parent until written) and one piece's activations: two "
        "halve the parse time of a 2 MB text on two cores and keep the whole run under 1 GB. Used only "
        "where documents are not analysed in parallel already: not in ingest --workers or --cluster "
        "workers, nor in a thread other than the main one.",
    )
    parallel_chars: int = setting(
        200_000,
        "A text needs at least this many characters to be parsed in several processes: starting them "
        "costs about a second, worth it only past a few pieces.",
    )
    parallel_max_mb: int = setting(
        950,
        "Several processes parse a long text only while this process's resident memory plus "
        "parse_processes times worker_mb stays within this many MB; otherwise it parses alone. An "
        "ingest process that already holds much (a long run, a large batch) thus stays under 1 GB.",
    )
    worker_mb: int = setting(
        300,
        "Memory one parse worker holds at most while it parses a piece: what it does not share "
        "with the process that forked it (about 80 MB) and one piece's activations (about 190 MB).",
    )


SETTINGS = stage_settings(NlpSettings, "nlp")  # with COMMUNIQUE_SETTING_NLP__* applied
