"""Everything under /api/v1/, and the generated OpenAPI schema with its docs page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

SpectacularAPIView.access = "public"  # type: ignore[attr-defined]
# The split view serves Swagger UI's start-up script from `?script`, so the page needs nothing
# inline and runs under the site's Content-Security-Policy (SECURITY 28).
SpectacularSwaggerSplitView.access = "public"  # type: ignore[attr-defined]

v1 = [
    path("", include("jingwang.accounts.api.urls")),
    path("", include("jingwang.territory.api.urls")),
    path("", include("jingwang.audit.api.urls")),
    path("", include("jingwang.registry.api.urls")),
    path("", include("jingwang.notifications.api.urls")),
    path("", include("jingwang.casework.api.urls")),
    path("", include("jingwang.disputes.api.urls")),
    path("", include("jingwang.workorders.api.urls")),
    path("", include("jingwang.linkage.api.urls")),
    path("", include("jingwang.verification.api.urls")),
]
urlpatterns = [
    path("api/v1/", include((v1, "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="web/swagger_ui.html"),
        name="api-docs",
    ),
]
