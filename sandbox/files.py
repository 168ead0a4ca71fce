"""The files the server holds: what the bot uploads, what simulated people send, getFile."""

import mimetypes
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from sandbox.protocol import JSONDict, Params, bad_request

MAX_DOWNLOAD_SIZE: Final = 20 * 1024 * 1024

_FOLDERS: Final = {
    "photo": "photos", "document": "documents", "voice": "voice", "sticker": "stickers",
}  # fmt: skip
_DEFAULT_NAMES: Final = {
    "photo": ("file.jpg", "image/jpeg"), "document": ("file", "application/octet-stream"),
    "voice": ("file.oga", "audio/ogg"), "sticker": ("file.webp", "image/webp"),
}  # fmt: skip


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # one white pixel, filter byte 0
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


TINY_PNG: Final = _tiny_png()
"""A valid 1x1 PNG: Telegram refuses photos that are not images, and so does this server."""


def _image_size(data: bytes) -> tuple[int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 512, 512  # JPEG & co.: no decoder here, and no test should care


def _is_image(data: bytes) -> bool:
    return data.startswith(
        (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")
    ) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


@dataclass(slots=True)
class StoredFile:
    """A file the server holds, uploaded by the bot or sent by a simulated user."""

    file_id: str
    file_unique_id: str
    kind: str  # photo, document, voice, sticker
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    from_bot: bool = False
    url: str | None = None  # set when the bot sent a URL, which the fake does not fetch


class FileStore:
    """Every file, by file_id and by the path the download route serves it at."""

    def __init__(self) -> None:
        self.by_id: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}
        self._count = 0

    def store(
        self,
        kind: str,
        data: bytes,
        file_name: str | None,
        mime_type: str | None,
        *,
        from_bot: bool,
    ) -> StoredFile:
        """Keep a file and give it an id and a download path."""
        self._count += 1
        number = self._count
        default_name, default_mime = _DEFAULT_NAMES[kind]
        if not mime_type or mime_type == "application/octet-stream":
            mime_type = mimetypes.guess_type(file_name or default_name)[0] or default_mime
        name = file_name or default_name
        # Telegram makes the path itself: a name's odd "extension" ("x.a?b#c") is not kept.
        suffix = name.rsplit(".", 1)[1] if "." in name else ""
        extension = "." + suffix if re.fullmatch(r"[A-Za-z0-9]{1,10}", suffix) else ""
        width, height = _image_size(data) if kind in ("photo", "sticker") else (0, 0)
        stored = StoredFile(
            file_id=f"loopback-{kind}-{number}",
            file_unique_id=f"uniq{number}",
            kind=kind,
            data=data,
            file_path=f"{_FOLDERS[kind]}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
            from_bot=from_bot,
        )
        self.by_id[stored.file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored

    def sent_by_bot(self, params: Params, kind: str) -> StoredFile:
        """The file a sendPhoto or sendDocument call refers to: an upload, a file_id or a URL."""
        upload = params.files.get(kind)
        value = params.text(kind) or ""
        if upload is None and value.startswith("attach://"):
            upload = params.files.get(value[len("attach://") :])
        if upload is not None:
            if not upload.data:
                raise bad_request("file must be non-empty")
            if kind == "photo" and not _is_image(upload.data):
                raise bad_request("IMAGE_PROCESS_FAILED")
            params.view[kind] = f"<upload {upload.filename!r}, {len(upload.data)} bytes>"
            return self.store(
                kind, upload.data, upload.filename, upload.content_type, from_bot=True
            )
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        known = self.by_id.get(value)
        if known is not None:
            if known.kind != kind:
                raise bad_request(f"can't use file of type {known.kind.title()} as {kind.title()}")
            return known
        if value.startswith(("http://", "https://")):
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            stored = self.store(kind, b"", name, None, from_bot=True)
            stored.url = value
            return stored
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def get_file(self, params: Params) -> object:
        """getFile: where the bot may download a file from."""
        stored = self.by_id.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD_SIZE:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.file_path,
        }


def media_object(stored: StoredFile) -> Any:
    """The Bot API object a message carries for a file: a PhotoSize list, a Document..."""
    base: JSONDict = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.kind == "photo":
        return [{**base, "width": stored.width, "height": stored.height}]
    if stored.kind == "sticker":
        return {
            **base,
            "type": "regular",
            "width": stored.width,
            "height": stored.height,
            "is_animated": False,
            "is_video": False,
        }
    base["mime_type"] = stored.mime_type
    if stored.kind == "document" and stored.file_name:
        base["file_name"] = stored.file_name
    if stored.kind == "voice":
        base["duration"] = 1
    return base
