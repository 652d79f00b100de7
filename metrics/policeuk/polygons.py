"""Polygons as police.uk takes them: lists of (latitude, longitude) points, written as its
`poly` parameter, and cut in two when an area holds more crimes than police.uk answers for."""

LATITUDE, LONGITUDE = 0, 1


def poly_parameter(polygon):
    """'lat,lng:lat,lng:...'; repr keeps every digit, so a point on an edge stays on it."""
    return ":".join(f"{lat!r},{lng!r}" for lat, lng in polygon)


def halves(polygon):
    """The polygon cut across the middle of its bounding box's longer side, each half clipped
    to its side of the cut; a half with no area left is dropped."""
    lats = [point[LATITUDE] for point in polygon]
    lngs = [point[LONGITUDE] for point in polygon]
    lat_span, lng_span = max(lats) - min(lats), max(lngs) - min(lngs)
    axis, low, span = (
        (LATITUDE, min(lats), lat_span) if lat_span > lng_span else (LONGITUDE, min(lngs), lng_span)
    )
    middle = low + span / 2
    cut = [clip(polygon, axis, middle, below=True), clip(polygon, axis, middle, below=False)]
    return [half for half in cut if len(half) >= 3]


def clip(polygon, axis, value, *, below):
    """Sutherland-Hodgman against one line: the part of the polygon on one side of
    point[axis] == value (points on the line belong to both sides)."""

    def inside(point):
        return point[axis] <= value if below else point[axis] >= value

    clipped = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        if inside(current) != inside(previous):
            clipped.append(crossing(previous, current, axis, value))
        if inside(current):
            clipped.append(current)
    return clipped


def crossing(start, end, axis, value):
    """Where the segment from start to end crosses the line; only asked of a segment with
    one end strictly on each side, so the two ends differ on the axis."""
    fraction = (value - start[axis]) / (end[axis] - start[axis])
    point = [start[k] + fraction * (end[k] - start[k]) for k in (LATITUDE, LONGITUDE)]
    point[axis] = value
    return tuple(point)
