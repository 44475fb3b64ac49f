from rest_framework.routers import SimpleRouter

from jingwang.visits.api import views

router = SimpleRouter()
router.register("visits", views.VisitViewSet, basename="visit")
urlpatterns = router.urls
