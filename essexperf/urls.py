from django.contrib import admin
from django.urls import include, path

from essexperf import health
from priorities import views as priorities_views

admin.site.site_header = "essexperf data entry"
admin.site.site_title = "essexperf"
admin.site.index_title = "Police and Crime Plan"

urlpatterns = [
    path("", include("priorities.urls")),
    # The overview is the landing page; "home" names it for the sign-in redirect and links.
    path("", priorities_views.overview, name="home"),
    path("", include("metrics.urls")),
    path("inspections/", include("inspections.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("essexperf.api.urls")),
    path("reports/", include("priorities.report_urls")),
    path("audit/", include("essexperf.audit.urls")),
    path("healthz", health.healthz, name="healthz"),
]
