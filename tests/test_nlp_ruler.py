"""The attribute ruler's matches found with numpy are spaCy's own, match for match."""

from __future__ import annotations

import spacy

from communique.nlp import load_pipeline
from communique.nlp.ruler import compile_rules, fast_match_for, use_fast_match
from tests.test_nlp_long_text import annotations, polnear_text

# Words that meet the English model's multi-token, list and regular-expression rules.
ODD_WORDS = (
    "Y'all gonna see it, ain't it? Let's go, c'mon, we gotta leave. Nothin' changed. "
    "There is a cat and there were dogs. He does not know what she did. It gets worse; he got it.\n\n \t "
)


def up_to_ruler(nlp, text: str):  # noqa: ANN001, ANN201 (spaCy objects)
    """``text`` through the components before the attribute ruler."""
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = component(doc)
    raise AssertionError("the pipeline has no attribute ruler")


def test_the_model_ruler_uses_the_fast_matcher() -> None:
    ruler = load_pipeline().get_pipe("attribute_ruler")
    assert "match" in vars(ruler)  # the instance's own, not AttributeRuler.match


def test_same_matches_as_spacy_on_real_news() -> None:
    nlp = load_pipeline()
    ruler = nlp.get_pipe("attribute_ruler")
    fast = fast_match_for(ruler, compile_rules(ruler))
    doc = up_to_ruler(nlp, polnear_text(40_000) + "\n\n" + ODD_WORDS)
    expected = type(ruler).match(ruler, doc)
    assert len(expected) > len(doc)  # every token meets a rule, some several
    assert fast(doc) == expected


def test_same_annotations_as_spacy_on_real_news() -> None:
    nlp = load_pipeline()
    ruler = nlp.get_pipe("attribute_ruler")
    text = polnear_text(20_000) + "\n\n" + ODD_WORDS
    fast_doc = nlp(text)
    del ruler.match  # spaCy's own matcher again
    try:
        spacy_doc = nlp(text)
    finally:
        assert use_fast_match(nlp)
    assert annotations(fast_doc) == annotations(spacy_doc)


def test_lists_expressions_and_several_tokens() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], {"LEMMA": "you"})
    ruler.add([[{"LOWER": {"IN": ["is", "was"]}}]], {"LEMMA": "be"})
    ruler.add([[{"LOWER": {"NOT_IN": ["the", "a"]}, "IS_SPACE": False}]], {"NORM": "word"})
    ruler.add([[{"LOWER": "the"}], [{"LOWER": "a"}, {"LOWER": "cat"}]], {"NORM": "det"})
    ruler.add([[{"IS_SPACE": True}]], {"TAG": "_SP"})
    text = "Y'all said the cat was a cat, y all  is the a cat"
    doc = nlp.make_doc(text)
    fast = fast_match_for(ruler, compile_rules(ruler))
    assert len(type(ruler).match(ruler, doc)) == 18
    assert fast(doc) == type(ruler).match(ruler, doc)
    by_spacy = [(t.lemma_, t.norm_, t.tag_) for t in nlp(text)]
    assert use_fast_match(nlp)
    assert [(t.lemma_, t.norm_, t.tag_) for t in nlp(text)] == by_spacy


def test_a_rule_beyond_it_keeps_spacy_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"NORM": "very"})
    assert compile_rules(ruler) is None
    assert not use_fast_match(nlp)
    assert "match" not in vars(ruler)
