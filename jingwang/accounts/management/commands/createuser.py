"""`jingwang createuser USERNAME --role ROLE --scope CODE [--scope CODE …] --password-stdin`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingwang.accounts.services import user_create
from jingwang.core.errors import ServiceError
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

    def handle(self, *args: Any, **opts: Any) -> None:
        password = sys.stdin.readline().rstrip("\r\n")
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
        self.stdout.write(f"created {user.username} ({opts['role']} over {', '.join(n.ref for n in scopes)})")
