from django.urls import path

from jingwang.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.VisitListView.as_view(), name="list"),
    path("add/", views.VisitAddView.as_view(), name="add"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.VisitView.as_view(), name="detail"),
]
