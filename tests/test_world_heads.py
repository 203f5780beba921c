"""The world pack's office holders: every file passes the pack schema and says where its
records come from, no person is listed twice, terms are ordered, no office of one state has
two holders at once, and the states the pack covers since 1991 have a holder of each office
on every day since then."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

import pytest

from communique.link.kb import KnowledgeBase, normalise_name
from communique.link.packs import PACKS_DIR, load_packs, read_pack_file

WORLD = PACKS_DIR / "world"
HEADS_FILES = (
    "heads.yaml",
    "heads_postsoviet.yaml",
    "heads_sco_p5.yaml",
    "heads_nato_eu.yaml",
    "heads_more.yaml",
)
SINCE, UNTIL = dt.date(1992, 1, 1), dt.date(2025, 12, 31)
# A handover can leave an office empty for a while (a government being formed, a minister
# dismissed and the successor appointed weeks later); longer gaps mean a missing holder.
MAX_GAP_DAYS = 120
# (state, office) pairs held without a gap since 1992; pinned at the measured coverage, so
# a record that breaks one fails here. States without a prime minister (presidential
# republics) have no such office.
COVERED = {
    "RUS": ("head_of_state", "prime_minister", "foreign_minister"),
    "BLR": ("head_of_state", "foreign_minister", "defence_minister"),
    "KAZ": ("head_of_state", "prime_minister", "foreign_minister", "defence_minister"),
    "KGZ": ("head_of_state",),
    "TJK": ("head_of_state", "foreign_minister"),
    "ARM": ("head_of_state", "prime_minister", "foreign_minister", "defence_minister"),
    "AZE": ("head_of_state", "defence_minister"),
    "UZB": ("head_of_state", "prime_minister", "defence_minister"),
    "TKM": ("head_of_state",),
    "MDA": ("head_of_state",),
    "GEO": ("head_of_state", "foreign_minister", "defence_minister"),
    "UKR": ("head_of_state", "prime_minister", "foreign_minister", "defence_minister"),
    "EST": ("head_of_state", "foreign_minister"),
    "LVA": ("head_of_state", "prime_minister", "foreign_minister"),
    "LTU": ("head_of_state", "prime_minister", "foreign_minister", "defence_minister"),
    "CHN": ("head_of_state", "prime_minister", "foreign_minister"),
    "IND": ("head_of_state", "prime_minister", "defence_minister"),
    "IRN": ("head_of_state", "foreign_minister", "defence_minister"),
    "MNG": ("head_of_state",),
    "FRA": ("head_of_state", "prime_minister", "foreign_minister", "defence_minister"),
    "DEU": ("prime_minister",),
    "TUR": ("head_of_state",),
    "ITA": ("head_of_state", "prime_minister"),
    "POL": ("head_of_state", "foreign_minister", "defence_minister"),
    "ESP": ("head_of_state", "prime_minister", "foreign_minister"),
    "NLD": ("prime_minister",),
    "BEL": ("prime_minister",),
    "GRC": ("head_of_state",),
    "ROU": ("head_of_state",),
    "BGR": ("head_of_state",),
    "NOR": ("head_of_state", "prime_minister"),
    "DNK": ("head_of_state",),
    "SWE": ("prime_minister", "foreign_minister"),
    "FIN": ("head_of_state", "prime_minister", "foreign_minister"),
    "AUT": ("prime_minister",),
    "PRT": ("head_of_state",),
    "HRV": ("head_of_state", "prime_minister"),
    "SVN": ("prime_minister",),
    "MKD": ("head_of_state",),
    "MNE": ("prime_minister",),
    "IRL": ("head_of_state",),
}


@pytest.fixture(scope="module")
def packs():
    return load_packs()


@pytest.fixture(scope="module")
def kb(packs):
    return KnowledgeBase(packs)


def test_world_heads_every_file_is_listed_and_valid():
    manifest = read_pack_file(WORLD / "pack.yaml", "world")
    assert set(HEADS_FILES) <= set(manifest.data["files"])
    for name in HEADS_FILES:
        read_pack_file(WORLD / name, "world")  # raises PackError on a schema fault


def test_world_heads_every_person_has_a_source(packs):
    missing = []
    for pf in packs.files:
        if pf.pack != "world" or pf.data.get("source"):
            continue
        people = [(i, e) for i, e in enumerate(pf.data.get("entities", [])) if e["type"] == "person"]
        missing += [f"{pf.path.name}:{pf.line(['entities', i])}" for i, e in people if not e.get("source")]
    assert not missing


def test_world_heads_no_person_is_listed_twice(packs):
    """One person, one record: a second record with the same name and country would split
    the person's offices and make the name ambiguous. Namesakes carry a distinct id."""
    seen: dict[tuple[str, str], list[str]] = defaultdict(list)
    for _pf, _i, item in packs.of_kind("entities"):
        if item["type"] == "person":
            seen[(normalise_name(item["name"]), item.get("country", ""))].append(item["id"])
    twice = {k: ids for k, ids in seen.items() if len(ids) > 1}
    assert set(twice) == {("andris berzins", "LVA")}, twice  # the president and the prime minister


def _day(date: str, end: bool = False) -> dt.date:
    """A partial date as its first day, or its last with ``end``."""
    year = int(date[:4])
    if len(date) == 4:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if len(date) == 7:
        month = int(date[5:7])
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return dt.date.fromisoformat(date)


def test_world_heads_terms_are_ordered(kb):
    bad = [
        f"{s.holder} {s.role} {s.from_}..{s.until}"
        for spells in kb.spells.values()
        for s in spells
        if s.until and _day(s.until, end=True) < _day(s.from_)
    ]
    assert not bad


def test_world_heads_one_head_of_state_at_a_time(kb):
    """Presidents, monarchs and chairs of a supreme council are all heads of state: one at
    a time per state, acting holders aside. Partial dates that meet are a handover."""
    clashes = []
    for (role, of), spells in kb.spells.items():
        if role != "head_of_state" or not (of or "").startswith("country:"):
            continue
        held = sorted((s for s in spells if not s.acting), key=lambda s: s.from_)
        for i, a in enumerate(held):
            for b in held[i + 1 :]:
                if a.holder == b.holder:
                    continue
                if a.until is None:
                    clashes.append(f"{of}: {a.holder} from {a.from_} has no end, {b.holder} from {b.from_}")
                elif len(a.until) < 10 or len(b.from_) < 10:
                    if b.from_[:4] < a.until[:4]:
                        clashes.append(f"{of}: {a.holder} ..{a.until} / {b.holder} {b.from_}..")
                elif b.from_ < a.until:
                    clashes.append(f"{of}: {a.holder} ..{a.until} / {b.holder} {b.from_}..")
    assert not clashes, "\n".join(clashes)


def _gaps(kb: KnowledgeBase, role: str, state: str) -> list[tuple[dt.date, dt.date]]:
    """Stretches since SINCE longer than MAX_GAP_DAYS with nobody (acting holders count) in office."""
    spans = sorted(
        (_day(s.from_), _day(s.until, end=True) if s.until else UNTIL)
        for s in kb.spells.get((role, f"country:{state}"), [])
    )
    gaps, covered = [], SINCE
    for start, end in spans:
        if (start - covered).days > MAX_GAP_DAYS:
            gaps.append((covered, start))
        covered = max(covered, end)
    if (UNTIL - covered).days > MAX_GAP_DAYS:
        gaps.append((covered, UNTIL))
    return gaps


@pytest.mark.parametrize("state", sorted(COVERED))
def test_world_heads_covered_offices_have_a_holder_every_day(kb, state):
    gaps = {role: _gaps(kb, role, state) for role in COVERED[state]}
    assert not any(gaps.values()), gaps
