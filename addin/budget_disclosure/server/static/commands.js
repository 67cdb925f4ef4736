/*
 * The 预算公开 tab's buttons (ExecuteFunction actions in the manifest, one per command tag).
 * Commands that need files (导入公开文件, 批量审核) open the task pane at its file picker, since an
 * add-in cannot show a file dialog from the ribbon; the others run at once and show their result in
 * the task pane, which this page is (shared runtime).
 */
(function (root) {
  "use strict";

  const TAGS = ["import", "recheck", "clear", "export", "batch", "help"];
  const NEEDS_FILES = new Set(["import", "batch"]);

  async function showTaskpane() {
    try {
      await root.Office.addin.showAsTaskpane();
    } catch (e) {
      // Older Excel without SharedRuntime 1.1: the result stays in the (hidden) pane.
    }
  }

  function onButton(tag) {
    return async (event) => {
      try {
        await showTaskpane();
        if (NEEDS_FILES.has(tag)) {
          root.BudgetTaskpane.focus(tag);
        } else {
          await root.BudgetTaskpane.run(tag);
        }
      } finally {
        event.completed();
      }
    };
  }

  if (root.Office) {
    root.Office.onReady(() => {
      for (const tag of TAGS) root.Office.actions.associate(tag, onButton(tag));
    });
  }
  if (typeof module !== "undefined" && module.exports) module.exports = {TAGS, NEEDS_FILES};
})(globalThis);
