from django.urls import path

from metrics import views

app_name = "metrics"
urlpatterns = [
    path("metrics/<slug:slug>/", views.metric_detail, name="metric_detail"),
    path("roads/", views.roads, name="roads"),
    path("crime/", views.crime, name="crime"),
    path("sources/", views.source_list, name="source_list"),
    path("exceptions/", views.exception_list, name="exception_list"),
]
