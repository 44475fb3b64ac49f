"""Open311 GeoReport v2 (under /open311/v2/), JSON only."""

from django.urls import re_path

from jingwang.tips import open311

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^services" + FMT, open311.services_list, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FMT, open311.service_definition, name="service"),
    re_path(r"^requests" + FMT, open311.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[-\w]+)" + FMT, open311.request_detail, name="request"),
]
