"""The Office.js flavour of the add-in: Excel on Windows, Mac and the web through xlwings Server.

    budget-disclosure serve [--host 127.0.0.1] [--port 8000] [--public-url URL]
                            [--ssl-certfile F --ssl-keyfile F] [--max-upload-mb 50]

Everything here is imported only by ``serve`` and its tests, never by the core or the desktop
add-in: xlwings Server and its remote Book are licensed under PolyForm Noncommercial (free for
government institutions and other noncommercial organisations) or a commercial xlwings licence,
and the rest of the package must stay usable without either. The server refuses to start
without a key in ``XLWINGS_LICENSE_KEY`` (``noncommercial`` for noncommercial use).

HTTPS: Office loads add-ins only over HTTPS, even during development. On one's own machine that
means ``https://localhost`` with a certificate the machine trusts (``mkcert -install`` then
``mkcert localhost``, passed as ``--ssl-certfile``/``--ssl-keyfile``); plain ``http://`` is fine only
for the tests and for looking at the routes in a browser. In production, either give ``serve`` a
real certificate or put it behind an HTTPS reverse proxy and pass the proxy's address as
``--public-url`` — the manifest's URLs are built from it.

Run one server process (uvicorn's default): uploaded files are remembered in memory by token, so
several workers behind one address would not find each other's uploads.

Installing the add-in: download ``<public-url>/manifest.xml`` and

  - Excel on the web: 插入 → 加载项 → 我的加载项 → 上载我的加载项, choose manifest.xml;
  - Excel on Windows: put manifest.xml in a shared network folder, add that folder under
    文件 → 选项 → 信任中心 → 信任中心设置 → 受信任的加载项目录 (tick 显示在菜单中), restart Excel,
    then 插入 → 我的加载项 → 共享文件夹;
  - Excel on Mac: copy manifest.xml to
    ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/ and restart Excel;
  - for an organisation: Microsoft 365 admin center → 集成应用 → 上传自定义应用 (centralised deployment).

Modules: functions.py (the BUDGET.* custom functions), scripts.py (one script per ribbon command),
uploads.py (the task pane's uploaded files), manifest.py, icons.py, app.py (the Starlette app), and
static/ (the shared-runtime page and its plain JavaScript; Office.js itself comes from Microsoft's
CDN, as for every Office add-in).
"""
