"""Links into persons: strongest link first, never joining two distinct valid ID numbers.

Plain connected components chain records: A (ID x) — B (no ID) — C (ID y) would make x and y one
person. Here links are taken strongest first (single linkage) and one that would put two ID
numbers `core.identity.id_numbers_distinct` calls two people into one cluster is left out, so a
record without an ID joins the side of its strongest link. When that link is no stronger than
its link to the other side (by less than `MARGIN` bits of match weight) the record fits neither
better: it is left out of both, and the clusters are formed again without it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jingwang.core.identity import id_numbers_distinct

# How much stronger (log2 Bayes factor) a record's link into its own cluster must be than its link
# to a cluster it was kept from, for it to stay: below this the two sides fit it about as well.
MARGIN = 1.0

Link = tuple[int, int, float]  # record i, record j, match weight


class _Forest:
    """Union-find over records, each root holding the distinct valid ID numbers of its cluster."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.parent = list(range(len(ids)))
        self.ids: dict[int, list[str]] = {i: [number] for i, number in enumerate(ids) if number}

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def join(self, a: int, b: int) -> bool:
        """Join the clusters of records a and b unless that would hold two people's ID numbers."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ids_a, ids_b = self.ids.get(ra), self.ids.get(rb)
        if ids_a and ids_b and any(id_numbers_distinct(x, y) for x in ids_a for y in ids_b):
            return False
        if ids_a is not None and (ids_b is None or len(ids_a) < len(ids_b)):
            ra, rb, ids_a, ids_b = rb, ra, ids_b, ids_a
        self.parent[rb] = ra  # ra holds the longer list (or the only one)
        if ids_b:
            self.ids.pop(rb)
            merged = self.ids.setdefault(ra, [])
            merged.extend(x for x in ids_b if x not in merged)
        return True


def _form(links: Sequence[Link], ids: Sequence[str], left_out: set[int]) -> tuple[_Forest, list[Link]]:
    forest = _Forest(ids)
    kept_apart = []
    for link in links:
        i, j, _ = link
        if i in left_out or j in left_out:
            continue
        if not forest.join(i, j):
            kept_apart.append(link)
    return forest, kept_apart


def cluster_links(n: int, links: Sequence[Link], ids: Sequence[str]) -> list[int]:
    """The cluster of each of `n` records (a member's index), given the links at or above the
    threshold and each record's valid ID number ("" when it has none)."""
    order = sorted(links, key=lambda link: (-link[2], link[0], link[1]))
    left_out: set[int] = set()
    while True:
        forest, kept_apart = _form(order, ids, left_out)
        if not kept_apart:
            break
        find = forest.find
        own = [float("-inf")] * n  # each record's strongest link inside its own cluster
        for i, j, weight in order:
            if i not in left_out and j not in left_out and find(i) == find(j):
                own[i] = max(own[i], weight)
                own[j] = max(own[j], weight)
        torn = {k for i, j, weight in kept_apart for k in (i, j) if not ids[k] and own[k] - weight < MARGIN}
        if not torn:
            break
        left_out |= torn  # formed again without them: what they held together falls apart
    return [forest.find(i) for i in range(n)]
