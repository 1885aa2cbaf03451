"""Does the static scan find code that could tamper with the checks, and leave honest code alone?"""

from __future__ import annotations

import copy

import nbformat
import pytest
from notebook_factory import ROOT
from variants import assignments, for_assignment

from dl_helpers.course.tamper import Instructor, scan_notebook

ASSIGNMENT = "01_linear_regression"


@pytest.fixture(scope="module")
def source():
    return nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def with_answer(source_nb, exercise: str, code: str):
    """The source notebook with the solution cell of ``exercise`` replaced by ``code``."""
    nb = copy.deepcopy(source_nb)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == exercise:
            cell.source = code
            return nb
    raise LookupError(exercise)


def with_extra_cell(source_nb, code: str, before: str = "mse_loss"):
    nb = copy.deepcopy(source_nb)
    index = next(
        i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == before
    )
    nb.cells.insert(index, nbformat.v4.new_code_cell(code))
    return nb


HONEST_MSE = "def mse_loss(input, target, reduction='mean'):\n    d = (input - target) ** 2\n    return d.mean() if reduction == 'mean' else d.sum() if reduction == 'sum' else d\n"

HOSTILE = {
    "patch torch.allclose": "torch.allclose = lambda *a, **k: True",
    "patch through an alias": "t = torch.testing\nt.assert_close = lambda *a, **k: None",
    "patch numpy.testing": "import numpy as np\nnp.testing.assert_allclose = print",
    "setattr on a module": "setattr(torch, 'allclose', lambda *a, **k: True)",
    "redefine exercise": "def exercise(name):\n    class Pass:\n        def check(self, *a, **k): pass\n    return Pass()",
    "rebind exercise by assignment": "exercise = lambda name: None",
    "import the grading package": "import dl_helpers.grading.exercise as ex\nex.Exercise.check = lambda *a, **k: None",
    "from dl_helpers import grading": "from dl_helpers import grading",
    "patch through dl_helpers": "dl_helpers.grading.exercise = None",
    "builtins": "import builtins\nbuiltins.isinstance = lambda *a: True",
    "__builtins__": "__builtins__.print = None",
    "IPython traceback display": "get_ipython().showtraceback = lambda *a, **k: None",
    "import IPython": "from IPython import get_ipython as g\ng().showtraceback = None",
    "sys.modules": "import sys\nsys.modules['dl_helpers.grading'] = None",
    "sys.setprofile": "import sys\nsys.setprofile(None)",
    "exec a string": "exec('torch.allclose = lambda *a, **k: True')",
    "eval": "eval('1')",
    "dunder dict": "torch.__dict__['allclose'] = None",
    "vars": "vars(torch)['allclose'] = None",
    "frame inspection": "import inspect\ninspect.stack()",
    "frame attribute": "def mse_loss(input, target, reduction='mean'):\n    try:\n        raise ValueError\n    except ValueError as e:\n        return e.__traceback__.tb_frame.f_back.f_locals['expected']",
    "history In": "def mse_loss(input, target, reduction='mean'):\n    print(In[-1])\n    return input",
    "history _ih": "print(_ih)",
    "shell escape": "!cat ../../solutions/*/*.ipynb",
    "other magic": "%run ../../solutions/x.py",
    "timeit hides code": "%timeit exec('torch.allclose = None')",
    "open a file": "print(open('/etc/passwd').read())",
    "getattr with a computed name": "getattr(torch, 'all' + 'close')",
    "tensor subclass": "class Liar(torch.Tensor):\n    pass",
    "lying comparison": "class Liar:\n    def __eq__(self, other):\n        return True",
    "private module attribute": "torch._C._set_grad_enabled(False)",
    "delete an attribute": "del torch.testing",
    "os": "import os\nos.system('true')",
    "importlib": "import importlib\nimportlib.import_module('sys')",
    "ctypes": "import ctypes",
    "loop over modules": "for m in [torch, dl_helpers]:\n    m.allclose = None",
    "global rebinding in a function": "def sneaky():\n    global exercise\n    exercise = None",
}


@pytest.mark.parametrize("code", HOSTILE.values(), ids=HOSTILE.keys())
def test_each_hostile_cell_is_found(source, code):
    instructor = Instructor.from_notebook(source)
    findings = scan_notebook(with_extra_cell(source, code), instructor)
    assert findings, f"nothing found in {code!r}"
    assert all(f.cell_index == findings[0].cell_index for f in findings)


@pytest.mark.parametrize("code", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_code_inside_the_answer_is_found_too(source, code):
    answer = HONEST_MSE + "\n" + code
    findings = scan_notebook(with_answer(source, "mse_loss", answer), Instructor.from_notebook(source))
    assert findings and findings[0].cell_id == "mse_loss"
    assert str(findings[0]).startswith("cell 'mse_loss', line ")


def test_findings_name_the_cell_line_and_rule(source):
    nb = with_answer(source, "mse_loss", HONEST_MSE + "torch.allclose = lambda *a, **k: True\n")
    (finding,) = scan_notebook(nb, Instructor.from_notebook(source))
    assert finding.cell_id == "mse_loss" and finding.line == 4
    assert "assigns torch.allclose" in finding.message


HONEST_EXTRAS = [
    "import torch\nimport math\nimport numpy as np\nfrom torch import nn\nimport torch.nn.functional as F",
    "def helper(input):\n    return input * 2\nprint(helper(torch.ones(2)))",
    "for _ in range(3):\n    x = torch.zeros(2)\n    x[0] = 1.0",
    "class Node:\n    def __init__(self, value):\n        self.value = value\n        self.grad = 0.0\n    def __repr__(self):\n        return f'Node({self.value})'\nn = Node(1.0)\nn.grad += 1.0",
    "p = torch.zeros(3, requires_grad=True)\np.grad = None\nmodel = torch.nn.Linear(2, 1)\nmodel.weight.data.zero_()",
    "%timeit mse_loss(torch.ones(3), torch.zeros(3))",
    "%matplotlib inline",
    "value = getattr(torch, 'float64')",
    "x = ",  # a syntax error fails in the kernel; nothing to tamper with
]


@pytest.mark.parametrize("code", HONEST_EXTRAS)
def test_honest_student_cells_are_left_alone(source, code):
    assert scan_notebook(with_extra_cell(source, code), Instructor.from_notebook(source)) == []


@pytest.mark.parametrize("assignment", assignments())
def test_every_solution_and_every_student_variant_is_clean(assignment):
    source_nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    instructor = Instructor.from_notebook(source_nb)
    assert scan_notebook(source_nb, instructor) == []
    for variant in for_assignment(assignment):
        findings = scan_notebook(with_answer(source_nb, variant.exercise, variant.source), instructor)
        assert findings == [], f"{variant.exercise} ({variant.label}): {[str(f) for f in findings]}"


def test_an_edited_instructor_cell_is_read_but_an_unchanged_one_is_not(source):
    instructor = Instructor.from_notebook(source)
    nb = copy.deepcopy(source)
    demo = next(c for c in nb.cells if c.cell_type == "code" and not c.get("metadata", {}).get("nbgrader"))
    assert scan_notebook(nb, instructor) == []
    demo.source += "\ntorch.allclose = None\n"
    assert len(scan_notebook(nb, instructor)) == 1
