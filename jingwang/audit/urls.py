from django.urls import path

from jingwang.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.AuditListView.as_view(), name="list"),
    path("verify/", views.AuditVerifyView.as_view(), name="verify"),
    path("<int:pk>/", views.AuditDetailView.as_view(), name="detail"),
]
