"""Do the generic checks catch what they promise: errors, in-place edits, dtype, device, cut graphs?"""

from __future__ import annotations

import pytest
import torch

from dl_helpers.grading import GradingError, exercise

MSE = exercise("mse_loss")


def reference_copy(input, target, reduction="mean"):
    errors = (input - target) ** 2
    return {"mean": errors.mean(), "sum": errors.sum(), "none": errors}[reduction]


def test_a_correct_function_passes_every_check():
    for property_ in MSE.properties:
        MSE.check(reference_copy, property_, seed=1)


def test_unimplemented_function_gets_a_plain_message():
    def mse_loss(input, target, reduction="mean"):
        raise NotImplementedError()

    with pytest.raises(GradingError, match="not implemented yet"):
        MSE.check(mse_loss)


def test_an_exception_names_the_students_line_the_case_and_the_inputs_values():
    def mse_loss(input, target, reduction="mean"):
        return input[10]

    with pytest.raises(GradingError) as failure:
        MSE.check(mse_loss)
    message = str(failure.value)
    assert message.startswith("mse_loss raised IndexError: index 10 is out of bounds")
    assert "of mse_loss: return input[10]" in message
    assert 'case "3 predictions" with inputs: input = [1, 2, 3] (float64), target = [1.5, 2, 0] (float64)' in message


def test_a_notebook_shows_the_message_without_the_checks_frames():
    def mse_loss(input, target, reduction="mean"):
        return input * 0

    with pytest.raises(GradingError) as failure:
        MSE.check(mse_loss)
    rendered = failure.value._render_traceback_()  # what IPython prints in place of a traceback
    assert rendered == [f"GradingError: {failure.value}"]
    assert "exercise.py" not in "\n".join(rendered)


def test_modifying_an_input_in_place_fails():
    def mse_loss(input, target, reduction="mean"):
        input -= target  # noqa: A001 (the student's in-place update under test)
        return reference_copy(input, torch.zeros_like(input), reduction)

    with pytest.raises(GradingError, match="changed its argument `input` in place"):
        MSE.check(mse_loss)


def test_changing_the_dtype_fails():
    def mse_loss(input, target, reduction="mean"):
        return reference_copy(input.double(), target.double(), reduction)

    with pytest.raises(GradingError, match="(?s)wrong dtype.*expected dtype torch.float32, got torch.float64"):
        MSE.check(mse_loss, "dtypes")


def test_a_float32_result_keeps_the_value_points_and_loses_only_the_dtype_point():
    def mse_loss(input, target, reduction="mean"):  # the right formula, computed in float32
        return reference_copy(input.float(), target.float(), reduction)

    for property_ in ("fixed", "random"):  # (the edge case of 1e150 overflows in float32: that one is lost)
        MSE.check(mse_loss, property_, seed=3)
    with pytest.raises(GradingError, match="(?s)wrong dtype.*expected dtype torch.float64, got torch.float32"):
        MSE.check(mse_loss, "dtypes")


def test_a_float32_result_with_a_wrong_formula_still_fails_the_value_checks():
    def mse_loss(input, target, reduction="mean"):
        return 0.5 * reference_copy(input.float(), target.float(), reduction)

    with pytest.raises(GradingError, match="half the mean squared error"):
        MSE.check(mse_loss)


def test_a_property_the_exercise_does_not_have_is_refused():
    with pytest.raises(ValueError, match="checked on fixed, random, edge, dtypes, gradients"):
        MSE.check(reference_copy, "speed")
    with pytest.raises(ValueError, match="gradients"):
        exercise("kfold_indices").check(lambda n, k: [], "gradients")


def test_leaving_the_autograd_graph_fails():
    def mse_loss(input, target, reduction="mean"):
        return torch.tensor(reference_copy(input, target, reduction).tolist(), dtype=input.dtype)

    with pytest.raises(GradingError, match="not connected to the autograd graph"):
        MSE.check(mse_loss, "gradients")


def test_a_wrong_gradient_fails_even_when_values_are_right():
    class RightValueWrongGradient(torch.autograd.Function):
        @staticmethod
        def forward(ctx, input, target):
            ctx.input_shape = input.shape
            return ((input - target) ** 2).mean()

        @staticmethod
        def backward(ctx, grad):
            return grad.new_zeros(ctx.input_shape), None

    def mse_loss(input, target, reduction="mean"):
        return (
            RightValueWrongGradient.apply(input, target)
            if reduction == "mean"
            else reference_copy(input, target, reduction)
        )

    for seed in range(5):  # at least one random case uses reduction='mean'
        try:
            MSE.check(mse_loss, "gradients", seed=seed)
        except GradingError as error:
            assert "wrong gradient with respect to `input`" in str(error)
            return
    pytest.fail("the wrong gradient was never detected")


def test_warnings_go_to_stdout_not_stderr(capsys):
    import warnings

    def mse_loss(input, target, reduction="mean"):
        warnings.warn("careful", stacklevel=2)
        return reference_copy(input, target, reduction)

    MSE.check(mse_loss)
    captured = capsys.readouterr()
    assert "careful" in captured.out and captured.err == ""


def test_a_shortcut_through_torch_fails_with_a_clear_message():
    import torch.nn.functional as F

    def mse_loss(input, target, reduction="mean"):
        return F.mse_loss(input, target, reduction=reduction)

    with pytest.raises(GradingError, match="called torch.nn.functional.mse_loss.*write it from tensor operations"):
        MSE.check(mse_loss)


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(KeyError, match="known exercises: .*mse_loss"):
        exercise("no_such_exercise")


def test_checks_return_none_so_nbgrader_gives_full_marks():
    assert MSE.check(reference_copy) is None


def test_a_generator_argument_gives_reference_and_student_the_same_random_numbers():
    from dl_helpers.grading.exercise import _clone

    generator = torch.Generator().manual_seed(5)
    first, second = _clone(generator), _clone(generator)
    assert torch.equal(torch.rand(3, generator=first), torch.rand(3, generator=second))
    assert torch.equal(torch.rand(3, generator=generator), torch.rand(3, generator=torch.Generator().manual_seed(5)))


def test_keyword_arguments_are_copied_too():
    from dl_helpers.grading.exercise import _clone

    generator = torch.Generator().manual_seed(9)
    kwargs = {"generator": generator, "x": torch.ones(2)}
    copied = _clone(kwargs)
    assert copied["generator"] is not generator and copied["x"] is not kwargs["x"]
    assert torch.equal(torch.rand(2, generator=copied["generator"]), torch.rand(2, generator=generator))


def test_a_generator_is_described_by_its_seed():
    from dl_helpers.grading.compare import describe_value

    assert describe_value(torch.Generator().manual_seed(42)) == "torch.Generator seeded with 42"


def _logsumexp_by_method(input, dim, keepdim=False):
    return input.logsumexp(dim, keepdim=keepdim)


def _cross_entropy_by_method(input, target, reduction="mean"):
    losses = -input.log_softmax(dim=1).gather(1, target[:, None]).squeeze(1)
    return {"none": losses, "sum": losses.sum(), "mean": losses.mean()}[reduction]


def _normal_equations_by_method(X, y):
    return X.pinverse() @ y


def _kfold_indices_by_method(n, k):
    folds = torch.arange(n).tensor_split(k)
    return [(torch.cat([f for j, f in enumerate(folds) if j != i]), fold) for i, fold in enumerate(folds)]


@pytest.mark.parametrize(
    "name, shortcut, called",
    [
        ("logsumexp", _logsumexp_by_method, "torch.Tensor.logsumexp"),
        ("cross_entropy", _cross_entropy_by_method, "torch.Tensor.log_softmax"),
        ("normal_equations", _normal_equations_by_method, "torch.Tensor.pinverse"),
        ("kfold_indices", _kfold_indices_by_method, "torch.Tensor.tensor_split"),
    ],
)
def test_a_shortcut_through_a_tensor_method_fails_too(name, shortcut, called):
    with pytest.raises(GradingError, match=f"called {called}"):
        exercise(name).check(shortcut)


def test_tensors_passed_by_keyword_get_the_checked_dtype_too():
    seen = []

    def scale(x, factor=None):
        return x * factor

    def student(x, factor=None):
        seen.append(factor.dtype)
        return x * factor

    from dl_helpers.grading import Case, Exercise

    ex = Exercise(
        name="scale",
        reference=scale,
        fixed_cases=lambda: [
            Case(
                "x, factor",
                (torch.ones(3, dtype=torch.float64),),
                {"factor": torch.full((3,), 2.0, dtype=torch.float64)},
            )
        ],
        random_case=lambda gen: Case(
            "random",
            (torch.randn(3, generator=gen, dtype=torch.float64),),
            {"factor": torch.rand(3, generator=gen, dtype=torch.float64)},
        ),
    )
    ex.check(student, "dtypes", seed=1)
    assert torch.float32 in seen and torch.float64 in seen
