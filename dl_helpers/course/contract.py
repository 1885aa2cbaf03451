"""The shape every chapter notebook keeps, read from the notebooks alone (no kernel is started).

For each assignment ``solutions/NN_<chapter>/``:

- its exercises are exactly the specs registered in ``dl_helpers.grading.<chapter>``, and
  no exercise appears in two notebooks;
- each exercise's solution cell (grade id ``<name>``, solution markers around the body)
  defines ``<name>`` with its reference's signature: the same parameters, kinds and defaults;
- after it come its visible test ``<name>_visible``, ``exercise("<name>").check(<name>)``,
  and one hidden test ``<name>_<property>`` per hidden property of the spec, in the spec's
  order, each a single check between hidden-test markers with the seed
  :func:`~dl_helpers.grading.exercise.hidden_seed` gives, each worth points;
- every call the spec refuses is named in the exercise's text (the markdown since the previous
  exercise and the solution cell): its public name (:func:`stated_name`), or "autograd" for
  autograd's entry points; internal forms of a named function need no words of their own;
- the release in ``notebooks/`` has the same test cells, each solution replaced by a stub
  and each hidden test's code removed.

:func:`check_course` returns the problems as sentences naming the notebook and the cell.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from pathlib import Path

import nbformat

from dl_helpers.course.layout import Course

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
STUB = "raise NotImplementedError()"


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_solution(cell) -> bool:
    meta = _nbgrader(cell)
    return bool(meta.get("solution")) and not meta.get("grade") and cell.cell_type == "code"


def _is_test(cell) -> bool:
    return bool(_nbgrader(cell).get("grade")) and cell.cell_type == "code"


def _between(source: str, markers: tuple[str, str]) -> str | None:
    begin, end = markers
    if begin not in source or end not in source:
        return None
    return source.split(begin, 1)[1].split(end, 1)[0].strip()


def _defined_signature(source: str, name: str) -> inspect.Signature | None:
    """The signature of ``def name(...)`` in a cell's source, defaults evaluated as literals."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return _signature_of(node)
    return None


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ast.unparse(node)


def _signature_of(node: ast.FunctionDef) -> inspect.Signature:
    kinds = inspect.Parameter
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    defaults = [inspect.Parameter.empty] * (len(positional) - len(args.defaults)) + [_literal(d) for d in args.defaults]
    parameters = [
        kinds(a.arg, kinds.POSITIONAL_ONLY if a in args.posonlyargs else kinds.POSITIONAL_OR_KEYWORD, default=d)
        for a, d in zip(positional, defaults)
    ]
    if args.vararg:
        parameters.append(kinds(args.vararg.arg, kinds.VAR_POSITIONAL))
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        parameters.append(
            kinds(a.arg, kinds.KEYWORD_ONLY, default=inspect.Parameter.empty if d is None else _literal(d))
        )
    if args.kwarg:
        parameters.append(kinds(args.kwarg.arg, kinds.VAR_KEYWORD))
    return inspect.Signature(parameters)


def _bare(signature: inspect.Signature) -> inspect.Signature:
    """A signature without annotations, for comparing what a caller sees."""
    return signature.replace(
        parameters=[p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()],
        return_annotation=inspect.Signature.empty,
    )


METHOD_NAMES = {
    "forward",
    "step",
    "fit",
    "partial_fit",
    "transform",
    "fit_transform",
    "split",
    "get_lr",
    "backward",
    "from_predictions",
}


def stated_name(dotted: str, forbidden: tuple[str, ...]) -> str | None:
    """The word an exercise's text must contain for the refused ``dotted`` name, or None if it needs none.

    ``torch.nn.MSELoss.forward`` -> ``MSELoss``; ``numpy.linalg.pinv`` -> ``pinv``; every autograd
    entry point -> ``autograd``. Internal forms (a ``_`` component, ``native_*``), the reference
    (refused course-wide) and ``torch.Tensor.f`` next to a refused ``torch.f`` need none.
    """
    from dl_helpers.grading.forbidden import AUTOGRAD

    if dotted in AUTOGRAD:
        return "autograd"
    parts = dotted.split(".")
    if any(p.startswith("_") for p in parts) or parts[-1].startswith("native_") or parts[0] == "dl_helpers":
        return None
    if parts[:2] == ["torch", "Tensor"] and f"torch.{parts[-1]}" in forbidden:
        return None
    parts = parts[1:]
    while len(parts) > 1 and parts[-1] in METHOD_NAMES:
        parts.pop()
    return parts[-1]


def unstated_refusals(forbidden: tuple[str, ...], text: str) -> list[str]:
    """The words for refused calls that ``text`` does not contain (case-insensitive, whole words)."""
    words = {stated_name(name, forbidden) for name in forbidden} - {None}
    return sorted(w for w in words if not re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE))


def expected_test_source(name: str, property_: str, position: int) -> str:
    """The one line of code a test cell of exercise ``name`` (``position`` in its notebook) runs."""
    from dl_helpers.grading.exercise import hidden_seed

    if property_ == "visible":
        return f'exercise("{name}").check({name})'
    seed = "" if property_ == "edge" else f", seed={hidden_seed(position, property_)}"
    return f'exercise("{name}").check({name}, "{property_}"{seed})'


def check_solution_notebook(nb: nbformat.NotebookNode, where: str, registered: dict) -> tuple[list[str], list[str]]:
    """Problems with one source notebook, and the exercises it holds in order."""
    problems: list[str] = []
    names: list[str] = []
    cells = nb.cells
    solution_positions = [i for i, c in enumerate(cells) if _is_solution(c)]
    tests_seen: set[str] = set()
    for k, start in enumerate(solution_positions, start=1):
        cell = cells[start]
        previous = solution_positions[k - 2] if k > 1 else -1
        text = "\n".join(c.source for c in cells[previous + 1 : start] if c.cell_type == "markdown") + cell.source
        name = _nbgrader(cell).get("grade_id", "")
        names.append(name)
        spec = registered.get(name)
        if spec is None:
            problems.append(f"{where}: solution cell {name!r} is no registered exercise")
            continue
        for word in unstated_refusals(spec.forbidden, text):
            problems.append(f"{where}: {name} refuses {word!r}, but its text does not say so")
        if _between(cell.source, SOLUTION_MARKERS) is None:
            problems.append(f"{where}: solution cell {name!r} lacks {' / '.join(SOLUTION_MARKERS)}")
        signature = _defined_signature(cell.source, name)
        wanted = _bare(inspect.signature(spec.reference))
        if signature is None:
            problems.append(f"{where}: solution cell {name!r} does not define {name}()")
        elif signature != wanted:
            problems.append(f"{where}: {name}{signature} differs from its reference's signature {name}{wanted}")
        end = solution_positions[k] if k < len(solution_positions) else len(cells)
        tests = [c for c in cells[start + 1 : end] if _is_test(c)]
        expected_ids = [f"{name}_visible", *(f"{name}_{p}" for p in spec.hidden_properties)]
        found_ids = [_nbgrader(c).get("grade_id", "") for c in tests]
        if found_ids != expected_ids:
            problems.append(f"{where}: the tests after {name!r} are {found_ids}; the spec wants {expected_ids}")
        for test in tests:
            grade_id = _nbgrader(test).get("grade_id", "")
            tests_seen.add(grade_id)
            property_ = grade_id.removeprefix(f"{name}_")
            if not (_nbgrader(test).get("points") or 0) > 0:
                problems.append(f"{where}: test cell {grade_id!r} is worth no points")
            if property_ == "visible":
                code = test.source.strip()
                if expected_test_source(name, "visible", k) not in code.splitlines() or HIDDEN_MARKERS[0] in code:
                    problems.append(f"{where}: {grade_id!r} must run {expected_test_source(name, 'visible', k)}")
                continue
            if property_ not in spec.hidden_properties:
                continue  # already reported by the id comparison
            hidden = _between(test.source, HIDDEN_MARKERS)
            wanted_code = expected_test_source(name, property_, k)
            if hidden is None:
                problems.append(f"{where}: {grade_id!r} has no {' / '.join(HIDDEN_MARKERS)}")
            elif hidden != wanted_code:
                problems.append(f"{where}: {grade_id!r} runs {hidden!r}; the convention is {wanted_code!r}")
    for cell in cells:
        grade_id = _nbgrader(cell).get("grade_id", "")
        if _is_test(cell) and grade_id not in tests_seen:
            problems.append(f"{where}: test cell {grade_id!r} belongs to no exercise above it")
    return problems, names


def check_release(source: nbformat.NotebookNode, release: nbformat.NotebookNode, where: str) -> list[str]:
    """Problems with a released notebook: markers gone, stubs in place, the same test cells."""
    problems = []
    ids = [(_nbgrader(c).get("grade_id"), _is_test(c), _is_solution(c)) for c in source.cells if _nbgrader(c)]
    released = [(_nbgrader(c).get("grade_id"), _is_test(c), _is_solution(c)) for c in release.cells if _nbgrader(c)]
    if ids != released:
        problems.append(f"{where}: its nbgrader cells differ from the source's; run `dlcourse release`")
    for cell in release.cells:
        grade_id = _nbgrader(cell).get("grade_id", cell.get("id"))
        for marker in (*SOLUTION_MARKERS, *HIDDEN_MARKERS):
            if marker in cell.source:
                problems.append(f"{where}: cell {grade_id!r} still holds {marker}")
        if _is_solution(cell) and STUB not in cell.source:
            problems.append(f"{where}: solution cell {grade_id!r} has no stub ({STUB})")
    return problems


def check_course(
    course: Course, registered: dict | None = None, chapter_of: Callable[[str], str] | None = None
) -> list[str]:
    """Every problem with the course's notebooks against the exercise registry, as sentences."""
    from dl_helpers.grading.registry import chapter_of as default_chapter_of, registered as default_registered

    registered = default_registered() if registered is None else registered
    chapter_of = chapter_of or default_chapter_of
    problems: list[str] = []
    placed: dict[str, str] = {}
    for assignment in course.assignments():
        chapter = chapter_of(assignment)
        in_chapter = sorted(name for name, spec in registered.items() if spec.chapter == chapter)
        in_notebooks: list[str] = []
        for path in course.source_notebooks(assignment):
            where = str(Path("solutions") / assignment / path.name)
            source = nbformat.read(path, as_version=4)
            found, names = check_solution_notebook(source, where, registered)
            problems += found
            for name in names:
                if name in placed:
                    problems.append(f"{where}: exercise {name!r} is also in {placed[name]}")
                placed[name] = where
            in_notebooks += names
            release = course.notebooks / assignment / path.name
            if not release.is_file():
                problems.append(f"{where}: no release at notebooks/{assignment}/{path.name}; run `dlcourse release`")
            else:
                problems += check_release(
                    source, nbformat.read(release, as_version=4), f"notebooks/{assignment}/{path.name}"
                )
        for name in sorted(set(in_chapter) - set(in_notebooks)):
            problems.append(
                f"exercise {name!r} of dl_helpers.grading.{chapter} is in no notebook of solutions/{assignment}/"
            )
        for name in sorted(set(in_notebooks) - set(in_chapter)):
            if name in registered:
                problems.append(
                    f"solutions/{assignment}: exercise {name!r} is registered in {registered[name].chapter}, not {chapter}"
                )
    for name in sorted(set(registered) - set(placed)):
        spec = registered[name]
        if not any(chapter_of(a) == spec.chapter for a in course.assignments()):
            problems.append(f"exercise {name!r}: its chapter {spec.chapter!r} has no folder in solutions/")
    return problems
