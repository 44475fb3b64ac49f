from rest_framework.routers import SimpleRouter

from jingwang.focus.api import views

router = SimpleRouter()
router.register("focus-listings", views.ListingViewSet, basename="focus-listing")
router.register("focus-followups", views.FollowupViewSet, basename="focus-followup")
router.register("focus-lost-contacts", views.LostContactViewSet, basename="focus-lost-contact")
router.register("focus-care-assignments", views.CareAssignmentViewSet, basename="focus-care-assignment")
urlpatterns = router.urls
