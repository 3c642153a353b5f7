"""From longitude/latitude (WGS84) to the coordinates of the département map (sps/catalogue/data).

Metropolitan France is drawn in Lambert-93 (EPSG:2154, the projection of IGN's maps), each
overseas département in its own inset with a local equirectangular projection. Both the script
that simplified the outlines (bin/simplify_departements.py) and the map (svgmap.py, for the schools'
points) go through `project()`, so that a school falls inside its département's outline.

Pure Python on purpose: no GEOS/PROJ on closed networks, and the formulas are short.
"""

import math

OVERSEAS = ("971", "972", "973", "974", "976")

# Lambert-93: conformal conic, GRS80, standard parallels 44° and 49°, origin 46.5° N 3° E.
_A = 6378137.0
_E = 0.0818191910428158
_LAT1, _LAT2, _LAT0, _LON0 = map(math.radians, (44.0, 49.0, 46.5, 3.0))
_X0, _Y0 = 700000.0, 6600000.0


def _m(lat):
    return math.cos(lat) / math.sqrt(1 - (_E * math.sin(lat)) ** 2)


def _t(lat):
    es = _E * math.sin(lat)
    return math.tan(math.pi / 4 - lat / 2) / ((1 - es) / (1 + es)) ** (_E / 2)


_N = (math.log(_m(_LAT1)) - math.log(_m(_LAT2))) / (math.log(_t(_LAT1)) - math.log(_t(_LAT2)))
_F = _m(_LAT1) / (_N * _t(_LAT1) ** _N)
_RHO0 = _A * _F * _t(_LAT0) ** _N


def lambert93(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude in degrees → Lambert-93 metres (x east, y north)."""
    rho = _A * _F * _t(math.radians(lat)) ** _N
    theta = _N * (math.radians(lon) - _LON0)
    return _X0 + rho * math.sin(theta), _Y0 + _RHO0 - rho * math.cos(theta)


def equirectangular(lon: float, lat: float, lon0: float, lat0: float) -> tuple[float, float]:
    """A local projection for a small territory: metres east and north of (lon0, lat0)."""
    return (lon - lon0) * 111_320.0 * math.cos(math.radians(lat0)), (lat - lat0) * 110_574.0


def raw(code: str, lon: float, lat: float, transform: dict) -> tuple[float, float]:
    """Projected metres (x east, y north) in the projection of `code`'s frame."""
    if transform["kind"] == "lambert93":
        return lambert93(lon, lat)
    return equirectangular(lon, lat, transform["lon0"], transform["lat0"])


def project(code: str, lon: float, lat: float, transforms: dict) -> tuple[float, float]:
    """Longitude/latitude → SVG user units (y downwards) on the map, through the département's
    frame: the metropolitan one, or its overseas inset. `transforms` comes from the data file."""
    transform = transforms[code if code in OVERSEAS else "metropole"]
    x, y = raw(code, lon, lat, transform)
    scale = transform["scale"]
    return (x - transform["x_min"]) * scale + transform["dx"], (transform["y_max"] - y) * scale + transform["dy"]
