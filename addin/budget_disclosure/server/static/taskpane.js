/*
 * The task pane: buttons for the ribbon's commands (labels and tips from the server's command
 * registry), the file pickers the import and 批量审核 need, and the message area where every
 * command's result is shown — also for commands started from the ribbon (commands.js), since
 * they share this page.
 */
(function (root) {
  "use strict";

  const $ = (selector) => root.document.querySelector(selector);
  const $$ = (selector) => Array.from(root.document.querySelectorAll(selector));
  const labels = {};
  let busy = false;

  function element(tag, className, text) {
    const e = root.document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function addMessage(title, lines, isError) {
    const box = element("div", isError ? "message error" : "message");
    box.appendChild(element("h3", "", title));
    for (const line of lines) box.appendChild(element("p", "", line));
    const area = $("#messages");
    area.insertBefore(box, area.firstChild);
    return box;
  }

  /** A returned workbook: opened in Excel where Office.js can, and always offered as a download. */
  async function offerWorkbook(box, workbook) {
    const bytes = Uint8Array.from(root.atob(workbook.base64), (c) => c.charCodeAt(0));
    const blob = new Blob([bytes], {type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"});
    const link = element("a", "", `下载 ${workbook.name}`);
    link.href = URL.createObjectURL(blob);
    link.download = workbook.name;
    box.appendChild(link);
    if (!(await root.BudgetAddin.openWorkbook(workbook))) {
      box.appendChild(element("p", "", "此版本的 Excel 不能直接打开新工作簿，请用上面的链接下载。"));
    }
  }

  async function showResult(tag, result) {
    const lines = result.messages.length ? result.messages : (result.workbooks.length ? [] : ["已完成。"]);
    const box = addMessage(labels[tag] || tag, lines, false);
    for (const workbook of result.workbooks) await offerWorkbook(box, workbook);
  }

  function showError(tag, error) {
    addMessage(labels[tag] || tag, [error && error.message ? error.message : String(error)], true);
  }

  function setBusy(value, tag) {
    busy = value;
    $$("button[data-command]").forEach((b) => {
      b.disabled = value;
    });
    $("#server-status").textContent = value ? `正在执行“${labels[tag] || tag}”……` : "已连接服务器。";
  }

  /** The script arguments a command needs from the task pane; null when the user must pick files first. */
  async function argumentsFor(tag) {
    const upload = root.BudgetAddin.upload;
    if (tag === "import") {
      const file = $("#import-file").files[0];
      if (!file) return null;
      return [(await upload(file)).token, $("#import-replace").checked];
    }
    if (tag === "batch") {
      const files = Array.from($("#batch-files").files);
      if (!files.length) return null;
      const tokens = [];
      for (const file of files) tokens.push((await upload(file)).token);
      return [tokens];
    }
    return [];
  }

  /** Draw attention to the part of the pane a command needs (a ribbon button that needs a file). */
  function focus(tag) {
    const section = $(`#section-${tag}`);
    if (!section) return;
    section.classList.remove("highlight");
    void section.offsetWidth; // restart the animation
    section.classList.add("highlight");
    const input = section.querySelector("input[type=file]");
    if (input) input.focus();
  }

  async function run(tag) {
    if (busy) return;
    setBusy(true, tag);
    try {
      const args = await argumentsFor(tag);
      if (args === null) {
        focus(tag);
        addMessage(labels[tag] || tag, [tag === "batch" ? "请先选择要审核的文件（可多选）。" : "请先选择一个公开文件。"], true);
        return;
      }
      await showResult(tag, await root.BudgetAddin.runScript(tag, args));
    } catch (error) {
      showError(tag, error);
    } finally {
      setBusy(false, tag);
    }
  }

  async function start() {
    try {
      const [info, commands] = await Promise.all([
        root.BudgetAddin.server(),
        root.fetch(root.BudgetAddin.serverUrl("budget/commands")).then((r) => r.json()),
      ]);
      for (const c of commands) {
        labels[c.tag] = c.label;
        $$(`[data-label="${c.tag}"]`).forEach((e) => {
          e.textContent = c.label;
        });
        $$(`[data-tip="${c.tag}"]`).forEach((e) => {
          e.textContent = c.tip;
        });
        $$(`button[data-command="${c.tag}"]`).forEach((b) => {
          b.textContent = c.label;
          b.title = c.tip;
        });
      }
      $("#server-status").textContent = `已连接服务器（版本 ${info.version}）。`;
    } catch (error) {
      $("#server-status").textContent = "无法连接预算公开服务器，请确认服务器已启动、网络可用。";
      $("#server-status").classList.add("error");
    }
    $$("button[data-command]").forEach((b) => b.addEventListener("click", () => run(b.dataset.command)));
  }

  root.BudgetTaskpane = {run, focus, showResult, showError};
  if (root.Office) root.Office.onReady(start);
})(globalThis);
