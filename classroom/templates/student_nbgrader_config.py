# nbgrader settings of student $username (written by classroom/_classroom.py at every spawn).
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "$course_id"
# Who submits: the hub's user name, not the OS user (every server runs as the same OS user
# under SimpleLocalProcessSpawner). It also makes the Assignments list show only this
# student's own submissions and feedback.
c.CourseDirectory.student_id = "$username"
c.Exchange.root = "$exchange"
c.Exchange.cache = "$home/.local/share/jupyter/nbgrader_cache"
c.Exchange.path_includes_course = False
