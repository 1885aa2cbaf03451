"""Does compare find and describe the first difference between outputs?"""

from __future__ import annotations

import math

import torch

from dl_helpers.grading.compare import Tolerance, compare, describe_value


def test_equal_tensors_match():
    assert compare(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0])) is None


def test_values_within_tolerance_match_and_outside_do_not():
    tol = Tolerance(rtol=1e-3, atol=0.0)
    assert compare(torch.tensor([100.0]), torch.tensor([100.05]), tol=tol) is None
    assert compare(torch.tensor([100.0]), torch.tensor([100.2]), tol=tol).kind == "values"


def test_values_mismatch_names_the_worst_index_and_error():
    expected = torch.zeros(2, 3, dtype=torch.float64)
    got = expected.clone()
    got[1, 2] = 0.5
    mismatch = compare(expected, got)
    assert mismatch.kind == "values"
    assert "at index (1, 2)" in mismatch.details and "max abs error 0.5" in mismatch.details


def test_shape_dtype_and_type_mismatches_are_reported_as_such():
    assert compare(torch.zeros(3), torch.zeros(3, 1)).kind == "shape"
    assert compare(torch.zeros(3), torch.zeros(3, dtype=torch.float64)).kind == "dtype"
    assert compare(torch.zeros(3), [0.0, 0.0, 0.0]).kind == "type"


def test_nan_matches_nan_and_not_a_number():
    assert compare(torch.tensor([math.nan]), torch.tensor([math.nan])) is None
    assert compare(torch.tensor([math.nan]), torch.tensor([1.0])).kind == "values"
    assert compare(torch.tensor([math.inf]), torch.tensor([math.inf])) is None


def test_nested_outputs_report_the_part_that_differs():
    expected = (torch.zeros(2), (torch.ones(1), torch.tensor(3)))
    got = (torch.zeros(2), (torch.ones(1), torch.tensor(4)))
    mismatch = compare(expected, got)
    assert mismatch.where == "output[1][1]" and mismatch.kind == "values"
    assert compare([torch.zeros(1)] * 2, [torch.zeros(1)]).kind == "length"


def test_integer_tensors_compare_exactly():
    assert compare(torch.tensor([1, 2, 3]), torch.tensor([1, 2, 4])).kind == "values"


def test_describe_value_gives_small_tensors_values_and_large_ones_dtype_and_shape():
    assert describe_value(torch.zeros(3, 5, dtype=torch.float64)) == "float64 tensor of shape (3, 5)"
    assert describe_value(torch.tensor([[1.0, 2.5], [1 / 3, -4.0]])) == "[[1, 2.5], [0.333333, -4]] (float32)"
    assert describe_value(torch.tensor([2, 0, 1])) == "[2, 0, 1] (int64)"
    assert describe_value("mean") == "'mean'"
    state = (torch.zeros(2, 8), torch.ones(1))
    assert describe_value(state) == "(float32 tensor of shape (2, 8), [1] (float32))"  # an LSTM's (h, c), say
