/*
 * The BUDGET.* custom functions: each posts its arguments to /xlwings/custom-functions-call, where
 * xlwings runs the Python function, and returns the result (a 2-D array, which Excel spills).
 *
 * The server appends one `BudgetFunctions.register(id, funcName)` line per function it serves, so
 * this file and the function metadata cannot drift apart. Every function's metadata asks for the
 * caller's address, so Excel passes an invocation object after the declared arguments.
 */
(function (root) {
  "use strict";

  let culture = null;

  /** The custom-functions runtime version xlwings converts results for (errors, dates). */
  function runtimeVersion() {
    const requirements = root.Office && root.Office.context && root.Office.context.requirements;
    return requirements && requirements.isSetSupported("CustomFunctionsRuntime", "1.4") ? "1.4" : "1.3";
  }

  /** Excel's language and short date pattern, read once. */
  function cultureInfo() {
    if (!culture) {
      culture = root.Excel.run(async (context) => {
        const info = context.application.cultureInfo;
        info.load("name");
        info.datetimeFormat.load("shortDatePattern");
        await context.sync();
        return {name: info.name, dateFormat: info.datetimeFormat.shortDatePattern};
      }).catch(() => ({name: (root.Office && root.Office.context && root.Office.context.displayLanguage) || "zh-CN",
        dateFormat: null}));
    }
    return culture;
  }

  async function call(funcName, args) {
    const invocation = args.pop();
    try {
      const [info, excel] = await Promise.all([root.BudgetAddin.server(), cultureInfo()]);
      const answer = await root.BudgetAddin.postJson("xlwings/custom-functions-call", {
        func_name: funcName,
        args: args.map((a) => (a === undefined ? null : a)),
        caller_address: invocation && invocation.address,
        version: info.xlwings,
        client: "Office.js",
        runtime: runtimeVersion(),
        culture_info_name: excel.name,
        date_format: excel.dateFormat,
      });
      return answer.result;
    } catch (error) {
      throw new root.CustomFunctions.Error(root.CustomFunctions.ErrorCode.notAvailable, error.message);
    }
  }

  function register(id, funcName) {
    if (typeof root.CustomFunctions === "undefined") return; // opened outside Excel
    root.CustomFunctions.associate(id, (...args) => call(funcName, args));
  }

  root.BudgetFunctions = {register, call};
})(globalThis);
