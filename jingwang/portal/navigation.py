from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(
        _("Appointments of the day"), "portal:staff_day", group=NavGroup.FIELD_WORK, model="portal.booking", order=700
    ),
    NavItem(
        _("Appointment services"), "portal:staff_services", group=NavGroup.FIELD_WORK, model="portal.service", order=710
    ),
]
