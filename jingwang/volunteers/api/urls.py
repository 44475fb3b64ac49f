from rest_framework.routers import SimpleRouter

from jingwang.volunteers.api import views

router = SimpleRouter()
router.register("volunteers", views.VolunteerViewSet, basename="volunteer")
router.register("volunteer-teams", views.TeamViewSet, basename="volunteer-team")
urlpatterns = router.urls
