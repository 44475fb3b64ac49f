from django.urls import URLPattern, path  # noqa: F401

app_name = "verification"
urlpatterns: list[URLPattern] = []
