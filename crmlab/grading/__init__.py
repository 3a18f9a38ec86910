"""Grading tools for instructors: nbgrader course helpers and fast parallel autograding.

- :mod:`crmlab.grading.checks` — used inside nbgrader test cells (cheap, no nbgrader import).
- :mod:`crmlab.grading.nbgrader_ext` — ``StudentExecute``, the Execute preprocessor the course
  config uses (student id in the kernel, crash and time budgets).
- :mod:`crmlab.grading.autograde` — ``autograde(course, assignment, jobs=N)``: parallel, resumable,
  same gradebook as ``nbgrader autograde``.
- :mod:`crmlab.grading.course` — release, import of submissions, CSV export, feedback.
- :mod:`crmlab.grading.coursegrade` — course grades (labs 40%, exam 50%, attendance 10%) and their
  exports for 教务 systems, Moodle, Canvas and Excel.
- :mod:`crmlab.grading.report` — class analytics of one lab: item statistics, diagnosed mistakes,
  heatmap, code similarity (copydetect).
- :mod:`crmlab.grading.cli` — ``crmlab grade ...`` / ``python -m crmlab.grading ...``.

See docs/instructor.md for the workflow.
"""
