from django.urls import path

from jingwang.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("mfa/", views.mfa_view, name="mfa"),
    path("logout/", views.logout_view, name="logout"),
    path("confirm/", views.reauth_view, name="reauth"),
    path("password/", views.password_view, name="password"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/new/", views.UserCreateView.as_view(), name="user-create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("roster/", views.RosterIndexView.as_view(), name="roster-index"),
    path("roster/<str:code>/", views.RosterView.as_view(), name="roster"),
]
