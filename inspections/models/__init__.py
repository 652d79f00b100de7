from inspections.models.inspections import Finding, Inspection, InspectionQuerySet

__all__ = ["Finding", "Inspection", "InspectionQuerySet"]
