"""Police.uk crime data: the API client that pulls one force's month as archive rows."""
