import html
import re

LINK_RE = re.compile(r"https?://\S+")


def text(response) -> str:
    """The page's HTML with entities decoded, to look for French messages as written."""
    return html.unescape(response.content.decode())


def links(body: str) -> list[str]:
    return LINK_RE.findall(body)
