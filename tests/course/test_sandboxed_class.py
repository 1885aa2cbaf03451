"""Sandboxed grading: a student's code reaches nothing but its own copy.

The attacks sit in a cell after the last test, so the answers above them still earn their
points: what is checked here is that nothing outside the sandbox changed, not the score rules.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import nbformat
import pytest
import variants
from notebook_factory import ROOT, points_of, with_solutions, write

from dl_helpers.course import Course
from dl_helpers.course.grade import Bounds, grade
from dl_helpers.course.sandbox import bwrap_path, check_sandbox

ASSIGNMENT = "01_linear_regression"
RELEASE = ROOT / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
CHAPTER = variants.for_assignment(ASSIGNMENT)
GOOD = variants.first_correct(CHAPTER)

WHY_NO_SANDBOX = check_sandbox(bwrap_path())
requires_sandbox = pytest.mark.skipif(bool(WHY_NO_SANDBOX), reason=WHY_NO_SANDBOX or "a sandbox can start")


def vandal_cell(workspace, submissions) -> str:
    targets = {
        "gradebook": workspace / "gradebook.db",
        "solutions": ROOT / "solutions" / ASSIGNMENT / RELEASE.name,
        "other student": workspace / "submitted" / "steady" / ASSIGNMENT / RELEASE.name,
        "own original": submissions / "vandal" / RELEASE.name,
        "course": ROOT / "dl_helpers" / "__init__.py",
    }
    lines = ["import os, shutil, socket", "report = []"]
    for label, path in targets.items():
        lines += [
            "try:",
            f"    report.append(({label!r}, 'read', open({str(path)!r}, 'rb').read(40)))",
            "except OSError as error:",
            f"    report.append(({label!r}, 'read refused', type(error).__name__))",
            "try:",
            f"    open({str(path)!r}, 'w').write('vandalised')",
            f"    report.append(({label!r}, 'WRITTEN'))",
            "except OSError as error:",
            f"    report.append(({label!r}, 'write refused', type(error).__name__))",
        ]
    lines += [
        "try:",
        f"    shutil.rmtree({str(ROOT / 'solutions')!r})",
        "    report.append(('solutions', 'DELETED'))",
        "except OSError as error:",
        "    report.append(('solutions', 'delete refused', type(error).__name__))",
        # interfaces, not a connection: the sandbox's network namespace has only the loopback, and no
        # packet is sent to any address whatever the outcome
        "interfaces = [name for _, name in socket.if_nameindex()]",
        "report.append(('network', 'refused', 'only lo') if interfaces == ['lo'] else ('network', 'OPEN'))",
        "for place in ('fill.bin', '/tmp/fill.bin'):",
        "    try:",
        "        with open(place, 'wb') as f:",
        "            for _ in range(2048):",
        "                f.write(b'0' * 1024 * 1024)",
        "        report.append((place, 'FILLED 2 GiB'))",
        "    except OSError as error:",
        "        report.append((place, 'stopped', type(error).__name__))",
        "for entry in report:",
        "    print(*entry)",
    ]
    return "\n".join(lines)


FORK_BOMB = """import os, time
children = 0
try:
    while children < 100000:
        if os.fork() == 0:
            time.sleep(5)
            os._exit(0)
        children += 1
except OSError as error:
    print('fork stopped after', children, type(error).__name__)
"""


def _append_cell(nb, source):
    nb.cells.append(nbformat.v4.new_code_cell(source))
    return nb


def _tree_digest(*places):
    digest = hashlib.sha256()
    for place in places:
        for path in sorted([place, *place.rglob("*")] if place.is_dir() else [place]):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submissions = tmp_path_factory.mktemp("submissions")
    workspace = tmp_path_factory.mktemp("grading")
    write(with_solutions(RELEASE, GOOD), submissions / "steady" / RELEASE.name)
    write(
        _append_cell(with_solutions(RELEASE, GOOD), vandal_cell(workspace, submissions)),
        submissions / "vandal" / RELEASE.name,
    )
    write(_append_cell(with_solutions(RELEASE, GOOD), FORK_BOMB), submissions / "fork_bomb" / RELEASE.name)
    # what the attacks aim at (the rest of the course tree is not this test's to freeze)
    protected = (
        ROOT / "solutions" / ASSIGNMENT,
        ROOT / "notebooks" / ASSIGNMENT,
        ROOT / "dl_helpers" / "__init__.py",
        submissions,
    )
    before = _tree_digest(*protected)
    report = grade(
        Course(ROOT), ASSIGNMENT, submissions, workspace, bounds=Bounds(cell_timeout=60), workers=2, sandbox="require"
    )
    return report, before, _tree_digest(*protected)


def _outputs(report, student):
    nb = nbformat.read(report.workspace / "autograded" / student / ASSIGNMENT / RELEASE.name, as_version=4)
    return "".join(o.get("text", "") for o in nb.cells[-1].outputs)


@requires_sandbox
def test_nothing_outside_the_sandboxes_changed(graded):
    _, before, after = graded
    assert before == after


@requires_sandbox
def test_every_attack_was_refused(graded):
    report, _, _ = graded
    text = _outputs(report, "vandal")
    for word in ("WRITTEN", "DELETED", "OPEN", "FILLED"):
        assert word not in text, text
    assert "network refused" in text and text.count("read refused") == 4, text  # dl_helpers itself is readable
    assert "fork stopped after" in _outputs(report, "fork_bomb")


@requires_sandbox
def test_each_student_keeps_the_points_its_answers_deserve(graded):
    report, _, _ = graded
    scores = {s.student_id: s.score for s in report.students}
    full = points_of(nbformat.read(RELEASE, as_version=4))
    assert scores == {"steady": full, "vandal": full, "fork_bomb": full}
    vandal = next(s for s in report.students if s.student_id == "vandal")
    assert vandal.findings and "imports 'os'" in vandal.findings[0]


def test_without_bubblewrap_grading_warns_or_refuses(tmp_path):
    write(nbformat.read(RELEASE, as_version=4), tmp_path / "subs" / "student" / RELEASE.name)
    env = {**os.environ, "DL_BWRAP": "/nonexistent/bwrap"}
    command = [
        sys.executable,
        "-m",
        "dl_helpers.cli",
        "grade",
        str(tmp_path / "subs"),
        "--assignment",
        ASSIGNMENT,
        "--out",
        str(tmp_path / "out"),
    ]
    refused = subprocess.run([*command, "--require-sandbox"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert (
        refused.returncode == 2
        and "no sandbox for the submissions: bubblewrap (bwrap) is not installed" in refused.stderr
    )
    assert "Traceback" not in refused.stderr
    warned = subprocess.run([*command, "--workers", "1"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert warned.stderr.count("warning: submissions are NOT isolated") == 1
    assert warned.returncode == 0 and "student" in warned.stdout
