"""A reverse-mode automatic differentiation engine on scalars, small enough to read in one sitting.

Each :class:`Value` node holds a number, the nodes it was computed from (its ``parents``) and
the local derivatives ``d node / d parent`` (its ``local_grads``), worked out in the forward
pass while the numbers are at hand. An operation is a plain function on numbers that returns
its output together with those local derivatives::

    def mul_op(a, b):
        return a * b, (b, a)          # d(ab)/da = b, d(ab)/db = a

so an operation's forward and backward sit side by side, and adding an operation to the
engine means writing one such function (``x.apply(op)`` uses it). :func:`grad` runs the
backward pass: it visits the nodes in reverse topological order (every node after all the
nodes that use it) and applies the chain rule, adding up the contributions of every path, so a
node used twice gets the sum of both gradients. Like ``torch.autograd.grad(outputs, inputs)``
it returns the gradients; :meth:`Value.backward` stores them in ``.grad`` instead, adding to
what is there as ``Tensor.backward`` does.

Example:
    >>> a, b = Value(2.0), Value(-3.0)
    >>> f = a * b + a                 # a is used twice
    >>> grad(f, [a, b])               # (b + 1, a)
    (-2.0, 2.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Op = Callable[..., "tuple[float, tuple[float, ...]]"]


# -- operations: numbers in, (output, local derivatives) out ---------------------------------


def add_op(a: float, b: float) -> tuple[float, tuple[float, float]]:
    """``a + b``; both local derivatives are 1."""
    return a + b, (1.0, 1.0)


def mul_op(a: float, b: float) -> tuple[float, tuple[float, float]]:
    """``a * b``; d/da = b and d/db = a."""
    return a * b, (b, a)


def exp_op(a: float) -> tuple[float, tuple[float]]:
    """``exp(a)``, its own derivative."""
    out = math.exp(a)
    return out, (out,)


def log_op(a: float) -> tuple[float, tuple[float]]:
    """Natural log of ``a > 0``; d/da = 1/a."""
    if a <= 0:
        raise ValueError(f"log needs a positive number, got {a}")
    return math.log(a), (1.0 / a,)


def relu_op(a: float) -> tuple[float, tuple[float]]:
    """``max(a, 0)``; derivative 1 for a > 0 and 0 otherwise (0 at a = 0, as PyTorch)."""
    return (a, (1.0,)) if a > 0 else (0.0, (0.0,))


def tanh_op(a: float) -> tuple[float, tuple[float]]:
    """``tanh(a)``; d/da = 1 - tanh(a)^2, computed from the output.

    Example:
        >>> tanh_op(0.0)
        (0.0, (1.0,))
    """
    t = math.tanh(a)
    return t, (1.0 - t * t,)


def power_op(exponent: float) -> Op:
    """The operation ``a ** exponent`` for a fixed number ``exponent``; d/da = exponent * a ** (exponent - 1)."""

    def op(a: float) -> tuple[float, tuple[float]]:
        return a**exponent, (exponent * a ** (exponent - 1),)

    op.__name__ = f"**{exponent:g}"
    return op


# -- the node --------------------------------------------------------------------------------


class Value:
    """A scalar node of a computation graph.

    Attributes:
        data: the number this node holds.
        parents: the nodes it was computed from (empty for an input).
        local_grads: d data / d parent for each parent, the same length as parents.
        op: name of the operation that made it ("" for an input).
        grad: filled by :meth:`backward`: d output / d this node.
    """

    def __init__(self, data: float, parents: Sequence[Value] = (), local_grads: Sequence[float] = (), op: str = ""):
        if isinstance(data, Value):
            raise TypeError("data must be a number, got a Value")
        if len(parents) != len(local_grads):
            raise ValueError(
                f"need one local derivative per parent, got {len(parents)} parents and {len(local_grads)} derivatives"
            )
        self.data = float(data)
        self.parents = tuple(parents)
        self.local_grads = tuple(float(g) for g in local_grads)
        self.op = op
        self.grad = 0.0

    def __repr__(self) -> str:
        return f"Value({self.data:.6g}, op={self.op!r})" if self.op else f"Value({self.data:.6g})"

    def apply(self, op: Op, *others: Value | float) -> Value:
        """The node ``op(self, *others)``: ``op`` maps numbers to ``(output, local derivatives)``."""
        inputs = (self, *(as_value(other) for other in others))
        result = op(*(node.data for node in inputs))
        if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], (tuple, list))):
            raise TypeError(
                f"operation {getattr(op, '__name__', op)!r} must return (output, local_grads) with local_grads a tuple, got {result!r}"
            )
        out, local_grads = result
        if len(local_grads) != len(inputs):
            raise ValueError(
                f"operation {getattr(op, '__name__', op)!r} got {len(inputs)} inputs but returned {len(local_grads)} local derivatives"
            )
        return Value(out, inputs, local_grads, op=getattr(op, "__name__", "op").removesuffix("_op"))

    # Arithmetic builds new nodes; numbers are wrapped as constant inputs.
    def __add__(self, other: Value | float) -> Value:
        return self.apply(add_op, other)

    def __radd__(self, other: float) -> Value:
        return as_value(other).apply(add_op, self)

    def __mul__(self, other: Value | float) -> Value:
        return self.apply(mul_op, other)

    def __rmul__(self, other: float) -> Value:
        return as_value(other).apply(mul_op, self)

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | float) -> Value:
        return self + (-as_value(other))

    def __rsub__(self, other: float) -> Value:
        return as_value(other) + (-self)

    def __pow__(self, exponent: float) -> Value:
        if not isinstance(exponent, (int, float)):
            raise TypeError(f"the exponent must be a number, got {type(exponent).__name__}")
        return self.apply(power_op(exponent))

    def __truediv__(self, other: Value | float) -> Value:
        return self * as_value(other) ** -1

    def __rtruediv__(self, other: float) -> Value:
        return as_value(other) * self**-1

    def exp(self) -> Value:
        return self.apply(exp_op)

    def log(self) -> Value:
        return self.apply(log_op)

    def relu(self) -> Value:
        return self.apply(relu_op)

    def backward(self) -> None:
        """Add d self / d node to ``node.grad`` for every node of the graph (``self.grad`` gets 1)."""
        nodes = topological_order(self)
        for node, node_grad in zip(nodes, grad(self, nodes)):
            node.grad += node_grad


def as_value(x: Value | float) -> Value:
    """``x`` itself if it is a Value, else a new input node holding the number ``x``."""
    if isinstance(x, Value):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Value(x)
    raise TypeError(f"expected a Value or a number, got {type(x).__name__}")


# -- the backward pass -----------------------------------------------------------------------


def topological_order(output: Value) -> list[Value]:
    """Every node ``output`` depends on, each after all of its parents (inputs first, output last).

    Depth-first search that lists a node once all its parents are listed (post-order), visiting
    parents in order: the order of the usual recursive version::

        def visit(node):
            if node not in visited:
                visited.add(node)
                for parent in node.parents:
                    visit(parent)
                order.append(node)

    written with an explicit stack so that deep graphs do not hit Python's recursion limit.
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value, got {type(output).__name__}")
    order: list[Value] = []
    visited = {id(output)}
    stack = [(output, iter(output.parents))]  # (node, its parents not yet visited)
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if id(parent) not in visited:
                visited.add(id(parent))
                stack.append((parent, iter(parent.parents)))
                break
        else:  # every parent is listed: list the node
            stack.pop()
            order.append(node)
    return order


def grad(output: Value, inputs: Sequence[Value]) -> tuple[float, ...]:
    """Gradients of ``output`` with respect to each of ``inputs``, by reverse-mode differentiation.

    Walk the nodes in reverse topological order, starting from d output / d output = 1. When a
    node is reached, every node that uses it has already passed its contribution back, so its
    gradient is complete; the chain rule then sends ``node_grad * local_grad`` to each parent,
    added to what that parent already received (a node used twice collects both paths).

    Args:
        output: the node to differentiate.
        inputs: nodes to differentiate with respect to.

    Returns:
        A tuple of floats, one per input; 0.0 for an input ``output`` does not depend on.

    Example:
        >>> x = Value(3.0)
        >>> grad(x * x, [x])
        (6.0,)
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value, got {type(output).__name__}")
    inputs = list(inputs)
    for i, node in enumerate(inputs):
        if not isinstance(node, Value):
            raise TypeError(f"inputs[{i}] must be a Value, got {type(node).__name__}")
    grads: dict[int, float] = {id(output): 1.0}  # id(node) -> d output / d node, so far
    for node in reversed(topological_order(output)):
        node_grad = grads.get(id(node), 0.0)  # complete: all of node's users came earlier
        for parent, local_grad in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + node_grad * local_grad
    return tuple(grads.get(id(node), 0.0) for node in inputs)
