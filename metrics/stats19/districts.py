"""The names of Essex's local authority districts, by their ONS codes.

The codes are the Office for National Statistics' GSS codes for local authority districts
(E07 for a district council, E06 for a unitary authority), as the ONS Open Geography
Portal lists them and as the DfT's road casualty files give them in
local_authority_ons_district. A code not listed here (another force's district, or the
DfT's own older numeric code) has no name: it is shown as its code, never guessed."""

ESSEX = {
    "E07000066": "Basildon",
    "E07000067": "Braintree",
    "E07000068": "Brentwood",
    "E07000069": "Castle Point",
    "E07000070": "Chelmsford",
    "E07000071": "Colchester",
    "E07000072": "Epping Forest",
    "E07000073": "Harlow",
    "E07000074": "Maldon",
    "E07000075": "Rochford",
    "E07000076": "Tendring",
    "E07000077": "Uttlesford",
    "E06000033": "Southend-on-Sea",
    "E06000034": "Thurrock",
}


def name_of(code):
    """The district's name, or "" for a code not known here."""
    return ESSEX.get(code, "")


def label_of(code):
    return name_of(code) or code
