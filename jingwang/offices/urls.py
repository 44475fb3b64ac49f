from django.urls import path

from jingwang.offices import views

app_name = "offices"
urlpatterns = [
    path("", views.OfficeListView.as_view(), name="list"),
    path("add/", views.OfficeAddView.as_view(), name="add"),
    path("<int:pk>/", views.OfficeView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OfficeEditView.as_view(), name="edit"),
]
