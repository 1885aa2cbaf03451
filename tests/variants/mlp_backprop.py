"""Chapter 04 implementations a student might hand in: correct alternatives and plausible wrong ones."""

from __future__ import annotations

from variants import variant as _v

VARIANTS = [
    # -- gelu ------------------------------------------------------------------------------
    _v("gelu", "normal CDF from torch.special.ndtr", """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * torch.special.ndtr(input)
"""),
    _v("gelu", "erf with a division by sqrt(2)", """
import math
import torch
def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise ValueError(approximate)
    if approximate == "none":
        cdf = (1.0 + torch.erf(input / math.sqrt(2.0))) / 2.0
        return input * cdf
    inner = math.sqrt(2.0 / math.pi) * (input + 0.044715 * torch.pow(input, 3))
    return input * (1.0 + torch.tanh(inner)) / 2.0
"""),
    _v("gelu", "tanh approximation for both", """
import math
import torch
def gelu(input, approximate="none"):
    return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
""", "tanh_for_exact"),
    _v("gelu", "erf(x) without sqrt(2)", """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return 0.5 * input * (1 + torch.erf(input))
""", "erf_without_sqrt2"),
    _v("gelu", "no factor 1/2", """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * (1 + torch.erf(input / math.sqrt(2)))
""", "missing_half"),
    _v("gelu", "erf as the CDF", """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * torch.erf(input / math.sqrt(2))
""", "erf_as_cdf"),
    _v("gelu", "sigmoid approximation", """
import math
import torch
def gelu(input, approximate="none"):
    if approximate == "tanh":
        return 0.5 * input * (1 + torch.tanh(math.sqrt(2 / math.pi) * (input + 0.044715 * input ** 3)))
    return input * torch.sigmoid(1.702 * input)
""", "sigmoid_approximation"),
    _v("gelu", "approximate ignored", """
import math
import torch
def gelu(input, approximate="none"):
    return 0.5 * input * (1 + torch.erf(input / math.sqrt(2)))
""", "approximate_ignored"),
    # -- relu_backward ---------------------------------------------------------------------
    _v("relu_backward", "multiply by a boolean mask", """
def relu_backward(grad_output, input):
    return grad_output * (input > 0)
"""),
    _v("relu_backward", "torch.where", """
import torch
def relu_backward(grad_output, input):
    return torch.where(input > 0, grad_output, torch.zeros_like(grad_output))
"""),
    _v("relu_backward", "mask input >= 0", """
def relu_backward(grad_output, input):
    return grad_output * (input >= 0).to(grad_output.dtype)
""", "mask_includes_zero"),
    _v("relu_backward", "derivative without the chain rule", """
def relu_backward(grad_output, input):
    return (input > 0).to(grad_output.dtype)
""", "mask_without_grad_output"),
    _v("relu_backward", "relu of grad_output", """
import torch
def relu_backward(grad_output, input):
    return torch.relu(grad_output)
""", "mask_from_grad_output"),
    _v("relu_backward", "times relu(input)", """
def relu_backward(grad_output, input):
    return grad_output * input.clamp(min=0)
""", "multiplied_by_input"),
    _v("relu_backward", "inverted mask", """
def relu_backward(grad_output, input):
    return grad_output * (input <= 0).to(grad_output.dtype)
""", "mask_inverted"),
    # -- linear_backward -------------------------------------------------------------------
    _v("linear_backward", "sum of outer products over the samples", """
import torch
def linear_backward(grad_output, x, weight):
    grad_weight = torch.zeros_like(weight)
    grad_bias = torch.zeros_like(weight[:, 0])
    for n in range(x.shape[0]):
        grad_weight = grad_weight + torch.outer(grad_output[n], x[n])
        grad_bias = grad_bias + grad_output[n]
    return grad_output @ weight, grad_weight, grad_bias
"""),
    _v("linear_backward", "einsum", """
import torch
def linear_backward(grad_output, x, weight):
    grad_x = torch.einsum("nk,kd->nd", grad_output, weight)
    grad_weight = torch.einsum("nk,nd->kd", grad_output, x)
    return grad_x, grad_weight, grad_output.sum(0)
"""),
    _v("linear_backward", "x^T grad_output", """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight, x.T @ grad_output, grad_output.sum(dim=0)
""", "grad_weight_transposed"),
    _v("linear_backward", "bias gradient per sample", """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight, grad_output.T @ x, grad_output
""", "bias_not_summed"),
    _v("linear_backward", "averaged over the batch", """
def linear_backward(grad_output, x, weight):
    n = x.shape[0]
    return grad_output @ weight, grad_output.T @ x / n, grad_output.mean(dim=0)
""", "divided_by_batch"),
    _v("linear_backward", "grad_x with weight transposed", """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight.T, grad_output.T @ x, grad_output.sum(dim=0)
""", "grad_x_weight_transposed"),
    _v("linear_backward", "bias summed over outputs", """
def linear_backward(grad_output, x, weight):
    return grad_output @ weight, grad_output.T @ x, grad_output.sum(dim=1)
""", "bias_summed_over_outputs"),
    # -- softmax_cross_entropy_backward ----------------------------------------------------
    _v("softmax_cross_entropy_backward", "torch.softmax and F.one_hot", """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    probs = torch.softmax(input, dim=1)
    one_hot = F.one_hot(target, num_classes=input.shape[1]).to(input.dtype)
    return (probs - one_hot) / input.shape[0]
"""),
    _v("softmax_cross_entropy_backward", "row by row with logsumexp", """
import torch
def softmax_cross_entropy_backward(input, target):
    n = input.shape[0]
    rows = []
    for i in range(n):
        p = torch.exp(input[i] - torch.logsumexp(input[i], dim=0))
        p = p.clone()
        p[target[i]] = p[target[i]] - 1
        rows.append(p / n)
    return torch.stack(rows)
"""),
    _v("softmax_cross_entropy_backward", "not divided by N", """
import torch
def softmax_cross_entropy_backward(input, target):
    p = torch.softmax(input, dim=1)
    p[torch.arange(len(target)), target] -= 1
    return p
""", "not_divided_by_batch"),
    _v("softmax_cross_entropy_backward", "softmax only", """
import torch
def softmax_cross_entropy_backward(input, target):
    return torch.softmax(input, dim=1) / input.shape[0]
""", "one_hot_missing"),
    _v("softmax_cross_entropy_backward", "one-hot minus softmax", """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (y - torch.softmax(input, dim=1)) / input.shape[0]
""", "wrong_sign"),
    _v("softmax_cross_entropy_backward", "softmax over the batch", """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (torch.softmax(input, dim=0) - y) / input.shape[0]
""", "softmax_over_batch"),
    _v("softmax_cross_entropy_backward", "mean over every logit", """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (torch.softmax(input, dim=1) - y) / input.numel()
""", "divided_by_all_elements"),
    _v("softmax_cross_entropy_backward", "exp without subtracting the max", """
import torch
import torch.nn.functional as F
def softmax_cross_entropy_backward(input, target):
    e = torch.exp(input)
    p = e / e.sum(dim=1, keepdim=True)
    y = F.one_hot(target, input.shape[1]).to(input.dtype)
    return (p - y) / input.shape[0]
""", "softmax_overflows"),
    # -- numerical_gradient ----------------------------------------------------------------
    _v("numerical_gradient", "a one-hot step per coordinate", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input + step) - f(input - step)) / (2 * eps)
    return grad
"""),
    _v("numerical_gradient", "perturb a copy in place and restore", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    x = input.clone()
    flat = x.reshape(-1)
    grad = torch.empty_like(flat)
    for i in range(flat.numel()):
        old = flat[i].clone()
        flat[i] = old + eps
        f_plus = f(x)
        flat[i] = old - eps
        f_minus = f(x)
        flat[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad.reshape(input.shape)
"""),
    _v("numerical_gradient", "forward differences", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    f0 = f(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input + step) - f0) / eps
    return grad
""", "one_sided"),
    _v("numerical_gradient", "divided by eps", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input + step) - f(input - step)) / eps
    return grad
""", "divided_by_eps"),
    _v("numerical_gradient", "every coordinate at once", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    slope = (f(input + eps) - f(input - eps)) / (2 * eps)
    return torch.ones_like(input) * slope
""", "all_coordinates_at_once"),
    _v("numerical_gradient", "perturbation not undone", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    x = input.clone()
    flat = x.view(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        flat[i] += eps
        f_plus = f(x)
        flat[i] -= 2 * eps
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad.view(input.shape)
""", "perturbation_not_restored"),
    _v("numerical_gradient", "f(x - eps) first", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    grad = torch.zeros_like(input)
    for i in range(input.numel()):
        step = torch.zeros_like(input)
        step.view(-1)[i] = eps
        grad.view(-1)[i] = (f(input - step) - f(input + step)) / (2 * eps)
    return grad
""", "wrong_sign"),
    _v("numerical_gradient", "flat result", """
import torch
def numerical_gradient(f, input, eps=1e-6):
    flat = input.reshape(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        step = torch.zeros_like(flat)
        step[i] = eps
        grad[i] = (f((flat + step).view(input.shape)) - f((flat - step).view(input.shape))) / (2 * eps)
    return grad
""", "flattened"),
    # -- mlp_backward ----------------------------------------------------------------------
    _v("mlp_backward", "formulas written out", """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_weight2 = grad_output.T @ hidden
    grad_bias2 = grad_output.sum(0)
    grad_hidden = grad_output @ weight2
    grad_pre = grad_hidden * (hidden > 0)
    return grad_pre.T @ x, grad_pre.sum(0), grad_weight2, grad_bias2
"""),
    _v("mlp_backward", "einsum and torch.where", """
import torch
def mlp_backward(grad_output, x, hidden, weight2):
    grad_hidden = torch.einsum("nk,km->nm", grad_output, weight2)
    grad_pre = torch.where(hidden > 0, grad_hidden, torch.zeros_like(grad_hidden))
    return (
        torch.einsum("nm,nd->md", grad_pre, x),
        grad_pre.sum(dim=0),
        torch.einsum("nk,nm->km", grad_output, hidden),
        grad_output.sum(dim=0),
    )
"""),
    _v("mlp_backward", "no ReLU mask", """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_hidden = grad_output @ weight2
    return grad_hidden.T @ x, grad_hidden.sum(0), grad_output.T @ hidden, grad_output.sum(0)
""", "relu_mask_missing"),
    _v("mlp_backward", "weight2 transposed on the way back", """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2.T) * (hidden > 0)
    return grad_pre.T @ x, grad_pre.sum(0), grad_output.T @ hidden, grad_output.sum(0)
""", "weight2_transposed"),
    _v("mlp_backward", "bias gradients per sample", """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_pre.T @ x, grad_pre, grad_output.T @ hidden, grad_output
""", "bias_not_summed"),
    _v("mlp_backward", "averaged again over the batch", """
def mlp_backward(grad_output, x, hidden, weight2):
    n = x.shape[0]
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_pre.T @ x / n, grad_pre.mean(0), grad_output.T @ hidden / n, grad_output.mean(0)
""", "divided_by_batch"),
    _v("mlp_backward", "layer inputs swapped", """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_pre.T @ hidden, grad_pre.sum(0), grad_output.T @ x, grad_output.sum(0)
""", "layer_inputs_swapped"),
    _v("mlp_backward", "second layer first", """
def mlp_backward(grad_output, x, hidden, weight2):
    grad_pre = (grad_output @ weight2) * (hidden > 0)
    return grad_output.T @ hidden, grad_output.sum(0), grad_pre.T @ x, grad_pre.sum(0)
""", "wrong_order"),
    # -- tanh_op ---------------------------------------------------------------------------
    _v("tanh_op", "derivative as 1 / cosh^2", """
import math
def tanh_op(a):
    return math.tanh(a), (1.0 / math.cosh(a) ** 2,)
"""),
    _v("tanh_op", "through torch", """
import torch
def tanh_op(a):
    t = torch.tanh(torch.tensor(float(a), dtype=torch.float64))
    return t.item(), ((1 - t * t).item(),)
"""),
    _v("tanh_op", "1 - a^2", """
import math
def tanh_op(a):
    return math.tanh(a), (1 - a ** 2,)
""", "derivative_from_input"),
    _v("tanh_op", "derivative not in a tuple", """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, 1 - t * t
""", "local_grads_not_a_tuple"),
    _v("tanh_op", "t (1 - t)", """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, (t * (1 - t),)
""", "sigmoid_derivative"),
    _v("tanh_op", "1 + t^2", """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, (1 + t * t,)
""", "plus_sign"),
    _v("tanh_op", "1 - t", """
import math
def tanh_op(a):
    t = math.tanh(a)
    return t, (1 - t,)
""", "not_squared"),
    _v("tanh_op", "input returned as output", """
import math
def tanh_op(a):
    return a, (1 - math.tanh(a) ** 2,)
""", "output_missing"),
    # -- grad ------------------------------------------------------------------------------
    _v("grad", "recursive topological sort and .grad fields", """
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
"""),
    _v("grad", "Kahn's algorithm: a node is ready once all its users are done", """
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
"""),
    _v("grad", "gradients assigned, not added", """
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
""", "overwritten_not_accumulated"),
    _v("grad", "breadth-first from the output", """
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
""", "not_reverse_topological"),
    _v("grad", "local derivatives only", """
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
""", "no_chain_rule"),
    _v("grad", "recursive, passing gradients on at the first visit", """
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
""", "depth_first_preorder"),
    _v("grad", "topological order not reversed", """
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
""", "forward_order"),
    _v("grad", "no seed", """
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
""", "not_seeded"),
]
