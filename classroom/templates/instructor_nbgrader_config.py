# nbgrader settings of instructor $username (written by classroom/_classroom.py at every spawn).
c = get_config()  # noqa: F821
# The course's own settings (preprocessors, per-student grading, timeouts) ...
load_subconfig("$course_config")  # noqa: F821
# ... with the course directory and the exchange of this class server.
c.CourseDirectory.root = "$course_root"
c.CourseDirectory.course_id = "$course_id"
c.Exchange.root = "$exchange"
c.Exchange.cache = "$home/.local/share/jupyter/nbgrader_cache"
c.Exchange.path_includes_course = False
