from django.urls import path

from jingwang.antifraud import views

app_name = "antifraud"
urlpatterns = [
    path("", views.WarningListView.as_view(), name="list"),
    path("new/", views.WarningAddView.as_view(), name="add"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.WarningView.as_view(), name="detail"),
    path("<int:pk>/route/", views.WarningRouteView.as_view(), name="route"),
]
