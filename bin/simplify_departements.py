#!/usr/bin/env python3
"""Simplify the département outlines once into the light file the map ships with.

    .venv/bin/python bin/simplify_departements.py [SOURCE.geojson] [-o sps/catalogue/data/departements.json]

Source: departements-avec-outre-mer.geojson (gregoiredavid/france-geojson, from IGN's ADMIN
EXPRESS, Licence Ouverte / Open Licence Etalab), in the shared data folder. Output: for each of the
101 départements its name, an SVG path (already projected: Lambert-93 for metropolitan France, one
inset per overseas département) and its bounding box, plus the frames' transforms so that the map
can place schools from their latitude/longitude with the same projection (sps.catalogue.projection).

Simplification: Douglas-Peucker in map units (about 0.5 unit, ~600 m in metropolitan France),
coordinates rounded to 0.1 unit, islets smaller than MIN_RING_AREA dropped (a département keeps
its largest ring whatever its size), paths written with relative commands. Deterministic: running
it again on the same source gives the same file.
"""

import argparse
import json
import math
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from sps.catalogue.projection import OVERSEAS, raw  # noqa: E402

DEFAULT_SOURCE = BASE_DIR.parent.parent / "shared" / "data" / "geo" / "departements-avec-outre-mer.geojson"
DEFAULT_OUTPUT = BASE_DIR / "sps" / "catalogue" / "data" / "departements.json"

TOLERANCE = 0.5  # map units
MIN_RING_AREA = 2.0  # square map units
PRECISION = 1  # decimals (2 for the detailed outlines of the smallest départements)
# The detailed outline (a département's own map) is simplified to its size / DETAIL_RATIO.
DETAIL_RATIO = 250

# The map's layout, in SVG user units: the overseas insets in a column on the left, then
# metropolitan France about 1,000 units wide.
INSET_SIZE = 170
INSET_GAP = 20
MARGIN = 10
METRO_LEFT = MARGIN + INSET_SIZE + 30
METRO_WIDTH = 1000

ATTRIBUTION = (
    "Contours des départements\u00a0: IGN ADMIN EXPRESS via gregoiredavid/france-geojson, "
    "Licence Ouverte / Open Licence (Etalab)\u00a0; simplifiés par bin/simplify_departements.py."
)
SOURCE_URL = "https://github.com/gregoiredavid/france-geojson"


def rings_of(geometry):
    """Polygons as lists of rings (the outer ring first), whatever the geometry type."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def douglas_peucker(points, tolerance):
    """Iterative Douglas-Peucker (no recursion limit on long coastlines)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = math.hypot(px - x1, py - y1)
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > best:
                best, index = dist, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify(rings, tolerance, min_area):
    """Each ring simplified; islets under `min_area` dropped, the largest ring always kept."""
    out = []
    for ring in rings:
        simplified = douglas_peucker(ring, tolerance)
        if simplified[0] == simplified[-1]:
            simplified = simplified[:-1]
        if len(simplified) >= 3:
            out.append(simplified)
    out.sort(key=area, reverse=True)
    return out[:1] + [r for r in out[1:] if area(r) >= min_area]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def fmt(value, precision=PRECISION):
    text = f"{value:.{precision}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def path_of(rings, precision=PRECISION):
    """Rings of map points → a compact SVG path (absolute move, relative lines, closed)."""
    parts = []
    for ring in rings:
        rounded = [(round(x, precision), round(y, precision)) for x, y in ring]
        x0, y0 = rounded[0]
        out = [f"M{fmt(x0, precision)} {fmt(y0, precision)}l"]
        px, py = x0, y0
        steps = []
        for x, y in rounded[1:]:
            if (x, y) == (px, py):
                continue
            dx, dy = round(x - px, precision), round(y - py, precision)
            steps.append(f"{fmt(dx, precision)}{'' if dy < 0 else ' '}{fmt(dy, precision)}")
            px, py = x, y
        out.append(" ".join(steps).replace(" -", "-"))
        parts.append("".join(out) + "z")
    return "".join(parts)


def frame_transform(kind, raw_points, box, **extra):
    """Fit raw projected points (metres) in `box` (x, y, width, height), keeping proportions."""
    xs = [x for x, _ in raw_points]
    ys = [y for _, y in raw_points]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
    bx, by, bw, bh = box
    scale = min(bw / (x_max - x_min), bh / (y_max - y_min))
    # Centre in the box.
    dx = bx + (bw - (x_max - x_min) * scale) / 2
    dy = by + (bh - (y_max - y_min) * scale) / 2
    return {"kind": kind, **extra, "x_min": x_min, "y_max": y_max, "scale": scale, "dx": dx, "dy": dy}


def build(source: Path) -> dict:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    features.sort(key=lambda f: f["properties"]["code"])
    metro = [f for f in features if f["properties"]["code"] not in OVERSEAS]
    overseas = [f for f in features if f["properties"]["code"] in OVERSEAS]

    def all_points(feature):
        return [pt for polygon in rings_of(feature["geometry"]) for ring in polygon for pt in ring]

    metro_raw = [raw("", lon, lat, {"kind": "lambert93"}) for f in metro for lon, lat in all_points(f)]
    xs = [x for x, _ in metro_raw]
    ys = [y for _, y in metro_raw]
    metro_height = METRO_WIDTH * (max(ys) - min(ys)) / (max(xs) - min(xs))
    height = MARGIN * 2 + max(metro_height, 5 * INSET_SIZE + 4 * INSET_GAP)
    transforms = {"metropole": frame_transform("lambert93", metro_raw, (METRO_LEFT, MARGIN, METRO_WIDTH, metro_height))}
    insets = []
    inset_step = (height - 2 * MARGIN - INSET_SIZE) / (len(overseas) - 1)
    for i, feature in enumerate(overseas):
        code = feature["properties"]["code"]
        lons = [lon for lon, _ in all_points(feature)]
        lats = [lat for _, lat in all_points(feature)]
        lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
        local = {"kind": "equirectangular", "lon0": lon0, "lat0": lat0}
        points = [raw(code, lon, lat, local) for lon, lat in all_points(feature)]
        box = (MARGIN, MARGIN + i * inset_step, INSET_SIZE, INSET_SIZE)
        # 12 units of padding inside the frame, 16 at the top for the label.
        inner = (box[0] + 12, box[1] + 22, box[2] - 24, box[3] - 34)
        transforms[code] = frame_transform("equirectangular", points, inner, lon0=lon0, lat0=lat0)
        insets.append({"code": code, "x": box[0], "y": round(box[1], 1), "width": box[2], "height": box[3]})

    departments = {}
    for feature in features:
        code, name = feature["properties"]["code"], feature["properties"]["nom"]
        transform = transforms[code if code in OVERSEAS else "metropole"]
        rings = []
        for polygon in rings_of(feature["geometry"]):
            for ring in polygon:
                mapped = []
                for lon, lat in ring:
                    x, y = raw(code, lon, lat, transform)
                    mapped.append(
                        (
                            (x - transform["x_min"]) * transform["scale"] + transform["dx"],
                            (transform["y_max"] - y) * transform["scale"] + transform["dy"],
                        )
                    )
                rings.append(mapped)
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        size = max(max(xs) - min(xs), max(ys) - min(ys))
        departments[code] = {
            "name": name,
            "path": path_of(simplify(rings, TOLERANCE, MIN_RING_AREA)),
            # For the département's own map: about the same detail once zoomed to fill the frame.
            "detail": path_of(
                simplify(rings, size / DETAIL_RATIO, (size / DETAIL_RATIO) ** 2 * 8),
                PRECISION if size / DETAIL_RATIO >= 0.2 else PRECISION + 1,
            ),
            "bbox": [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)],
        }
    for transform in transforms.values():
        for key, value in list(transform.items()):
            if isinstance(value, float):
                transform[key] = round(value, 9 if key == "scale" else 6)
    return {
        "attribution": ATTRIBUTION,
        "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "source": SOURCE_URL,
        "generated_by": "bin/simplify_departements.py",
        "tolerance": TOLERANCE,
        "viewbox": [0, 0, METRO_LEFT + METRO_WIDTH + MARGIN, round(height, 1)],
        "insets": insets,
        "transforms": transforms,
        "departments": departments,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    data = build(args.source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{args.output}: {len(data['departments'])} départements, {args.output.stat().st_size / 1024:.0f} Kio")


if __name__ == "__main__":
    main()
