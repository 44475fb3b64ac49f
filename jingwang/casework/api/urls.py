from rest_framework.routers import SimpleRouter

from jingwang.casework.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("departments", views.DepartmentViewSet, basename="department")
urlpatterns = router.urls
