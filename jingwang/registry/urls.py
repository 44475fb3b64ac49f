from django.urls import path

from jingwang.registry import merge_views, place_views, views

app_name = "registry"
urlpatterns = [
    path("persons/", views.PersonListView.as_view(), name="persons"),
    path("persons/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("addresses/", place_views.AddressListView.as_view(), name="addresses"),
    path("addresses/<int:pk>/", place_views.AddressView.as_view(), name="address"),
    path("houses/", place_views.HouseListView.as_view(), name="houses"),
    path("houses/<int:pk>/", place_views.HouseView.as_view(), name="house"),
    path("units/", place_views.UnitListView.as_view(), name="units"),
    path("units/<int:pk>/", place_views.UnitView.as_view(), name="unit"),
    path("collect/", views.CollectView.as_view(), name="collect"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("queue/<int:pk>/reveal/", views.CollectionRevealView.as_view(), name="queue-reveal"),
    path("quality/", views.QualityView.as_view(), name="quality"),
    path("import/", views.ImportPageView.as_view(), name="import"),
    path("map/grid/<str:code>/", views.MapLayerView.as_view(), name="map-grid"),
    path("duplicates/", merge_views.MergeSuggestionListView.as_view(), name="merge-suggestions"),
    path("duplicates/<int:pk>/", merge_views.MergeSuggestionView.as_view(), name="merge-suggestion"),
    path("merges/<int:pk>/", merge_views.MergeRecordView.as_view(), name="merge"),
]
