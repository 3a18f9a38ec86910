// crmlab browser edition: say so when the Python runtime (Pyodide) cannot start.
//
// tools/build_site.py copies this file to the site's root and loads it first in every
// JupyterLite page (lab/, notebooks/, repl/ ...), before JupyterLab itself. Without it,
// a Pyodide that cannot load (no network, a blocked CDN, files missing from an offline
// bundle, an old browser) leaves the first cell at [*] forever with no word of why.
//
// How: the Pyodide kernel runs in a web worker that the page creates and then asks,
// through comlink, to initialise (load Pyodide, then the kernel's packages). Every
// worker the page creates is watched: the first comlink answer of a kernel worker
// says whether the initialisation worked (a comlink "throw" carries the error); a worker
// whose script fails raises an "error" event; a kernel with no answer after TIMEOUT_MS is
// reported as probably stuck (and the note goes away if it starts after all).
(function () {
  "use strict";
  var SETTINGS = __CRMLAB_SETTINGS__;  // {"offline": bool, "timeoutSeconds": number}
  var TIMEOUT_MS = (SETTINGS.timeoutSeconds || 120) * 1000;
  var BOX_ID = "crmlab-kernel-problem";

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function advice(kind) {
    var zhWhat = kind === "timeout"
      ? "Python 运行环境（Pyodide）在 " + Math.round(TIMEOUT_MS / 1000) + " 秒内还没有启动，代码格会一直显示 [*]。"
      : "Python 运行环境（Pyodide）无法加载，代码格不能运行（会一直显示 [*]）。";
    var enWhat = kind === "timeout"
      ? "The Python runtime (Pyodide) has not started within " + Math.round(TIMEOUT_MS / 1000)
        + " seconds; cells will stay at [*]."
      : "The Python runtime (Pyodide) could not be loaded, so cells cannot run (they stay at [*]).";
    var zhSteps = SETTINGS.offline
      ? ["本网站自带的 Pyodide 文件（static/pyodide/）缺失或损坏：请告诉任课老师或网站管理员重新构建网站（make site PYODIDE_DIR=…）。",
         "先刷新页面再试一次；请用最新版的 Chrome、Edge 或 Firefox。"]
      : ["检查网络后刷新页面：第一次打开要下载约 30 MB 的运行环境，之后浏览器会缓存。",
         "请用最新版的 Chrome、Edge 或 Firefox，不要用无痕模式或省流量模式。",
         "学校或公司网络可能拦截了 cdn.jsdelivr.net：换一个网络（例如手机热点）再试。"];
    zhSteps.push("仍然不行：在自己的电脑上安装课程环境（pip install \"crmlab[lab]\"，然后运行 crmlab lab），"
                 + "或把下面的错误信息发给任课老师。");
    var enSteps = SETTINGS.offline
      ? ["The Pyodide files this site carries (static/pyodide/) are missing or broken: ask your teacher or the "
         + "site's administrator to rebuild the site (make site PYODIDE_DIR=...).",
         "Reload the page to try again; use an up-to-date Chrome, Edge or Firefox."]
      : ["Check your connection and reload the page: the first visit downloads about 30 MB, which the browser "
         + "then keeps.",
         "Use an up-to-date Chrome, Edge or Firefox, not a private or data-saving mode.",
         "A school or company network may block cdn.jsdelivr.net: try another network (e.g. a phone hotspot)."];
    enSteps.push("Still stuck: install the course on your own computer (pip install \"crmlab[lab]\", then "
                 + "crmlab lab), or send the error below to your teacher.");
    return { zhWhat: zhWhat, enWhat: enWhat, zhSteps: zhSteps, enSteps: enSteps };
  }

  function show(kind, detail) {
    var a = advice(kind);
    var box = document.getElementById(BOX_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = BOX_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:12px;left:50%;transform:translateX(-50%);z-index:100000;"
        + "max-width:46rem;width:calc(100% - 32px);box-sizing:border-box;background:#fff4e5;color:#1f2933;"
        + "border:2px solid #d9822b;border-radius:8px;padding:12px 16px;box-shadow:0 4px 16px rgba(0,0,0,.25);"
        + "font:14px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;";
      (document.body || document.documentElement).appendChild(box);
    }
    box.setAttribute("data-kind", kind);
    function list(items) {
      return "<ol style='margin:4px 0 8px 1.2rem;padding:0'>" + items.map(function (s) {
        return "<li>" + esc(s) + "</li>";
      }).join("") + "</ol>";
    }
    box.innerHTML =
      "<button type='button' aria-label='关闭 / close' style='float:right;border:0;background:none;"
      + "font-size:18px;cursor:pointer'>×</button>"
      + "<div lang='zh-CN'><b>" + esc(a.zhWhat) + "</b>" + list(a.zhSteps) + "</div>"
      + "<div lang='en'><b>" + esc(a.enWhat) + "</b>" + list(a.enSteps) + "</div>"
      + (detail ? "<div style='font-family:monospace;font-size:12px;color:#7b3f00;white-space:pre-wrap'>"
        + "错误信息 / error: " + esc(detail) + "</div>" : "")
      + "<button type='button' class='crmlab-reload' style='margin-top:6px'>刷新页面 / Reload</button>";
    box.querySelector("button").onclick = function () { box.remove(); };
    box.querySelector(".crmlab-reload").onclick = function () { window.location.reload(); };
  }

  function showWhenReady(kind, detail) {
    if (document.body) {
      show(kind, detail);
    } else {
      document.addEventListener("DOMContentLoaded", function () { show(kind, detail); });
    }
  }

  function clearTimeoutNote() {
    var box = document.getElementById(BOX_ID);
    if (box && box.getAttribute("data-kind") === "timeout") {
      box.remove();
    }
  }

  var NativeWorker = window.Worker;
  if (!NativeWorker) {
    return;
  }

  function watch(worker, url) {
    var answered = false;
    var timer = window.setTimeout(function () {
      if (!answered) {
        showWhenReady("timeout", "");
      }
    }, TIMEOUT_MS);
    function settle(ok, detail) {
      if (answered) {
        return;
      }
      answered = true;
      window.clearTimeout(timer);
      if (ok) {
        clearTimeoutNote();
      } else {
        showWhenReady("failed", detail);
      }
    }
    worker.addEventListener("error", function (ev) {
      settle(false, (ev && ev.message) || ("the kernel's worker could not start: " + url));
    });
    worker.addEventListener("message", function (ev) {
      var data = ev && ev.data;
      // comlink's answer to the first call, initialize(): a value, or a thrown error
      if (!data || typeof data !== "object" || data.id === undefined || !data.type) {
        return;
      }
      if (data.type === "HANDLER" && data.name === "throw") {
        var err = data.value && data.value.value;
        settle(false, (err && (err.message || err.name)) || "Pyodide failed to load");
      } else {
        settle(true);
      }
    });
  }

  function WatchedWorker(url, options) {
    var worker = new NativeWorker(url, options);
    if (/pyodide|kernel/i.test(String(url))) {
      watch(worker, String(url));
    }
    return worker;
  }
  WatchedWorker.prototype = NativeWorker.prototype;
  window.Worker = WatchedWorker;
}());
