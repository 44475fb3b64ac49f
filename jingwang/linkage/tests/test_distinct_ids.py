"""Two valid ID numbers more than a typo apart are two people: never one pair, never one cluster,
also not through records without an ID number (issue 16)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest

from jingwang.core.identity import id_check_character, id_numbers_distinct, synthetic_id_number
from jingwang.linkage.clusters import cluster_links
from jingwang.linkage.command import link_records
from jingwang.linkage.model import DISTINCT_IDS, load_model, score_pair
from jingwang.linkage.pipeline import link
from jingwang.linkage.prepare import PersonRecord, prepare, prepare_many
from jingwang.linkage.synthetic import NAMESAKE_KINDS, namesakes, people

BORN = date(1986, 4, 12)
X = synthetic_id_number(region="320106", birth=BORN, seq=101)
ADDRESS = "江苏省南京市鼓楼区宁海路街道宁海路2号"


def with_stem(stem: str) -> str:
    return stem + id_check_character(stem)


def record(record_id: str, **fields: str) -> PersonRecord:
    base = {"name": "王建国", "sex": "男", "birth_date": "1986-04-12"}
    return prepare(PersonRecord.from_row({"record_id": record_id, **base, **fields}))


# --- the rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("other", "distinct"),
    [
        (X, False),
        (with_stem(X[:16] + "3"), False),  # one digit substituted (check digit recomputed)
        (with_stem(X[:14] + X[15] + X[14] + X[16]), False),  # two adjacent digits swapped
        (synthetic_id_number(region="320106", birth=BORN, seq=303), True),  # another sequence number
        (synthetic_id_number(region="640425", birth=BORN, seq=101), True),  # another county
        (with_stem(X[:14] + "2" + X[15] + "3"), True),  # two digits substituted
    ],
)
def test_id_numbers_are_distinct_beyond_one_substitution_or_transposition(other: str, distinct: bool) -> None:
    assert id_numbers_distinct(X, other) is distinct
    assert id_numbers_distinct(other, X) is distinct


def test_score_pair_rules_out_distinct_valid_id_numbers_whatever_else_agrees() -> None:
    same = {"phone": "13912345678", "address": ADDRESS}
    other = synthetic_id_number(region="320106", birth=BORN, seq=303)
    score = score_pair(record("1", id_number=X, **same), record("2", id_number=other, **same))
    assert score.probability == 0.0 and score.rule == DISTINCT_IDS
    assert {f.field for f in score.fields} >= {"name", "birth_date", "id_number"}  # still explained


def test_a_valid_number_mistyped_into_another_still_matches() -> None:
    typo = with_stem(X[:16] + "3")
    score = score_pair(record("1", id_number=X, phone="13912345678"), record("2", id_number=typo, phone="13912345678"))
    assert score.rule == "" and score.probability > 0.5


def test_a_number_its_own_record_contradicts_does_not_hold_people_apart() -> None:
    # Two typos that pass the check digit (1 in 11) usually leave a birth date the record does not
    # have: such a number is not held to (id_checked), and the other fields decide.
    wrong = synthetic_id_number(region="320106", birth=date(1988, 4, 16), seq=101)
    a, b = record("1", id_number=X, phone="13912345678"), record("2", id_number=wrong, phone="13912345678")
    assert a.id_checked and b.id_valid and not b.id_checked
    assert score_pair(a, b).rule == ""


# --- clusters -----------------------------------------------------------------------------------


def test_a_record_without_an_id_joins_the_side_of_its_strongest_link() -> None:
    other = synthetic_id_number(region="320106", birth=BORN, seq=303)
    clusters = cluster_links(3, [(0, 1, 12.0), (1, 2, 9.0)], [X, "", other])
    assert clusters[0] == clusters[1] != clusters[2]
    clusters = cluster_links(3, [(0, 1, 9.0), (1, 2, 12.0)], [X, "", other])
    assert clusters[1] == clusters[2] != clusters[0]


def test_a_record_without_an_id_that_fits_both_sides_alike_joins_neither() -> None:
    other = synthetic_id_number(region="320106", birth=BORN, seq=303)
    clusters = cluster_links(4, [(0, 1, 10.0), (1, 2, 10.0), (0, 3, 15.0)], [X, "", other, ""])
    assert len({clusters[0], clusters[1], clusters[2]}) == 3
    assert clusters[3] == clusters[0]  # what does not depend on the torn record stays


def test_a_long_chain_of_records_without_ids_is_cut_once() -> None:
    other = synthetic_id_number(region="640425", birth=BORN, seq=101)
    links = [(0, 1, 20.0), (1, 2, 18.0), (2, 3, 5.0), (3, 4, 17.0), (4, 5, 19.0)]
    clusters = cluster_links(6, links, [X, "", "", "", "", other])
    assert clusters[0] == clusters[1] == clusters[2] and clusters[3] == clusters[4] == clusters[5]
    assert clusters[0] != clusters[5]


def test_without_conflicting_numbers_clusters_are_connected_components() -> None:
    links = [(0, 1, 3.0), (1, 2, 1.0), (3, 4, 2.0)]
    clusters = cluster_links(6, links, ["", X, "", "", with_stem(X[:16] + "3"), ""])
    assert clusters[0] == clusters[1] == clusters[2] and clusters[3] == clusters[4]
    assert len(set(clusters)) == 3


# --- batch linkage ------------------------------------------------------------------------------


def test_generated_namesakes_are_of_each_kind_with_distinct_valid_numbers() -> None:
    data = namesakes(30, seed=1)
    assert len(data.rows) == 150 and data == namesakes(30, seed=1)
    records = prepare_many(data.rows)
    for g in range(30):
        first, second = records[5 * g], records[5 * g + 1]
        assert first.name == second.name and first.dob == second.dob and first.sex_code == second.sex_code
        assert first.id_checked and second.id_checked and id_numbers_distinct(first.id_clean, second.id_clean)
        kind = NAMESAKE_KINDS[g % 3]
        assert (first.id_region == second.id_region) == (kind != "other_county")
        assert (first.phone == second.phone) == (kind == "all_else_agrees")
        assert not any(r.id_number for r in records[5 * g + 2 : 5 * g + 5])


def test_batch_linkage_never_puts_two_people_with_distinct_numbers_in_one_cluster() -> None:
    background = people(3_000, seed=16)
    hard = namesakes(60, seed=16)
    offset = max(background.truth) + 1
    rows = background.rows + hard.rows
    truth = background.truth + [t + offset for t in hard.truth]
    result = link_records([PersonRecord.from_row(r) for r in rows], threads=1)
    cluster = {rid: cid for rid, cid, _ in result}
    records = prepare_many(rows)
    members: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        members[cluster[r.record_id]].append(i)
    start = len(background.rows)
    for group in members.values():
        numbers = {records[i].id_clean for i in group if i >= start and records[i].id_valid}
        assert not any(id_numbers_distinct(a, b) for a in numbers for b in numbers), [rows[i] for i in group]
    for g in range(60):
        first, second, own_first, own_second, bridge = (records[start + 5 * g + k].record_id for k in range(5))
        assert cluster[first] != cluster[second]
        if NAMESAKE_KINDS[g % 3] != "all_else_agrees":  # there the records without a number fit both alike
            assert cluster[own_first] == cluster[first] and cluster[own_second] == cluster[second]
        person = truth[start + 5 * g + 4]
        wrong = first if person == truth[start + 5 * g + 1] else second
        assert cluster[bridge] != cluster[wrong]


def test_splink_predictions_with_distinct_numbers_are_dropped_before_clustering() -> None:
    hard = namesakes(9, seed=3)
    records = prepare_many(hard.rows)
    result = link(records, load_model(), threads=1)
    for g in range(9):
        assert result.cluster[5 * g] != result.cluster[5 * g + 1]
    # At least the two people of each group where all else agrees, whom the model alone would join.
    assert result.ruled_out >= 3
