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
