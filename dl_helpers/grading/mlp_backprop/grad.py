"""Chapter 04 exercise ``grad``: its cases, known mistakes and forbidden shortcuts."""

from __future__ import annotations

from collections import deque

import torch

from dl_helpers import reference as ref
from dl_helpers.grading.cases import randint as _randint, uniform as _uniform
from dl_helpers.grading.exercise import Case, Exercise, Mistake
from dl_helpers.reference.autodiff import Value, tanh_op


def _graph_fixed() -> list[Case]:
    a, b = Value(2.0), Value(-1.5)
    u = a * b + a  # a is used twice, and u three times
    f1 = u * u.apply(tanh_op) + a * u + b
    x = Value(3.0)
    p, q = Value(0.5), Value(-2.0)
    s = p.apply(tanh_op)
    f3 = (s * q + s.exp()) * s
    return [
        Case("f = u * tanh(u) + a * u + b with u = a * b + a (a=2, b=-1.5)", (f1, (a, b))),
        Case("f = x * x (one node used twice by one operation)", (x * x, (x,))),
        Case("f = (s * q + exp(s)) * s with s = tanh(p) (p=0.5, q=-2)", (f3, (p, q))),
    ]


def _random_graph(gen: torch.Generator) -> tuple[Value, tuple[Value, ...], int]:
    n_inputs = _randint(gen, 1, 4)
    inputs = tuple(Value(_uniform(gen, -2.0, 2.0)) for _ in range(n_inputs))
    pool: list[Value] = list(inputs)
    operations = (
        lambda a, b: a + b,
        lambda a, b: a * b,
        lambda a, b: a - 0.5 * b,
        lambda a, b: a / (1 + b**2),
        lambda a, b: a.apply(tanh_op),
        lambda a, b: a.apply(tanh_op).exp(),
        lambda a, b: a.relu() + b,
        lambda a, b: a**2,
    )
    n_ops = _randint(gen, 2, 20)
    for _ in range(n_ops):
        op = operations[_randint(gen, 0, len(operations) - 1)]
        a = pool[_randint(gen, 0, len(pool) - 1)]
        b = pool[_randint(gen, 0, len(pool) - 1)]
        pool.append(op(a, b))
    output = pool[-1] + pool[_randint(gen, 0, len(pool) - 1)]  # reuse an earlier node near the top
    return output, inputs, n_ops


def _graph_random(gen: torch.Generator) -> Case:
    output, inputs, n_ops = _random_graph(gen)
    return Case(f"a random graph: {len(inputs)} inputs, {n_ops + 1} operations, nodes reused", (output, inputs))


def _graph_edge() -> list[Case]:
    a, b = Value(1.5), Value(-0.5)
    chain = Value(0.9)
    y = chain
    for _ in range(200):
        y = y * 1.01 + 0.001
    c = Value(0.3)
    return [
        Case("the output is an input: f = a", (a, (a, b))),
        Case("an input f does not depend on: f = 3 a + 2", (3.0 * a + 2.0, (b, a))),
        Case("a chain of 200 steps y = 1.01 y + 0.001", (y, (chain,))),
        Case("the same input asked for twice: f = tanh(c)^2", (c.apply(tanh_op) ** 2, (c, c))),
    ]


def _backward_over(output: Value, inputs, visit_order: list[Value]) -> tuple[float, ...]:
    """The reference's accumulation of node_grad * local_grad, visiting the nodes in the order given."""
    grads = {id(output): 1.0}
    for node in visit_order:
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + grads.get(id(node), 0.0) * local
    return tuple(grads.get(id(node), 0.0) for node in inputs)


def _overwritten_not_accumulated(output: Value, inputs) -> tuple[float, ...]:
    grads = {id(output): 1.0}
    for node in reversed(ref.topological_order(output)):
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(node), 0.0) * local  # = where += belongs
    return tuple(grads.get(id(node), 0.0) for node in inputs)


def _no_chain_rule(output: Value, inputs) -> tuple[float, ...]:
    grads = {id(output): 1.0}
    for node in reversed(ref.topological_order(output)):
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + local  # local alone, not node_grad * local
    return tuple(grads.get(id(node), 0.0) for node in inputs)


def _breadth_first(output: Value) -> list[Value]:
    order, seen, queue = [], {id(output)}, deque([output])
    while queue:
        node = queue.popleft()
        order.append(node)
        for parent in node.parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return order


def _depth_first_preorder(output: Value) -> list[Value]:
    order, seen, stack = [], set(), [output]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend(reversed(node.parents))
    return order


EXERCISE = Exercise(
    name="grad",
    reference=ref.grad,
    fixed_cases=_graph_fixed,
    random_case=_graph_random,
    edge_cases=_graph_edge,
    mistakes=(
        Mistake(
            "overwritten_not_accumulated",
            "a node used more than once got only one path's gradient: the gradient was overwritten instead of accumulated. Add every contribution (+=) to what the parent already has.",
            _overwritten_not_accumulated,
        ),
        Mistake(
            "not_reverse_topological",
            "a node passed its gradient on before all its contributions had arrived (breadth-first order is not enough); visit nodes in reverse topological order, each after every node that uses it.",
            lambda output, inputs: _backward_over(output, inputs, _breadth_first(output)),
        ),
        Mistake(
            "no_chain_rule",
            "you passed the local derivatives back without multiplying them by the gradient arriving at the node (the chain rule: parent += node_grad * local_grad).",
            _no_chain_rule,
        ),
        Mistake(
            "depth_first_preorder",
            "a node passed its gradient on as soon as the search reached it (depth-first pre-order), before all its users had contributed; sort topologically first (a node after all its parents), then walk that order backwards.",
            lambda output, inputs: _backward_over(output, inputs, _depth_first_preorder(output)),
        ),
        Mistake(
            "forward_order",
            "you walked the topological order forwards, from the inputs; the backward pass starts at the output, so reverse it.",
            lambda output, inputs: _backward_over(output, inputs, ref.topological_order(output)),
        ),
        Mistake(
            "not_seeded",
            "every gradient is 0: start the backward pass with d output / d output = 1.",
            # a backward pass seeded with 0 instead of 1: every gradient is the seed times the right one
            lambda output, inputs: tuple(0.0 * g for g in ref.grad(output, inputs)),
        ),
    ),
    forbidden=(
        "dl_helpers.reference.autodiff.Value.backward",
        "dl_helpers.reference.autodiff.topological_order",
    ),
    check_dtypes=False,
    random_count=20,
)
