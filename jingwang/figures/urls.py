from django.urls import path

from jingwang.figures import views

app_name = "figures"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("refresh/", views.RefreshTodayView.as_view(), name="refresh"),
    path("year/", views.OfficerYearView.as_view(), name="year"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/new/", views.ReportRequestView.as_view(), name="report_add"),
    path("reports/<int:pk>/", views.ReportView.as_view(), name="report"),
    path("reports/<int:pk>/<str:fmt>/", views.ReportFileView.as_view(), name="report_file"),
    path("publish/", views.PublishView.as_view(), name="publish"),
    path("public/", views.public_index, name="public"),
    path("public/<str:code>/", views.public_community, name="public_community"),
]
