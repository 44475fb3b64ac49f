from django.urls import path

from jingwang.portal import staff, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.sign_in_code, name="sign_in_code"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("officer/", views.officer, name="officer"),
    path("officer/district/<str:code>/", views.officer_district, name="officer_district"),
    path("communities/", views.communities, name="communities"),
    path("appointments/", views.appointments_home, name="appointments"),
    path("appointments/service/<int:pk>/", views.service_slots, name="service_slots"),
    path("appointments/book/", views.book, name="book"),
    path("appointments/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("my-data/", views.my_data, name="my_data"),
    # The office's side, on the staff site's layout.
    path("staff/services/", staff.ServiceListView.as_view(), name="staff_services"),
    path("staff/services/new/", staff.ServiceAddView.as_view(), name="staff_service_add"),
    path("staff/services/<int:pk>/", staff.ServiceView.as_view(), name="staff_service"),
    path("staff/slots/new/", staff.SlotsAddView.as_view(), name="staff_slots_add"),
    path("staff/day/", staff.DayListView.as_view(), name="staff_day"),
    path("staff/bookings/<int:pk>/", staff.BookingView.as_view(), name="staff_booking"),
    path("staff/bookings/<int:pk>/cancel/", staff.BookingCancelView.as_view(), name="staff_booking_cancel"),
]
