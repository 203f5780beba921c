"""Role descriptions: "the Russian President", "Secretary General of the CSTO",
"Moroccan diplomats", "President Obama" — parsed against the role words and the
knowledge base, then resolved to whoever held the office on a date.
"""

from __future__ import annotations

from dataclasses import dataclass

from communique.link.kb import KBEntity, KnowledgeBase, RoleSpell, RoleWord, normalise_name

# Words that may open a description without changing who it names.
LEADING_WORDS = frozenset({"the", "a", "an", "new", "current", "incumbent", "sitting", "our", "its", "their"})
# Words before a role word that make it a different office ("Deputy Foreign Minister",
# "former President"): such descriptions name no current holder.
OTHER_OFFICE_WORDS = frozenset(
    {"deputy", "vice", "former", "ex", "acting", "assistant", "first", "late", "then", "outgoing", "future"}
)
# Longest role word, in words ("Ambassador Extraordinary and Plenipotentiary").
MAX_ROLE_WORDS = 6
# Longest country or organisation name after "of" ("the Collective Security Treaty Organization").
MAX_QUALIFIER_WORDS = 8


@dataclass
class RoleQuery:
    """A parsed role description.

    word (RoleWord): the office, title or group word found.
    of (KBEntity | None): the state or organisation it belongs to, if named.
    rest (list[str]): words after the description, normally a name ("President Obama").
    other_office (bool): a modifier like "deputy" or "former" that makes it someone else.
    unresolved (bool): words before the role word that are neither a state nor an organisation.
    """

    word: RoleWord
    of: KBEntity | None = None
    rest: tuple[str, ...] = ()
    other_office: bool = False
    unresolved: bool = False

    @property
    def country(self) -> str | None:
        return self.of.country if self.of is not None else None


def _words(text: str) -> list[str]:
    return [w[:-2] if w.endswith("'s") else w for w in normalise_name(text).split()]


def _find_role_word(kb: KnowledgeBase, words: list[str]) -> tuple[int, int, RoleWord] | None:
    """First (start, end, word) of the longest role word in ``words``."""
    for i in range(len(words)):
        for n in range(min(MAX_ROLE_WORDS, len(words) - i), 0, -1):
            rw = kb.role_words.get(" ".join(words[i : i + n]))
            if rw is not None and rw.kind != "title" or (rw is not None and i == 0):
                return i, i + n, rw
    return None


def _qualifier(kb: KnowledgeBase, words: list[str]) -> KBEntity | None:
    """A state or organisation named by ``words`` ("russian", "csto", "republic of belarus")."""
    if not words:
        return None
    text = " ".join(words)
    country = kb.country_for(text)
    if country is not None:
        return country
    found = kb.lookup(text, ("organization", "body"))
    return found[0] if found else kb.stated_orgs.get(normalise_name(text))


def _of_phrase(kb: KnowledgeBase, words: list[str]) -> tuple[KBEntity | None, int]:
    """Parse "of [the] X" at the start of ``words``: (X, words used)."""
    if not words or words[0] != "of":
        return None, 0
    skip = 2 if len(words) > 1 and words[1] == "the" else 1
    for n in range(min(MAX_QUALIFIER_WORDS, len(words) - skip), 0, -1):
        found = _qualifier(kb, words[skip : skip + n])
        if found is not None:
            return found, skip + n
    return None, 0


def parse_role_description(kb: KnowledgeBase, text: str) -> RoleQuery | None:
    """Parse a role description; None when ``text`` holds no role word.

    "the Russian President" -> RoleQuery(president, of=Russia);
    "Secretary General of the CSTO Stanislav Zas" -> RoleQuery(secretary_general, of=CSTO, rest=(stanislav, zas)).
    """
    words = _words(text)
    while words and words[0] in LEADING_WORDS:
        words = words[1:]
    found = _find_role_word(kb, words)
    if found is None:
        return None
    start, end, rw = found
    before = words[:start]
    other = any(w in OTHER_OFFICE_WORDS for w in before)
    before = [w for w in before if w not in OTHER_OFFICE_WORDS]
    of = _qualifier(kb, before)
    after_of, used = _of_phrase(kb, words[end:])
    return RoleQuery(
        word=rw,
        of=of or after_of,
        rest=tuple(words[end + used :]),
        other_office=other,
        unresolved=bool(before) and of is None,
    )


def resolve_office(kb: KnowledgeBase, query: RoleQuery, on: str | None) -> RoleSpell | None:
    """Who held the office a description names, on ``on``; None for groups, titles or no date."""
    if on is None or query.word.kind != "office" or query.of is None:
        return None
    if query.other_office or query.unresolved:
        return None
    return kb.holder(query.word.key, query.of.id, on)
