from rest_framework.routers import SimpleRouter

from jingwang.workorders.api import views

router = SimpleRouter()
router.register("workorders", views.WorkOrderViewSet, basename="workorder")
urlpatterns = router.urls
