"""nbgrader configuration of the crmlab course (run nbgrader and `crmlab grade` from this folder).

Course layout (nbgrader standard):
    source/<lab>/<lab>.ipynb      instructor versions (solutions, hidden tests)
    release/<lab>/                made by `nbgrader generate_assignment <lab>` (never by hand)
    submitted/<student>/<lab>/    collected submissions (`nbgrader collect` or `crmlab grade import`)
    autograded/, feedback/        made by autograde / generate_feedback
    gradebook.db                  the nbgrader gradebook
"""
import os

from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput,
                                    SaveAutoGrades)

from crmlab.grading.nbgrader_ext import StudentExecute

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

c.CourseDirectory.course_id = "crmlab"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The exchange stays nbgrader's default (/srv/nbgrader/exchange); set it for your server:
# c.Exchange.root = "/srv/nbgrader/exchange"

# Labs enter the gradebook when `nbgrader generate_assignment` (crmlab grade release) runs.

# Student-facing stub left where a solution was.
c.ClearSolutions.code_stub = {"python": "# 在这里写你的代码 / YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "在这里写你的回答 / YOUR ANSWER HERE"

# Grade every notebook on the student's own shop (CRMLAB_STUDENT_ID in the kernel), survive
# kernel crashes, and bound the time of one cell and of one notebook.
c.Autograde.autograde_preprocessors = [StudentExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
c.Execute.timeout = 60                 # seconds per cell: an infinite loop is interrupted
c.StudentExecute.notebook_timeout = 600  # seconds per notebook

# A deleted test (or answer) cell is put back from the gradebook and run, so deleting a
# test cannot keep points, and a deleted answer cell scores zero instead of breaking grading.
c.OverwriteCells.add_missing_cells = True
