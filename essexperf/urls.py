from django.contrib import admin
from django.urls import include, path

from essexperf import health
from essexperf.site import views as site_views
from priorities.urls import audit_patterns

admin.site.site_header = "essexperf data entry"
admin.site.site_title = "essexperf"
admin.site.index_title = "Police and Crime Plan"

urlpatterns = [
    path("", include("essexperf.site.urls")),
    # The overview is the landing page; "home" names it for the sign-in redirect and links.
    path("", site_views.overview, name="home"),
    path("", include("priorities.urls")),
    path("", include("metrics.urls")),
    path("inspections/", include("inspections.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("essexperf.site.api_urls")),
    path("reports/", include("essexperf.site.report_urls")),
    path("audit/", include((audit_patterns, "audit"))),
    path("healthz", health.healthz, name="healthz"),
]
