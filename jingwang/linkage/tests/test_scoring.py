"""score_pair: the shipped model scores pairs in Python exactly as Splink does."""

from __future__ import annotations

import math

import pytest

from jingwang.linkage.model import load_model, score_pair
from jingwang.linkage.pipeline import arrow_table, make_linker
from jingwang.linkage.prepare import PersonRecord, prepare, prepare_many
from jingwang.linkage.synthetic import people


def record(**fields: str) -> PersonRecord:
    return prepare(PersonRecord.from_row(fields))


def test_same_person_written_two_ways_scores_high() -> None:
    a = record(record_id="1", name="張偉", sex="男", birth_date="1985年3月7日", id_number="110105198503070018")
    b = record(record_id="2", name="章伟", sex="1", birth_date="19850307", id_number="110105198503070081")
    score = score_pair(a, b)
    assert score.probability > 0.99
    fields = {f.field: f for f in score.fields}
    assert fields["name"].level == "same pinyin (homophones)"
    assert fields["birth_date"].level == "same date"
    assert fields["id_number"].level == "one digit mistyped, missing or swapped"


def test_namesakes_born_on_other_days_score_low() -> None:
    a = record(record_id="1", name="王伟", sex="男", birth_date="1985-03-07", id_number="110105198503070018")
    b = record(record_id="2", name="王伟", sex="男", birth_date="1990-11-21", id_number="320106199011210035")
    assert score_pair(a, b).probability < 0.01


def test_common_name_counts_for_less_than_a_rare_one() -> None:
    model = load_model()
    common, rare = max(model.term_frequencies, key=model.term_frequencies.__getitem__), "欧阳霁云"
    weights = []
    for name in (common, rare):
        a = record(record_id="1", name=name, birth_date="1985-03-07")
        b = record(record_id="2", name=name, birth_date="1985-03-07")
        weights.append(score_pair(a, b).fields[0].weight)
    assert weights[0] < weights[1]


def _splink_row(r: PersonRecord, uid: int, model_tf: dict[str, float]) -> dict[str, object]:
    row: dict[str, object] = arrow_table([r]).to_pylist()[0]
    row["unique_id"] = uid
    row["tf_name_s"] = model_tf.get(r.name_s)
    return row


@pytest.mark.parametrize("seed", [3])
def test_score_pair_agrees_with_splink(seed: int) -> None:
    model = load_model()
    data = people(400, seed=seed)
    records = prepare_many(data.rows)
    linker = make_linker(records, model.splink)
    by_person: dict[int, list[int]] = {}
    for i, person in enumerate(data.truth):
        by_person.setdefault(person, []).append(i)
    pairs = [(group[0], group[1]) for group in by_person.values() if len(group) > 1][:25]
    pairs += [(i, i + 1) for i in range(0, 50, 2)]  # mostly different people
    assert len(pairs) >= 40
    for i, j in pairs:
        tf = model.term_frequencies
        left, right = _splink_row(records[i], i, tf), _splink_row(records[j], j, tf)
        theirs = linker.inference.score_pair(left, right).as_record_list()[0]
        ours = score_pair(records[i], records[j], model)
        assert math.isclose(ours.match_weight, theirs["match_weight"], abs_tol=1e-6), (records[i], records[j])
        assert math.isclose(ours.probability, theirs["match_probability"], rel_tol=1e-9, abs_tol=1e-12)
