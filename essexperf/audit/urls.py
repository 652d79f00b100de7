from django.urls import path

from essexperf.audit import views

app_name = "audit"
urlpatterns = [
    path("changes/", views.changes_since_publication, name="changes"),
]
