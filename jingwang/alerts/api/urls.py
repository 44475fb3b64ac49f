from rest_framework.routers import SimpleRouter

from jingwang.alerts.api import views

router = SimpleRouter()
router.register("alerts", views.AlertViewSet, basename="alert")
router.register("alert-deliveries", views.DeliveryViewSet, basename="alert-delivery")
urlpatterns = router.urls
