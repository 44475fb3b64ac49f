from django.urls import path

from jingwang.watchpoints import views

app_name = "watchpoints"
urlpatterns = [
    path("", views.WatchPointListView.as_view(), name="list"),
    path("new/", views.WatchPointAddView.as_view(), name="add"),
    path("<int:pk>/", views.WatchPointView.as_view(), name="detail"),
    path("<int:pk>/report/", views.ReportAddView.as_view(), name="report-add"),
    path("reports/", views.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", views.ReportView.as_view(), name="report"),
    path("reports/<int:pk>/handle/", views.ReportHandleView.as_view(), name="report-handle"),
]
