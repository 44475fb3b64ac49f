from django.urls import path

from jingwang.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/files/<int:attachment_id>/", views.CaseAttachmentView.as_view(), name="attachment"),
    path("<int:pk>/act/", views.CaseActionView.as_view(), name="act"),
    path("departments/", views.DepartmentListView.as_view(), name="departments"),
    path("departments/new/", views.DepartmentEditView.as_view(), name="department-new"),
    path("departments/<int:pk>/", views.DepartmentEditView.as_view(), name="department-edit"),
    path("policies/", views.DeadlinePolicyListView.as_view(), name="policies"),
    path("policies/new/", views.DeadlinePolicyEditView.as_view(), name="policy-new"),
    path("policies/<int:pk>/", views.DeadlinePolicyEditView.as_view(), name="policy-edit"),
]
