from django.urls import URLPattern, path

from jingwang.verification import views

app_name = "verification"
urlpatterns: list[URLPattern] = [
    path("", views.VerifyPageView.as_view(), name="check"),
    path("lists/", views.WatchListsView.as_view(), name="lists"),
    path("lists/<int:pk>/", views.WatchListView.as_view(), name="list"),
    path("checks/", views.ChecksView.as_view(), name="checks"),
    path("checks/<int:pk>/", views.CheckView.as_view(), name="check-detail"),
]
