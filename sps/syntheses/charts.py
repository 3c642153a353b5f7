"""Horizontal bar charts drawn on the server as SVG (no JavaScript; CSP-safe: colours are attributes).

    bar_chart([(label, value), ...], title=..., chart_id=...)  → SVG markup (a SafeString)

A value None is « N.C. »: no bar, the text « N.C. » (never a bar of 0). The chart is an image
(role="img") whose text alternative sends to the data table the page puts right after it: the
figures are read there, with their links.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_FILL = "#000091"  # DSFR « bleu France »
TRACK_FILL = "#eeeeee"
WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 90
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LABEL_MAX = 34  # characters of a label before it is cut (the table has it whole)


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return f"{value:,}".replace(",", "\u202f")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def bar_chart(rows, *, title: str, chart_id: str, unit: str = "", max_value=None) -> SafeString:
    """Bars for `rows` ((label, value) pairs); `max_value` fixes the scale (100 for rates)."""
    rows = list(rows)
    values = [v for _label, v in rows if v is not None]
    top = max_value if max_value is not None else max(values, default=0)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = ROW_HEIGHT * len(rows) + 8
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sps-chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{escape(chart_id)}-title">',
        f'<title id="{escape(chart_id)}-title">{escape(title)} (graphique\u00a0: les chiffres sont dans le'
        " tableau qui suit)</title>",
    ]
    for index, (label, value) in enumerate(rows):
        y = 4 + index * ROW_HEIGHT
        text_y = y + ROW_HEIGHT / 2 + 4
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y:.0f}" text-anchor="end" font-size="13"'
            f' fill="#161616">{escape(_short(str(label)))}</text>'
        )
        bar_y = y + (ROW_HEIGHT - BAR_HEIGHT) / 2
        out.append(
            f'<rect x="{LABEL_WIDTH}" y="{bar_y:.0f}" width="{span}" height="{BAR_HEIGHT}" fill="{TRACK_FILL}"/>'
        )
        if value is None:
            shown, width = "N.C.", 0
        else:
            shown = _number(value) + unit
            width = 0 if not top else max(0.0, min(1.0, value / top)) * span
            if value and width < 2:
                width = 2  # a small non-zero value stays visible
        if width:
            out.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y:.0f}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{BAR_FILL}"/>'
            )
        out.append(
            f'<text x="{LABEL_WIDTH + span + 8}" y="{text_y:.0f}" font-size="13" fill="#161616"'
            f' font-weight="700">{escape(shown)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every interpolated text is escaped above
