"""Answers a student might hand in for ``conv2d_output_size``: correct alternatives and plausible wrong ones."""

from variants import variant as _v

VARIANTS = [
    _v(
        "per-axis loop with floor division",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    args = [size, kernel_size, stride, padding, dilation]
    scalar = all(isinstance(a, int) for a in args)
    pairs = [(a, a) if isinstance(a, int) else tuple(a) for a in args]
    out = []
    for n, k, s, p, d in zip(*pairs):
        top = n + 2 * p - d * (k - 1) - 1
        if exact and top % s:
            raise ValueError(f"({n} + 2*{p} - {d}*({k} - 1) - 1) / {s} + 1 is not an integer")
        out.append(top // s + 1)
    return out[0] if scalar else tuple(out)
""",
    ),
    _v(
        "math.floor of the effective kernel",
        """
import math

def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    sizes = []
    for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation)):
        effective = d * (k - 1) + 1
        value = (n + 2 * p - effective) / s + 1
        if exact and value != int(value):
            raise ValueError(f"output size {value} is not an integer")
        sizes.append(math.floor(value))
    if all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation)):
        return sizes[0]
    return tuple(sizes)
""",
    ),
    _v(
        "rounds up",
        """
import math

def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [math.ceil((n + 2 * p - d * (k - 1) - 1) / s) + 1
           for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "ceil_instead_of_floor",
    ),
    _v(
        "padding counted once",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [(n + p - d * (k - 1) - 1) // s + 1
           for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "padding_on_one_side",
    ),
    _v(
        "forgets the stride",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [n + 2 * p - d * (k - 1) - 1 + 1
           for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "stride_ignored",
    ),
    _v(
        "CS231n formula without dilation",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [(n - k + 2 * p) // s + 1 for n, k, s, p in zip(two(size), two(kernel_size), two(stride), two(padding))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "dilation_ignored",
    ),
    _v(
        "+1 inside the division",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [(n + 2 * p - d * (k - 1) - 1 + 1) // s
           for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "plus_one_inside_the_division",
    ),
    _v(
        "dilated kernel spans d*k",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [(n + 2 * p - d * k) // s + 1
           for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "dilated_span_d_times_k",
    ),
    _v(
        "true division",
        """
def conv2d_output_size(size, kernel_size, stride=1, padding=0, dilation=1, *, exact=True):
    def two(v):
        return (v, v) if isinstance(v, int) else tuple(v)
    out = [(n + 2 * p - d * (k - 1) - 1) / s + 1
           for n, k, s, p, d in zip(two(size), two(kernel_size), two(stride), two(padding), two(dilation))]
    scalar = all(isinstance(v, int) for v in (size, kernel_size, stride, padding, dilation))
    return out[0] if scalar else tuple(out)
""",
        "not_rounded",
    ),
]
