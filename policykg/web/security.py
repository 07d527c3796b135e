"""Security headers on every response. A route that needs a different Content-Security-Policy
(the sandboxed graph frame) sets its own header, which is kept."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# YASGUI and Swagger UI are served from /static; they set inline style attributes at run time.
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)

_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"same-origin",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp, csp: str = DEFAULT_CSP) -> None:
        self.app = app
        self.csp = csp.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.csp))
                headers += [(k, v) for k, v in _HEADERS.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


# Request head limits. `policykg serve` runs uvicorn's h11 parser with
# h11_max_incomplete_event_size = MAX_HEADER_BYTES, so a larger head is refused (400) before it
# is buffered; uvicorn has no limit on the number of headers, hence this check in the app (it
# also covers `uvicorn server:app` run without those options, after the head was read).
MAX_HEADERS = 100
MAX_HEADER_BYTES = 16 * 1024


class HeaderLimits:
    """431 (JSON) for a request with more than MAX_HEADERS headers or MAX_HEADER_BYTES of them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = scope.get("headers", []) if scope["type"] == "http" else []
        size = sum(len(name) + len(value) + 4 for name, value in headers)
        if len(headers) <= MAX_HEADERS and size <= MAX_HEADER_BYTES:
            await self.app(scope, receive, send)
            return
        body = (
            b'{"error":"request headers too large (at most %d headers, %d bytes)",'
            b'"status":431}' % (MAX_HEADERS, MAX_HEADER_BYTES)
        )
        await send(
            {
                "type": "http.response.start",
                "status": 431,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
