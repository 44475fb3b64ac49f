from django.urls import path

from jingwang.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.MapPage.as_view(), name="map"),
    path("tiles/<int:z>/<int:x>/<int:y>", views.TileView.as_view(), name="tile"),
]
