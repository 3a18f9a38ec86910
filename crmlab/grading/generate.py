"""Release several assignments in one nbgrader process: ``python -m crmlab.grading.generate <course> <lab> ...``.

``nbgrader generate_assignment`` releases one assignment per run, and every run pays for starting Python, importing
nbgrader and opening the gradebook (seconds each; a course of twelve labs took a minute). Here nbgrader's own
``GenerateAssignment`` converter runs once per assignment inside one process, with the course's
``nbgrader_config.py``, exactly as the command runs it. :func:`crmlab.grading.course.generate_assignments` is the
caller; it runs this in a child process so that the instructor's process never loads the course's configuration.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from .autograde import ensure_tools_on_path, load_course_config


def generate(root, assignments) -> list[str]:
    """``nbgrader generate_assignment <a> --force`` for each of ``assignments`` in the course ``root``, in this
    process. Returns the failures, one ``"<assignment>: <log>"`` per assignment that failed."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    ensure_tools_on_path()  # nbgrader runs `alembic` when it creates the gradebook
    logging.getLogger("traitlets").setLevel(logging.WARNING)
    cfg = load_course_config(root)
    failures = []
    for assignment in assignments:
        coursedir = CourseDirectory(config=cfg)
        coursedir.assignment_id = assignment
        app = GenerateAssignment(coursedir=coursedir, config=cfg)
        app.force = True
        app.create_assignment = True
        result = capture_log(app)
        if not result["success"]:
            failures.append(f"{assignment}: {result.get('error', '')}\n{result.get('log', '')}"[-3000:])
    return failures


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print("usage: python -m crmlab.grading.generate <course folder> <assignment> [<assignment> ...]",
              file=sys.stderr)
        return 2
    failures = generate(Path(args[0]), args[1:])
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
