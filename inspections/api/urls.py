from rest_framework.routers import SimpleRouter

from inspections.api import views

# Registered with the other apps' in the project's API (essexperf.site.api_urls).
router = SimpleRouter()
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
