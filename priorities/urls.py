from django.urls import path

from priorities import views

app_name = "priorities"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("priorities/", views.priority_list, name="priority_list"),
    path("priorities/<int:number>/", views.priority_detail, name="priority_detail"),
    path("search/", views.search, name="search"),
]
