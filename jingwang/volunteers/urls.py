from django.urls import path

from jingwang.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("", views.VolunteerListView.as_view(), name="list"),
    path("new/", views.VolunteerAddView.as_view(), name="add"),
    path("join/", views.JoinView.as_view(), name="join"),
    path("<int:pk>/", views.VolunteerView.as_view(), name="detail"),
    path("<int:pk>/verify/", views.VolunteerVerifyView.as_view(), name="verify"),
    path("<int:pk>/refuse/", views.VolunteerRefuseView.as_view(), name="refuse"),
    path("<int:pk>/leave/", views.VolunteerLeaveView.as_view(), name="leave"),
    path("<int:pk>/activities/", views.ActivityAddView.as_view(), name="activity-add"),
    path("teams/", views.TeamListView.as_view(), name="teams"),
    path("teams/new/", views.TeamAddView.as_view(), name="team-add"),
    path("teams/<int:pk>/", views.TeamView.as_view(), name="team"),
]
