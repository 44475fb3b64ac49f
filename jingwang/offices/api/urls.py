from rest_framework.routers import SimpleRouter

from jingwang.offices.api import views

router = SimpleRouter()
router.register("police-offices", views.OfficeViewSet, basename="police-office")
urlpatterns = router.urls
