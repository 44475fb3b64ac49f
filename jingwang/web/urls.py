from django.urls import path

from jingwang.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("my-officer/", views.my_officer, name="my-officer"),
]
