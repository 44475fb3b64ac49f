from rest_framework.routers import SimpleRouter

from jingwang.cameras.api import views

router = SimpleRouter()
router.register("cameras", views.CameraViewSet, basename="camera")
router.register("camera-status", views.StatusEventViewSet, basename="camera-status")
router.register("camera-days", views.CameraDayViewSet, basename="camera-day")
urlpatterns = router.urls
