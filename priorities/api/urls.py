from rest_framework.routers import SimpleRouter

from priorities.api import views

# Registered with the other apps' in the project's API (essexperf.site.api_urls).
router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("priorities", views.PriorityViewSet, basename="priority")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("periods", views.ReportingPeriodViewSet, basename="period")
router.register("updates", views.UpdateViewSet, basename="update")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
