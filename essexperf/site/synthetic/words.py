"""The words synthetic rows are made of: places, roads, topics and sentence patterns."""

# Essex districts beyond the demo's three, with the Local Policing Area each lies within.
DISTRICTS = [
    ("basildon", "Basildon", "lpa-south"),
    ("colchester", "Colchester", "lpa-north"),
    ("harlow", "Harlow", "lpa-west"),
    ("southend", "Southend-on-Sea", "lpa-south"),
    ("tendring", "Tendring", "lpa-north"),
    ("thurrock", "Thurrock", "lpa-west"),
    ("castle-point", "Castle Point", "lpa-south"),
    ("epping-forest", "Epping Forest", "lpa-west"),
    ("uttlesford", "Uttlesford", "lpa-north"),
    ("rochford", "Rochford", "lpa-south"),
    ("brentwood", "Brentwood", "lpa-west"),
]
DEMO_DISTRICTS = [("braintree", "Braintree"), ("chelmsford", "Chelmsford"), ("maldon", "Maldon")]
NEIGHBOURHOODS = ["North", "South", "East", "West", "Central"]
LPAS = ["essex", "lpa-north", "lpa-south", "lpa-west"]

ROADS = [
    "A12", "A13", "A120", "A127", "A128", "A129", "A130", "A131", "A132", "A133", "A134",
    "A414", "A1016", "A1017", "A1060", "A1090", "A1124", "A1168", "A1245", "B1002", "B1007",
    "B1008", "B1012", "B1013", "B1014", "B1018", "B1019", "B1022", "B1023", "B1027", "B1028",
    "B1033", "B1352", "B1383", "B1389", "B1393", "B1414", "B1441", "M11", "M25",
]  # fmt: skip

# The plans that follow the demo plan, with their priorities' titles; the seventh is the
# roads priority, under which the report prints the KSI route table.
NEXT_PLANS = [
    ("Police, Fire and Crime Plan 2020-2024", 2020, 2024),
    ("Police, Fire and Crime Plan 2024-2028", 2024, 2028),
]
ORGANISATION = "Police, Fire and Crime Commissioner for Essex"
PRIORITY_TITLES = [
    "Further Investment in Crime Prevention",
    "Reducing Drug Driven Violence",
    "Protecting Vulnerable People and Breaking the Cycle of Domestic Abuse",
    "Reducing Violence Against Women and Girls",
    "Improving Support for Victims of Crime",
    "Protecting Rural and Isolated Areas",
    "Preventing Dangerous Driving and Making Our Roads Safer",
    "Encouraging Volunteers and Community Support",
    "Supporting Our Officers and Staff",
    "Increasing Collaboration",
    "Tackling Fraud and Cybercrime",
    "Improving Public Confidence",
    "Preventing Business Crime",
    "Protecting Young People from Exploitation",
]

TOPICS = [
    "burglary", "robbery", "vehicle crime", "violence with injury", "domestic abuse",
    "sexual offences", "hate crime", "anti-social behaviour", "knife crime", "drug offences",
    "shoplifting", "criminal damage", "fraud", "cybercrime", "rural crime", "wildlife crime",
    "modern slavery", "child exploitation", "missing people", "mental health incidents",
    "road collisions", "drink and drug driving", "speeding", "stop and search",
    "public order offences",
]  # fmt: skip

# What a metric measures of a topic: (name, unit, measure, up_is).
MEASURES = [
    ("incidents recorded", "count", "total", "bad"),
    ("solved rate", "percent", "average", "good"),
    ("repeat victims", "count", "total", "bad"),
    ("open investigations", "count", "level", "bad"),
    ("average hours to first attendance", "hours", "average", "bad"),
    ("victim satisfaction", "percent", "average", "good"),
    ("cost of officer time", "pounds", "total", "neutral"),
]

LEAD_INS = ["We will:", "Working with partners we will:", "Together with our communities we will:"]
VERBS = ["Reduce", "Tackle", "Prevent", "Respond faster to", "Target", "Cut"]
PLACES = [
    "in our towns", "in rural communities", "across Essex", "near schools",
    "in the night-time economy", "on our roads", "online",
]  # fmt: skip
LEADS = [
    "Chief Superintendent, Local Policing",
    "Head of Crime and Public Protection",
    "Head of Contact Management",
    "Director of Commissioning",
    "Chief Inspector, Roads Policing",
    "Head of Victim Services",
]
SECTIONS = ["LPA North", "LPA South", "LPA West", "Crime & Public Protection"]
OPERATIONS = ["Raptor", "Sceptre", "Orwell", "Dovetail", "Vulcan", "Barley", "Goldcrest"]

UPDATE_SENTENCES = [
    "In the three months to {data_to}, {topic} {moved} by {percent}% on the same period last year.",
    "Operation {operation} led to {count} arrests and {small} charges for {topic}.",
    "Officers held {small} community meetings in {district} about {topic}.",
    "{count} repeat victims of {topic} were contacted within 24 hours.",
    "A review of {topic} with partners in {district} is due to report next quarter.",
    "Training on {topic} reached {count} officers and staff this quarter.",
]
SUB_BULLETS = [
    "{small} warrants executed",
    "{count} safeguarding referrals",
    "{small} closure orders granted",
    "{count} patrol hours in hotspots",
]
FOOTNOTES = [
    "Figures are provisional and may change as crimes are reclassified.",
    "Referred to as primary call handling.",
    "Data from the force's crime recording system, extracted at the data-to date.",
]
REASONS = {
    "some_concerns": "Demand for {topic} rose faster than capacity; a recovery plan is agreed.",
    "off_track": "Recruitment delays mean the {topic} milestones for this quarter were missed.",
    "not_assessed": "The lead was not able to provide an assessment for this quarter.",
}

FINDING_TEXTS = {
    "cause_of_concern": "The force's {gap} in cases of {topic} puts people at risk.",
    "recommendation": "Within six months, the force should improve its {gap} in cases of {topic}.",
    "area_for_improvement": "The force should improve its {gap} in cases of {topic}.",
}
GAPS = [
    "assessment of risk", "supervision of investigations", "crime recording",
    "safeguarding of vulnerable people", "sharing of information with partners",
    "management of demand in the control room", "use of resources",
]  # fmt: skip
FINDING_OWNERS = [
    "ACC Local Policing",
    "Head of Crime and Public Protection",
    "Head of Contact Management",
    "Director of People",
]
EVIDENCE = "Reviewed by the force's HMICFRS liaison lead; audit of a sample of cases attached."
