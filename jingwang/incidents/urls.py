from django.urls import path

from jingwang.incidents import imports, views

app_name = "incidents"
urlpatterns = [
    path("", views.IncidentListView.as_view(), name="list"),
    path("import/", imports.IncidentImportView.as_view(), name="import"),
    path("<int:pk>/", views.IncidentView.as_view(), name="detail"),
]
