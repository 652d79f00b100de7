from django.contrib import admin
from django.urls import include, path

from essexperf import views

admin.site.site_header = "essexperf data entry"
admin.site.site_title = "essexperf"
admin.site.index_title = "Police and Crime Plan"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("essexperf.api.urls")),
]
