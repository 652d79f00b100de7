"""The figures' admin: areas, metrics, figures, targets and roads tables (figures), the
process charts' recalculation points (process), populations and peer groups (peers), and
data sources with their imports (sources)."""

from metrics.admin import figures, peers, process, sources

__all__ = ["figures", "peers", "process", "sources"]
