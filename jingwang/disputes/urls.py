from django.urls import path

from jingwang.disputes import views

app_name = "disputes"
urlpatterns = [
    path("", views.LedgerView.as_view(), name="ledger"),
    path("report/", views.ReportView.as_view(), name="report"),
    path("screening/", views.ScreeningView.as_view(), name="screening"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("<int:pk>/party/", views.PartyView.as_view(), name="party"),
    path("<int:pk>/session/", views.SessionView.as_view(), name="session"),
    path("<int:pk>/visit/", views.VisitView.as_view(), name="visit"),
    path("<int:pk>/reveal/", views.RevealView.as_view(), name="reveal"),
    path("<int:pk>/sessions/<int:session_id>/agreement/", views.AgreementView.as_view(), name="agreement"),
]
