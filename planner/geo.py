"""Great-circle distances, computed exactly as the reference checker does."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from planner.model import EARTH_KM, LatLon


def km(a: LatLon, b: LatLon) -> float:
    """Haversine distance in km between two [lat, lon] points (same formula and order as check_plan.py)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def km_matrix(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Haversine distances between every row of ``a`` (n×2) and of ``b`` (m×2), as an n×m array.

    Vectorised results may differ from :func:`km` in the last bits, so they serve only to find
    candidates; exact distances for scores and travel limits always come from :func:`km`.
    """
    la = np.radians(a[:, 0])[:, None]
    lo = np.radians(a[:, 1])[:, None]
    lb = np.radians(b[:, 0])[None, :]
    lob = np.radians(b[:, 1])[None, :]
    h = np.sin((lb - la) / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin((lob - lo) / 2) ** 2
    out: npt.NDArray[np.float64] = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return out
