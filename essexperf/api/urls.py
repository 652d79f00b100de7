from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from essexperf.api.views import UnknownEndpointView
from inspections import api as inspections_api
from metrics import api as metrics_api
from metrics import api_ksi, api_observations
from priorities import api as priorities_api

router = DefaultRouter()
router.register("plans", priorities_api.PlanViewSet, basename="plan")
router.register("priorities", priorities_api.PriorityViewSet, basename="priority")
router.register("commitments", priorities_api.CommitmentViewSet, basename="commitment")
router.register("periods", priorities_api.ReportingPeriodViewSet, basename="period")
router.register("updates", priorities_api.UpdateViewSet, basename="update")
router.register("assessments", priorities_api.AssessmentViewSet, basename="assessment")
router.register("areas", metrics_api.AreaViewSet, basename="area")
router.register("metrics", metrics_api.MetricViewSet, basename="metric")
router.register("targets", metrics_api.TargetViewSet, basename="target")
router.register("observations", api_observations.ObservationViewSet, basename="observation")
router.register("ksi-totals", api_ksi.KsiTotalViewSet, basename="ksi-total")
router.register("ksi-routes", api_ksi.KsiRouteViewSet, basename="ksi-route")
router.register("inspections", inspections_api.InspectionViewSet, basename="inspection")
router.register("findings", inspections_api.FindingViewSet, basename="finding")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    re_path(r"^.*$", UnknownEndpointView.as_view()),
]
