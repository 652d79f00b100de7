from rest_framework.routers import SimpleRouter

from metrics.api import exceptions, observations, roads, views

# Registered with the other apps' in the project's API (essexperf.site.api_urls).
router = SimpleRouter()
router.register("areas", views.AreaViewSet, basename="area")
router.register("metrics", views.MetricViewSet, basename="metric")
router.register("targets", views.TargetViewSet, basename="target")
router.register("observations", observations.ObservationViewSet, basename="observation")
router.register("ksi-totals", roads.KsiTotalViewSet, basename="ksi-total")
router.register("ksi-routes", roads.KsiRouteViewSet, basename="ksi-route")
router.register("exceptions", exceptions.ExceptionViewSet, basename="exception")
