from django.urls import path

from jingwang.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/act/", views.CaseActionView.as_view(), name="act"),
]
