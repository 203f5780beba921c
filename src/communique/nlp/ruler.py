"""The attribute ruler's rules matched with numpy over whole columns instead of spaCy's ``Matcher``.

spaCy's ``AttributeRuler`` finds where its rules apply (``AttributeRuler.match``) with a general
``Matcher`` that walks the tokens and tries every rule at each one: 179 rules in the English
model, about 20 µs a token, a tenth of the CPU of the whole parse. Its rules are one or two
tokens, each comparing ``LOWER``, ``TAG``, ``DEP`` or ``IS_SPACE`` with a value, a list (``IN``,
``NOT_IN``) or a regular expression (``REGEX``). ``fast_match_for`` tests each rule on all the
tokens at once (one array comparison per check; a regular expression once per distinct word)
and returns the same matches in the same order, so the same tags, lemmas and morphology. A
ruler holding any other kind of rule (an operator, another attribute or predicate) keeps
spaCy's matcher: this answers only for what it understands.

Hand-written because spaCy has no faster matcher with the ``Matcher``'s semantics (the
``PhraseMatcher`` compares one attribute only).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Token attributes this matcher understands, by their column in the array it reads.
COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")
# A check on one token: (column, kind, value); kind "eq" (a hash or a flag), "in" or "not_in"
# (a set of hashes) or "re" (a compiled pattern searched in the attribute's string).
Check = tuple[int, str, object]
# One rule: (index of its attributes in the ruler, its token checks in order).
Rule = tuple[int, tuple[tuple[Check, ...], ...]]


def use_fast_match(nlp: Language) -> bool:
    """Give the pipeline's attribute ruler ``fast_match`` when it understands every rule."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    rules = compile_rules(ruler)
    if rules is None:
        return False
    ruler.match = fast_match_for(ruler, rules)
    return True


def compile_rules(ruler) -> list[Rule] | None:  # noqa: ANN001 (spaCy's AttributeRuler)
    """The ruler's rules as checks on hashes, in its order; None if one is beyond this matcher."""
    strings = ruler.vocab.strings
    rules: list[Rule] = []
    for attr_id, entry in enumerate(ruler.patterns):
        for pattern in entry["patterns"]:
            tokens = []
            for spec in pattern:
                checks = [_check(key, value, strings) for key, value in spec.items()]
                if not checks or None in checks:
                    return None
                tokens.append(tuple(checks))
            if not tokens:
                return None
            rules.append((attr_id, tuple(tokens)))
    return rules


def _check(key: str, value: object, strings) -> Check | None:  # noqa: ANN001 (a StringStore)
    if key not in COLUMNS:
        return None
    column = COLUMNS.index(key)
    if key == "IS_SPACE":
        return (column, "eq", int(value)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return (column, "eq", strings.add(value))
    if isinstance(value, dict) and len(value) == 1:
        (predicate, arg), *_ = value.items()
        if predicate in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return (column, predicate.lower(), frozenset(strings.add(v) for v in arg))
        if predicate == "REGEX" and isinstance(arg, str):
            return (column, "re", re.compile(arg))
    return None


def fast_match_for(ruler, rules: list[Rule]) -> Callable[[Doc], list[tuple[int, int, int, int]]]:  # noqa: ANN001
    """``AttributeRuler.match`` for ``rules``: (attribute id, match id, start, end), sorted."""
    import numpy
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

    strings = ruler.vocab.strings
    match_ids = {attr_id: strings.add(str(attr_id)) for attr_id, _ in rules}
    by_attr: dict[int, list[tuple[tuple[Check, ...], ...]]] = {}
    for attr_id, tokens in rules:
        by_attr.setdefault(attr_id, []).append(tokens)
    searched: dict[tuple[int, re.Pattern], bool] = {}  # (word, pattern): found; words recur

    def mask(columns: numpy.ndarray, checks: tuple[Check, ...]) -> numpy.ndarray:
        """Where the tokens meet every check."""
        out = numpy.ones(len(columns[0]), dtype=bool)
        for column, kind, value in checks:
            have = columns[column]
            if kind == "eq":
                out &= have == numpy.uint64(value)
            elif kind == "in":
                out &= numpy.isin(have, numpy.array(sorted(value), dtype=numpy.uint64))
            elif kind == "not_in":
                out &= ~numpy.isin(have, numpy.array(sorted(value), dtype=numpy.uint64))
            else:
                words, at = numpy.unique(have, return_inverse=True)
                found = [searched.get((w, value)) for w in words.tolist()]
                for k, w in enumerate(words.tolist()):
                    if found[k] is None:
                        found[k] = searched[(w, value)] = bool(value.search(strings[w] if w else ""))
                out &= numpy.array(found, dtype=bool)[at]
        return out

    def fast_match(doc: Doc) -> list[tuple[int, int, int, int]]:
        columns = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).T
        n = columns.shape[1]
        matches: list[tuple[int, int, int, int]] = []
        for attr_id, patterns in by_attr.items():
            spans: list[tuple[int, int]] = []
            for tokens in patterns:
                width = len(tokens)
                if width > n:
                    continue
                at = mask(columns[:, : n - width + 1], tokens[0])
                for k in range(1, width):
                    at &= mask(columns[:, k : n - width + 1 + k], tokens[k])
                spans += ((start, start + width) for start in numpy.flatnonzero(at).tolist())
            if len(patterns) > 1:
                spans = sorted(set(spans))
            match_id = match_ids[attr_id]
            matches += ((attr_id, match_id, start, end) for start, end in spans)
        return matches

    return fast_match
