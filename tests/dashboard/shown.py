"""What a reader sees of markdown the pages write: AppTest hands back the markdown source, with md_escape's
backslashes, colon references and word joiners in it; the browser shows the text without them."""
import re

from dashboard.ui.markdown import SPECIAL, WORD_JOINER

_ESCAPED = re.compile(f"\\\\([{re.escape(SPECIAL + '.)')}])")  # '.' and ')' after a list number


def shown(markdown: str) -> str:
    return _ESCAPED.sub(r"\1", markdown.replace("&#58;", ":").replace(WORD_JOINER, ""))
