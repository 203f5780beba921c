"""Event lexicons: verbs, nouns, noun groups, frames and cues from ``lexicons/events/*.yaml``.

The YAML files hold the domain knowledge (which word codes which PLOVER type, with
which CAMEO code); this module only loads them into typed, indexed objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from communique.errors import lexicon_error
from communique.lexicon import LEXICONS, read_lexicon

LEXICON_DIR = LEXICONS / "events"

# The 16 PLOVER 2.0 event types; a lexicon entry naming anything else is an error.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: a verb or noun lemma and the event it codes.

    lemma (str): spaCy lemma.
    type (str): PLOVER type; mode (str | None): PLOVER mode; cameo (str): CAMEO code.
    objects (str | None): noun group the verb's object must belong to.
    needs (tuple): particles/prepositions one of which must hang on the word.
    targets / sources (tuple): prepositions introducing recipients / further sources.
    frame (str | None): for nouns, the frame they code in (meeting, exercise, action).
    alone (dict | None): for exercise nouns, the typing of a single actor's exercise.
    needs_joint (bool): code only joint or named operations.
    needs_amod (tuple): one of these modifiers must qualify the noun.
    host (bool): the subject hosts (the recipient in PLOVER's CONSULT convention).
    intransitive (bool): code only when the verb has no direct object.
    transitive (bool): code only when the verb has a direct object ("warned Israel", not "warned that").
    needs_target (bool): code only when a recipient is found ("pledged aid TO Kyiv"; a bare
        "vowed to win back trust" or "threatened to run away" is no event between actors).
    except_amod (tuple): modifiers that make the noun something else ("PRESS conference").
    clause (bool): code only when the verb governs a clause ("asked Kyiv TO WITHDRAW", not "she asked").
    infinitive (bool): code only when the verb governs an infinitive ("agreed TO STRENGTHEN"; a bare
        "he agrees" or a quote's "agreed Polat Sayim" only shares an opinion).
    subject_group (str | None): noun group the verb's subject must belong to ("PROTESTERS stormed
        the parliament" protests; troops storming a building attack it).
    prep_objects (str | None): noun group the object of one of ``needs`` must belong to
        ("warned OF retaliation", not "warned of a resurgence").
    passive_source (bool): a passive verb's subject is the source ("troops were deployed").
    state_source (bool): code only when a source belongs to a state ("the Kyrgyz prime minister
        resigned", not a company chairman resigning).
    """

    lemma: str
    type: str
    cameo: str
    mode: str | None = None
    objects: str | None = None
    needs: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    frame: str | None = None
    alone: dict | None = None
    needs_joint: bool = False
    needs_amod: tuple[str, ...] = ()
    host: bool = False
    intransitive: bool = False
    transitive: bool = False
    prep_objects: str | None = None
    clause: bool = False
    infinitive: bool = False
    subject_group: str | None = None
    needs_target: bool = False
    except_amod: tuple[str, ...] = ()
    passive_source: bool = False
    state_source: bool = False

    @property
    def rule(self) -> str:
        """A readable id of the pattern: ``verb:sign+documents``, ``noun:summit@meeting``."""
        if self.frame:
            return f"noun:{self.lemma}@{self.frame}"
        extra = f"+{self.objects}" if self.objects else ""
        extra += f"+{'|'.join(self.needs)}" if self.needs else ""
        return f"verb:{self.lemma}{extra}"


@dataclass(frozen=True)
class Frame:
    """Verbs and prepositions around an event noun that make it an event."""

    take_part: frozenset[str]
    happen: frozenset[str]
    at: frozenset[str]
    with_: frozenset[str]
    announced: frozenset[str] = frozenset()
    object_is_target: bool = False  # "the sanctions COVER the Wagner Group": the happen verb's object


@dataclass
class Lexicon:
    """All event lexicons, indexed by lemma."""

    verbs: dict[str, list[Entry]]
    nouns: dict[str, list[Entry]]
    groups: dict[str, frozenset[str]]
    frames: dict[str, Frame]
    joint_markers: frozenset[str]
    cues: dict
    triggers: frozenset[str] = field(default_factory=frozenset)

    def cue_set(self, name: str) -> frozenset[str]:
        return frozenset(self.cues.get(name, []))

    def family(self, event_type: str) -> str:
        for name, types in self.cues["families"].items():
            if event_type in types:
                return name
        return "verbal"


def _words(item: dict, key: str, source: str) -> tuple[str, ...]:
    words = tuple(item.get(key, ()))
    if not all(isinstance(w, str) for w in words):
        raise ValueError(f"{source}: {item.get('lemma')!r} {key} {list(words)}: quote on/no/yes in YAML")
    return words


def _entry(item: dict, source: str) -> Entry:
    if item.get("type") not in PLOVER_TYPES:
        raise ValueError(f"{source}: {item.get('lemma')!r} has unknown PLOVER type {item.get('type')!r}")
    return Entry(
        lemma=item["lemma"],
        type=item["type"],
        cameo=str(item["cameo"]),
        mode=item.get("mode"),
        objects=item.get("objects"),
        needs=_words(item, "needs", source),
        targets=_words(item, "targets", source),
        sources=_words(item, "sources", source),
        frame=item.get("frame"),
        alone=item.get("alone"),
        needs_joint=bool(item.get("needs_joint", False)),
        needs_amod=_words(item, "needs_amod", source),
        host=bool(item.get("host", False)),
        intransitive=bool(item.get("intransitive", False)),
        transitive=bool(item.get("transitive", False)),
        prep_objects=item.get("prep_objects"),
        clause=bool(item.get("clause", False)),
        infinitive=bool(item.get("infinitive", False)),
        subject_group=item.get("subject_group"),
        needs_target=bool(item.get("needs_target", False)),
        except_amod=_words(item, "except_amod", source),
        passive_source=bool(item.get("passive_source", False)),
        state_source=bool(item.get("state_source", False)),
    )


def _entries(path: Path, doc: dict, key: str) -> list[Entry]:
    """Every entry under ``key``; a broken one raises E102 naming the file and line."""
    out = []
    for i, item in enumerate(doc.get(key, [])):
        try:
            out.append(_entry(item, path.name))
        except (KeyError, TypeError, ValueError) as exc:
            raise lexicon_error(path, [key, i], exc) from exc
    return out


def _index(entries: list[Entry]) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for entry in entries:
        out.setdefault(entry.lemma, []).append(entry)
    return out


def _read(path: Path) -> dict:
    return read_lexicon(path)


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Load verbs.yaml, nouns.yaml and cues.yaml from ``directory`` (cached per process)."""
    verbs_doc, nouns_doc, cues = (_read(directory / f) for f in ("verbs.yaml", "nouns.yaml", "cues.yaml"))
    verbs = _entries(directory / "verbs.yaml", verbs_doc, "verbs")
    nouns = _entries(directory / "nouns.yaml", nouns_doc, "nouns")
    groups = {name: frozenset(words) for name, words in nouns_doc.get("groups", {}).items()}
    for entry in verbs:
        for group in (entry.objects, entry.prep_objects, entry.subject_group):
            if group and group not in groups:
                raise ValueError(f"verbs.yaml: {entry.lemma!r} refers to unknown noun group {group!r}")
    frames = {
        name: Frame(
            frozenset(f["take_part"]),
            frozenset(f["happen"]),
            frozenset(f["at"]),
            frozenset(f["with"]),
            frozenset(f.get("announced", ())),
            bool(f.get("object_is_target", False)),
        )
        for name, f in nouns_doc.get("frames", {}).items()
    }
    lex = Lexicon(
        verbs=_index(verbs),
        nouns=_index(nouns),
        groups=groups,
        frames=frames,
        joint_markers=frozenset(nouns_doc.get("joint_markers", [])),
        cues=cues,
    )
    # The sentence filter: a sentence is only walked when one of its lemmas is here.
    lex.triggers = frozenset(lex.verbs) | frozenset(lex.nouns)
    return lex


@lru_cache(maxsize=4)
def load_metonyms(directory: Path = LEXICON_DIR) -> dict[str, dict]:
    """``metonyms.yaml``: lower-case name -> {"country", "sector"} (cached per process)."""
    doc = _read(directory / "metonyms.yaml")
    return {str(k).lower(): v for k, v in (doc.get("metonyms") or {}).items()}
