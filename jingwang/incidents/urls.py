from django.urls import path

from jingwang.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="list"),
    path("import/", views.IncidentImportView.as_view(), name="import"),
    path("<int:pk>/", views.IncidentView.as_view(), name="detail"),
]
