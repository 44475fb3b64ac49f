from rest_framework.routers import SimpleRouter

from jingwang.casework.api import views

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("deadline-policies", views.DeadlinePolicyViewSet, basename="deadline-policy")
urlpatterns = router.urls
