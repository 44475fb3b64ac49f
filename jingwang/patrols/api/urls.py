from rest_framework.routers import SimpleRouter

from jingwang.patrols.api import views

router = SimpleRouter()
router.register("patrols", views.PatrolViewSet, basename="patrol")
router.register("patrol-checkins", views.CheckInViewSet, basename="patrol-checkin")
urlpatterns = router.urls
