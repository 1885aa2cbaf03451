"""Answers a student might hand in for ``grad``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "recursive topological sort and .grad fields",
        """
def grad(output, inputs):
    topo, visited = [], set()
    def build(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                build(parent)
            topo.append(node)
    build(output)
    for node in topo:
        node.grad = 0.0
    for node in inputs:
        node.grad = 0.0
    output.grad = 1.0
    for node in reversed(topo):
        for parent, local in zip(node.parents, node.local_grads):
            parent.grad += node.grad * local
    return tuple(node.grad for node in inputs)
""",
    ),
    _v(
        "Kahn's algorithm: a node is ready once all its users are done",
        """
from collections import defaultdict
def grad(output, inputs):
    users = defaultdict(int)
    seen, stack = {id(output)}, [output]
    while stack:
        node = stack.pop()
        for parent in node.parents:
            users[id(parent)] += 1
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append(parent)
    grads = defaultdict(float)
    grads[id(output)] = 1.0
    ready = [output]
    while ready:
        node = ready.pop()
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] += grads[id(node)] * local
            users[id(parent)] -= 1
            if users[id(parent)] == 0:
                ready.append(parent)
    return tuple(grads[id(node)] for node in inputs)
""",
    ),
    _v(
        "gradients assigned, not added",
        """
def grad(output, inputs):
    topo, visited = [], set()
    def build(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                build(parent)
            topo.append(node)
    build(output)
    grads = {id(output): 1.0}
    for node in reversed(topo):
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(node), 0.0) * local
    return tuple(grads.get(id(node), 0.0) for node in inputs)
""",
        "overwritten_not_accumulated",
    ),
    _v(
        "breadth-first from the output",
        """
from collections import deque
def grad(output, inputs):
    grads = {id(output): 1.0}
    seen, queue = {id(output)}, deque([output])
    while queue:
        node = queue.popleft()
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + grads.get(id(node), 0.0) * local
            if id(parent) not in seen:
                seen.add(id(parent))
                queue.append(parent)
    return tuple(grads.get(id(node), 0.0) for node in inputs)
""",
        "not_reverse_topological",
    ),
    _v(
        "local derivatives only",
        """
def grad(output, inputs):
    topo, visited = [], set()
    def build(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                build(parent)
            topo.append(node)
    build(output)
    grads = {id(output): 1.0}
    for node in reversed(topo):
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + local
    return tuple(grads.get(id(node), 0.0) for node in inputs)
""",
        "no_chain_rule",
    ),
    _v(
        "recursive, passing gradients on at the first visit",
        """
def grad(output, inputs):
    grads = {id(output): 1.0}
    visited = set()
    def visit(node):
        if id(node) in visited:
            return
        visited.add(id(node))
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + grads.get(id(node), 0.0) * local
        for parent in node.parents:
            visit(parent)
    visit(output)
    return tuple(grads.get(id(node), 0.0) for node in inputs)
""",
        "depth_first_preorder",
    ),
    _v(
        "topological order not reversed",
        """
def grad(output, inputs):
    topo, visited = [], set()
    def build(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                build(parent)
            topo.append(node)
    build(output)
    grads = {id(output): 1.0}
    for node in topo:
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + grads.get(id(node), 0.0) * local
    return tuple(grads.get(id(node), 0.0) for node in inputs)
""",
        "forward_order",
    ),
    _v(
        "no seed",
        """
def grad(output, inputs):
    topo, visited = [], set()
    def build(node):
        if node not in visited:
            visited.add(node)
            for parent in node.parents:
                build(parent)
            topo.append(node)
    build(output)
    grads = {}
    for node in reversed(topo):
        for parent, local in zip(node.parents, node.local_grads):
            grads[id(parent)] = grads.get(id(parent), 0.0) + grads.get(id(node), 0.0) * local
    return tuple(grads.get(id(node), 0.0) for node in inputs)
""",
        "not_seeded",
    ),
]
