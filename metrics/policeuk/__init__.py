"""police.uk crime data: its archive files and its API, imported as monthly figures."""
