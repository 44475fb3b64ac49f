from django.urls import path
from rest_framework.routers import SimpleRouter

from jingwang.accounts.api.views import (
    MeView,
    RoleAssignmentViewSet,
    RosterMemberViewSet,
    TokenView,
    UserViewSet,
)

router = SimpleRouter()
router.register("accounts/users", UserViewSet, basename="user")
router.register("accounts/role-assignments", RoleAssignmentViewSet, basename="role-assignment")
router.register("roster", RosterMemberViewSet, basename="roster-member")
urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
