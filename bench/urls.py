"""The project's URLs and, beside them, the baseline: each main API list as raw SQL."""

from django.urls import path

from bench import baseline
from essexperf.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/baseline/<slug:resource>/", baseline.page, name="baseline"),
    *project_urlpatterns,
]
