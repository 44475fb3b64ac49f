from rest_framework.routers import SimpleRouter

from jingwang.venues.api import views

router = SimpleRouter()
router.register("venues", views.VenueViewSet, basename="venue")
router.register("venue-staff", views.StaffViewSet, basename="venue-staff")
router.register("venue-incidents", views.IncidentViewSet, basename="venue-incident")
router.register("venue-guests", views.GuestViewSet, basename="venue-guest")
router.register("venue-hits", views.HitViewSet, basename="venue-hit")
router.register("venue-inspections", views.InspectionViewSet, basename="venue-inspection")
router.register("venue-draws", views.DrawViewSet, basename="venue-draw")
urlpatterns = router.urls
