#!/usr/bin/env python3
"""French typography in the project's French text: a no-break space (U+00A0) before « : ; ! ? »
and inside guillemets « … ». One mechanical, idempotent pass.

    python3 bin/french_typography.py           # rewrite the files, print how many spaces per file
    python3 bin/french_typography.py --check   # change nothing, exit 1 and list file:line if any is left
    python3 bin/french_typography.py PATH…     # only these files

What is read:
- templates (templates/ and any app's templates/, .html and .txt, e-mails included): the text
  outside `{% %}`, `{{ }}`, `{# #}`, `{% comment %}`, `{% verbatim %}`, HTML comments, <script> and
  <style>, and inside tags only the values of the attributes that are read to people
  (aria-label, title, alt, placeholder). Other attributes (style, href, class…) are never touched.
- Python string literals of sps/ (tokenize): neither docstrings nor comments, nor raw or bytes
  strings, nor what is inside the braces of f-strings; migrations are history and are not read.
- the JSON data that sps/ ships to the database (sps/*/data/*.json: the idea bank): string values.
  A space before « : » is French-only (English writes « a: b »), so a match is French prose;
  times (« 10:30 »), formats (« %H:%M »), URLs and English messages have no space before the mark.

The rule: a space after a visible character and before one of : ; ! ? », followed by a space, the
end of the line, a tag, a quote, a closing bracket, a template tag or . , — and « followed by a
space. In Python, a literal that starts with « : » (`" : " + …`) follows text, so counts too.
The space becomes U+00A0 (written as the character itself, as the code already does).
Standard library only.
"""

import argparse
import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
SKIP_PARTS = {".venv", "node_modules", "var", "migrations", "__pycache__", "static"}
TEMPLATE_SUFFIXES = {".html", ".txt"}
# Attributes whose value is read to people; the values of all others are code.
TEXT_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}

_BEFORE = re.compile(r"(?<=\S) ([:;!?»])(?=[\s<\"'\)\]{.,\\]|$)", re.MULTILINE)
_BEFORE_AT_START = re.compile(r"^ ([:;!?»])(?=[\s<\"'\)\]{.,\\]|$)")
_AFTER_OPENING = re.compile(r"« ")


def _spaces(text):
    """Offsets of the ordinary spaces of `text` that should be no-break spaces."""
    found = {m.start(1) - 1 for m in _BEFORE.finditer(text)}
    found |= {m.start() + 1 for m in _AFTER_OPENING.finditer(text)}
    return found


def _replace_at(text, offsets):
    chars = list(text)
    for offset in offsets:
        assert chars[offset] == " ", (offset, text[offset - 10 : offset + 10])
        chars[offset] = NBSP
    return "".join(chars)


# --- Templates ------------------------------------------------------------------------------------

_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
_BLOCK_START = re.compile(r"\{%\s*(comment|verbatim)\b.*?%\}", re.DOTALL)
_RAW_ELEMENT = re.compile(r"<(script|style)\b", re.IGNORECASE)
_TAG_START = re.compile(r"</?[A-Za-z][\w:-]*")
_ATTRIBUTE = re.compile(r"([^\s=/>\"'{]+)\s*(=\s*)?")


def _skip_template_tags(text, start, stop_chars):
    """Index of the first character of `stop_chars` at or after `start` that is outside template tags."""
    i = start
    while i < len(text):
        if text.startswith(("{%", "{{", "{#"), i):
            m = _TEMPLATE_TAG.match(text, i)
            if m:
                i = m.end()
                continue
        if text[i] in stop_chars:
            return i
        i += 1
    return len(text)


def _html_tag(text, start, prose):
    """Read the HTML tag at `start` (just after its name); add the text attributes' values to
    `prose`. Return the index just after the tag's closing ">"."""
    i = start
    while i < len(text):
        if text[i] == ">":
            return i + 1
        if text.startswith(("{%", "{{", "{#"), i):
            m = _TEMPLATE_TAG.match(text, i)
            if m:
                i = m.end()
                continue
        if text[i].isspace() or text[i] == "/":
            i += 1
            continue
        m = _ATTRIBUTE.match(text, i)
        if not m:
            i += 1
            continue
        name = m.group(1).lower()
        i = m.end()
        if not m.group(2):
            continue
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            end = _skip_template_tags(text, i + 1, quote)
            if name in TEXT_ATTRIBUTES:
                prose.append((i + 1, end))
            i = end + 1
        else:
            i = _skip_template_tags(text, i, " \t\n>")
    return len(text)


def template_prose(text):
    """The (start, end) ranges of `text` (a Django template) that are text read by people."""
    prose = []
    i = 0
    text_start = 0
    n = len(text)

    def close_text(end):
        if end > text_start:
            prose.append((text_start, end))

    while i < n:
        ch = text[i]
        if ch == "{" and text.startswith(("{%", "{{", "{#"), i):
            m = _TEMPLATE_TAG.match(text, i)
            if m:
                close_text(i)
                block = _BLOCK_START.match(text, i)
                if block:
                    end_tag = re.compile(r"\{%\s*end" + block.group(1) + r"\s*%\}")
                    end = end_tag.search(text, block.end())
                    i = end.end() if end else n
                else:
                    i = m.end()
                text_start = i
                continue
        if ch == "<":
            if text.startswith("<!--", i):
                close_text(i)
                end = text.find("-->", i + 4)
                i = n if end < 0 else end + 3
                text_start = i
                continue
            raw = _RAW_ELEMENT.match(text, i)
            if raw:
                close_text(i)
                end = re.compile(r"</" + raw.group(1) + r"\s*>", re.IGNORECASE).search(text, raw.end())
                i = end.end() if end else n
                text_start = i
                continue
            tag = _TAG_START.match(text, i)
            if tag:
                close_text(i)
                i = _html_tag(text, tag.end(), prose)
                text_start = i
                continue
        i += 1
    close_text(n)
    return prose


def _inside(offset, ranges):
    return any(start <= offset < end for start, end in ranges)


def fix_template(text):
    """`text` (a Django template) with French typography in its prose."""
    prose = template_prose(text)
    offsets = set()
    for offset in _spaces(text):
        # The space and the mark (or the « before it) are both prose.
        if _inside(offset, prose) and (_inside(offset + 1, prose) or _inside(offset - 1, prose)):
            offsets.add(offset)
    return _replace_at(text, offsets)


# --- Python ---------------------------------------------------------------------------------------

_STRING_PREFIX = re.compile(r"^([A-Za-z]*)(\"\"\"|'''|\"|')", re.DOTALL)


def _fstring_literal_ranges(body):
    """Ranges of an f-string's body outside the {…} replacement fields ({{ and }} are text)."""
    ranges = []
    i = 0
    start = 0
    depth = 0
    while i < len(body):
        ch = body[i]
        if depth == 0:
            if body.startswith(("{{", "}}"), i):
                i += 2
                continue
            if ch == "{":
                ranges.append((start, i))
                depth = 1
        else:
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    start = i + 1
        i += 1
    if depth == 0:
        ranges.append((start, len(body)))
    return ranges


def fix_string_literal(token):
    """One Python string literal's source (prefix and quotes included), with French typography."""
    m = _STRING_PREFIX.match(token)
    if not m:
        return token
    prefix = m.group(1).lower()
    if "r" in prefix or "b" in prefix:
        return token
    quote = m.group(2)
    body_start = m.end()
    body = token[body_start : len(token) - len(quote)]
    ranges = _fstring_literal_ranges(body) if "f" in prefix else [(0, len(body))]
    offsets = set()
    for offset in _spaces(body):
        if _inside(offset, ranges) and (_inside(offset + 1, ranges) or _inside(offset - 1, ranges)):
            offsets.add(offset)
    if ranges and ranges[0][0] == 0 and _BEFORE_AT_START.match(body):
        offsets.add(0)
    if not offsets:
        return token
    return token[:body_start] + _replace_at(body, offsets) + token[len(token) - len(quote) :]


def _docstring_tokens(tokens):
    """Indexes of the string tokens that are a statement on their own (docstrings and the like)."""
    found = set()
    starts = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
    skip = {tokenize.NL, tokenize.COMMENT}
    for index, tok in enumerate(tokens):
        if tok.type != tokenize.STRING:
            continue
        before = index - 1
        while before >= 0 and tokens[before].type in skip:
            before -= 1
        if before >= 0 and tokens[before].type not in starts:
            continue
        after = index + 1
        while after < len(tokens) and tokens[after].type in (tokenize.STRING, *skip):
            after += 1
        if after >= len(tokens) or tokens[after].type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            found.update(range(index, after))
    return found


def fix_python(text):
    """`text` (Python source) with French typography in its string literals."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    docstrings = _docstring_tokens(tokens)
    lines = text.splitlines(keepends=True)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    out = []
    position = 0
    for index, tok in enumerate(tokens):
        if tok.type != tokenize.STRING or index in docstrings:
            continue
        start = line_starts[tok.start[0] - 1] + tok.start[1]
        end = line_starts[tok.end[0] - 1] + tok.end[1]
        fixed = fix_string_literal(tok.string)
        if fixed != tok.string:
            out.append(text[position:start])
            out.append(fixed)
            position = end
    out.append(text[position:])
    return "".join(out)


# --- JSON data ----------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def fix_json(text):
    """`text` (JSON data shipped to the database, e.g. the idea bank) with French typography in its strings."""
    strings = [(m.start() + 1, m.end() - 1) for m in _JSON_STRING.finditer(text)]
    offsets = {offset for offset in _spaces(text) if _inside(offset, strings) and _inside(offset + 1, strings)}
    offsets |= {offset for offset in _spaces(text) if _inside(offset, strings) and _inside(offset - 1, strings)}
    return _replace_at(text, offsets)


# --- Files ----------------------------------------------------------------------------------------


def _skipped(path):
    return bool(SKIP_PARTS & set(path.relative_to(ROOT).parts))


def template_files():
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.is_file() and path.suffix in TEMPLATE_SUFFIXES and not _skipped(path):
            yield path


def python_files():
    for path in sorted((ROOT / "sps").rglob("*.py")):
        if not _skipped(path):
            yield path


def json_files():
    for path in sorted((ROOT / "sps").rglob("data/*.json")):
        if not _skipped(path):
            yield path


def all_files():
    return [*template_files(), *python_files(), *json_files()]


def fix_file(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return text, fix_python(text)
    if path.suffix == ".json":
        return text, fix_json(text)
    return text, fix_template(text)


def differing_lines(before, after):
    """(line number, line) of `before` that the rewrite changes."""
    return [
        (number, old)
        for number, (old, new) in enumerate(zip(before.splitlines(), after.splitlines(), strict=True), 1)
        if old != new
    ]


def problems(paths=None):
    """[(path, line number, line)] of the text that lacks a no-break space."""
    found = []
    for path in paths or all_files():
        before, after = fix_file(path)
        found.extend((path, number, line) for number, line in differing_lines(before, after))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing, exit 1 if a space is left")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = [path.resolve() for path in args.paths] or all_files()
    if args.check:
        found = problems(paths)
        for path, number, line in found:
            print(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        if found:
            print(f"{len(found)} ligne(s) sans espace insécable (python3 bin/french_typography.py les corrige).")
            return 1
        return 0
    for path in paths:
        before, after = fix_file(path)
        if before != after:
            path.write_text(after, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(differing_lines(before, after))} ligne(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
