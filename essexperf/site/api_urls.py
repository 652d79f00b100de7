"""The API: every app's resources under one root, with its schema and documentation."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from essexperf.api.views import UnknownEndpointView
from essexperf.site.period_export import PeriodExportViewSet
from inspections.api.urls import router as inspections_router
from metrics.api.urls import router as metrics_router
from priorities.api.urls import router as priorities_router

router = DefaultRouter()
for app_router in (priorities_router, metrics_router, inspections_router):
    router.registry.extend(app_router.registry)
# A period's whole report (periods/<id>/export/) is composed of every app's rows.
router.registry[:] = [
    (prefix, PeriodExportViewSet if basename == "period" else viewset, basename)
    for prefix, viewset, basename in router.registry
]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    re_path(r"^.*$", UnknownEndpointView.as_view()),
]
