"""The map of France by département, drawn on the server as SVG (no tile server, no JavaScript).

    render_map(values, href=..., label=...)  → SVG markup (a SafeString)
    legend_classes(values)                   → the colour classes of the legend

`values` maps a département code (« 94 », « 2A », « 971 ») to a number (or None: « N.C. », drawn
hatched-free grey, never as 0). Each département is a link (`href(code)`) whose accessible name is
`label(code, value)`; without `href` the shapes are plain. The public map uses it for the number of
published actions; the syntheses can reuse it (« zones blanches »: the départements at 0).

The outlines come from sps/catalogue/data/departements.json (see bin/simplify_departements.py and
its header: Licence Ouverte, IGN ADMIN EXPRESS via gregoiredavid/france-geojson). Colours are
`fill` attributes (presentation attributes, allowed by the strict CSP and kept in a PDF); the
focus ring and hover come from static/sps/map.css.
"""

import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sps.catalogue.projection import OVERSEAS, project

DATA_FILE = Path(__file__).parent / "data" / "departements.json"

# A sequential blue scale ending on the DSFR's « bleu France »; white borders between départements.
PALETTE = ("#dde5ff", "#a9bff9", "#6e8ff0", "#3558c2", "#000091")
ZERO_FILL = "#e8e8e8"
UNKNOWN_FILL = "#d5d5d5"
NEIGHBOUR_FILL = "#f6f6f6"
# Which colours of PALETTE a legend of n classes uses.
SPREAD = {1: (4,), 2: (2, 4), 3: (1, 3, 4), 4: (1, 2, 3, 4), 5: (0, 1, 2, 3, 4)}
POINT_FILL = "#e1000f"  # DSFR « rouge Marianne »: visible on every class of the scale


@functools.cache
def geodata() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def department_names() -> dict[str, str]:
    """Code → name of the 101 départements of the map, in code order."""
    return {code: d["name"] for code, d in geodata()["departments"].items()}


def attribution() -> str:
    return geodata()["attribution"]


@dataclass(frozen=True)
class ColourClass:
    low: int
    high: int | None  # None: « et plus »
    fill: str

    @property
    def label(self) -> str:
        if self.low == 0 and self.high == 0:
            return "0"
        if self.high is None:
            return f"{self.low} et plus"
        if self.low == self.high:
            return str(self.low)
        return f"{self.low} à {self.high}"

    def __contains__(self, value) -> bool:
        return value is not None and value >= self.low and (self.high is None or value <= self.high)


def legend_classes(values: dict[str, int | None], *, count: int = len(PALETTE)) -> list[ColourClass]:
    """Zero first (its own class: a département with nothing stands out), then up to `count` classes
    of the positive values, cut at their quantiles so that each colour is used."""
    positive = sorted(v for v in values.values() if v)
    classes = [ColourClass(0, 0, ZERO_FILL)]
    if not positive:
        return classes
    bounds = []
    for i in range(1, count):
        cut = positive[(len(positive) * i) // count]
        if cut > positive[0] and (not bounds or cut > bounds[-1]):
            bounds.append(cut)
    # Spread the colours over the scale, away from the lightest one (too close to the zero class).
    fills = [PALETTE[i] for i in SPREAD[len(bounds) + 1]]
    low = 1
    for fill, high in zip(fills, bounds, strict=False):
        classes.append(ColourClass(low, high - 1, fill))
        low = high
    classes.append(ColourClass(low, None, fills[-1]))
    return classes


def fill_of(value, classes: list[ColourClass]) -> str:
    if value is None:
        return UNKNOWN_FILL
    for colour_class in classes:
        if value in colour_class:
            return colour_class.fill
    return ZERO_FILL


# Paris and its petite couronne are a few units wide on the national map: drawn again, enlarged,
# in a frame of their own (top right, over Belgium and Luxembourg, where the map is empty).
ZOOMS = ({"label": "Paris et petite couronne", "codes": ("75", "92", "93", "94"), "box": (1040, 10, 170, 150)},)


def _zoom_transform(zoom, departments) -> tuple[float, float, float]:
    boxes = [departments[code]["bbox"] for code in zoom["codes"]]
    x1, y1 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x2, y2 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    bx, by, bw, bh = zoom["box"]
    inner = (bx + 8, by + 22, bw - 16, bh - 30)
    scale = min(inner[2] / (x2 - x1), inner[3] / (y2 - y1))
    return (
        inner[0] + (inner[2] - (x2 - x1) * scale) / 2 - x1 * scale,
        inner[1] + (inner[3] - (y2 - y1) * scale) / 2 - y1 * scale,
        scale,
    )


@dataclass(frozen=True)
class Point:
    """A place to mark (a school): its coordinates, its link and its accessible name."""

    latitude: float
    longitude: float
    href: str
    label: str


def _bbox_viewbox(bbox, margin=0.08) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = bbox
    pad = max(x2 - x1, y2 - y1) * margin + 2
    return x1 - pad, y1 - pad, x2 - x1 + 2 * pad, y2 - y1 + 2 * pad


def _intersects(bbox, viewbox) -> bool:
    vx, vy, vw, vh = viewbox
    return not (bbox[2] < vx or bbox[0] > vx + vw or bbox[3] < vy or bbox[1] > vy + vh)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def render_map(
    values: dict[str, int | None],
    *,
    href: Callable[[str], str] | None = None,
    label: Callable[[str, int | None], str] | None = None,
    title: str = "Carte des départements",
    focus: str | Iterable[str] | None = None,
    points: Iterable[Point] = (),
    classes: list[ColourClass] | None = None,
    svg_id: str = "sps-map",
) -> SafeString:
    """The SVG of the map: every département (or only `focus`, a code or several, framed, with their
    neighbours drawn plain around them and `points` placed on them), coloured by its value's class."""
    data = geodata()
    departments = data["departments"]
    classes = classes if classes is not None else legend_classes(values)
    label = label or (lambda code, value: f"{departments[code]['name']}\u00a0: {'N.C.' if value is None else value}")
    # `focus` is one code, or several (an académie's départements: the map frames them together).
    codes = (focus,) if isinstance(focus, str) else tuple(focus or ())
    codes = tuple(code for code in codes if code in departments)
    focus = codes[0] if codes else None
    if focus:
        boxes = [departments[code]["bbox"] for code in codes]
        union = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        viewbox = _bbox_viewbox(union)
        frame = "outre-mer" if focus in OVERSEAS else "metropole"
    else:
        viewbox = tuple(data["viewbox"])
        frame = None
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(svg_id)}" class="sps-map"'
        f' viewBox="{" ".join(_num(v) for v in viewbox)}" role="group" aria-labelledby="{escape(svg_id)}-title"'
        ' preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>',
    ]
    if not focus:
        for inset in data["insets"]:
            name = departments[inset["code"]]["name"]
            out.append(
                f'<g class="sps-map__inset" aria-hidden="true"><rect x="{_num(inset["x"])}" y="{_num(inset["y"])}"'
                f' width="{_num(inset["width"])}" height="{_num(inset["height"])}" fill="none" stroke="#929292"'
                f' stroke-width="1"/><text x="{_num(inset["x"] + 6)}" y="{_num(inset["y"] + 15)}" font-size="13"'
                f' fill="#3a3a3a">{escape(name)}</text></g>'
            )

    def shape_of(code, department, detail=bool(focus)):
        value = values.get(code, 0)
        shape = (
            f'<path d="{department["detail" if detail else "path"]}" fill="{fill_of(value, classes)}" stroke="#ffffff"'
            f' stroke-width="{2 if detail else 0.8}" vector-effect="non-scaling-stroke"/>'
        )
        text = escape(label(code, value))
        if href:
            return (
                f'<a class="sps-map__department" href="{escape(href(code))}" aria-label="{text}"'
                f' data-code="{escape(code)}"><title>{text}</title>{shape}</a>'
            )
        return f'<g class="sps-map__department" data-code="{escape(code)}"><title>{text}</title>{shape}</g>'

    for code, department in departments.items():
        if focus and code not in codes:
            same_frame = (code in OVERSEAS) == (frame == "outre-mer")
            if same_frame and code not in OVERSEAS and _intersects(department["bbox"], viewbox):
                out.append(
                    f'<path class="sps-map__neighbour" d="{department["detail"]}" fill="{NEIGHBOUR_FILL}"'
                    ' stroke="#929292" stroke-width="1" vector-effect="non-scaling-stroke" aria-hidden="true"/>'
                )
            continue
        out.append(shape_of(code, department))
    if not focus:
        for zoom in ZOOMS:
            dx, dy, scale = _zoom_transform(zoom, departments)
            bx, by, bw, bh = zoom["box"]
            out.append(
                f'<g class="sps-map__inset" aria-hidden="true"><rect x="{bx}" y="{by}" width="{bw}" height="{bh}"'
                f' fill="#ffffff" stroke="#929292" stroke-width="1"/><text x="{bx + 6}" y="{by + 15}" font-size="13"'
                f' fill="#3a3a3a">{escape(zoom["label"])}</text></g>'
            )
            out.append(f'<g class="sps-map__zoom" transform="translate({dx:.2f} {dy:.2f}) scale({scale:.4f})">')
            out.extend(shape_of(code, departments[code], detail=True) for code in zoom["codes"])
            out.append("</g>")
    if focus:
        radius = max(viewbox[2], viewbox[3]) / 90
        transforms = data["transforms"]
        for point in points:
            x, y = project(focus, point.longitude, point.latitude, transforms)
            text = escape(point.label)
            out.append(
                f'<a class="sps-map__point" href="{escape(point.href)}" aria-label="{text}"><title>{text}</title>'
                f'<circle cx="{x:.2f}" cy="{y:.2f}" r="{radius:.2f}" fill="{POINT_FILL}" stroke="#ffffff"'
                ' stroke-width="1.5" vector-effect="non-scaling-stroke"/></a>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every interpolated text is escaped above
