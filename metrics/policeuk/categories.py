"""The police.uk API's crime category slugs and the "Crime type" names its archive CSV
files give the same crimes, so that rows pulled from the API read as the archive's do."""

CATEGORY_NAMES = {
    "anti-social-behaviour": "Anti-social behaviour",
    "bicycle-theft": "Bicycle theft",
    "burglary": "Burglary",
    "criminal-damage-arson": "Criminal damage and arson",
    "drugs": "Drugs",
    "other-crime": "Other crime",
    "other-theft": "Other theft",
    "possession-of-weapons": "Possession of weapons",
    "public-order": "Public order",
    "robbery": "Robbery",
    "shoplifting": "Shoplifting",
    "theft-from-the-person": "Theft from the person",
    "vehicle-crime": "Vehicle crime",
    "violent-crime": "Violence and sexual offences",
    # Before 2013 police.uk counted public order and weapons offences together.
    "public-disorder-weapons": "Public disorder and weapons",
}

CRIME_TYPES = tuple(CATEGORY_NAMES.values())

UNKNOWN = "Unknown category: "


def crime_type(slug):
    """The archive's name for an API category. A slug police.uk adds later is kept, marked,
    rather than guessed into a type it may not be."""
    return CATEGORY_NAMES.get(slug, f"{UNKNOWN}{slug}")
