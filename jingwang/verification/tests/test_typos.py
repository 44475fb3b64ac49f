"""Candidate ID numbers for a mistyped one: every single substitution and every transposition of a
valid number leads back to it, and every candidate is itself a valid number."""

from __future__ import annotations

import random
from datetime import date

from jingwang.core.identity import check_id_number, synthetic_id_number
from jingwang.verification.lookup import typo_variants


def test_every_single_substitution_leads_back_to_the_true_number() -> None:
    rng = random.Random(11)
    for _ in range(40):
        number = synthetic_id_number(rng=rng)
        for i in range(18):
            for c in "0123456789X" if i == 17 else "0123456789":
                if c == number[i]:
                    continue
                typo = number[:i] + c + number[i + 1 :]
                assert not check_id_number(typo).valid
                assert number in typo_variants(typo), (number, typo)


def test_every_transposition_leads_back_to_the_true_number() -> None:
    rng = random.Random(12)
    for _ in range(40):
        number = synthetic_id_number(rng=rng)
        for i in range(18):
            for j in range(i + 1, 18):
                if number[i] == number[j]:
                    continue
                chars = list(number)
                chars[i], chars[j] = chars[j], chars[i]
                typo = "".join(chars)
                if check_id_number(typo).valid or "X" in typo[:17]:
                    continue  # a far transposition the check digit lets through (not a typo we can see)
                assert number in typo_variants(typo), (number, typo)


def test_candidates_are_valid_numbers_with_real_birth_dates() -> None:
    number = synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=123)
    typo = number[:10] + "1" + number[11:] if number[10] != "1" else number[:10] + "0" + number[11:]
    variants = typo_variants(typo)
    assert variants and all(check_id_number(v).valid for v in variants)
    assert len(variants) < 40


def test_no_candidates_for_malformed_input() -> None:
    assert typo_variants("12345") == [] and typo_variants("32010619850307X23X") == []
