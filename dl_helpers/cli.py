"""The ``dlcourse`` command: release, execute and grade the course's notebooks.

This module only parses arguments and prints; the work is in :mod:`dl_helpers.course`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dl_helpers.course import Course, CourseError


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``dlcourse: error: ...``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog.split()[0]} --help)\n")


def _cmd_release(args: argparse.Namespace) -> int:
    from dl_helpers.course.release import release

    course = Course.find(args.course)
    for path in release(course, args.assignments or None):
        print(f"released {path.relative_to(course.root)}")
    return 0


def _cmd_execute(args: argparse.Namespace) -> int:
    from dl_helpers.course.execute import execute_notebook, timing_table
    from dl_helpers.course.layout import read_notebook

    course = Course.find(args.course) if not args.paths else None
    paths = [Path(p).resolve() for p in args.paths] if args.paths else sorted(course.solutions.glob("*/*.ipynb"))
    notebooks: list[Path] = []
    for path in paths:
        if path.is_dir():
            notebooks += sorted(path.glob("*.ipynb"))
        elif not path.exists():
            raise CourseError(f"{path}: no such file or folder")
        else:
            notebooks.append(path)
    if not notebooks:
        raise CourseError("no notebooks to execute")
    for path in notebooks:
        read_notebook(path)  # refuse malformed input before starting any kernel
    output_dir = Path(args.output).resolve() if args.output else None
    results = []
    for path in notebooks:
        output = output_dir / path.name if output_dir else None
        results.append(execute_notebook(path, timeout=args.timeout, output=output))
    print(timing_table(results, root=Path.cwd().resolve()))
    return 0 if all(r.ok for r in results) else 1


def _cmd_grade(args: argparse.Namespace) -> int:
    from dl_helpers.course.grade import Bounds, grade
    from dl_helpers.course.results import summary_table

    course = Course.find(args.course)
    bounds = Bounds(
        cell_timeout=args.timeout,
        notebook_timeout=args.notebook_timeout,
        memory_mib=args.memory,
        max_output_bytes=args.max_output,
    )
    report = grade(
        course,
        args.assignment,
        Path(args.submissions),
        Path(args.out),
        bounds=bounds,
        workers=args.workers,
        regrade=args.regrade,
        sandbox="require" if args.require_sandbox else "off" if args.no_sandbox else "auto",
    )
    print(summary_table(report))
    if report.skipped:
        print(
            f"{len(report.skipped)} submission(s) kept their grade from an earlier run with the same files (--regrade grades them again)"
        )
    print()
    print((report.workspace / "report.txt").read_text())
    print(
        f"grades: {report.workspace / 'grades.csv'}; per test: {report.workspace / 'grades_by_test.csv'}; "
        f"feedback pages: {report.workspace / 'feedback'}; report: {report.workspace / 'report.csv'}"
    )
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dlcourse", description="Release, execute and grade the course's notebooks.")
    parser.add_argument(
        "--course", default=None, help="course folder (default: the one containing the working directory)"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = commands.add_parser("release", help="regenerate notebooks/ from solutions/ through nbgrader")
    p.add_argument("assignments", nargs="*", help="assignments to release (default: all)")
    p.set_defaults(run=_cmd_release)

    p = commands.add_parser("execute", help="run notebooks headless and print a timing table")
    p.add_argument("paths", nargs="*", help="notebooks or folders (default: every notebook in solutions/)")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell (default: 600)")
    p.add_argument("--output", help="folder to save the executed notebooks in")
    p.set_defaults(run=_cmd_execute)

    p = commands.add_parser("grade", help="autograde a folder of submissions; export CSV grades and feedback")
    p.add_argument("submissions", help="folder with one subfolder per student holding their notebook(s)")
    p.add_argument("--assignment", required=True, help="assignment name, e.g. 01_linear_regression")
    p.add_argument(
        "--out", default="grading", help="grading folder for nbgrader's files and the results (default: ./grading)"
    )
    p.add_argument("--timeout", type=_positive_int, default=120, help="seconds allowed per cell (default: 120)")
    p.add_argument(
        "--notebook-timeout", type=_positive_int, default=600, help="seconds allowed per notebook (default: 600)"
    )
    p.add_argument(
        "--memory", type=_positive_int, default=4096, help="memory per notebook's kernel, MiB (default: 4096)"
    )
    p.add_argument(
        "--max-output", type=_positive_int, default=1_000_000, help="output kept per cell, bytes (default: 1000000)"
    )
    p.add_argument(
        "--workers", type=_positive_int, default=None, help="submissions graded at once (default: number of cores)"
    )
    p.add_argument("--regrade", action="store_true", help="grade again submissions an earlier run already graded")
    isolation = p.add_mutually_exclusive_group()
    isolation.add_argument(
        "--require-sandbox", action="store_true", help="fail unless each notebook can run in a bubblewrap sandbox"
    )
    isolation.add_argument(
        "--no-sandbox", action="store_true", help="run notebooks without a sandbox (trusted code only)"
    )
    p.set_defaults(run=_cmd_grade)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CourseError as error:
        print(f"dlcourse: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dlcourse: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
