"""The figures' admin: areas, metrics, figures, targets and roads tables (figures), the
process charts' recalculation points (process), and populations and peer groups (peers)."""

from metrics.admin import figures, peers, process

__all__ = ["figures", "peers", "process"]
