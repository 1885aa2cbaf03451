"""Copy one student's autograde results from a worker's gradebook into the class gradebook.

Each parallel worker grades one student in a private copy of the class gradebook (SQLite
allows only one writer at a time, and nbgrader opens its database for the whole run). The
copy was taken after the assignment was generated, so assignment, notebook and cell rows
carry the same ids in both; only the student's submission rows are new. They are copied
back by the grading process alone, one student per transaction, replacing any earlier
grade of the same student and assignment, so a re-run never duplicates rows.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Rows of one submission, parents before children; each query selects from the attached
# worker database, with :student and :assignment naming the submission.
_SUBMISSION_ROWS = {
    "submitted_assignment": "SELECT * FROM worker.submitted_assignment WHERE student_id = :student AND assignment_id = :assignment",
    "submitted_notebook": "SELECT * FROM worker.submitted_notebook WHERE assignment_id IN ({submission})",
    "grade": "SELECT * FROM worker.grade WHERE notebook_id IN ({notebooks})",
    "comment": "SELECT * FROM worker.comment WHERE notebook_id IN ({notebooks})",
}


def _id_queries(schema: str) -> tuple[str, str]:
    submission = (
        f"SELECT id FROM {schema}.submitted_assignment WHERE student_id = :student AND assignment_id = :assignment"
    )
    notebooks = f"SELECT id FROM {schema}.submitted_notebook WHERE assignment_id IN ({submission})"
    return submission, notebooks


def merge_submission(class_db: Path, worker_db: Path, assignment_name: str, student: str) -> None:
    """Replace ``student``'s submission of ``assignment_name`` in ``class_db`` with the one in ``worker_db``."""
    connection = sqlite3.connect(class_db, timeout=60)
    try:
        connection.execute("ATTACH DATABASE ? AS worker", (str(worker_db),))
        (assignment,) = connection.execute(
            "SELECT id FROM main.assignment WHERE name = ?", (assignment_name,)
        ).fetchone()
        params = {"student": student, "assignment": assignment}
        with connection:  # one transaction: all of this student's rows or none
            main_submission, main_notebooks = _id_queries("main")
            connection.execute(f"DELETE FROM main.comment WHERE notebook_id IN ({main_notebooks})", params)
            connection.execute(f"DELETE FROM main.grade WHERE notebook_id IN ({main_notebooks})", params)
            connection.execute(
                f"DELETE FROM main.submitted_notebook WHERE assignment_id IN ({main_submission})", params
            )
            connection.execute(
                "DELETE FROM main.submitted_assignment WHERE student_id = :student AND assignment_id = :assignment",
                params,
            )
            connection.execute(
                "INSERT OR IGNORE INTO main.student SELECT * FROM worker.student WHERE id = :student", params
            )
            submission, notebooks = _id_queries("worker")
            for table, query in _SUBMISSION_ROWS.items():
                connection.execute(
                    f"INSERT INTO main.{table} " + query.format(submission=submission, notebooks=notebooks), params
                )
    finally:
        connection.close()
