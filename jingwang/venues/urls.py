from django.urls import path

from jingwang.venues import views

app_name = "venues"
urlpatterns = [
    path("", views.VenueListView.as_view(), name="list"),
    path("add/", views.VenueAddView.as_view(), name="add"),
    path("<int:pk>/", views.VenueView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.VenueEditView.as_view(), name="edit"),
    path("staff/add/", views.StaffAddView.as_view(), name="staff_add"),
    path("incidents/add/", views.IncidentAddView.as_view(), name="incident_add"),
    path("guests/import/", views.GuestImportView.as_view(), name="guest_import"),
    path("inspections/", views.InspectionListView.as_view(), name="inspections"),
    path("inspections/open/", views.InspectionOpenView.as_view(), name="inspect"),
    path("inspections/draw/", views.DrawView.as_view(), name="draw"),
    path("inspections/<int:pk>/", views.InspectionView.as_view(), name="inspection"),
    path("hits/", views.HitListView.as_view(), name="hits"),
    path("hits/<int:pk>/", views.HitView.as_view(), name="hit"),
]
