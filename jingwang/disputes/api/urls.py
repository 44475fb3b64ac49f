from rest_framework.routers import SimpleRouter

from jingwang.disputes.api import views

router = SimpleRouter()
router.register("disputes", views.DisputeViewSet, basename="dispute")
router.register("dispute-screenings", views.ScreeningViewSet, basename="dispute-screening")
urlpatterns = [*router.urls]
