/* 导出文件: poll the status of an export job, show its progress, then the download link.
   No inline script (CSP); a job still being made carries data-export-status-url. */
(function () {
  "use strict";
  var INTERVAL_MS = 1500;
  var MAX_POLLS = 1300; // about half an hour, past the export task's time limit

  function fail(box, text) {
    var error = box.querySelector("[data-export-error]");
    error.textContent = text;
    error.hidden = false;
    box.removeAttribute("data-export-status-url");
  }

  function poll(box, count) {
    fetch(box.getAttribute("data-export-status-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        var status = box.querySelector("[data-export-status]");
        status.textContent = body.status_display;
        status.className = "status status-" + body.status;
        box.querySelector("[data-export-progress]").value = body.progress;
        box.querySelector("[data-export-percent]").textContent = body.progress + "%";
        if (body.status === "done") {
          box.querySelector("[data-export-download]").hidden = false;
          box.removeAttribute("data-export-status-url");
        } else if (body.status === "failed") {
          fail(box, body.error);
          box.querySelector("[data-export-retry]").hidden = false;
        } else if (count < MAX_POLLS) {
          window.setTimeout(function () { poll(box, count + 1); }, INTERVAL_MS);
        }
      })
      .catch(function () {
        fail(box, "无法获取生成状态（网络异常或登录已过期），请刷新页面。");
      });
  }

  document.querySelectorAll("[data-export-status-url]").forEach(function (box) {
    poll(box, 0);
  });
})();
