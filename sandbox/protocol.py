"""The Bot API's wire format: a request's parameters as the Bot API reads them, error answers.

Every method of the loopback server takes a `Params` and returns the ``result`` of a
successful answer, or raises `BotApiError`, which becomes Telegram's error answer:
``{"ok": false, "error_code": ..., "description": ..., "parameters": {...}}``.
"""

import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final

from aiohttp import web

JSONDict = dict[str, Any]


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, error_code: int, description: str, *, retry_after: int | None = None):
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters: JSONDict = {} if retry_after is None else {"retry_after": retry_after}


def bad_request(reason: str) -> BotApiError:
    """A 400 answer, worded as Telegram words them ("Bad Request: chat not found")."""
    return BotApiError(400, f"Bad Request: {reason}")


UNAUTHORIZED: Final = BotApiError(401, "Unauthorized")
NOT_FOUND: Final = BotApiError(404, "Not Found")


def now() -> int:
    """The Bot API's clock: whole seconds since the epoch."""
    return int(time.time())


def dumps(payload: object) -> str:
    """Compact JSON, as the Bot API writes it."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def json_response(payload: object, status: int = 200) -> web.Response:
    """An answer with a JSON body."""
    return web.Response(
        body=dumps(payload).encode(), status=status, content_type="application/json"
    )


def error_response(error: BotApiError) -> web.Response:
    """Telegram's error answer for `error`."""
    payload: JSONDict = {
        "ok": False,
        "error_code": error.error_code,
        "description": error.description,
    }
    if error.parameters:
        payload["parameters"] = error.parameters
    return json_response(payload, error.error_code)


@dataclass(slots=True)
class Upload:
    """A file sent in a multipart request."""

    filename: str | None
    content_type: str | None
    data: bytes


class Params:
    """The parameters of one request, decoded on demand the way the Bot API reads them.

    PTB sends every value as a string (form fields), nested objects JSON-encoded; other
    clients send JSON bodies with native values. `view` is what `LoopbackBotApi.calls`
    records: the raw values, each replaced by its decoded form once a method has read it.
    """

    __slots__ = ("files", "raw", "view")

    def __init__(self, raw: JSONDict, files: dict[str, Upload]):
        self.raw = raw
        self.files = files
        self.view: JSONDict = dict(raw)

    def has(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "") or name in self.files

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return dumps(value) if isinstance(value, dict | list) else str(value)

    def integer(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            number = int(str(value).strip())
        except ValueError:
            raise bad_request(f"invalid {name} specified") from None
        self.view[name] = number
        return number

    def number(self, name: str) -> float | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None
        self.view[name] = number
        return number

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        result = value is True or (isinstance(value, str) and value.lower() in ("true", "1"))
        if value is not None:
            self.view[name] = result
        return result

    def structure(self, name: str) -> Any:
        value = self.raw.get(name)
        if isinstance(value, str):
            if not value:
                return None
            try:
                value = json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
            self.view[name] = value
        return value


async def read_params(request: web.Request) -> Params:
    """The parameters of a request: query string, then a JSON, form or multipart body."""
    raw: JSONDict = dict(request.query) if request.query_string else {}
    files: dict[str, Upload] = {}
    if not request.body_exists:
        return Params(raw, files)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(body, dict):
            raise bad_request("JSON object expected")
        raw.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                with value.file:
                    data = value.file.read()
                files[name] = Upload(value.filename, value.content_type, data)
            elif isinstance(value, str):
                raw[name] = value
            else:
                raw[name] = bytes(value).decode("utf-8", "replace")
    return Params(raw, files)


Handler = Callable[[Params], Awaitable[object]]
"""A Bot API method: the request's parameters in, the answer's ``result`` out."""
