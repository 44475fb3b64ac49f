from rest_framework.routers import SimpleRouter

from jingwang.registry.api import views

router = SimpleRouter()
router.register("persons", views.PersonViewSet, basename="person")
router.register("addresses", views.AddressViewSet, basename="address")
router.register("houses", views.HouseViewSet, basename="house")
router.register("units", views.UnitViewSet, basename="unit")
router.register("collections", views.CollectionViewSet, basename="collection")
urlpatterns = router.urls
