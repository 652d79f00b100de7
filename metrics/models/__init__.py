from metrics.models.figures import Area, Metric, Observation, Target
from metrics.models.process import Recalculation
from metrics.models.roads import KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup

__all__ = [
    "Area",
    "KsiPeakTime",
    "KsiRoute",
    "KsiTotal",
    "KsiVulnerableGroup",
    "Metric",
    "Observation",
    "Recalculation",
    "Target",
]
