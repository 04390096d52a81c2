/* 打印申报表: poll the status of each file being made and show the download link when done,
   or the 重新生成 button when it failed.
   No inline script (CSP); rows that are pending carry data-render-status-url. */
(function () {
  "use strict";
  var INTERVAL_MS = 1500;
  var MAX_POLLS = 200; // about five minutes, well past the render task's time limit
  var MAX_FAILURES = 3; // a busy server or a network hiccup is retried before the user is told

  function poll(row, count, failures) {
    var statusUrl = row.getAttribute("data-render-status-url");
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        var status = row.querySelector("[data-render-status]");
        status.textContent = body.status_display;
        status.className = "status status-" + body.status;
        if (body.status === "done") {
          row.querySelector("[data-render-download]").hidden = false;
          row.removeAttribute("data-render-status-url");
        } else if (body.status === "failed") {
          var error = row.querySelector("[data-render-error]");
          error.textContent = body.error;
          error.hidden = false;
          row.querySelector("[data-render-retry]").hidden = false;
          row.removeAttribute("data-render-status-url");
        } else if (count < MAX_POLLS) {
          window.setTimeout(function () { poll(row, count + 1, 0); }, INTERVAL_MS);
        }
      })
      .catch(function () {
        if (failures + 1 < MAX_FAILURES && count < MAX_POLLS) {
          window.setTimeout(function () { poll(row, count + 1, failures + 1); }, INTERVAL_MS);
          return;
        }
        var error = row.querySelector("[data-render-error]");
        error.textContent = "无法获取生成状态（网络异常或登录已过期），请刷新页面。";
        error.hidden = false;
      });
  }

  document.querySelectorAll("[data-render-status-url]").forEach(function (row) {
    poll(row, 0, 0);
  });
})();
