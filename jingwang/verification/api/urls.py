from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from jingwang.verification.api import views

router = SimpleRouter()
router.register("watchlists", views.WatchListViewSet, basename="watchlist")
router.register("watch-entries", views.WatchEntryViewSet, basename="watchentry")
router.register("verification-checks", views.VerificationCheckViewSet, basename="verificationcheck")

urlpatterns: list[URLPattern | URLResolver] = [
    path("verify/", views.VerifyApi.as_view(), name="verify"),
    *router.urls,
]
