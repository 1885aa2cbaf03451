"""Find student code that could change what the checks see, by reading it, never by running it.

The checks run in the student's kernel, next to the student's code, so they can only be
trusted if that code leaves them alone. This module reads the submitted code cells (outside
the kernel, in the grading process) and reports every construct that could replace, patch
or look behind what the checks use. Exercise code never needs any of them:

- importing anything but the numerical and standard modules in :data:`ALLOWED_IMPORTS`
  (no ``sys``, ``os``, ``builtins``, ``gc``, ``inspect``, ``ctypes``, ``importlib``,
  ``IPython``, ``dl_helpers.grading`` or ``dl_helpers.reference``...);
- the builtins that run code from strings or reach into namespaces (``exec``, ``eval``,
  ``compile``, ``__import__``, ``globals``, ``vars``, ``setattr``, ``open``...), and
  ``getattr`` with a computed or dunder name;
- assigning or deleting an attribute of a module or of anything imported
  (``torch.allclose = ...``, ``t = torch.testing; t.assert_close = ...``);
- dunder attributes (``__dict__``, ``__code__``, ``__globals__``...), frame and traceback
  attributes (``f_back``, ``tb_frame``...), private attributes of modules (``torch._C``);
- rebinding, at notebook level, a name the instructor's cells import or the test cells
  use (``def exercise(name): ...``);
- IPython's history and shell (``In``, ``_ih``, ``get_ipython``), magics other than
  ``%time``/``%timeit``/``%matplotlib``, shell escapes;
- classes that could fool a comparison (subclasses of ``Tensor``/``ndarray``, or defining
  ``__torch_function__``, ``__eq__``, ``__bool__``...).

Cells whose source is exactly an instructor's cell are not read: only what the student wrote
or changed. A test cell after the first finding cannot be trusted and scores zero; the
finding names the cell, the line and the rule.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass

from nbformat import NotebookNode

ALLOWED_IMPORTS = frozenset(
    {
        "abc",
        "bisect",
        "cmath",
        "collections",
        "copy",
        "dataclasses",
        "decimal",
        "enum",
        "fractions",
        "functools",
        "heapq",
        "itertools",
        "math",
        "matplotlib",
        "numbers",
        "numpy",
        "operator",
        "random",
        "re",
        "scipy",
        "sklearn",
        "statistics",
        "string",
        "time",
        "torch",
        "tqdm",
        "typing",
        "warnings",
        "dl_helpers",
        "dl_helpers.data",
        "dl_helpers.device",
        "dl_helpers.widgets",
    }
)
FORBIDDEN_FROM_DL_HELPERS = frozenset({"grading", "reference", "course", "cli"})
FORBIDDEN_BUILTINS = frozenset(
    {
        "exec",
        "eval",
        "compile",
        "__import__",
        "globals",
        "locals",
        "vars",
        "setattr",
        "delattr",
        "open",
        "breakpoint",
        "input",
        "exit",
        "quit",
        "help",
        "memoryview",
        "__builtins__",
        "__loader__",
        "__spec__",
    }
)
IPYTHON_NAMES = re.compile(r"^(In|Out|get_ipython|_ih|_oh|_dh|_i+|_i\d+|_\d+|__IPYTHON__)$")
ALLOWED_MAGICS = frozenset({"time", "timeit", "matplotlib"})
ALLOWED_DUNDERS = frozenset({"__init__", "__name__", "__doc__"})
FRAME_ATTRIBUTES = frozenset(
    {
        "f_back",
        "f_globals",
        "f_locals",
        "f_builtins",
        "f_code",
        "tb_frame",
        "tb_next",
        "gi_frame",
        "cr_frame",
        "ag_frame",
        "gi_code",
    }
)
COMPARISON_DUNDERS = frozenset(
    {
        "__torch_function__",
        "__torch_dispatch__",
        "__array__",
        "__array_function__",
        "__array_ufunc__",
        "__array_priority__",
        "__eq__",
        "__ne__",
        "__lt__",
        "__le__",
        "__gt__",
        "__ge__",
        "__bool__",
        "__float__",
        "__index__",
        "__int__",
        "__instancecheck__",
        "__subclasscheck__",
        "__getattr__",
        "__getattribute__",
        "__del__",
        "__init_subclass__",
        "__set_name__",
        "__class_getitem__",
    }
)
BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class Finding:
    """One construct that could tamper with the checks."""

    cell_index: int
    cell_id: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"cell {self.cell_id!r}, line {self.line}: {self.message}"


def _nbgrader(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _cell_name(cell: NotebookNode, index: int) -> str:
    return _nbgrader(cell).get("grade_id") or cell.get("id") or f"#{index}"


def _python(source: str) -> ast.Module | None:
    """The cell as Python (IPython syntax translated), or None when it does not parse."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None  # it fails in the kernel too: no tampering possible


def _root(node: ast.expr) -> ast.Name | None:
    """The name an attribute chain hangs from: ``torch`` in ``torch.testing.assert_close``."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node if isinstance(node, ast.Name) else None


def _imports(tree: ast.AST) -> dict[str, str]:
    """name -> what an import statement binds to it (``np`` -> ``numpy``, ``F`` -> ``torch.nn.functional``)."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    names[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                names[alias.asname or alias.name] = f"{'.' * node.level}{node.module or ''}.{alias.name}"
    return names


def _bound_names(tree: ast.AST) -> set[str]:
    """Every name the code binds: parameters, assignment targets, definitions, imports."""
    names = set(_imports(tree)) | _defined_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _loaded_names(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _defined_names(tree: ast.AST) -> set[str]:
    return {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


@dataclass
class Instructor:
    """What the instructor's notebook tells the scanner: its cells, and the names to protect."""

    sources: frozenset[str]
    protected: frozenset[str]
    imports: dict[str, str]

    @classmethod
    def from_notebook(cls, source_nb: NotebookNode) -> Instructor:
        sources, used_by_tests, solutions = set(), set(), set()
        imported: dict[str, str] = {}
        for cell in source_nb.cells:
            if cell.cell_type != "code":
                continue
            tree = _python(cell.source)
            meta = _nbgrader(cell)
            if meta.get("solution"):
                solutions |= _defined_names(tree) if tree else set()
                continue  # the student rewrites these: never trusted as they are
            sources.add(cell.source.strip())
            if tree is None:
                continue
            imported.update(_imports(tree))
            if meta.get("grade"):
                used_by_tests |= _loaded_names(tree)
        protected = (set(imported) | used_by_tests) - solutions - BUILTIN_NAMES
        return cls(frozenset(sources), frozenset(protected), imported)


class _Scanner(ast.NodeVisitor):
    def __init__(self, instructor: Instructor, module_names: set[str], bound: set[str]):
        self.instructor = instructor
        self.protected = instructor.protected
        self.module_names = module_names  # imported names and their aliases
        self.bound = bound  # names the student's code binds: a parameter called ``input`` is not the builtin
        self.findings: list[tuple[int, str]] = []
        self.function_depth = 0
        self.global_names: list[set[str]] = []

    def flag(self, node: ast.AST, message: str) -> None:
        self.findings.append((getattr(node, "lineno", 0), message))

    # -- imports ---------------------------------------------------------------------------
    def _check_module(self, node: ast.AST, module: str) -> None:
        top = module.split(".")[0]
        allowed = module in ALLOWED_IMPORTS or (top in ALLOWED_IMPORTS and top != "dl_helpers")
        if module.startswith("dl_helpers."):
            allowed = any(
                module == m or module.startswith(m + ".") for m in ALLOWED_IMPORTS if m.startswith("dl_helpers.")
            )
        if not allowed:
            self.flag(node, f"imports {module!r}; exercise code may import only numerical and standard modules")

    def _bind_imports(self, node: ast.AST) -> None:
        for name, target in _imports(node).items():
            if self.instructor.imports.get(name) != target:  # importing the same thing again is harmless
                self._bind(node, name)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)
        self._bind_imports(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        self._check_module(node, module)
        for alias in node.names:
            if module == "dl_helpers" and alias.name in FORBIDDEN_FROM_DL_HELPERS or alias.name == "*":
                self.flag(node, f"imports {alias.name!r} from {module!r}; the checks' own code is off limits")
        self._bind_imports(node)

    # -- names -----------------------------------------------------------------------------
    def _is_global_scope(self, name: str) -> bool:
        return self.function_depth == 0 or any(name in g for g in self.global_names)

    def _bind(self, node: ast.AST, name: str) -> None:
        if name in self.protected and self._is_global_scope(name):
            self.flag(node, f"rebinds {name!r}, which the instructor's cells define and the checks use")

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self._bind(node, node.id)
        elif node.id in FORBIDDEN_BUILTINS and node.id not in self.bound:
            self.flag(node, f"uses {node.id}(); it can run hidden code or change other namespaces")
        elif IPYTHON_NAMES.match(node.id):
            self.flag(node, f"uses IPython's {node.id!r} (history, shell or display machinery)")

    def visit_Global(self, node: ast.Global) -> None:
        if self.global_names:
            self.global_names[-1].update(node.names)

    def _function(self, node) -> None:
        self._bind(node, node.name)
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        for decorator in node.decorator_list:
            self.visit(decorator)
        self.function_depth += 1
        self.global_names.append(set())
        for statement in node.body:
            self.visit(statement)
        self.global_names.pop()
        self.function_depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function  # noqa: N815 (ast.NodeVisitor's method names)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._bind(node, node.name)
        for base in node.bases:
            text = ast.unparse(base)
            if re.search(r"\b(Tensor|ndarray)\b", text):
                self.flag(node, f"class {node.name} subclasses {text}; results must be plain tensors")
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name in COMPARISON_DUNDERS:
                self.flag(item, f"class {node.name} defines {item.name}, which could fool a comparison")
        self.generic_visit(node)

    # -- attributes ------------------------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        if attr.startswith("__") and attr.endswith("__") and attr not in ALLOWED_DUNDERS:
            self.flag(node, f"uses the attribute {attr}; reaching into objects' internals is not allowed")
        elif attr in FRAME_ATTRIBUTES:
            self.flag(node, f"uses the frame attribute {attr}; reading the caller's variables is not allowed")
        else:
            root = _root(node)
            if attr.startswith("_") and root is not None and root.id in self.module_names:
                self.flag(node, f"uses the private attribute {ast.unparse(node)}")
            if (
                isinstance(node.ctx, (ast.Store, ast.Del))
                and root is not None
                and (root.id in self.module_names or root.id in self.protected)
            ):
                verb = "assigns" if isinstance(node.ctx, ast.Store) else "deletes"
                self.flag(node, f"{verb} {ast.unparse(node)}, changing a module or something the checks use")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        root = _root(node)
        if isinstance(node.ctx, (ast.Store, ast.Del)) and root is not None and root.id in self.module_names:
            self.flag(node, f"changes {ast.unparse(node)}, which belongs to a module")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "getattr" and len(node.args) >= 2:
            name = node.args[1]
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)) or name.value.startswith("_"):
                self.flag(node, "calls getattr with a computed or private name")
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("run_line_magic", "run_cell_magic")
            and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name)
            and func.value.func.id == "get_ipython"
        ):
            self._magic(node)
            return
        self.generic_visit(node)

    def _magic(self, node: ast.Call) -> None:
        """``%time``/``%timeit`` are fine, but their argument is code: read it too."""
        args = node.args
        name = args[0].value if args and isinstance(args[0], ast.Constant) else None
        if name not in ALLOWED_MAGICS:
            self.flag(node, f"uses the IPython magic %{name}")
            return
        for arg in args[1:]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
                try:
                    self.visit(ast.parse(arg.value))
                except SyntaxError:
                    continue


def _aliases(tree: ast.AST, module_names: set[str]) -> None:
    """Add names assigned a bare module path (``t = torch.testing``) to ``module_names``."""
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
                value = node.value
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            elif isinstance(node, (ast.For, ast.comprehension)):
                value, targets = node.iter, [node.target]
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                value, targets = node.context_expr, [node.optional_vars]
            else:
                continue
            if value is None or not _mentions_module(value, module_names):
                continue
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id not in module_names:
                        module_names.add(name.id)
                        changed = True


def _mentions_module(value: ast.expr, module_names: set[str]) -> bool:
    """Does ``value`` hand out a module-level object itself (not the result of calling one)?"""
    if isinstance(value, (ast.Name, ast.Attribute)):
        root = _root(value)
        return root is not None and root.id in module_names
    if isinstance(value, (ast.Tuple, ast.List, ast.Set)):
        return any(_mentions_module(v, module_names) for v in value.elts)
    if isinstance(value, ast.Dict):
        return any(_mentions_module(v, module_names) for v in value.values if v is not None)
    if isinstance(value, (ast.IfExp, ast.BoolOp)):
        return any(_mentions_module(v, module_names) for v in ast.iter_child_nodes(value) if isinstance(v, ast.expr))
    if isinstance(value, ast.Subscript):
        return _mentions_module(value.value, module_names)
    return False


def scan_notebook(submitted: NotebookNode, instructor: Instructor) -> list[Finding]:
    """Every construct in the student's code cells that could tamper with the checks, in cell order."""
    cells: list[tuple[int, NotebookNode, ast.Module]] = []
    module_names = set(instructor.imports)
    bound: set[str] = set()
    for index, cell in enumerate(submitted.cells):
        if cell.cell_type != "code" or cell.source.strip() in instructor.sources:
            continue
        tree = _python(cell.source)
        if tree is not None:
            cells.append((index, cell, tree))
            module_names |= set(_imports(tree))
            bound |= _bound_names(tree)
    for _, _, tree in cells:
        _aliases(tree, module_names)
    findings = []
    for index, cell, tree in cells:
        scanner = _Scanner(instructor, module_names, bound)
        scanner.visit(tree)
        for line, message in sorted(set(scanner.findings)):
            findings.append(Finding(index, _cell_name(cell, index), line, message))
    return findings
