from rest_framework.routers import SimpleRouter

from jingwang.watchpoints.api import views

router = SimpleRouter()
router.register("watchpoints", views.WatchPointViewSet, basename="watchpoint")
router.register("watchpoint-reports", views.ReportViewSet, basename="watchpoint-report")
urlpatterns = router.urls
