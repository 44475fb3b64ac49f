from rest_framework.routers import SimpleRouter

from jingwang.antifraud.api import views

router = SimpleRouter()
router.register("fraud-warnings", views.WarningViewSet, basename="fraud-warning")
router.register("fraud-protections", views.ProtectionViewSet, basename="fraud-protection")
urlpatterns = router.urls
