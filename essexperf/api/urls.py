from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from priorities import api as priorities_api

router = DefaultRouter()
router.register("plans", priorities_api.PlanViewSet, basename="plan")
router.register("priorities", priorities_api.PriorityViewSet, basename="priority")
router.register("commitments", priorities_api.CommitmentViewSet, basename="commitment")
router.register("periods", priorities_api.ReportingPeriodViewSet, basename="period")
router.register("updates", priorities_api.UpdateViewSet, basename="update")
router.register("assessments", priorities_api.AssessmentViewSet, basename="assessment")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
