"""The figures' admin: areas, metrics, figures, targets and roads tables (figures), and the
process charts' recalculation points (process)."""

from metrics.admin import figures, process

__all__ = ["figures", "process"]
