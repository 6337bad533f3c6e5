"""Text from data, files or people shown literally wherever Streamlit reads markdown (st.markdown, captions,
alerts, and every widget, expander and status label). Pure: no streamlit.

Streamlit reads more than markdown: GitHub's autolinks (www., https://, e-mail addresses), emoji and icon codes
(:smile:, :material/home:), coloured text (:red[...]) and LaTeX ($...$). Checked in Chromium against streamlit
1.67: a backslash stops markdown and :red[...], but not autolinks or icons, which are found in the text after
escapes are read. So a word joiner (U+2060, invisible, never a line break) splits autolinks, and a colon is
written as the character reference &#58;, which shows as ':' but starts no code.
"""
from __future__ import annotations

import re

# ASCII punctuation that markdown, GitHub's tables and strikethrough, LaTeX and HTML entities give a meaning.
SPECIAL = "\\`*_{}[]()#+!|<>$~&=-"
_SPECIAL = re.compile(f"([{re.escape(SPECIAL)}])")
_LIST_NUMBER = re.compile(r"(?m)^(\s*\d+)([.)])")  # "1. First" would become a numbered list
_WWW = re.compile(r"(?i)\b(www)\.")
WORD_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Show text literally: no markdown, link, image, HTML, icon, emoji, colour or formula can come from data."""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    escaped = _LIST_NUMBER.sub(r"\1\\\2", escaped)
    escaped = _WWW.sub(lambda m: m.group(1) + WORD_JOINER + ".", escaped)
    escaped = escaped.replace("://", ":" + WORD_JOINER + "//").replace("@", WORD_JOINER + "@")
    return escaped.replace(":", "&#58;")


def md_link(url: str) -> str:
    """A URL safe inside markdown's (...) link target."""
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
