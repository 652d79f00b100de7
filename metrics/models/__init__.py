from metrics.models.figures import Area, Metric, Observation, Target
from metrics.models.roads import KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup

__all__ = [
    "Area",
    "KsiPeakTime",
    "KsiRoute",
    "KsiTotal",
    "KsiVulnerableGroup",
    "Metric",
    "Observation",
    "Target",
]
