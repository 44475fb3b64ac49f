from django.urls import include, path

from jingwang.web import views as web_views

urlpatterns = [
    path("", include("jingwang.web.urls")),
    path("accounts/", include("jingwang.accounts.urls")),
    path("territory/", include("jingwang.territory.urls")),
    path("audit/", include("jingwang.audit.urls")),
    path("registry/", include("jingwang.registry.urls")),
    path("inbox/", include("jingwang.notifications.urls")),
    path("cases/", include("jingwang.casework.urls")),
    path("disputes/", include("jingwang.disputes.urls")),
    path("workorders/", include("jingwang.workorders.urls")),
    path("focus/", include("jingwang.focus.urls")),
    path("venues/", include("jingwang.venues.urls")),
    path("cameras/", include("jingwang.cameras.urls")),
    path("offices/", include("jingwang.offices.urls")),
    path("antifraud/", include("jingwang.antifraud.urls")),
    path("incidents/followups/", include("jingwang.incidents.followups.urls")),
    path("incidents/", include("jingwang.incidents.urls")),
    path("portal/tips/", include("jingwang.tips.portal_urls")),
    path("map/", include("jingwang.maps.urls")),
    path("portal/", include("jingwang.portal.urls")),
    path("tips/", include("jingwang.tips.urls")),
    path("open311/v2/", include("jingwang.tips.open311_urls")),
    path("alerts/", include("jingwang.alerts.urls")),
    path("volunteers/", include("jingwang.volunteers.urls")),
    path("watchpoints/", include("jingwang.watchpoints.urls")),
    path("linkage/", include("jingwang.linkage.urls")),
    path("verify/", include("jingwang.verification.urls")),
    path("hazards/", include("jingwang.hazards.urls")),
    path("patrols/", include("jingwang.patrols.urls")),
    path("visits/", include("jingwang.visits.urls")),
    path("figures/", include("jingwang.figures.urls")),
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("healthz", web_views.healthz, name="healthz"),
    path("readyz", web_views.readyz, name="readyz"),
    path("", include("jingwang.api.urls")),
]

# Under /api/ every error is JSON in the one error format (jingwang.api.errors), pages keep Django's.
handler400 = "jingwang.api.errors.bad_request"
handler403 = "jingwang.api.errors.permission_denied"
handler404 = "jingwang.api.errors.page_not_found"
handler500 = "jingwang.api.errors.server_error"
