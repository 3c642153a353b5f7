"""One axis of the evaluation grid as a horizontal bar chart, drawn on the server as SVG (no JavaScript;
colours are presentation attributes, allowed by the strict CSP and kept in a PDF). The page always
shows the same figures in a data table beside it, for screen readers and for print.

    axis_chart(result, chart_id) -> SafeString
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sps.syntheses.grid import ACCOMPANIMENT_BELOW, LEVEL_MAX, AxisResult, score_label

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 44
ROW = 24
TOP = 26
BAR_FILL = "#000091"  # DSFR « bleu France »
NC_FILL = "#666666"
GRID_STROKE = "#cccccc"
THRESHOLD_STROKE = "#ce0500"


def axis_chart(result: AxisResult, chart_id: str) -> SafeString:
    rows = result.scores
    height = TOP + ROW * max(len(rows), 1) + 8
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    x0 = LABEL_WIDTH

    def x(value) -> float:
        return round(x0 + plot * float(value) / LEVEL_MAX, 1)

    title = f"Scores par académie — {result.label}"
    desc = (
        "Score moyen de chaque académie sur cet axe, de 1 à 4 ; la ligne rouge marque le seuil "
        f"d'accompagnement ({score_label(ACCOMPANIMENT_BELOW)}). Les mêmes valeurs figurent dans le tableau qui suit."
    )
    parts = [
        f'<svg class="grid-chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" font-family="Marianne, Arial, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for tick in range(LEVEL_MAX + 1):
        parts.append(
            f'<line x1="{x(tick)}" y1="{TOP - 6}" x2="{x(tick)}" y2="{height - 8}" stroke="{GRID_STROKE}" stroke-width="1"/>'
            f'<text x="{x(tick)}" y="{TOP - 10}" font-size="11" text-anchor="middle" fill="#3a3a3a">{tick}</text>'
        )
    for index, (academy, score) in enumerate(rows):
        y = TOP + ROW * index
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW / 2 + 4}" font-size="12" text-anchor="end" fill="#161616">'
            f"{escape(academy.name)}</text>"
        )
        if score is None:
            parts.append(f'<text x="{x0 + 4}" y="{y + ROW / 2 + 4}" font-size="12" fill="{NC_FILL}">N.C.</text>')
            continue
        parts.append(
            f'<rect x="{x0}" y="{y + 4}" width="{round(x(score) - x0, 1)}" height="{ROW - 8}" fill="{BAR_FILL}"/>'
            f'<text x="{x(score) + 4}" y="{y + ROW / 2 + 4}" font-size="12" fill="#161616">{score_label(score)}</text>'
        )
    parts.append(
        f'<line x1="{x(ACCOMPANIMENT_BELOW)}" y1="{TOP - 6}" x2="{x(ACCOMPANIMENT_BELOW)}" y2="{height - 8}" '
        f'stroke="{THRESHOLD_STROKE}" stroke-width="2" stroke-dasharray="4 3"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
