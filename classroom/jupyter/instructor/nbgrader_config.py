# nbgrader settings of an instructor on the class server (read-only, in JUPYTER_CONFIG_PATH).
import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
course = os.path.join(os.path.expanduser("~"), "course")
# The course's own settings (grading preprocessors, time-outs, ...), also for the
# formgrader, which runs in the instructor's server with the home as its root.
if os.path.isfile(os.path.join(course, "nbgrader_config.py")):
    load_subconfig(os.path.join(course, "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = course
c.CourseDirectory.course_id = os.environ.get("CRMLAB_CLASSROOM_COURSE", "crmlab")
# The exchange is ngshare, a hub service.
configureExchange(c, os.environ["CRMLAB_NGSHARE_URL"])
# The formgrader shows students' notebooks: their HTML and JavaScript outputs are
# sanitized, so nothing a student wrote runs in the instructor's browser session.
c.HTMLExporter.sanitize_html = True
