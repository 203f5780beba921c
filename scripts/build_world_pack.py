"""Generate ``src/communique/packs/world/countries.yaml`` from packaged country data.

Sources, all installed packages (nothing is downloaded):
- pycountry: the ISO 3166-1 list, names, official and common names;
- country_converter: short and official names (its ``country_data.tsv``; read
  with the csv module because its pandas loader turns Namibia's "NA" into NaN);
- countryinfo: demonyms, capitals and other Latin-script spellings;
- ``packs/world/exceptions.yaml``: demonyms and capitals those lack or date.

The output is sorted and has no timestamps, so running the script twice gives the
same file. Run: ``.venv/bin/python scripts/build_world_pack.py``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import country_converter
import pycountry
import yaml
from countryinfo import all_countries

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "src" / "communique" / "packs" / "world"
OUTPUT = WORLD / "countries.yaml"
EXCEPTIONS = WORLD / "exceptions.yaml"

# Plural demonyms: "Russians", "Iraqis". Rule: add "s" unless the word already
# ends in a sibilant or in "-ese"/"-ish"/"-ch" (Chinese, British, French), which
# English uses unchanged for the people.
NO_PLURAL = re.compile(r"(?:s|x|z|sh|ch|ese|ish)$")
# Alternate spellings that are codes or not in Latin script are left out: codes
# collide with ordinary words ("IT", "NO") and other scripts never match English text.
LATIN = re.compile(r"^[A-Za-z][A-Za-z .,'’()-]+$")


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphenated: ids for capital cities."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def read_converter_names() -> dict[str, dict[str, str]]:
    """ISO3 -> {name_short, name_official} from country_converter's table."""
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        return {r["ISO3"]: {"short": r["name_short"], "official": r["name_official"]} for r in rows}


def read_countryinfo(names_by_iso: dict[str, set[str]]) -> dict[str, dict]:
    """ISO3 -> countryinfo record, keeping only records whose name is one of the country's names.

    countryinfo files Wales and Scotland under GBR; the name check keeps the United Kingdom.
    """
    records: dict[str, dict] = {}
    for country in all_countries():
        info = country.info()
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3 or iso3 in records:
            continue
        known = {n.lower() for n in names_by_iso.get(iso3, set())}
        alt = {a.lower() for a in info.get("altSpellings") or []}
        if info.get("name", "").lower() in known or known & alt:
            records[iso3] = info
    return records


def plural(demonym: str) -> str | None:
    return None if NO_PLURAL.search(demonym) or " " in demonym else demonym + "s"


def collect_names(iso3: str, country, conv: dict, extra: list[str]) -> list[str]:
    """The country's names, most common first (the first is the canonical name)."""
    names = [*extra, conv.get("short", ""), getattr(country, "common_name", ""), country.name]
    names += [conv.get("official", ""), getattr(country, "official_name", "")]
    return unique([n for n in names if n])


def unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build_country(country, conv: dict, info: dict, exc: dict) -> list[dict]:
    """One country entity and, when known, its capital as a place entity."""
    iso3 = country.alpha_3
    names = collect_names(iso3, country, conv, exc["names"].get(iso3, []))
    alts = [a for a in info.get("altSpellings") or [] if LATIN.match(a) and len(a) > 3]
    demonyms = unique(exc["demonyms"].get(iso3, []) + ([info["demonym"]] if info.get("demonym") else []))
    demonyms += [p for p in (plural(d) for d in demonyms) if p and p not in demonyms]
    entity: dict = {"id": f"country:{iso3}", "name": names[0], "type": "country", "country": iso3}
    aliases = [a for a in unique(names[1:] + alts) if a != names[0]]
    if aliases:
        entity["aliases"] = aliases
    if demonyms:
        entity["demonyms"] = demonyms
    capital = exc["capitals"].get(iso3) or ({"name": info["capital"]} if info.get("capital") else None)
    if not capital:
        return [entity]
    entity["capital"] = capital["name"]
    place: dict = {
        "id": f"place:{iso3.lower()}-{slugify(capital['name'])}",
        "name": capital["name"],
        "type": "place",
        "country": iso3,
        "part_of": f"country:{iso3}",
    }
    if capital.get("aliases"):
        place["aliases"] = list(capital["aliases"])
    return [entity, place]


def build_entities() -> list[dict]:
    exc = yaml.safe_load(EXCEPTIONS.read_text(encoding="utf-8"))
    conv_all = read_converter_names()
    names_by_iso = {
        c.alpha_3: {c.name, getattr(c, "common_name", c.name), conv_all.get(c.alpha_3, {}).get("short", "")}
        for c in pycountry.countries
    }
    infos = read_countryinfo(names_by_iso)
    entities: list[dict] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        entities += build_country(country, conv_all.get(iso3, {}), infos.get(iso3, {}), exc)
    return resolve_shared_demonyms(entities, exc)


def resolve_shared_demonyms(entities: list[dict], exc: dict) -> list[dict]:
    """A demonym several countries carry ("American": USA and the Northern Mariana Islands;
    "French": France and the French Southern Territories) stays with the country the
    exceptions file gives it to and is dropped from the others; with no owner there, it is
    dropped from all (an ambiguous word must not pick a country at random).
    """
    owners: dict[str, set[str]] = {}
    for ent in entities:
        for d in ent.get("demonyms", []):
            owners.setdefault(d.lower(), set()).add(ent["country"])
    chosen = {d.lower(): iso for iso, ds in exc["demonyms"].items() for d in ds}
    chosen |= {d.lower() + "s": iso for iso, ds in exc["demonyms"].items() for d in ds}
    for ent in entities:
        if "demonyms" not in ent:
            continue
        kept = []
        for d in ent["demonyms"]:
            isos = owners[d.lower()]
            if len(isos) == 1 or chosen.get(d.lower()) == ent["country"]:
                kept.append(d)
            elif d.lower() not in chosen:
                print(f"dropped ambiguous demonym {d!r} ({', '.join(sorted(isos))})")
        if kept:
            ent["demonyms"] = kept
        else:
            del ent["demonyms"]
    return entities


def render(entities: list[dict]) -> str:
    """The file's text: a header saying how it was made, then the entities."""
    header = (
        "# GENERATED by scripts/build_world_pack.py from pycountry, country_converter and\n"
        "# countryinfo plus exceptions.yaml. Do not edit by hand: change the script or the\n"
        "# exceptions file and run it again.\n"
    )
    body = yaml.safe_dump(
        {"generated_by": "scripts/build_world_pack.py", "entities": entities},
        allow_unicode=True,
        sort_keys=False,
        width=110,
    )
    return header + body


def main() -> None:
    entities = build_entities()
    OUTPUT.write_text(render(entities), encoding="utf-8")
    print(f"wrote {len(entities)} entities to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
