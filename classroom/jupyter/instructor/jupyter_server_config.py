# Jupyter server settings of an instructor's server on the class server (read-only, in
# JUPYTER_CONFIG_PATH; the instructor's own ~/.jupyter comes first).
c = get_config()  # noqa: F821
# Nbgrader -> Formgrader shows the formgrader in an iframe of JupyterLab, served by this
# same server: allow framing by this origin only (JupyterHub's default is 'none').
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
