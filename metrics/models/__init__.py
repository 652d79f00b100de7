from metrics.models.figures import Area, Metric, Observation, Target
from metrics.models.populations import AreaPopulation, PeerGroup, PeerGroupMember
from metrics.models.process import Recalculation
from metrics.models.roads import KsiDistrict, KsiPeakTime, KsiRoute, KsiTotal, KsiVulnerableGroup
from metrics.models.sources import DataImport, DataSource, LsoaArea
from metrics.models.stats19 import Casualty, Collision, Vehicle

__all__ = [
    "Area",
    "AreaPopulation",
    "Casualty",
    "Collision",
    "DataImport",
    "DataSource",
    "KsiDistrict",
    "KsiPeakTime",
    "KsiRoute",
    "KsiTotal",
    "KsiVulnerableGroup",
    "LsoaArea",
    "Metric",
    "Observation",
    "PeerGroup",
    "PeerGroupMember",
    "Recalculation",
    "Target",
    "Vehicle",
]
