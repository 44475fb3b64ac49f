from django.urls import path

from jingwang.focus import views

app_name = "focus"
urlpatterns = [
    path("", views.ListingListView.as_view(), name="list"),
    path("add/", views.ListingCreateView.as_view(), name="add"),
    path("<int:pk>/", views.ListingView.as_view(), name="detail"),
    path("<int:pk>/act/", views.ListingActView.as_view(), name="act"),
    path("followups/", views.FollowupListView.as_view(), name="followups"),
    path("followups/<int:pk>/", views.FollowupView.as_view(), name="followup"),
    path("followups/<int:pk>/act/", views.FollowupActView.as_view(), name="followup_act"),
    path("lost/", views.LostContactListView.as_view(), name="lost_list"),
    path("lost/<int:pk>/", views.LostContactView.as_view(), name="lost"),
    path("lost/<int:pk>/act/", views.LostContactActView.as_view(), name="lost_act"),
    path("care/", views.CareAssignmentListView.as_view(), name="care"),
    path("care/add/", views.CareAssignView.as_view(), name="care_add"),
    path("care/<int:pk>/remove/", views.CareUnassignView.as_view(), name="care_remove"),
    path("cadence/", views.CadenceListView.as_view(), name="cadences"),
    path("cadence/<int:pk>/", views.CadenceEditView.as_view(), name="cadence_edit"),
]
