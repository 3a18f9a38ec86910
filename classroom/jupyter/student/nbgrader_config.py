# nbgrader settings of a student on the class server (read-only, in JUPYTER_CONFIG_PATH).
# Who submits is not a setting: ngshare records the hub user of the server's token.
import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = os.environ.get("CRMLAB_CLASSROOM_COURSE", "crmlab")
configureExchange(c, os.environ["CRMLAB_NGSHARE_URL"])
