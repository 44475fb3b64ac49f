from django.urls import path

from jingwang.maps.api import views

urlpatterns = [
    path("map/", views.MapConfigApi.as_view(), name="map-config"),
    path("map/boundaries/", views.BoundariesApi.as_view(), name="map-boundaries"),
    path("map/layers/<slug:key>/features/", views.FeaturesApi.as_view(), name="map-features"),
]
