"""Character repair: mojibake and legacy-encoding damage (ftfy), odd spaces and line ends."""

from __future__ import annotations

import re

import ftfy

# Characters that hint at mojibake, HTML entities or ligature glyphs: only text holding one of
# them goes through ftfy, which costs milliseconds per page and has nothing to do on clean text.
NEEDS_FTFY = re.compile(r"[\x80-\xff\ufb00-\ufb06\ufffd]|&#?\w+;")
# ftfy settings: keep typographic quotes as the author wrote them.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False)
# Spaces other than U+0020 (no-break, narrow no-break, figure, thin, ideographic, ...).
ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters that only get in the way of matching (zero-width, soft hyphen, BOM).
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")


def repair_encoding(text: str) -> str:
    """Fix mojibake, normalise spaces and line ends; the words themselves are untouched.

    text (str): decoded text as a reader produced it.
    RETURNS (str): the text with ``\\n`` line ends, plain spaces and no invisible characters.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if NEEDS_FTFY.search(text):
        text = ftfy.fix_text(text, config=FTFY_CONFIG)
    text = INVISIBLE.sub("", text)
    return ODD_SPACES.sub(" ", text)


# --- Decoding bytes by evidence -------------------------------------------------------------

# A file that decodes as UTF-8 except for a few stray bytes is UTF-8 with damage: well-formed
# multi-byte characters outnumber the bad bytes this many times (a Latin-1 or cp1251 file has
# almost no well-formed UTF-8 sequences: its accented letters stand alone between ASCII ones).
UTF8_DAMAGE_RATIO = 2
# UTF-16 without a byte-order mark: in text, one byte of each pair (the high byte) takes very
# few values (0x00 for Latin, 0x04 for Cyrillic ...). The share of pairs whose high byte is
# one of its three most common values, above which the bytes are read as UTF-16.
UTF16_HIGH_BYTE_SHARE = 0.9
# Bytes of a file looked at to choose an encoding (the whole file is then decoded).
SAMPLE_BYTES = 65_536
# Candidate decodings charset-normalizer finds equally plausible are told apart by how
# common their non-ASCII words are in the candidates' languages (wordfreq): this many.
MAX_CANDIDATES = 6


class UndecodableError(ValueError):
    """No encoding fits the bytes."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes by evidence.

    A byte-order mark is trusted; UTF-8 stays UTF-8 (a few invalid bytes are replaced by
    U+FFFD rather than the whole file being read as another encoding); UTF-16 without a BOM is
    recognised by its byte pattern; anything else goes to charset-normalizer, whose ties
    (Latin-1 French reads as cp1250 as "well" as cp1252, only the words differ) are broken by
    how common the decoded words are in the detected language.

    data (bytes): the file's bytes.
    RETURNS (tuple[str, str]): the text and the Python name of the encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf_16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf_8"
    # NUL bytes are no part of 8-bit text, but half the bytes of UTF-16 with Latin letters
    utf16 = _utf16_without_bom(data) if b"\x00" in data[:SAMPLE_BYTES] else None
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged, "utf_8"
    return _by_charset_normalizer(data)


def _damaged_utf8(data: bytes) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    return text if good and bad * UTF8_DAMAGE_RATIO <= good else None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    from collections import Counter

    sample = data[: SAMPLE_BYTES - SAMPLE_BYTES % 2]
    if len(data) % 2 or len(sample) < 8:
        return None
    for high, codec in ((1, "utf_16_le"), (0, "utf_16_be")):
        highs = Counter(sample[high::2])
        lows = Counter(sample[1 - high :: 2])
        share = sum(n for _, n in highs.most_common(3)) / (len(sample) // 2)
        if share >= UTF16_HIGH_BYTE_SHARE and len(lows) > 2 * len(highs) and 0 in highs:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    return None


def _by_charset_normalizer(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = list(from_bytes(data[:SAMPLE_BYTES] if len(data) > SAMPLE_BYTES else data))
    if not results:
        raise UndecodableError("undecodable text: no encoding fits its bytes")
    best = results[0]
    ties = [r for r in results[:MAX_CANDIDATES] if r.chaos <= best.chaos and r.coherence >= best.coherence]
    if len(ties) > 1:
        languages = {code for r in ties[:3] for code in _language_codes(r.languages[:3])}
        best = max(ties, key=lambda r: _word_evidence(str(r), languages))
    try:
        return data.decode(best.encoding, errors="replace"), best.encoding
    except LookupError as exc:
        raise UndecodableError(f"undecodable text: {exc}") from exc


def _language_codes(names: list[str]) -> list[str]:
    import pycountry

    codes = []
    for name in names:
        language = pycountry.languages.get(name=name)
        if language is not None and hasattr(language, "alpha_2"):
            codes.append(language.alpha_2)
    return codes


def _word_evidence(text: str, languages: set[str]) -> float:
    """Mean best frequency (wordfreq zipf) of the words that hold a non-ASCII letter."""
    import logging
    import warnings

    import wordfreq

    words = [w for w in re.findall(r"\w+", text.lower()) if not w.isascii()][:500]
    if not words:
        return 0.0
    # wordfreq says "using the nearest match 'sh' for 'hr'" through logging: that is fine
    logging.getLogger("wordfreq").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        total = 0.0
        for word in words:
            total += max((wordfreq.zipf_frequency(word, lang) for lang in languages), default=0.0)
    return total / len(words)
