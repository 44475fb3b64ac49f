from django.urls import path

from jingwang.patrols import views

app_name = "patrols"
urlpatterns = [
    path("", views.PatrolListView.as_view(), name="list"),
    path("plan/", views.PatrolPlanView.as_view(), name="plan"),
    path("checkin/", views.CheckInView.as_view(), name="checkin"),
    path("finish/", views.PatrolFinishView.as_view(), name="finish"),
    path("raise/hazard/", views.RaiseHazardView.as_view(), name="raise-hazard"),
    path("raise/dispute/", views.RaiseDisputeView.as_view(), name="raise-dispute"),
    path("raise/workorder/", views.RaiseWorkOrderView.as_view(), name="raise-workorder"),
    path("<int:pk>/", views.PatrolView.as_view(), name="detail"),
]
