"""The staff's pages of tips (under /tips/)."""

from django.urls import path

from jingwang.tips import views

app_name = "tips"
urlpatterns = [
    path("", views.TipListView.as_view(), name="staff-list"),
    path("<int:pk>/", views.TipView.as_view(), name="staff-detail"),
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluations"),
    path("clients/", views.ApiClientListView.as_view(), name="clients"),
    path("clients/add/", views.ApiClientAddView.as_view(), name="client-add"),
    path("clients/<int:pk>/revoke/", views.ApiClientRevokeView.as_view(), name="client-revoke"),
]
