"""The xlwings Server web app (Starlette): the add-in's pages, manifest, functions and scripts.

    GET  /manifest.xml                          the add-in manifest, URLs on the public base URL
    GET  /taskpane.html, /static/…, /icons/…    the shared-runtime page, its JS/CSS, the icons
    GET  /xlwings/custom-functions-meta         xlwings' metadata of server/functions.py
    GET  /xlwings/custom-functions-code         our functions.js (xlwings' wheel ships none)
    POST /xlwings/custom-functions-call         {func_name, args, …} -> {"result": …}
    GET  /xlwings/custom-scripts-meta           the ribbon scripts, by command tag
    POST /xlwings/custom-scripts-call/{tag}     the book payload + "script_args" ->
                                                {"actions": […], "messages": […], "workbooks": […]}
    POST /budget/upload?name=FILE               raw bytes -> {"token", "name", "size"}
    GET  /budget/commands                       the commands' labels and tips, for the task pane
    GET  /health                                {"status": "ok", …}

Every error the client sees is JSON ``{"error": "<中文说明>"}`` with a 4xx/5xx status; tracebacks
go to the server log only. Scripts and functions run in worker threads (reading a PDF takes a
moment) so one user's import does not stall everyone else's requests.
"""
from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import re
from pathlib import Path
from typing import get_type_hints
from urllib.parse import unquote

import xlwings as xw
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from xlwings.server import custom_functions_call, custom_functions_meta, custom_scripts_call, custom_scripts_meta

from .. import __version__
from ..excel.commands import COMMANDS
from . import functions
from .icons import icon_png
from .manifest import manifest_xml
from .scripts import SCRIPTS, ServerDialogs
from .uploads import MAX_BYTES, ClientError, UploadStore

STATIC = Path(__file__).parent / "static"
DRAIN_BYTES = 64 * 1024 * 1024  # how much of an oversized upload is read and dropped, see upload()


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_body(request: Request) -> dict:
    try:
        data = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ClientError("请求内容不是有效的 JSON。") from None
    if not isinstance(data, dict):
        raise ClientError("请求内容应是一个 JSON 对象。")
    return data


# ── pages, manifest, icons ───────────────────────────────────────────────────────────────────

async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "version": __version__, "xlwings": xw.__version__,
                         "max_upload_bytes": request.app.state.uploads.max_bytes})


async def manifest(request: Request) -> Response:
    return Response(manifest_xml(request.app.state.public_url), media_type="application/xml")


async def taskpane(request: Request) -> FileResponse:
    return FileResponse(STATIC / "taskpane.html", media_type="text/html")


async def icon(request: Request) -> Response:
    m = re.fullmatch(r"([a-z]+)-(\d+)\.png", request.path_params["file"])
    try:
        data = icon_png(m.group(1), int(m.group(2))) if m else None
    except KeyError:
        data = None
    return Response(data, media_type="image/png") if data else error("没有这个图标。", 404)


# ── custom functions ─────────────────────────────────────────────────────────────────────────

async def functions_meta(request: Request) -> JSONResponse:
    return JSONResponse(custom_functions_meta(functions))


def functions_js() -> str:
    """static/functions.js plus one register line per function: its metadata id (how xlwings'
    custom_functions_meta names it) and the Python name the call must post as func_name."""
    names = [obj.__xlfunc__["name"] for _, obj in inspect.getmembers(functions) if hasattr(obj, "__xlfunc__")]
    lines = [f'BudgetFunctions.register("{name.upper()}", "{name}");' for name in names]
    return (STATIC / "functions.js").read_text("utf-8") + "\n" + "\n".join(lines) + "\n"


async def functions_code(request: Request) -> Response:
    return Response(functions_js(), media_type="text/javascript")


async def functions_call(request: Request) -> JSONResponse:
    data = await _json_body(request)
    name = data.get("func_name")
    if not isinstance(name, str) or not hasattr(getattr(functions, name, None), "__xlfunc__"):
        raise ClientError(f"没有名为“{name}”的工作表函数。", 404)
    missing = [k for k in ("args", "version", "client", "runtime") if k not in data]
    if missing or not isinstance(data["args"], list):
        raise ClientError(f"函数调用缺少参数：{', '.join(missing) or 'args'}。")
    result = await run_in_threadpool(lambda: asyncio.run(custom_functions_call(data, functions)))
    return JSONResponse({"result": result})


# ── ribbon scripts ───────────────────────────────────────────────────────────────────────────

async def command_list(request: Request) -> JSONResponse:
    """The ribbon's labels and tips for the task pane's buttons, from the one command registry."""
    return JSONResponse([{"tag": c.tag, "label": c.label, "tip": c.tip} for c in COMMANDS.values()])


async def scripts_meta(request: Request) -> JSONResponse:
    return JSONResponse(custom_scripts_meta(SCRIPTS))


def _book(payload: dict):
    """The remote Book of an Excel payload, or a ClientError saying what is wrong with it."""
    payload.setdefault("names", [])
    if not isinstance(payload.get("book"), dict) or not isinstance(payload.get("sheets"), list) \
            or not {"client", "version"} <= payload.keys():
        raise ClientError("工作簿数据不完整：需要 client、version、book、sheets。")
    try:
        return xw.Book(json=payload)
    except Exception as e:  # noqa: BLE001 - a malformed payload is the client's problem
        raise ClientError(f"工作簿数据无法读取（{type(e).__name__}）。") from e


def _check_arguments(tag: str, args: list) -> None:
    """The task pane's arguments against the script's own (the injected book and dialogs aside)."""
    script = inspect.unwrap(getattr(SCRIPTS, tag))
    hints = get_type_hints(script)
    params = [p for p in inspect.signature(script).parameters.values()
              if hints.get(p.name) not in (xw.Book, ServerDialogs)]
    required = [p for p in params if p.default is inspect.Parameter.empty]
    if not len(required) <= len(args) <= len(params):
        raise ClientError(f"“{COMMANDS[tag].label}”的参数不对（应为 {', '.join(p.name for p in params) or '无'}），"
                          "请刷新任务窗格后重试。")


def _run_script(tag: str, payload: dict, args: list, dialogs: ServerDialogs) -> dict:
    book = _book(payload)
    try:
        asyncio.run(custom_scripts_call(SCRIPTS, tag, typehint_to_value={xw.Book: book, ServerDialogs: dialogs},
                                        args=args))
        actions = [_displayed(a, dialogs.uploads) for a in book.json()["actions"]]
        return {"actions": actions, "messages": dialogs.messages, "workbooks": dialogs.workbooks}
    finally:
        book.close()
        dialogs.cleanup()
        _forget_ranges()


def _displayed(action: dict, uploads: UploadStore) -> dict:
    """The action with the server's private upload paths in written cells cut down to the file
    names the user chose (an import records its source file, e.g. on 概况)."""
    if not action.get("values"):
        return action
    values = [[uploads.display(v) if isinstance(v, str) else v for v in row] for row in action["values"]]
    return dict(action, values=values)


def _forget_ranges() -> None:
    """xlwings' remote engine memoises range reads keyed by a whole sheet's values, without a
    bound; on a server that sees a workbook per request, that would keep every one of them."""
    from xlwings.pro import _xlremote

    cache = getattr(_xlremote, "get_range_api", None)
    if hasattr(cache, "cache_clear"):
        cache.cache_clear()


async def scripts_call(request: Request) -> JSONResponse:
    tag = request.path_params["script_name"]
    if tag not in vars(SCRIPTS):
        raise ClientError(f"没有名为“{tag}”的命令。", 404)
    payload = await _json_body(request)
    args = payload.pop("script_args", [])
    if not isinstance(args, list):
        raise ClientError("script_args 应是参数列表。")
    _check_arguments(tag, args)
    dialogs = ServerDialogs(request.app.state.uploads)
    return JSONResponse(await run_in_threadpool(_run_script, tag, payload, args, dialogs))


# ── uploads ──────────────────────────────────────────────────────────────────────────────────

async def upload(request: Request) -> JSONResponse:
    store: UploadStore = request.app.state.uploads
    name = request.query_params.get("name") or unquote(request.headers.get("x-file-name", ""))
    if not name.strip():
        raise ClientError("缺少文件名（查询参数 name）。")
    declared = request.headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > store.max_bytes
    body, received = bytearray(), 0
    async for chunk in request.stream():
        # An oversized body is still read (up to a bound) before answering: closing a connection
        # the client is still sending on resets it, and a browser then reports a network error
        # instead of our message.
        received += len(chunk)
        too_large = too_large or received > store.max_bytes
        if not too_large:
            body += chunk
        elif received > store.max_bytes + DRAIN_BYTES:
            break
    if too_large:
        raise ClientError(store.too_large_message(), 413)
    stored = await run_in_threadpool(store.add, name, bytes(body))
    return JSONResponse({"token": stored.token, "name": stored.name, "size": stored.size})


# ── the app ──────────────────────────────────────────────────────────────────────────────────

async def _client_error(request: Request, exc: ClientError) -> JSONResponse:
    return error(exc.message, exc.status)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    messages = {404: "找不到这个地址。", 405: "不支持这种请求方法。"}
    return error(messages.get(exc.status_code, f"请求有误（HTTP {exc.status_code}）。"), exc.status_code)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    # Starlette re-raises the exception after this answer, so the server logs its traceback.
    text = f"{type(exc).__name__}: {exc}"
    return error(f"服务器内部错误：{request.app.state.uploads.display(text)}（详情见服务器日志）。", 500)


class RevalidatingHeaders:
    """Office's web views cache add-in files hard; "no-cache" makes them revalidate, so an upgraded
    server's pages and scripts never mix with old ones."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Cache-Control", "no-cache")
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


def create_app(public_url: str, max_upload_bytes: int = MAX_BYTES) -> Starlette:
    """The web app; ``public_url`` is the address Excel reaches it at (it goes into the manifest)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            app.state.uploads.close()

    app = Starlette(
        routes=[
            Route("/health", health),
            Route("/manifest.xml", manifest),
            Route("/taskpane.html", taskpane),
            Route("/icons/{file}", icon),
            Route("/xlwings/custom-functions-meta", functions_meta),
            Route("/xlwings/custom-functions-code", functions_code),
            Route("/xlwings/custom-functions-call", functions_call, methods=["POST"]),
            Route("/xlwings/custom-scripts-meta", scripts_meta),
            Route("/xlwings/custom-scripts-call/{script_name}", scripts_call, methods=["POST"]),
            Route("/budget/upload", upload, methods=["POST"]),
            Route("/budget/commands", command_list),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers={ClientError: _client_error, HTTPException: _http_error, Exception: _internal_error},
        middleware=[Middleware(RevalidatingHeaders)],
        lifespan=lifespan,
    )
    app.state.public_url = public_url.rstrip("/")
    app.state.uploads = UploadStore(max_bytes=max_upload_bytes)

    return app
