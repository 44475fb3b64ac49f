"""The residents' pages of tips, on the portal (under /portal/tips/)."""

from django.urls import path

from jingwang.tips import views

app_name = "tips_portal"
urlpatterns = [
    path("", views.tip_mine, name="mine"),
    path("new/", views.tip_new, name="new"),
    path("track/", views.tip_track, name="track"),
    path("reopen/", views.tip_reopen, name="reopen"),
    path("<int:pk>/", views.tip_mine_detail, name="mine-detail"),
    path("<int:pk>/rate/", views.tip_rate, name="rate"),
    path("officer/", views.officer_rate, name="officer-rate"),
    path("appointments/<int:pk>/rate/", views.appointment_rate, name="appointment-rate"),
]
