from rest_framework.routers import SimpleRouter

from jingwang.hazards.api import views

router = SimpleRouter()
router.register("hazards", views.HazardViewSet, basename="hazard")
urlpatterns = router.urls
