"""Autograde a folder of submissions through nbgrader, in parallel and within bounds, and report.

Submissions are read from ``SUBMISSIONS/<student_id>/<notebook>.ipynb`` or nbgrader's own
``SUBMISSIONS/<student_id>/<assignment>/<notebook>.ipynb``. They are copied into a grading
folder laid out as an nbgrader course (``submitted/``, ``autograded/``, ``gradebook.db``);
the originals are only read. Each student is graded by an nbgrader worker process in a
private folder holding a copy of the class gradebook, and merged back by this process alone
(SQLite takes one writer at a time). A student already graded from the same files, tests
and bounds is not graded again, so an interrupted run picks up where it stopped.

The results (see :mod:`dl_helpers.course.results`): ``grades.csv``, ``grades_by_test.csv``,
``feedback/<student>/<assignment>.html`` and the instructor's ``report.txt``/``report.csv``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import threading
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from dl_helpers.course.gradebook_merge import merge_submission
from dl_helpers.course.layout import Course, CourseError
from dl_helpers.course.nbgrader_run import last_error_line
from dl_helpers.course.results import GradingReport, collect_results, write_results
from dl_helpers.course.sandbox import bwrap_path, check_sandbox
from dl_helpers.course.staging import stage_class
from dl_helpers.course.worker_process import WorkerProcess

PREPROCESSORS = [
    "dl_helpers.course.bounded_execute.BoundedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
START_UP_SECONDS = 120  # a worker's own start, nbgrader's set-up and review, on top of the notebook's bound
SANDBOX_PROCESSES = 256  # processes and threads of one sandboxed kernel (its own user id when grading as root)
SANDBOX_MODES = ("auto", "require", "off")


@dataclass(frozen=True)
class Bounds:
    """What one submission may use. A bound that is hit costs the cells it stopped, never the batch."""

    cell_timeout: int = 120  # seconds per cell
    notebook_timeout: int = 600  # seconds for the whole notebook
    memory_mib: int = 4096  # the kernel's memory (RLIMIT_DATA)
    max_output_bytes: int = 1_000_000  # output kept per cell

    def nbgrader_config(self) -> dict[str, object]:
        return {
            "Autograde.autograde_preprocessors": PREPROCESSORS,
            "OverwriteCells.add_missing_cells": True,  # a deleted test cell is put back and run
            "Execute.timeout": self.cell_timeout,
            "Execute.interrupt_on_timeout": True,
            "BoundedExecute.notebook_timeout": self.notebook_timeout,
            "BoundedExecute.memory_mib": self.memory_mib,
            "BoundedExecute.max_output_bytes": self.max_output_bytes,
        }


def grade(
    course: Course,
    assignment: str,
    submissions: Path,
    workspace: Path,
    bounds: Bounds = Bounds(),
    workers: int | None = None,
    executor: Executor | None = None,
    regrade: bool = False,
    sandbox: str = "auto",
) -> GradingReport:
    """Autograde every student folder in ``submissions`` and write the results into ``workspace``.

    Students are graded ``workers`` at a time (default: the number of cores), or on
    ``executor``, any ``concurrent.futures.Executor``. Students graded before from the same
    files, tests and bounds keep their grade unless ``regrade``. Each kernel runs in a
    bubblewrap sandbox where one can start (``sandbox="auto"``, with a warning where none
    can), always (``"require"``: an error where none can) or never (``"off"``).
    """
    course.check_assignment(assignment)
    workspace = Path(workspace).resolve()
    staged, problems = stage_class(course, assignment, Path(submissions), workspace)
    bwrap = _sandbox(sandbox)
    config = {
        "CourseDirectory.root": str(workspace),
        "CourseDirectory.source_directory": str(course.solutions),
        "CourseDirectory.release_directory": str(workspace / "release"),
        **bounds.nbgrader_config(),
        "BoundedExecute.sandbox": bwrap,
        "BoundedExecute.processes": _process_bound() if bwrap else 0,
    }
    fingerprint = _fingerprint(course, assignment, bounds, bool(bwrap))
    done = {} if regrade else _already_graded(workspace, staged, fingerprint)
    to_grade = [student for student in staged if student not in done]
    outcomes: dict[str, dict] = {}
    if to_grade:
        workers = workers or os.cpu_count() or 1
        # with a pool of our own, share the cores among the kernels; an outside executor decides itself
        threads = max(1, (os.cpu_count() or 1) // workers) if executor is None else None
        processes = _WorkerPerThread(workspace / "logs", threads)
        try:
            generator = processes.spare()
            for _ in range(min(workers, len(to_grade)) - 1):
                processes.spare().start()  # the other workers' start-up overlaps the generation
            _generate(generator, assignment, config)
            outcomes = _grade_in_parallel(
                assignment, workspace, to_grade, config, bounds, workers, executor, fingerprint, processes
            )
        finally:
            processes.close()
    outcomes.update(done)
    report = collect_results(course, assignment, workspace, staged, outcomes, problems)
    report.skipped = sorted(done)
    write_results(report)
    return report


def _sandbox(mode: str) -> str:
    """bubblewrap's path if kernels are to be sandboxed, else ""."""
    if mode not in SANDBOX_MODES:
        raise CourseError(f"sandbox must be one of {', '.join(SANDBOX_MODES)}, got {mode!r}")
    if mode == "off":
        return ""
    bwrap = bwrap_path()
    why_not = check_sandbox(bwrap)
    if not why_not:
        return bwrap
    if mode == "require":
        raise CourseError(f"no sandbox for the submissions: {why_not}")
    print(f"dlcourse: warning: submissions are NOT isolated from this machine: {why_not}", file=sys.stderr)
    return ""


def _process_bound() -> int:
    """RLIMIT_NPROC for a sandboxed kernel: its own user's when grading as root, else on top of ours."""
    if os.geteuid() == 0:
        return SANDBOX_PROCESSES
    ours = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nUid:\t{os.getuid()}\t" in text:
            ours += int(text.split("\nThreads:\t", 1)[1].split("\n", 1)[0])
    return ours + SANDBOX_PROCESSES


def _fingerprint(course: Course, assignment: str, bounds: Bounds, sandboxed: bool) -> str:
    """What a grade depends on besides the submission: the assignment's tests, the bounds, the sandbox."""
    digest = hashlib.sha256(json.dumps({**asdict(bounds), "sandboxed": sandboxed}, sort_keys=True).encode())
    for path in course.source_notebooks(assignment):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _submission_digest(workspace: Path, student: str) -> str:
    digest = hashlib.sha256()
    for path in sorted((workspace / "submitted" / student).rglob("*.ipynb")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _marker(workspace: Path, student: str) -> Path:
    return workspace / "graded" / f"{student}.json"


def _already_graded(workspace: Path, staged: list[str], fingerprint: str) -> dict[str, dict]:
    """Outcomes of students whose grade is in the gradebook for these very files, tests and bounds."""
    done = {}
    for student in staged:
        try:
            marker = json.loads(_marker(workspace, student).read_text())
        except (OSError, ValueError):
            continue
        if marker.get("fingerprint") == fingerprint and marker.get("submission") == _submission_digest(
            workspace, student
        ):
            done[student] = marker["outcome"]
    return done


def _mark_graded(workspace: Path, student: str, fingerprint: str, outcome: dict) -> None:
    marker = _marker(workspace, student)
    marker.parent.mkdir(parents=True, exist_ok=True)
    partial = marker.with_suffix(".tmp")
    partial.write_text(
        json.dumps(
            {"fingerprint": fingerprint, "submission": _submission_digest(workspace, student), "outcome": outcome}
        )
    )
    partial.replace(marker)  # atomic: a marker is whole or absent


def _generate(worker: WorkerProcess, assignment: str, config: dict) -> None:
    """Put the assignment's cells, tests and points into the class gradebook."""
    messages, stopped = worker.run(
        {"assignment": assignment, "students": [], "generate": True, "config": config}, timeout=600
    )
    if not any(m.get("generated") for m in messages):
        log = "\n".join(m["error"] for m in messages if "error" in m) or stopped
        source = config["CourseDirectory.source_directory"]
        raise CourseError(f"nbgrader could not generate {assignment} from {source}: {last_error_line(log)}")


class _WorkerPerThread:
    """One long-lived worker process for each thread that grades (started on first use).

    Workers taken with :meth:`spare`, for the work before grading or to start them early, are
    handed on to the threads that grade, so that each start-up (nbgrader's imports: seconds)
    is paid once and can overlap other work.
    """

    def __init__(self, logs: Path, threads: int | None):
        self.logs = logs
        self.threads = threads
        self.local = threading.local()
        self.started: list[WorkerProcess] = []
        self.spares: list[WorkerProcess] = []
        self.lock = threading.Lock()

    def _new(self) -> WorkerProcess:
        worker = WorkerProcess(self.logs / f"worker-{len(self.started)}.log", self.threads)
        self.started.append(worker)
        return worker

    def spare(self) -> WorkerProcess:
        with self.lock:
            worker = self._new()
            self.spares.append(worker)
        return worker

    def get(self) -> WorkerProcess:
        worker = getattr(self.local, "worker", None)
        if worker is None:
            with self.lock:
                worker = self.spares.pop() if self.spares else self._new()
            self.local.worker = worker
        return worker

    def close(self) -> None:
        for worker in self.started:
            worker.close()


def _grade_one(
    workers: _WorkerPerThread, assignment: str, workspace: Path, student: str, config: dict, bounds: Bounds
) -> tuple[Path, dict]:
    """Autograde one student in a private course folder holding a copy of the class gradebook."""
    private = workspace / "workers" / student
    if private.exists():
        shutil.rmtree(private)
    shutil.copytree(workspace / "submitted" / student, private / "submitted" / student)
    shutil.copyfile(workspace / "gradebook.db", private / "gradebook.db")
    private_config = {
        **config,
        "CourseDirectory.root": str(private),
        "CourseDirectory.release_directory": str(private / "release"),
    }
    settings = {"assignment": assignment, "students": [student], "generate": False, "config": private_config}
    messages, stopped = workers.get().run(settings, timeout=bounds.notebook_timeout + START_UP_SECONDS)
    outcome = next((m for m in messages if m.get("student") == student), None)
    if outcome is None:
        outcome = {"student": student, "success": False, "error": f"grading this submission {stopped}"}
    return private, outcome


def _collect(private: Path, workspace: Path, assignment: str, student: str, outcome: dict) -> None:
    """Move one student's results from its private folder into the class's (grading process only)."""
    if outcome["success"]:
        merge_submission(workspace / "gradebook.db", private / "gradebook.db", assignment, student)
        target = workspace / "autograded" / student
        if target.exists():
            shutil.rmtree(target)
        shutil.move(private / "autograded" / student, target)
    shutil.rmtree(private)


def _grade_in_parallel(
    assignment: str,
    workspace: Path,
    students: list[str],
    config: dict,
    bounds: Bounds,
    workers: int,
    executor: Executor | None,
    fingerprint: str,
    processes: _WorkerPerThread,
) -> dict[str, dict]:
    from tqdm.auto import tqdm

    outcomes: dict[str, dict] = {}
    pool = executor or ThreadPoolExecutor(max_workers=workers)
    try:
        futures = {pool.submit(_grade_one, processes, assignment, workspace, s, config, bounds): s for s in students}
        with tqdm(total=len(futures), desc=f"grading {assignment}", unit="student") as progress:
            for future in as_completed(futures):
                student = futures[future]
                private, outcome = future.result()
                _collect(private, workspace, assignment, student, outcome)
                _mark_graded(workspace, student, fingerprint, outcome)
                outcomes[student] = outcome
                progress.update()
    finally:
        if executor is None:
            pool.shutdown(cancel_futures=True)
    shutil.rmtree(workspace / "workers", ignore_errors=True)
    return outcomes
