from rest_framework.routers import SimpleRouter

from jingwang.territory.api.views import NodeViewSet

router = SimpleRouter()
router.register("territory/nodes", NodeViewSet, basename="territory-node")
urlpatterns = router.urls
