"""The command line: a thin shell over extract() and the writers.

    budget-disclosure extract FILE                 # a summary of what was read
    budget-disclosure extract FILE --json out.json # the model as JSON (see docs/json-format.md)
    budget-disclosure extract FILE --json -        # JSON to standard output
    budget-disclosure check FILE                   # a readable report of every finding
    budget-disclosure check FILE --json report.json
    budget-disclosure check DIR... --summary 汇总.xlsx   # 批量审核: every file, in parallel, into the store
    budget-disclosure import FILE -o BOOK.xlsx     # the checked workbook, with live formulas
    budget-disclosure addin build                  # budget_disclosure.xlam (Windows with Excel)
    budget-disclosure addin install                # …into Excel's XLSTART folder
    budget-disclosure addin files DIR              # its ribbon XML and VBA modules, to assemble by hand
    budget-disclosure serve [--port 8000]          # the Office.js add-in (xlwings Server); see server/

`check` exits 0 when no errors were found, 1 when some were, 2 when a file could not be read
(a batch: 2 when any file could not be read, else 1 when any document has errors).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .errors import DisclosureError
from .extract import extract, extract_together
from .model import Disclosure
from .write.json_form import to_json

EXIT_OUTPUT_EXISTS = 11
EXIT_INTERNAL = 1


def write_atomically(path: Path, text: str | bytes, force: bool) -> None:
    """Write via a temporary file and a rename, so an interrupted run never leaves half a file,
    and never replace an existing file unless asked to."""
    if path.exists() and not force:
        raise FileExistsError(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes the file private; the output is the user's
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary(d: Disclosure) -> str:
    lines = [
        f"文件：{d.source}（{d.format}{'，' + str(d.page_count) + '页' if d.page_count else ''}）",
        f"{d.year or '?'}年 {d.kind}公开 · {d.level or '?'} · {d.entity or '未找到单位名称'} · 金额单位：{d.unit} · 模板：{d.profile}",
    ]
    if d.units:
        lines.append(f"所属单位（{len(d.units)}）：{'、'.join(d.units)}")
    lines.append(f"标准表 {len(d.tables)} 张：")
    for t in d.tables:
        pages = f"第{t.pages[0]}-{t.pages[-1]}页" if len(t.pages) > 1 else (f"第{t.pages[0]}页" if t.pages else "")
        state = "本表无数据" if t.empty else f"{len(t.rows)}行"
        lines.append(f"  {t.key} {t.name}  {state}  {pages}".rstrip())
    if d.sections:
        lines.append(f"情况说明 {len(d.sections)} 节：" + "；".join(f"{s.number}、{s.heading}" for s in d.sections))
    if d.notices:
        lines.append(f"提示 {len(d.notices)} 条：")
        lines.extend(f"  [{n.code}] {n.message}" + (f"（第{n.page}页）" if n.page else "") for n in d.notices)
    return "\n".join(lines)


def _read(args: argparse.Namespace) -> Disclosure:
    """The document of ``args.file``, with the other files of it given by ``--with`` (its tables and its
    prose published apart) read as one."""
    if getattr(args, "with_files", None):
        return extract_together([args.file, *args.with_files], profile=args.profile)
    return extract(args.file, profile=args.profile)


def _cmd_extract(args: argparse.Namespace) -> int:
    d = _read(args)
    if args.json is None:
        print(summary(d))
    elif args.json == "-":
        sys.stdout.write(to_json(d) + "\n")
    else:
        write_atomically(Path(args.json), to_json(d) + "\n", args.force)
        print(f"已写出 {args.json}：{len(d.tables)} 张表，{sum(len(t.rows) for t in d.tables)} 行", file=sys.stderr)
    return 0


EXIT_CHECK_ERRORS = 1
EXIT_CHECK_UNREADABLE = 2


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import check
    from .write.report import report_to_json, report_to_text

    if args.together:
        report = check(extract_together(args.files, profile=args.profile))
    elif args.summary is not None or len(args.files) > 1 or any(Path(f).is_dir() for f in args.files):
        return _check_batch(args)
    else:
        report = check(extract(args.files[0], profile=args.profile))
    if args.json == "-" or (args.format == "json" and not args.json):
        sys.stdout.write(report_to_json(report) + "\n")
    else:
        if args.json:
            write_atomically(Path(args.json), report_to_json(report) + "\n", args.force)
            print(f"已写出 {args.json}：{len(report.findings)} 条发现", file=sys.stderr)
        print(report_to_text(report))
    return EXIT_CHECK_ERRORS if report.errors else 0


EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C
EXIT_STORE = 15


def _check_batch(args: argparse.Namespace) -> int:
    from .batch_runner import run_batch
    from .store import StoreError, default_store_path

    if args.summary is None:
        print("错误：核对多个文件或文件夹时请用 --summary 指定汇总工作簿，例如 --summary 汇总.xlsx", file=sys.stderr)
        return EXIT_CHECK_UNREADABLE
    if args.json or args.format != "text" or args.profile:
        print("错误：--json、--format 和 --profile 只用于核对单个文件；批量结果见汇总工作簿和存储库", file=sys.stderr)
        return EXIT_CHECK_UNREADABLE
    missing = [f for f in args.files if not Path(f).exists()]
    if missing:
        print(f"错误：找不到 {'、'.join(missing)}", file=sys.stderr)
        return EXIT_CHECK_UNREADABLE
    store = Path(args.store) if args.store else default_store_path()
    try:
        executor = None
        if args.dask:
            from .cluster import DaskExecutor
            executor = lambda jobs: DaskExecutor(args.dask, jobs)  # noqa: E731
        outcome = run_batch(args.files, args.summary, store_path=store, jobs=args.jobs, reread=args.reread,
                            force=args.force, progress=not args.quiet, executor_factory=executor)
    except StoreError as e:
        print(f"错误：存储库 {e}", file=sys.stderr)
        return EXIT_STORE
    except KeyboardInterrupt:
        print(f"\n已中断。已核对的文件都已完整存入 {store}；再次运行同一命令会跳过它们，从中断处继续。", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(batch_report(outcome, store))
    results = outcome.results
    if any(not r.reviewed for r in results):
        return EXIT_CHECK_UNREADABLE
    return EXIT_CHECK_ERRORS if any(r.errors for r in results) else 0


def batch_report(outcome, store: Path) -> str:
    """What a batch found, for the terminal: the totals, then each document that needs a look."""
    results = outcome.results
    reviewed = [r for r in results if r.reviewed]
    books = sum(1 for r in results if r.workbook)
    lines = [
        f"已写出 {outcome.summary}（每个文件一行）和 {outcome.summary.with_suffix('')}{os.sep} 下的 {books} 个审核工作簿",
        f"共 {len(results)} 个文件：本次读取 {outcome.read}，内容未变而跳过 {outcome.skipped}；"
        f"通过 {sum(1 for r in reviewed if not r.errors and not r.warnings)}，"
        f"有错误 {sum(1 for r in reviewed if r.errors)}，有警告 {sum(1 for r in reviewed if r.warnings and not r.errors)}，"
        f"无法读取 {len(results) - len(reviewed)}；跨文件发现 {sum(r.cross for r in reviewed)} 条",
    ]
    flagged = [r for r in reviewed if r.errors]
    if flagged:
        lines.append("有错误的文件：")
        lines += [f"  {r.path}  错误 {r.errors}{f'（其中跨文件 {r.cross}）' if r.cross else ''}：{r.worst[0] if r.worst else ''}"
                  for r in flagged]
    unreadable = [r for r in results if not r.reviewed]
    if unreadable:
        lines.append("无法读取的文件：")
        lines += [f"  {r.problem}" for r in unreadable]
    if outcome.kept:
        lines.append("以下审核工作簿写出后被修改过，已原样保留（新结果另存为带编号的文件）：")
        lines += [f"  {p}" for p in outcome.kept]
    lines.append(f"存储库：{store}；用时 {outcome.seconds:.1f} 秒")
    return "\n".join(lines)


def _cmd_import(args: argparse.Namespace) -> int:
    from .check import check
    from .write.workbook import write_workbook

    report = check(_read(args))
    out = Path(args.output) if args.output else Path(args.file).with_suffix(".xlsx")
    if out.resolve() == Path(args.file).resolve():
        raise FileExistsError(f"{out}（输出不能覆盖输入文件）")
    write_workbook(report, out, force=args.force)
    c = report.counts
    print(f"已写出 {out}：{len(report.disclosure.tables)} 张表，{len(report.outcomes)} 项核对"
          f"（错误 {c['error']}，警告 {c['warning']}，尾差 {c['info']}）")
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .write.template import TEMPLATE_NAME, template_bytes

    out = Path(args.output or TEMPLATE_NAME)
    write_atomically(out, template_bytes(), args.force)
    print(f"已写出模板 {out}")
    return 0


EXIT_ADDIN = 13


def _addin(handler):
    """The add-in commands' own problems (no Excel, a file in the way) are messages, not tracebacks."""
    def run(args: argparse.Namespace) -> int:
        from .excel.xlam import AddinError

        try:
            return handler(args)
        except AddinError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return EXIT_ADDIN
    return run


@_addin
def _cmd_addin_build(args: argparse.Namespace) -> int:
    from .excel.xlam import ADDIN_NAME, build_xlam

    out = build_xlam(Path(args.output or ADDIN_NAME), vba=not args.no_vba, force=args.force)
    print(f"已生成 {out}" + ("（仅功能区部分，VBA 仍是 xlwings 模板的，不能直接安装）" if args.no_vba
                            else f"；安装：budget-disclosure addin install {out}"))
    return 0


@_addin
def _cmd_addin_install(args: argparse.Namespace) -> int:
    from .excel.xlam import ADDIN_NAME, install_xlam

    installed = install_xlam(args.path or ADDIN_NAME, args.dir)
    print(f"已{'替换旧版本，' if installed.replaced else ''}安装到 {installed.path}；重新打开 Excel 后即有“预算公开”选项卡")
    return 0


@_addin
def _cmd_addin_files(args: argparse.Namespace) -> int:
    from .excel.xlam import addin_files

    for name, data in addin_files().items():
        write_atomically(Path(args.dir) / name, data, args.force)
        print(f"已写出 {Path(args.dir) / name}")
    return 0


EXIT_SERVE = 14


def _cmd_serve(args: argparse.Namespace) -> int:
    """The Office.js add-in's server. xlwings reads XLWINGS_ON_SERVER when first imported, so it is
    set before anything that imports xlwings; the server's dependencies are an optional extra."""
    os.environ["XLWINGS_ON_SERVER"] = "true"
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("错误：--ssl-certfile 和 --ssl-keyfile 要一起给出", file=sys.stderr)
        return EXIT_SERVE
    try:
        import uvicorn

        from .server.app import create_app
    except ModuleNotFoundError as exc:
        if exc.name not in ("starlette", "uvicorn"):
            raise
        print(f'错误：缺少服务器组件 {exc.name}，请先安装：pip install "budget-disclosure[server]"', file=sys.stderr)
        return EXIT_SERVE
    except Exception as exc:
        if type(exc).__name__ != "LicenseError":
            raise
        print("错误：xlwings Server 需要许可证密钥。非商业用途（PolyForm Noncommercial 许可，政府机构适用）请设置"
              "环境变量 XLWINGS_LICENSE_KEY=noncommercial；商业用途请向 xlwings 购买许可证。", file=sys.stderr)
        return EXIT_SERVE
    host = "localhost" if args.host in ("0.0.0.0", "::") else args.host
    public_url = args.public_url or f"{'https' if args.ssl_certfile else 'http'}://{host}:{args.port}"
    app = create_app(public_url, max_upload_bytes=int(args.max_upload_mb * 1024 * 1024))
    print(f"预算公开服务器：清单 {public_url.rstrip('/')}/manifest.xml（Excel 只接受 HTTPS 地址）", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, ssl_certfile=args.ssl_certfile, ssl_keyfile=args.ssl_keyfile,
                log_level="info")
    return 0


WITH_HELP = "同一份公开的另一部分文件（如报表与情况说明分开公开时的说明文件）；可重复；合并为一份，页码接续编排"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budget-disclosure", description="预算公开文件：读取、复算、核对")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的 Python 调用栈")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="读取公开文件（PDF/XLSX/HTML/文本），输出识别出的表格与说明")
    p.add_argument("file", help="公开文件路径")
    p.add_argument("--with", dest="with_files", action="append", metavar="FILE", help=WITH_HELP)
    p.add_argument("--json", metavar="PATH", help="把识别结果写成 JSON（- 表示标准输出）")
    p.add_argument("--profile", help="强制使用某个模板（默认自动选择）")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(run=_cmd_extract)
    p = sub.add_parser("check", help="核对公开文件：表内、表间、说明与表格的勾稽关系；有错误时退出码为 1",
                       description="核对一个公开文件；或批量核对多个文件和文件夹（--summary），并核对文件之间的关系")
    p.add_argument("files", nargs="+", metavar="FILE_OR_DIR", help="公开文件，或包含公开文件的文件夹（可多个）")
    p.add_argument("--summary", metavar="SUMMARY.xlsx",
                   help="批量审核：汇总工作簿（每个文件一行）；各文件的审核工作簿写在同名文件夹里")
    p.add_argument("--jobs", type=int, metavar="N", help="批量审核的并行进程数（默认每个 CPU 核一个）")
    p.add_argument("--store", metavar="PATH", help="存储库（SQLite）文件（默认在用户数据目录下）")
    p.add_argument("--reread", action="store_true", help="重新读取全部文件（默认跳过存储库里内容未变的文件）")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.add_argument("--dask", metavar="ADDRESS", help="在 Dask 集群上运行（调度器地址，或 local 在本机起一个）；"
                                                   "各节点须以相同路径访问文件，需要 pip install 'budget-disclosure[cluster]'")
    p.add_argument("--json", metavar="PATH", help="把识别结果和全部发现写成 JSON（- 表示标准输出）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="标准输出的格式（默认 text）")
    p.add_argument("--together", action="store_true",
                   help="这几个文件是同一份公开的几部分（如报表和情况说明分两个文件公开）：合并为一份核对，页码按给出的顺序连续编排")
    p.add_argument("--profile", help="强制使用某个模板（默认自动选择）")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(run=_cmd_check)
    p = sub.add_parser("import", help="把公开文件导入为带实时公式与核对标记的 Excel 工作簿")
    p.add_argument("file", help="公开文件路径")
    p.add_argument("-o", "--output", metavar="BOOK.xlsx", help="输出工作簿（默认与输入同名的 .xlsx）")
    p.add_argument("--with", dest="with_files", action="append", metavar="FILE", help=WITH_HELP)
    p.add_argument("--profile", help="强制使用某个模板（默认自动选择）")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(run=_cmd_import)
    p = sub.add_parser("template", help="生成空白的预算公开审核模板工作簿（13 张表、全部公式与标记）")
    p.add_argument("-o", "--output", metavar="TEMPLATE.xlsx", help="输出路径（默认 预算公开审核模板.xlsx）")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(run=_cmd_template)
    p = sub.add_parser("addin", help="Excel 桌面版插件（budget_disclosure.xlam）：生成、安装、导出组装文件")
    addin = p.add_subparsers(dest="addin_command", required=True)
    p = addin.add_parser("build", help="生成插件（需要 Windows 上的 Excel，并信任对 VBA 工程对象模型的访问）")
    p.add_argument("-o", "--output", metavar="PATH", help="输出路径（默认 budget_disclosure.xlam）")
    p.add_argument("--no-vba", action="store_true", help="只替换功能区，不改 VBA（不需要 Excel；结果不能直接安装）")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的输出文件")
    p.set_defaults(run=_cmd_addin_build)
    p = addin.add_parser("install", help="把插件复制到 Excel 的启动文件夹 XLSTART")
    p.add_argument("path", nargs="?", metavar="PATH", help="插件文件（默认 budget_disclosure.xlam）")
    p.add_argument("--dir", metavar="DIR", help="安装到此文件夹（默认 %%APPDATA%%\\Microsoft\\Excel\\XLSTART）")
    p.set_defaults(run=_cmd_addin_install)
    p = addin.add_parser("files", help="导出功能区 XML 和两个 VBA 模块，供手工组装插件")
    p.add_argument("dir", metavar="DIR", help="写入的文件夹")
    p.add_argument("--force", action="store_true", help="允许覆盖已存在的文件")
    p.set_defaults(run=_cmd_addin_files)
    p = sub.add_parser("serve", help="启动 Office.js 插件服务器（xlwings Server）：Windows、Mac 和网页版 Excel")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--public-url", metavar="URL", help="Excel 访问本服务器的地址（写入清单；默认 http(s)://主机:端口）")
    p.add_argument("--ssl-certfile", metavar="F", help="HTTPS 证书文件")
    p.add_argument("--ssl-keyfile", metavar="F", help="HTTPS 私钥文件")
    p.add_argument("--max-upload-mb", type=float, default=50, help="上传文件的大小上限（MB，默认 50）")
    p.set_defaults(run=_cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = _run(args)
    # `check` promises 0 / 1 / 2 so scripts can tell "errors found" from "could not check".
    failed = code not in (0, EXIT_INTERRUPTED) and (code != EXIT_CHECK_ERRORS or getattr(args, "internal_error", False))
    return EXIT_CHECK_UNREADABLE if args.command == "check" and failed else code


def _run(args: argparse.Namespace) -> int:
    try:
        return args.run(args)
    except DisclosureError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and cut short: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except FileExistsError as exc:
        print(f"错误：输出文件已存在：{exc}（如需覆盖请加 --force）", file=sys.stderr)
        return EXIT_OUTPUT_EXISTS
    except KeyError as exc:
        print(f"错误：{exc.args[0]}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the user sees a message, never a traceback
        if args.debug:
            raise
        print(f"内部错误：{type(exc).__name__}: {exc}（请加 --debug 重试并报告此问题）", file=sys.stderr)
        args.internal_error = True
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
