/*
 * The add-in's one connection to the server, shared by the task pane, the ribbon and the custom
 * functions (they all run in the same page: the manifest asks for a shared runtime).
 *
 *   bookPayload(context)      the workbook as xlwings Server's remote Book reads it
 *   runScript(tag, args)      post it to /xlwings/custom-scripts-call/{tag}, apply the returned
 *                             actions, and return {messages, workbooks}
 *   applyActions(context, a)  carry out xlwings' actions with Office.js
 *   upload(file)              store a chosen file on the server, returning its token
 *   openWorkbook(wb)          open a returned .xlsx (base64) as a new workbook
 *
 * Plain JavaScript with no build step; Office.js comes from Microsoft's CDN. Loaded by node too
 * (module.exports), so the action handlers can be tested against a small fake Excel.
 */
(function (root) {
  "use strict";

  const CLIENT = "Office.js";

  /** A server route, relative to the page so the add-in also works under a path prefix. */
  function serverUrl(path) {
    return new URL(path, root.location ? root.location.href : "http://localhost/").toString();
  }

  /** POST and return the JSON answer; a failed request throws an Error with the server's message. */
  async function post(path, body, headers) {
    let response;
    try {
      response = await root.fetch(serverUrl(path), {method: "POST", headers: headers, body: body});
    } catch (e) {
      throw new Error("无法连接预算公开服务器，请确认服务器已启动、网络可用。");
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      throw new Error((data && data.error) || `服务器返回错误（HTTP ${response.status}）。`);
    }
    return data;
  }

  function postJson(path, value) {
    return post(path, JSON.stringify(value), {"Content-Type": "application/json"});
  }

  let serverInfo = null;

  /** The server's /health answer, fetched once (its xlwings version goes into every payload). */
  async function server() {
    if (!serverInfo) {
      serverInfo = root.fetch(serverUrl("health")).then((r) => r.json()).catch((e) => {
        serverInfo = null;
        throw new Error("无法连接预算公开服务器，请确认服务器已启动、网络可用。");
      });
    }
    return serverInfo;
  }

  function afterSheetName(address) {
    return address.split("!").pop();
  }

  /** The sheet name of an address like 'Sheet 1'!$A$1 (quotes doubled inside quoted names). */
  function sheetOf(address) {
    const sheet = address.slice(0, address.lastIndexOf("!"));
    return sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet;
  }

  /** The selected range's address without its sheet, or null when a chart or shape is selected. */
  async function selectedAddress(context) {
    try {
      const range = context.workbook.getSelectedRange();
      range.load("address");
      await context.sync();
      return afterSheetName(range.address);
    } catch (e) {
      return null;
    }
  }

  /** The workbook in the shape xlwings' remote Book expects: book, names (range names only, with
   *  the sheet they point into), and every sheet's values from A1 to its last used cell. */
  async function bookPayload(context) {
    const info = await server();
    const workbook = context.workbook;
    workbook.load("name");
    const sheets = workbook.worksheets;
    sheets.load("items/name,items/position");
    const active = sheets.getActiveWorksheet();
    active.load("position");
    workbook.names.load("items/name,items/type");
    await context.sync();
    const selection = await selectedAddress(context);

    const used = sheets.items.map((sheet) => {
      const range = sheet.getUsedRangeOrNullObject(true);
      range.load("rowIndex,columnIndex,rowCount,columnCount");
      sheet.names.load("items/name,items/type");
      return range;
    });
    await context.sync();

    const blocks = sheets.items.map((sheet, i) => {
      const u = used[i];
      if (u.isNullObject) return null;
      const block = sheet.getRangeByIndexes(0, 0, u.rowIndex + u.rowCount, u.columnIndex + u.columnCount);
      block.load("values");
      return block;
    });
    const named = [];
    const addNames = (items, scope) => {
      for (const item of items) {
        if (item.type !== "Range") continue;
        const range = item.getRangeOrNullObject();
        range.load("address");
        named.push({item: item, range: range, scope: scope});
      }
    };
    addNames(workbook.names.items, null);
    sheets.items.forEach((sheet) => addNames(sheet.names.items, sheet));
    await context.sync();
    const positions = new Map(sheets.items.map((sheet) => [sheet.name, sheet.position]));

    return {
      client: CLIENT,
      version: info.xlwings,
      book: {
        name: workbook.name,
        active_sheet_index: active.position,
        selection: selection,
      },
      names: named.filter((n) => !n.range.isNullObject && positions.has(sheetOf(n.range.address))).map((n) => ({
        name: n.item.name,
        sheet_index: positions.get(sheetOf(n.range.address)),
        address: afterSheetName(n.range.address),
        book_scope: n.scope === null,
        scope_sheet_name: n.scope === null ? null : n.scope.name,
        scope_sheet_index: n.scope === null ? null : n.scope.position,
      })),
      sheets: sheets.items.map((sheet, i) => ({
        name: sheet.name,
        values: blocks[i] ? blocks[i].values : [[""]],
        pictures: [],
        tables: [],
      })),
    };
  }

  /** The worksheets by position, loaded on first use and again after a sheet is added or deleted. */
  class SheetList {
    constructor(context) {
      this.context = context;
      this.items = null;
    }

    async at(position) {
      if (this.items === null) {
        const sheets = this.context.workbook.worksheets;
        sheets.load("items/name");
        await this.context.sync();
        this.items = sheets.items;
      }
      const sheet = this.items[position];
      if (!sheet) throw new Error(`工作表位置 ${position} 不存在。`);
      return sheet;
    }

    changed() {
      this.items = null;
    }
  }

  async function rangeOf(action, sheets) {
    const sheet = await sheets.at(action.sheet_position);
    return sheet.getRangeByIndexes(action.start_row, action.start_column, action.row_count, action.column_count);
  }

  function isFormula(value) {
    return typeof value === "string" && value.startsWith("=");
  }

  /** What to do for each action xlwings' remote Book records (only those our commands emit; a
   *  test runs every command and checks each func it sees has a handler here). */
  const ACTIONS = {
    async addSheet(context, action, sheets) {
      const sheet = context.workbook.worksheets.add(action.args[1]);
      sheet.position = action.args[0];
      await context.sync();
      sheets.changed();
    },
    async sheetDelete(context, action, sheets) {
      (await sheets.at(action.sheet_position)).delete();
      await context.sync();
      sheets.changed();
    },
    async setSheetVisibility(context, action, sheets) {
      (await sheets.at(action.sheet_position)).visibility = action.args[0];
    },
    async setValues(context, action, sheets) {
      // A None from Python clears the cell, as on the desktop. Formulas are written through
      // `formulas`, which Excel reads in English whatever the user's language.
      const values = action.values.map((row) => row.map((v) => (v === null ? "" : v)));
      const range = await rangeOf(action, sheets);
      if (values.some((row) => row.some(isFormula))) {
        range.formulas = values;
      } else {
        range.values = values;
      }
    },
    async setRangeColor(context, action, sheets) {
      const range = await rangeOf(action, sheets);
      if (action.args[0] === null) {
        range.format.fill.clear();
      } else {
        range.format.fill.color = action.args[0];
      }
    },
    async namesAdd(context, action, sheets) {
      const names = action.sheet_position === null || action.sheet_position === undefined
        ? context.workbook.names : (await sheets.at(action.sheet_position)).names;
      names.add(action.args[0], action.args[1]);
    },
    async nameDelete(context, action, sheets) {
      const [, , name, , bookScope, scopeSheetIndex] = action.args;
      const names = bookScope ? context.workbook.names : (await sheets.at(scopeSheetIndex)).names;
      names.getItem(name).delete();
    },
  };

  async function applyActions(context, actions) {
    const sheets = new SheetList(context);
    for (const action of actions) {
      const handler = ACTIONS[action.func];
      if (!handler) throw new Error(`插件不认识服务器要求的操作“${action.func}”，请升级插件。`);
      await handler(context, action, sheets);
    }
    await context.sync();
  }

  /** Run a ribbon command on the open workbook; returns {messages, workbooks}. */
  async function runScript(tag, scriptArgs) {
    return root.Excel.run(async (context) => {
      const payload = await bookPayload(context);
      payload.script_args = scriptArgs || [];
      const result = await postJson(`xlwings/custom-scripts-call/${encodeURIComponent(tag)}`, payload);
      await applyActions(context, result.actions || []);
      return {messages: result.messages || [], workbooks: result.workbooks || []};
    });
  }

  /** Upload a File from an <input type=file>; returns {token, name, size}. A file over the
   *  server's limit is refused here, before it is sent. */
  async function upload(file) {
    const limit = (await server()).max_upload_bytes;
    if (limit && file.size > limit) {
      throw new Error(`文件“${file.name}”太大：上传的文件不能超过 ${Math.floor(limit / 1048576)} MB。`);
    }
    return post(`budget/upload?name=${encodeURIComponent(file.name)}`, file,
      {"Content-Type": "application/octet-stream"});
  }

  /** Open a returned workbook in Excel; false when this Excel cannot (the caller offers a download). */
  async function openWorkbook(workbook) {
    if (!root.Excel || typeof root.Excel.createWorkbook !== "function") return false;
    try {
      await root.Excel.createWorkbook(workbook.base64);
      return true;
    } catch (e) {
      return false;
    }
  }

  const api = {ACTIONS, applyActions, bookPayload, runScript, upload, openWorkbook, postJson, server, serverUrl};
  root.BudgetAddin = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
