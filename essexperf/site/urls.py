from django.urls import path

from essexperf.site import views

app_name = "site"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("priorities/<int:number>/", views.priority_detail, name="priority_detail"),
    path("search/", views.search, name="search"),
]
