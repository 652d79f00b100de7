from django.urls import path

from priorities import views

app_name = "priorities"
urlpatterns = [
    path("priorities/", views.priority_list, name="priority_list"),
]

# Included under audit/ with the namespace "audit", beside the trail's admin pages.
audit_patterns = [
    path("changes/", views.changes_since_publication, name="changes"),
]
