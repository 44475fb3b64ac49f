"""Everything under /api/v1/, and the generated OpenAPI schema with its docs page."""

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions

# Signed-in staff; public only in the demo (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]).
SpectacularAPIView.access = "authenticated"  # type: ignore[attr-defined]


class DocsView(SpectacularSwaggerSplitView):
    """The docs page: a browser that is not signed in goes to the sign-in page and comes back. The
    split view serves Swagger UI's start-up script from `?script`, so the page needs nothing inline
    and runs under the site's Content-Security-Policy (SECURITY 28)."""

    access = "authenticated"

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


v1 = [
    path("", include("jingwang.accounts.api.urls")),
    path("", include("jingwang.territory.api.urls")),
    path("", include("jingwang.audit.api.urls")),
    path("", include("jingwang.registry.api.urls")),
    path("", include("jingwang.notifications.api.urls")),
    path("", include("jingwang.casework.api.urls")),
    path("", include("jingwang.disputes.api.urls")),
    path("", include("jingwang.workorders.api.urls")),
    path("", include("jingwang.focus.api.urls")),
    path("", include("jingwang.venues.api.urls")),
    path("", include("jingwang.cameras.api.urls")),
    path("", include("jingwang.offices.api.urls")),
    path("", include("jingwang.antifraud.api.urls")),
    path("", include("jingwang.incidents.api.urls")),
    path("", include("jingwang.incidents.followups.api.urls")),
    path("", include("jingwang.alerts.api.urls")),
    path("", include("jingwang.volunteers.api.urls")),
    path("", include("jingwang.watchpoints.api.urls")),
    path("", include("jingwang.linkage.api.urls")),
    path("", include("jingwang.hazards.api.urls")),
    path("", include("jingwang.patrols.api.urls")),
    path("", include("jingwang.visits.api.urls")),
    path("", include("jingwang.verification.api.urls")),
    path("", include("jingwang.maps.api.urls")),
]
urlpatterns = [
    path("api/v1/", include((v1, "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema", template_name="web/swagger_ui.html"), name="api-docs"),
]
