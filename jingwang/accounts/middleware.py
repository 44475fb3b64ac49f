"""Session limits (SECURITY 10): 30 minutes idle, 12 hours absolute, the second factor enforced."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jingwang.core import context

AUTH_AT = "jingwang_auth_at"
SEEN_AT = "jingwang_seen_at"
# Set after a correct password while the second factor is still owed; not yet signed in.
PRE_AUTH_USER = "jingwang_pre_auth_user"
PRE_AUTH_AT = "jingwang_pre_auth_at"


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        context.update(session_ref=context.session_ref(session.session_key))
        if request.user.is_authenticated:
            now = time.time()
            auth_at = session.get(AUTH_AT, 0)
            seen_at = session.get(SEEN_AT, 0)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if now - seen_at > idle or now - auth_at > absolute:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
            # Write the session at most once a minute, not on every request.
            if now - seen_at > 60:
                session[SEEN_AT] = now
        return self.get_response(request)
