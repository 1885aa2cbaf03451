"""Does the scalar autodiff engine give torch.autograd's gradients, on random graphs that reuse nodes?"""

from __future__ import annotations

import math
import random

import pytest
import torch

from dl_helpers.reference.autodiff import (
    Value,
    add_op,
    as_value,
    exp_op,
    grad,
    log_op,
    mul_op,
    power_op,
    relu_op,
    tanh_op,
    topological_order,
)

F64 = torch.float64

# Each operation twice: on Values (the engine) and on float64 tensors (the oracle).
OPERATIONS = [
    ("a + b", 2, lambda a, b: a + b, lambda a, b: a + b),
    ("a * b", 2, lambda a, b: a * b, lambda a, b: a * b),
    ("a - b", 2, lambda a, b: a - b, lambda a, b: a - b),
    ("a / (1 + b^2)", 2, lambda a, b: a / (1 + b**2), lambda a, b: a / (1 + b**2)),
    ("tanh(a)", 1, lambda a: a.apply(tanh_op), torch.tanh),
    ("exp(tanh(a))", 1, lambda a: a.apply(tanh_op).exp(), lambda a: torch.exp(torch.tanh(a))),
    ("log(1 + a^2)", 1, lambda a: (1 + a**2).log(), lambda a: torch.log(1 + a**2)),
    ("relu(a)", 1, lambda a: a.relu(), torch.relu),
    ("a^3", 1, lambda a: a**3, lambda a: a**3),
    ("2 - 0.5 a", 1, lambda a: 2 - 0.5 * a, lambda a: 2 - 0.5 * a),
]


def _random_graph(seed: int):
    """The same random expression built with Values and with tensors; operands are drawn with reuse."""
    rng = random.Random(seed)
    n_inputs = rng.randint(1, 4)
    numbers = [rng.uniform(-2, 2) for _ in range(n_inputs)]
    inputs = [Value(v) for v in numbers]
    leaves = [torch.tensor(v, dtype=F64, requires_grad=True) for v in numbers]
    pool = list(zip(inputs, leaves))
    for _ in range(rng.randint(1, 25)):
        _, arity, on_values, on_tensors = rng.choice(OPERATIONS)
        operands = [rng.choice(pool) for _ in range(arity)]
        pool.append((on_values(*(o[0] for o in operands)), on_tensors(*(o[1] for o in operands))))
    tail = pool[-3:]
    output_value = tail[0][0]
    output_tensor = tail[0][1]
    for value, tensor in tail[1:]:
        output_value = output_value + value
        output_tensor = output_tensor + tensor
    return output_value, inputs, output_tensor, leaves


@pytest.mark.parametrize("seed", range(60))
def test_grad_matches_torch_autograd_on_random_graphs(seed):
    output, inputs, output_t, leaves = _random_graph(seed)
    assert output.data == pytest.approx(output_t.item(), rel=1e-12, abs=1e-12)
    expected = torch.autograd.grad(output_t, leaves, allow_unused=True)
    expected = [0.0 if e is None else e.item() for e in expected]
    got = grad(output, inputs)
    assert isinstance(got, tuple) and len(got) == len(inputs)
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("seed", range(10))
def test_backward_fills_grad_like_tensor_backward_and_accumulates(seed):
    output, inputs, output_t, leaves = _random_graph(seed)
    output_t.backward()
    output.backward()
    expected = [0.0 if leaf.grad is None else leaf.grad.item() for leaf in leaves]
    assert [x.grad for x in inputs] == pytest.approx(expected, rel=1e-6, abs=1e-10)
    assert output.grad == 1.0
    output.backward()  # a second call adds, as Tensor.backward does
    assert [x.grad for x in inputs] == pytest.approx([2 * e for e in expected], rel=1e-6, abs=1e-10)


def test_reused_nodes_collect_every_path():
    a, b = Value(2.0), Value(-3.0)
    assert grad(a * b + a, [a, b]) == (-2.0, 2.0)
    x = Value(3.0)
    assert grad(x * x, [x]) == (6.0,)
    # a diamond: x feeds two branches that meet again
    y = x.apply(tanh_op)
    z = x * 2.0
    t = math.tanh(3.0)
    assert grad(y * z, [x])[0] == pytest.approx((1 - t * t) * 6.0 + t * 2.0)


def test_grad_of_an_input_itself_and_of_an_unrelated_input():
    a, b = Value(1.5), Value(4.0)
    assert grad(a, [a, b]) == (1.0, 0.0)
    assert grad(a * 3.0, [b, a, a]) == (0.0, 3.0, 3.0)


def test_deep_chains_do_not_hit_the_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001
    assert grad(y, [x])[0] == pytest.approx(1.0001**5000)


def test_topological_order_lists_each_node_once_after_its_parents():
    output, inputs, _, _ = _random_graph(7)
    order = topological_order(output)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order)
    assert order[-1] is output
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]


@pytest.mark.parametrize("a", [-2.0, -0.3, 0.0, 0.7, 5.0])
def test_each_operation_returns_its_output_and_local_derivatives(a):
    ops = [(tanh_op, torch.tanh), (exp_op, torch.exp), (relu_op, torch.relu), (power_op(3), lambda t: t**3)]
    if a > 0:
        ops.append((log_op, torch.log))
    for op, torch_fn in ops:
        t = torch.tensor(a, dtype=F64, requires_grad=True)
        out_t = torch_fn(t)
        (local_t,) = torch.autograd.grad(out_t, t)
        out, (local,) = op(a)
        assert out == pytest.approx(out_t.item()) and local == pytest.approx(local_t.item()), op.__name__
    assert add_op(2.0, 5.0) == (7.0, (1.0, 1.0))
    assert mul_op(2.0, 5.0) == (10.0, (5.0, 2.0))


def test_engine_rejects_malformed_operations_and_inputs():
    x = Value(1.0)
    with pytest.raises(TypeError, match="local_grads a tuple"):
        x.apply(lambda a: (a, 1.0))
    with pytest.raises(ValueError, match="1 inputs but returned 2"):
        x.apply(lambda a: (a, (1.0, 1.0)))
    with pytest.raises(TypeError, match="Value or a number"):
        as_value("3")
    with pytest.raises(TypeError, match="exponent"):
        x ** Value(2.0)
    with pytest.raises(TypeError, match="inputs\\[1\\]"):
        grad(x, [x, 2.0])
    with pytest.raises(ValueError, match="positive"):
        Value(-1.0).log()
    assert repr(x * 2.0) == "Value(2, op='mul')"
