"""`jingwang createuser USERNAME --role ROLE --scope CODE [--scope CODE …] --password-stdin`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingwang.accounts.services import user_create
from jingwang.core.errors import ServiceError
from jingwang.core.identity import check_phone
from jingwang.core.roles import Role
from jingwang.territory.selectors import resolve_ref


class Command(BaseCommand):
    help = "Create an account holding one role over one or more territory nodes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--scope", action="append", required=True, help="node code, or kind:code")
        parser.add_argument("--name", default="", help="display name (defaults to the user name)")
        parser.add_argument("--password-stdin", action="store_true", required=True)
        parser.add_argument("--mobile", default="", help="work mobile for urgent text messages")

    def handle(self, *args: Any, **opts: Any) -> None:
        password = sys.stdin.readline().rstrip("\r\n")
        mobile = ""
        if opts["mobile"]:
            checked = check_phone(opts["mobile"])
            if not checked.valid:
                raise CommandError("; ".join(str(p.message) for p in checked.errors))
            mobile = checked.normalized
        try:
            scopes = [resolve_ref(ref) for ref in opts["scope"]]
            user = user_create(
                by=None,
                username=opts["username"],
                display_name=opts["name"] or opts["username"],
                password=password,
                role=opts["role"],
                scopes=scopes,
            )
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from None
        if mobile:
            user.set_mobile(mobile)
            user.save(update_fields=["mobile", "mobile_masked"])
        self.stdout.write(f"created {user.username} ({opts['role']} over {', '.join(n.ref for n in scopes)})")
