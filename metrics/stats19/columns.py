"""The one table of column names: each release's name (lower-cased: the oldest files
capitalise them, Accident_Index) for the field it holds, and the fields each kind of file
needs. A file's kind is told by its columns."""

ALIASES = {
    "collision_index": "index",
    "accident_index": "index",
    "collision_year": "year",
    "accident_year": "year",
    "police_force": "police_force",
    "collision_severity": "severity",
    "accident_severity": "severity",
    "date": "date",
    "time": "time",
    "day_of_week": "day_of_week",
    "local_authority_district": "district",
    "local_authority_(district)": "district",
    "local_authority_ons_district": "ons_district",
    "first_road_class": "first_road_class",
    "1st_road_class": "first_road_class",
    "first_road_number": "first_road_number",
    "1st_road_number": "first_road_number",
    "second_road_class": "second_road_class",
    "2nd_road_class": "second_road_class",
    "second_road_number": "second_road_number",
    "2nd_road_number": "second_road_number",
    "collision_adjusted_severity_serious": "adjusted_serious",
    "accident_adjusted_severity_serious": "adjusted_serious",
    "casualty_adjusted_severity_serious": "adjusted_serious",
    "vehicle_reference": "vehicle_reference",
    "casualty_reference": "casualty_reference",
    "casualty_class": "casualty_class",
    "casualty_severity": "severity",
    "age_of_casualty": "age",
    "casualty_type": "casualty_type",
    "vehicle_type": "vehicle_type",
}

COLLISIONS, CASUALTIES, VEHICLES = "collisions", "casualties", "vehicles"

REQUIRED = {
    COLLISIONS: (
        "index",
        "police_force",
        "severity",
        "date",
        "time",
        "district",
        "first_road_class",
        "first_road_number",
        "second_road_class",
        "second_road_number",
    ),
    CASUALTIES: (
        "index",
        "vehicle_reference",
        "casualty_reference",
        "casualty_class",
        "severity",
        "age",
        "casualty_type",
    ),
    VEHICLES: ("index", "vehicle_reference", "vehicle_type"),
}


def fields_of(header):
    """{field: column position} for the columns the import reads; the rest are left."""
    positions = {}
    for position, name in enumerate(header):
        field = ALIASES.get(name.strip().lower())
        if field is not None and field not in positions:
            positions[field] = position
    return positions


def kind_of(positions):
    """Which file this is, or None: a casualty reference marks casualties, a collision
    severity with a police force collisions, a vehicle type without them vehicles."""
    if "casualty_reference" in positions:
        return CASUALTIES
    if "police_force" in positions:
        return COLLISIONS
    if "vehicle_type" in positions:
        return VEHICLES
    return None


def missing(kind, positions):
    return [field for field in REQUIRED[kind] if field not in positions]
