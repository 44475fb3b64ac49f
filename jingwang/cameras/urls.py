from django.urls import path

from jingwang.cameras import views

app_name = "cameras"
urlpatterns = [
    path("", views.CameraListView.as_view(), name="list"),
    path("add/", views.CameraAddView.as_view(), name="add"),
    path("availability/", views.AvailabilityView.as_view(), name="availability"),
    path("<int:pk>/", views.CameraView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CameraEditView.as_view(), name="edit"),
]
