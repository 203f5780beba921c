"""Putting a document's events together: merging, de-duplication and meeting references."""

from __future__ import annotations

from communique.events.actors import same_actor
from communique.model import Actor, Event

# Types whose undated events are taken as the report's main news (see dates.default_date),
# and the only ones that may take their actors from the meeting they follow.
MAIN_EVENT_TYPES = frozenset({"CONSULT", "AGREE"})
# Countries (distinct) that make a meeting multilateral without an organisation.
MULTILATERAL_STATES = 3


# Sectors of the state: a group in one of them names nobody until its state is known
# ("the heads of state"); other groups (militants, protesters) are actors without a state.
STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "LEG", "JUD"})


def is_weak(actor: Actor) -> bool:
    """A group the linker could not tie to a state or organisation ("the heads of state")."""
    return actor.id is None and actor.country is None and actor.sector in STATE_SECTORS


def unique(actors: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for a in actors:
        if not any(same_actor(a, b) for b in out):
            out.append(a)
    return out


def is_multilateral(actors: list[Actor]) -> bool:
    """An organisation or several states take part (PLOVER CONSULT mode "multilateral")."""
    states = {a.country for a in actors if a.country}
    return any(a.sector == "IGO" and a.country is None for a in actors) or len(states) >= MULTILATERAL_STATES


def earlier_meeting(refs: tuple[str, ...], earlier: list[Event]) -> list[Actor]:
    """The actors of the meeting a definite "the summit" points back to.

    The last meeting coded with the same word; else the last multilateral one (a
    summit or session is an organisation's); else the last meeting.
    """
    meetings = [e for e in earlier if e.type == "CONSULT" and e.source]
    if not meetings:
        return []
    same_word = [e for e in meetings if (e.trigger or "").lower().startswith(refs)]
    multilateral = [e for e in meetings if e.mode == "multilateral"]
    return list((same_word or multilateral or meetings)[-1].source)


def _same_place(a: Event, b: Event) -> bool:
    return not a.place or not b.place or a.place == b.place


def merge_sentence_events(events: list[Event]) -> list[Event]:
    """One event per type and place in a sentence: "met ... at the meeting" is one consultation."""
    out: list[Event] = []
    for ev in events:
        same = next((o for o in out if o.type == ev.type and _same_place(o, ev)), None)
        if same is None:
            out.append(ev)
            continue
        same.source = unique(same.source + ev.source)
        same.target = [
            t for t in unique(same.target + ev.target) if not any(same_actor(t, s) for s in same.source)
        ]
        same.mode = same.mode or ev.mode
        same.place = same.place or ev.place
        if same.date_precision != "day" and ev.date_precision == "day":
            same.date, same.date_precision = ev.date, ev.date_precision
        same.confidence = max(same.confidence, ev.confidence)
    return out


def drop_repeats(events: list[Event]) -> list[Event]:
    """Drop a later event (same type, date and place) whose actors an earlier one already has: retold."""
    kept: list[Event] = []
    for ev in events:
        actors = _keys(ev)
        if any(
            k.type == ev.type and k.date == ev.date and _same_place(k, ev) and actors <= _keys(k)
            for k in kept
        ):
            continue
        kept.append(ev)
    return kept


def _keys(ev: Event) -> frozenset[str]:
    return frozenset(a.id or a.name for a in ev.source + ev.target)
