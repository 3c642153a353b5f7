"""Checks of a page's form markup that a screen reader depends on, read from the HTML (no browser):
unique ids, aria-describedby / aria-labelledby / label[for] pointing at elements that exist, every
<form> of the page's <main> named and no two with the same name, no label saying « (facultatif) » twice."""

from collections import Counter
from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.references = []  # (attribute, tag, target id)
        self.forms = []  # accessible name source: aria-label, aria-labelledby (ids) or None
        self.label_texts = []
        self._label_depth = 0
        self._label_text = []
        self._in_main = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby"):
            for target in (attrs.get(name) or "").split():
                self.references.append((name, tag, target))
        if tag == "label" and attrs.get("for"):
            self.references.append(("for", tag, attrs["for"]))
        if tag == "main":
            self._in_main = True
        if tag == "form" and self._in_main:  # the header's forms are the layout's (checked with it)
            self.forms.append(attrs.get("aria-label") or attrs.get("aria-labelledby"))
        if tag in ("label", "legend"):
            self._label_depth += 1
            self._label_text = []

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag in ("label", "legend") and self._label_depth:
            self._label_depth -= 1
            self.label_texts.append(" ".join("".join(self._label_text).split()))

    def handle_data(self, data):
        if self._label_depth:
            self._label_text.append(data)


def markup_problems(html: str) -> list[str]:
    page = _Collector()
    page.feed(html)
    problems = [f"id en double : {i}" for i, n in Counter(page.ids).items() if n > 1]
    known = set(page.ids)
    problems += [
        f"{attr} de <{tag}> vers un id absent : {target}"
        for attr, tag, target in page.references
        if target not in known
    ]
    problems += ["<form> sans nom accessible" for name in page.forms if not name]
    problems += [f"deux <form> nommés « {n} »" for n, count in Counter(filter(None, page.forms)).items() if count > 1]
    problems += [f"libellé : {t}" for t in page.label_texts if t.count("(facultatif)") > 1]
    return problems
