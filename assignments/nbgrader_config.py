"""nbgrader configuration of the crmlab course (run nbgrader and `crmlab grade` from this folder).

Course layout (nbgrader standard, plus crmlab's checks/ and student_data/):
    source/<lab>/<lab>.ipynb      instructor versions (solutions, visible tests, mark schemes)
    checks/<lab>.py               trusted checks: how each test cell is graded (instructors only)
    release/<lab>/                made by `nbgrader generate_assignment <lab>` (never by hand)
    submitted/<student>/<lab>/    collected submissions (`nbgrader collect` or `crmlab grade import`)
    autograded/, feedback/        made by autograde / generate_feedback
    gradebook.db                  the nbgrader gradebook
    .crmlab/course_secret         the course secret (made by `crmlab grade student-data`; keep it private)
    student_data/<student>/       each student's public data files, to hand out
    exam_bank/                    the final exam's bank, with keys (instructors only)
    exam_papers/<exam>/           each student's stored exam paper and key (`crmlab exam papers`)
"""
import os

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds,
                                    IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec,
                                    SaveAutoGrades)

from crmlab.grading.nbgrader_ext import HandOffAnswers, RestoreCellMetadata, SandboxedExecute, TrustedChecks

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The exchange stays nbgrader's default (/srv/nbgrader/exchange); set it for your server:
# c.Exchange.root = "/srv/nbgrader/exchange"

# Labs enter the gradebook when `nbgrader generate_assignment` (crmlab grade release) runs.

# Student-facing stub left where a solution was.
c.ClearSolutions.code_stub = {"python": "# 在这里写你的代码 / YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "在这里写你的回答 / YOUR ANSWER HERE"

# Trusted grading (crmlab.grading.nbgrader_ext):
# - sanitize: edited nbgrader metadata is put back to the instructor's cells (and reported);
# - autograde: test cells hand the answers over as plain data, the notebook runs in a sandboxed
#   kernel on the student's public data, and checks/<lab>.py checks the answers in this process.
c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds, OverwriteKernelspec, RestoreCellMetadata,
                                      OverwriteCells, CheckCellMetadata]
c.Autograde.autograde_preprocessors = [HandOffAnswers, SandboxedExecute, TrustedChecks, IgnorePattern,
                                       ClearMetadataPreprocessor, LimitOutput, SaveAutoGrades, AssignLatePenalties,
                                       CheckCellMetadata]
c.Execute.timeout = 60                     # seconds per cell: an infinite loop is interrupted
c.SandboxedExecute.notebook_timeout = 600  # seconds per notebook
c.CRMLabGrading.sandbox = "required"       # refuse to grade where no sandbox can be had

# A deleted test (or answer) cell is put back from the gradebook, so deleting a test cannot keep
# points, and a deleted answer cell scores zero instead of breaking grading.
c.OverwriteCells.add_missing_cells = True
