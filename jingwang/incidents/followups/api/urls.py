from django.urls import path
from rest_framework.routers import SimpleRouter

from jingwang.incidents.followups.api import views

router = SimpleRouter()
router.register("incident-cases", views.IncidentCaseViewSet, basename="incident-case")
router.register("return-visits", views.ReturnVisitViewSet, basename="return-visit")
router.register("incident-bulletins", views.BulletinViewSet, basename="incident-bulletin")
urlpatterns = [*router.urls, path("incident-figures/", views.FiguresApi.as_view(), name="incident-figures")]
