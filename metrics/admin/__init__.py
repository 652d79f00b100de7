"""The figures' admin: areas, metrics, figures, targets and roads tables (figures), the
districts with most KSI collisions (districts), the process charts' recalculation points
(process), populations and peer groups (peers), and data sources with their imports
(sources)."""

from metrics.admin import districts, figures, peers, process, sources

__all__ = ["districts", "figures", "peers", "process", "sources"]
