# 浏览器版（JupyterLite）：先运行这一格，从本网站安装课程工具包 crmlab（约 1 分钟，每次打开页面运行一次）。
# Browser edition (JupyterLite): run this cell first; it installs the course toolkit crmlab from this site
# (about a minute, once each time you open the page).
import sys

if sys.platform == "emscripten":
    import piplite

    await piplite.install("crmlab")
