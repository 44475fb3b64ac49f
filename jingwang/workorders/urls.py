from django.urls import path

from jingwang.workorders import views

app_name = "workorders"
urlpatterns = [
    path("", views.WorkOrderListView.as_view(), name="list"),
    path("raise/", views.RaiseView.as_view(), name="raise"),
    path("<int:pk>/", views.WorkOrderDetailView.as_view(), name="detail"),
]
