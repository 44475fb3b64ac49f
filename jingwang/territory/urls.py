from django.urls import path

from jingwang.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.TreeView.as_view(), name="tree"),
    path("<str:kind>/<str:code>/", views.NodeView.as_view(), name="node"),
    path("<str:kind>/<str:code>/children/", views.ChildrenView.as_view(), name="children"),
]
