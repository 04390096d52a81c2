/* The declaration editor: tabs, rows, searchable lists, character count, and saving while the
 * applicant types. Without this script the page still works: every panel shows and 保存 posts. */
(function () {
  "use strict";

  const form = document.getElementById("declaration-form");
  if (!form) return;

  const AUTOSAVE_DELAY_MS = 3000;
  const RETRY_DELAY_MS = 15000;
  const status = document.getElementById("save-status");
  const versionInput = form.querySelector("input[name=version]");
  const tabInput = form.querySelector("input[name=tab]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let dirty = false;
  let timer = null;
  let inFlight = null;
  let conflict = false;

  function say(text, kind) {
    status.textContent = text;
    status.dataset.kind = kind || "";
  }

  /* Tabs */
  const tabs = Array.from(form.querySelectorAll("[role=tab]"));
  function showTab(key) {
    if (!tabs.some((tab) => tab.dataset.tab === key)) key = tabs[0].dataset.tab;
    tabs.forEach((tab) => {
      const selected = tab.dataset.tab === key;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.dataset.tab).hidden = !selected;
    });
    tabInput.value = key;
  }
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => {
      showTab(tab.dataset.tab);
      history.replaceState(null, "", "#" + tab.dataset.tab);
    });
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(index + step + tabs.length) % tabs.length];
      next.focus();
      next.click();
    });
  });
  document.querySelectorAll("[data-tab-link]").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showTab(link.dataset.tabLink);
      document.getElementById(link.dataset.tabLink).scrollIntoView();
    });
  });
  form.classList.add("has-tabs");
  showTab(location.hash.slice(1));

  /* Fields that apply to one talent type, and fields that depend on another answer (a 是/否
   * flag, or 性别 for 原法定退休年龄类别) */
  const talentType = document.getElementById("id_talent_type");
  const seniorCategory = form.querySelector("#id_retirement_category option[value=female_senior]");
  const seniorTitle = document.getElementById("id_has_senior_title");
  function applyVisibility() {
    form.querySelectorAll("[data-talent-types]").forEach((element) => {
      element.hidden = !element.dataset.talentTypes.split(" ").includes(talentType.value);
    });
    form.querySelectorAll("[data-depends-on]").forEach((element) => {
      const flag = form.querySelector("[name=" + element.dataset.dependsOn + "]");
      if (flag && flag.value !== element.dataset.dependsValue) element.hidden = true;
    });
    /* 60 周岁 (高级专家) is offered to professional applicants with 高级职称 only; a choice made
     * before stays selected, and the server names it as a problem */
    seniorCategory.hidden = !(talentType.value === "professional" && seniorTitle.value === "yes");
  }
  form.addEventListener("change", applyVisibility);
  applyVisibility();

  /* Long lists: type a keyword to narrow the options */
  form.querySelectorAll(".choice-filter").forEach((filter) => {
    const select = document.getElementById(filter.dataset.filterFor);
    filter.addEventListener("input", () => {
      const keyword = filter.value.trim();
      Array.from(select.options).forEach((option) => {
        option.hidden = Boolean(keyword) && option.value !== "" && !option.text.includes(keyword);
      });
      const first = Array.from(select.options).find((option) => option.value && !option.hidden);
      if (keyword && first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        select.value = first.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  });

  /* Table sections: add and remove rows */
  form.querySelectorAll(".rows").forEach((block) => {
    const body = block.querySelector("tbody");
    const add = block.querySelector(".row-add");
    /* No more rows than the printed form holds; the server refuses them as well. */
    const limitRows = () => {
      add.disabled = body.rows.length >= Number(block.dataset.maxRows);
    };
    limitRows();
    add.addEventListener("click", () => {
      const index = Number(block.dataset.nextIndex) + 1;
      block.dataset.nextIndex = String(index);
      const row = body.querySelector("tr:last-child").cloneNode(true);
      row.querySelectorAll("input").forEach((input) => {
        input.name = input.name.replace(/-\d+-/, "-" + index + "-");
        input.value = "";
        input.removeAttribute("aria-invalid");
      });
      row.querySelectorAll(".errorlist").forEach((list) => list.remove());
      body.appendChild(row);
      limitRows();
      row.querySelector("input").focus();
    });
    body.addEventListener("click", (event) => {
      if (!event.target.classList.contains("row-remove")) return;
      const row = event.target.closest("tr");
      if (body.rows.length > 1) row.remove();
      else row.querySelectorAll("input").forEach((input) => (input.value = ""));
      limitRows();
      changed();
    });
  });

  /* 业绩贡献: a live character count */
  const achievements = document.getElementById("id_achievements");
  const count = document.getElementById("achievements-count");
  function updateCount() {
    const length = achievements.value.trim().length;
    const max = Number(achievements.dataset.maxChars);
    count.textContent = "已输入 " + length + " 字" + (length > max ? "，超出 " + (length - max) + " 字" : "");
    count.classList.toggle("over", length > max);
  }
  achievements.addEventListener("input", updateCount);
  updateCount();

  /* 居民身份证: 出生日期 and 性别 follow every change to a valid number (the server derives and
   * checks them too); a "不一致" shown for the old number no longer applies */
  const idNumber = document.getElementById("id_id_number");
  const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  idNumber.addEventListener("change", () => {
    const number = idNumber.value.trim().toUpperCase();
    if (document.getElementById("id_id_type").value !== "resident_id" || !/^\d{17}[\dX]$/.test(number)) return;
    const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(number[i]), 0);
    if ("10X98765432"[sum % 11] !== number[17]) return;
    const birth = document.getElementById("id_birth_date");
    const sex = document.getElementById("id_sex");
    birth.value = number.slice(6, 10) + "-" + number.slice(10, 12) + "-" + number.slice(12, 14);
    sex.value = Number(number[16]) % 2 ? "male" : "female";
    [birth, sex].forEach((field) => {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
      const box = field.closest(".field");
      box.classList.remove("field-invalid");
      box.querySelectorAll(".errorlist").forEach((list) => list.remove());
    });
  });

  /* A chosen proof is uploaded with 上传 or 保存: say so until then */
  const proofFile = document.getElementById("id_proof_file");
  const proofChosen = document.getElementById("proof-chosen");
  proofFile.addEventListener("change", () => {
    proofChosen.textContent = proofFile.files.length
      ? "已选择“" + proofFile.files[0].name + "”，尚未上传：点击“上传”或“保存”后上传。"
      : "";
  });

  /* Photo preview before upload */
  const photo = document.getElementById("id_photo");
  photo.addEventListener("change", () => {
    const preview = document.getElementById("photo-preview");
    if (!photo.files.length) return;
    preview.src = URL.createObjectURL(photo.files[0]);
    preview.hidden = false;
  });

  /* The draft as the API takes it (the same shape the server reads from the posted form) */
  function draft() {
    const data = new FormData(form);
    const body = { version: Number(versionInput.value), basic: {}, conditions: data.getAll("conditions") };
    const rows = { work_history: {}, publications: {}, awards: {} };
    for (const [name, value] of data.entries()) {
      if (typeof value !== "string") continue;
      const match = /^(\w+)-(\d+)-(\w+)$/.exec(name);
      if (match && rows[match[1]]) {
        (rows[match[1]][match[2]] = rows[match[1]][match[2]] || {})[match[3]] = value;
      } else if (["talent_type", "recommending_organisation", "achievements", "retirement_explanation"].includes(name)) {
        body[name] = value;
      } else if (!["version", "tab", "next", "csrfmiddlewaretoken", "conditions"].includes(name)) {
        body.basic[name] = value;
      }
    }
    Object.keys(rows).forEach((key) => {
      body[key] = Object.keys(rows[key]).sort((a, b) => a - b).map((index) => rows[key][index]);
    });
    return body;
  }

  function clock(date) {
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  function save() {
    timer = null;
    if (!dirty || conflict || inFlight) return inFlight || Promise.resolve();
    dirty = false;
    say("正在保存…");
    inFlight = fetch(form.dataset.apiUrl, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(draft()),
    })
      .then((response) =>
        response.json().catch(() => ({})).then((body) => ({ response, body })),
      )
      .then(({ response, body }) => {
        if (response.ok) {
          versionInput.value = body.version;
          say("已保存 " + clock(new Date()), "ok");
        } else if (response.status === 409) {
          conflict = true;
          dirty = true;
          say(body.detail || "未能保存。", "error");
        } else if (response.status === 401 || response.status === 403) {
          dirty = true;
          say("登录已超时，本次未保存。您填写的内容仍在本页：请在新窗口重新登录后，回到本页点击“保存”。", "error");
        } else if (response.status === 400) {
          dirty = true;
          say((body.detail || "提交的数据有误。") + "内容仍在本页，请修改后点击“保存”。", "error");
        } else {
          dirty = true;
          say("服务器暂时无法保存（" + response.status + "），内容仍在本页，稍后自动重试。", "error");
          timer = setTimeout(save, RETRY_DELAY_MS);
        }
      })
      .catch(() => {
        dirty = true;
        say("网络异常，未能保存，内容仍在本页，稍后自动重试。", "error");
        timer = setTimeout(save, RETRY_DELAY_MS);
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  function changed() {
    dirty = true;
    if (conflict) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  }
  form.addEventListener("input", (event) => {
    if (event.target.type !== "file" && !event.target.classList.contains("choice-filter")) changed();
  });
  form.addEventListener("change", (event) => {
    if (event.target.type !== "file" && !event.target.classList.contains("choice-filter")) changed();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && dirty) save();
  });

  /* 保存 / 提交 post the whole form; wait for an autosave under way so the version is current */
  let submitting = false;
  form.addEventListener("submit", (event) => {
    if (timer) clearTimeout(timer);
    submitting = true;
    if (inFlight) {
      event.preventDefault();
      const button = event.submitter;
      inFlight.then(() => form.requestSubmit(button));
    }
  });

  /* 取消 and ×: ask before leaving with unsaved changes */
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !submitting) event.preventDefault();
  });
  document.querySelectorAll("[data-confirm-leave]").forEach((link) => {
    link.addEventListener("click", (event) => {
      if (dirty && !window.confirm("有尚未保存的修改，确定放弃这些修改并关闭吗？")) {
        event.preventDefault();
      } else {
        dirty = false;
      }
    });
  });
})();
