from django.urls import path

from jingwang.hazards import views

app_name = "hazards"
urlpatterns = [
    path("", views.HazardListView.as_view(), name="list"),
    path("report/", views.HazardReportView.as_view(), name="report"),
    path("<int:pk>/", views.HazardView.as_view(), name="detail"),
]
