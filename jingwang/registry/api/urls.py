from django.urls import path
from rest_framework.routers import SimpleRouter

from jingwang.registry.api import views
from jingwang.registry.api.addressing import AddressParseView

router = SimpleRouter()
router.register("persons", views.PersonViewSet, basename="person")
router.register("addresses", views.AddressViewSet, basename="address")
router.register("houses", views.HouseViewSet, basename="house")
router.register("units", views.UnitViewSet, basename="unit")
router.register("collections", views.CollectionViewSet, basename="collection")
router.register("merge-suggestions", views.MergeSuggestionViewSet, basename="merge-suggestion")
router.register("merges", views.MergeRecordViewSet, basename="merge")
# Before the router's routes, so that addresses/parse/ is not read as an address id.
urlpatterns = [
    path("addresses/parse/", AddressParseView.as_view(), name="address-parse"),
    path("imports/", views.ImportView.as_view(), name="import"),
    *router.urls,
]
