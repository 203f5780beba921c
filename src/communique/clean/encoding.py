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
