from priorities.models.amendments import Amendment
from priorities.models.editions import ReportingPeriod
from priorities.models.plan import Commitment, Plan, Priority
from priorities.models.progress import Assessment, Footnote, Update

__all__ = [
    "Amendment",
    "Assessment",
    "Commitment",
    "Footnote",
    "Plan",
    "Priority",
    "ReportingPeriod",
    "Update",
]
