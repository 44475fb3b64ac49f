from django.urls import path

from jingwang.incidents.followups import views

app_name = "incident_followups"
urlpatterns = [
    path("return-visits/", views.ReturnVisitListView.as_view(), name="visits"),
    path("return-visits/<int:pk>/", views.ReturnVisitView.as_view(), name="visit"),
    path("incident/<int:pk>/to-case/", views.IncidentToCaseView.as_view(), name="to_case"),
    path("bulletins/", views.BulletinListView.as_view(), name="bulletins"),
    # The same list, as residents and volunteers reach it from their menu (outside the staff groups).
    path("community-bulletins/", views.BulletinListView.as_view(), name="community_bulletins"),
    path("bulletins/new/", views.BulletinDraftView.as_view(), name="bulletin_add"),
    path("bulletins/<int:pk>/", views.BulletinView.as_view(), name="bulletin"),
    path("bulletins/<int:pk>/publish/", views.BulletinPublishView.as_view(), name="bulletin_publish"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
]
