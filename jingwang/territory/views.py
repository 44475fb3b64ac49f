"""Pages: the territory tree browser and a node's page with its boundary on the map."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jingwang.core.access import has_permission
from jingwang.core.errors import ServiceError
from jingwang.core.tree import ancestor_paths
from jingwang.territory import services
from jingwang.territory.filters import NodeFilterSet
from jingwang.territory.models import Node
from jingwang.territory.selectors import police_outline, roots_for
from jingwang.web.generic import ScopedPage, service_error_to_messages


class TreeView(ScopedPage):
    model = Node

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = NodeFilterSet(request.GET or None, queryset=self.scoped().select_related("parent"))
        results = filters.qs.order_by("code")[:100] if request.GET.get("q") or request.GET.get("kind") else None
        return render(
            request, "territory/tree.html", {"roots": roots_for(request.user), "filters": filters, "results": results}
        )


class ChildrenView(ScopedPage):
    """htmx fragment: the visible children of one node (either tree)."""

    model = Node

    def get(self, request: HttpRequest, kind: str, code: str) -> HttpResponse:
        node = self.get_scoped_or_404(kind=kind, code=code)
        visible = self.scoped()
        children = visible.filter(parent=node)
        if node.kind == "police_district":
            children = children | visible.filter(police_district=node, kind="grid")
        return render(request, "territory/_children.html", {"children": children.order_by("kind", "code")})


class NodeView(ScopedPage):
    model = Node

    def get(self, request: HttpRequest, kind: str, code: str) -> HttpResponse:
        node = self.get_scoped_or_404(kind=kind, code=code)
        visible = self.scoped()
        lineage = list(visible.filter(path__in=ancestor_paths(node.path)).order_by("depth"))
        children = visible.filter(parent=node).order_by("code")
        district_grids = (
            visible.filter(police_district=node, kind="grid").order_by("code")
            if node.kind == "police_district"
            else None
        )
        outline = node.boundary or police_outline(node, visible)
        shapes = (
            [{"name": node.name, "code": node.code, "kind": node.kind, "geometry": outline, "main": True}]
            if outline
            else []
        )
        for child in list(children[:500]) + list(district_grids[:500] if district_grids is not None else []):
            if geometry := child.boundary or police_outline(child, visible):
                shapes.append(
                    {"name": child.name, "code": child.code, "kind": child.kind, "geometry": geometry, "main": False}
                )
        return render(
            request,
            "territory/node.html",
            {
                "node": node,
                "lineage": lineage,
                "children": children[:500],
                "district_grids": district_grids,
                "shapes": shapes,
                "has_outline": bool(outline),
                "police_lineage": list(visible.filter(path__in=ancestor_paths(node.police_path)).order_by("depth"))
                if node.police_path
                else [],
                "can_change": has_permission(request.user, Node, "change"),
            },
        )

    def post(self, request: HttpRequest, kind: str, code: str) -> HttpResponse:
        node = self.get_scoped_or_404(action="change", kind=kind, code=code)
        try:
            services.node_update(
                by=request.user,
                node_id=node.pk,
                expected_version=int(request.POST.get("version", "0")),
                name=request.POST.get("name", "").strip() or None,
            )
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect("territory:node", kind=kind, code=code)
