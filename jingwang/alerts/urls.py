from django.urls import path

from jingwang.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.AlertListView.as_view(), name="list"),
    path("send/", views.AlertSendView.as_view(), name="send"),
    path("<int:pk>/", views.AlertView.as_view(), name="detail"),
    path("<int:pk>/board/", views.AlertBoardFeedView.as_view(), name="board"),
    path("<int:pk>/close/", views.AlertCloseView.as_view(), name="close"),
    path("<int:pk>/photos/<int:photo>/", views.AlertPhotoView.as_view(), name="photo"),
    path("<int:pk>/feedback/<int:feedback>/photo/", views.FeedbackPhotoView.as_view(), name="feedback-photo"),
    path("mine/", views.MyAlertsView.as_view(), name="mine"),
    path("mine/feed/", views.MyAlertsFeedView.as_view(), name="mine-feed"),
    path("mine/<int:pk>/", views.DeliveryView.as_view(), name="received"),
    path("mine/<int:pk>/acknowledge/", views.DeliveryAcknowledgeView.as_view(), name="acknowledge"),
    path("mine/<int:pk>/photos/<int:photo>/", views.DeliveryPhotoView.as_view(), name="received-photo"),
]
