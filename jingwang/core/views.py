"""Base page views: sign-in, a declared permission, and scoped look-ups that 404 out of scope."""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from jingwang.core.access import has_permission, model_label
from jingwang.core.refusals import record_refusal, request_route


class ScopedPageMixin(LoginRequiredMixin):
    """A page about one kind of record: 403 without the role, rows limited to the user's scope."""

    model: type[models.Model]
    required_action = "view"

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        view = super().as_view(**initkwargs)  # type: ignore[misc]
        view.access = f"{model_label(cls.model)}:{cls.required_action}"
        return view

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not has_permission(request.user, self.model, self.required_action):
            self.deny(self.required_action, request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,return-value]

    def deny(self, action: str, request: HttpRequest | None = None) -> NoReturn:
        """403 for a role that may not do `action` here, with an `authz_denied` audit event."""
        request = request or self.request  # type: ignore[attr-defined]
        record_refusal(
            actor=request.user,
            object_type=model_label(self.model),
            object_id=str(self.kwargs.get("pk", "")) if hasattr(self, "kwargs") else "",
            details={"reason": "role", "action": action, "route": request_route(request)},
        )
        raise PermissionDenied

    def scoped(self, action: str | None = None) -> Any:
        return self.model.objects.restrict(self.request.user, action or self.required_action)  # type: ignore[attr-defined]

    def get_scoped_or_404(self, action: str | None = None, **lookup: Any) -> Any:
        obj = self.scoped(action).filter(**lookup).first()
        request = self.request  # type: ignore[attr-defined]
        if obj is None:
            if self.model._default_manager.filter(**lookup).exists():
                record_refusal(
                    actor=request.user,
                    object_type=model_label(self.model),
                    object_id=",".join(str(v) for v in lookup.values()),
                    details={
                        "reason": "scope",
                        "action": action or self.required_action,
                        "route": request_route(request),
                    },
                )
            raise Http404
        return obj
