"""Files the task pane uploads, kept in a private temporary folder and named by random tokens.

An add-in running in Excel (on the web above all) cannot hand the server a path on the user's
disk, so the task pane first posts each chosen file here and then names it by the returned token
in a script call. The file name the browser sends is used only for what the user sees (messages,
the 批量审核 summary): it is reduced to a bare, harmless name and never decides where the file
lives — that is always ``<private root>/<fresh random folder>/<cleaned name>``. Tokens are looked up
in memory, never turned into paths. Old uploads expire so a long-running server does not fill its
disk.
"""
from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..batch import DISCLOSURE_SUFFIXES
from ..names import UNSAFE_IN_FILE_NAMES

MAX_BYTES = 50 * 1024 * 1024  # the largest real disclosures in ../shared/real_pdfs are under 4 MB
MAX_AGE = 2 * 60 * 60  # seconds an upload stays usable: long enough for a session's imports


class ClientError(Exception):
    """A request the server refuses (here: an upload or an upload token), with the Chinese message
    and the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Upload:
    token: str
    path: Path
    name: str  # the cleaned name the user sees
    size: int
    created: float


def clean_name(name: str) -> str:
    """A file name safe to create in our own folder that still reads like the user's: the last
    path component only, no separators or control characters, no leading dots, at most 120
    characters. Raises ClientError for a name without a supported extension."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = UNSAFE_IN_FILE_NAMES.sub("_", base).strip().lstrip(".").strip()
    suffix = Path(base).suffix.lower()
    if suffix not in DISCLOSURE_SUFFIXES:
        raise ClientError(f"不支持的文件类型“{suffix or '无扩展名'}”：请上传 PDF、XLSX、HTML 或文本文件（.txt）。", 415)
    stem = Path(base).stem[:120 - len(suffix)] or "上传的文件"
    return stem + suffix


class UploadStore:
    """The uploads of one server process, in a private folder removed by ``close()``."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_age: float = MAX_AGE):
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.root = Path(tempfile.mkdtemp(prefix="budget-disclosure-uploads-"))  # mode 0700
        self._uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def add(self, name: str, data: bytes) -> Upload:
        if not data:
            raise ClientError("上传的文件是空的（0 字节）。")
        if len(data) > self.max_bytes:
            raise ClientError(self.too_large_message(), 413)
        cleaned = clean_name(name)
        self.prune()
        token = secrets.token_urlsafe(18)
        folder = Path(tempfile.mkdtemp(dir=self.root))
        path = folder / cleaned
        path.write_bytes(data)
        upload = Upload(token, path, cleaned, len(data), time.time())
        with self._lock:
            self._uploads[token] = upload
        return upload

    def too_large_message(self) -> str:
        return f"文件太大：上传的文件不能超过 {self.max_bytes // (1024 * 1024)} MB。"

    def get(self, token) -> Upload:
        with self._lock:
            upload = self._uploads.get(token) if isinstance(token, str) else None
        if upload is None or time.time() - upload.created > self.max_age:
            raise ClientError("找不到上传的文件（可能已过期）：请重新选择文件。", 410)
        return upload

    def batch_folder(self, tokens) -> Path:
        """A new folder holding the uploads ``tokens`` under their cleaned names (a second file of
        the same name becomes "name (2).pdf"), for commands that review a folder."""
        if not isinstance(tokens, list) or not tokens:
            raise ClientError("请先选择要批量审核的文件。")
        uploads = [self.get(t) for t in tokens]
        folder = Path(tempfile.mkdtemp(prefix="batch-", dir=self.root))
        for upload in uploads:
            target = folder / upload.name
            n = 1
            while target.exists():
                n += 1
                target = folder / f"{Path(upload.name).stem} ({n}){Path(upload.name).suffix}"
            try:
                target.hardlink_to(upload.path)
            except OSError:
                shutil.copyfile(upload.path, target)
        return folder

    def display(self, text: str) -> str:
        """``text`` with the private folder's paths cut down to the file names the user chose."""
        return re.sub(re.escape(str(self.root)) + r"[/\\][^/\\]+[/\\]", "", text)

    def prune(self) -> None:
        """Forget and delete uploads older than ``max_age``, and any leftover batch folders."""
        now = time.time()
        with self._lock:
            old = [u for u in self._uploads.values() if now - u.created > self.max_age]
            for u in old:
                del self._uploads[u.token]
        for u in old:
            shutil.rmtree(u.path.parent, ignore_errors=True)
        for folder in self.root.glob("batch-*"):
            try:
                if now - folder.stat().st_mtime > self.max_age:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                pass

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        with self._lock:
            self._uploads.clear()
