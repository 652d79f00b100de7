from metrics.models.figures import Area, Metric, Observation, Target
from metrics.models.populations import AreaPopulation, PeerGroup, PeerGroupMember
from metrics.models.process import Recalculation
from metrics.models.roads import KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup

__all__ = [
    "Area",
    "AreaPopulation",
    "KsiPeakTime",
    "KsiRoute",
    "KsiTotal",
    "KsiVulnerableGroup",
    "Metric",
    "Observation",
    "PeerGroup",
    "PeerGroupMember",
    "Recalculation",
    "Target",
]
