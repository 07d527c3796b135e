"""The application factory. Routes live in policykg/web/routers/, one module per endpoint family;
they reach the runtime, store and settings through FastAPI dependencies (policykg/web/deps.py)."""

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from policykg.errors import PolicykgError
from policykg.settings import Settings
from policykg.store import Store
from policykg.web import passages
from policykg.web.fairness import ClientAddress
from policykg.web.runtime import Runtime
from policykg.web.security import HeaderLimits, SecurityHeaders
from policykg.web.templating import wants_html

log = logging.getLogger("policykg.web")
STATIC = Path(__file__).parent / "static"


def _open_store(settings: Settings) -> Store:
    from policykg.store import open_store

    return open_store(settings=settings)


def _error(status: int, message: str, headers: dict | None = None,
           request: Request | None = None) -> Response:
    """JSON for API clients; a page in the site's style for a browser asking for HTML."""
    if request is not None and wants_html(request):
        from policykg.web.templating import error_page

        return error_page(request, status, message, headers)
    return JSONResponse({"error": message, "status": status}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PolicykgError)
    async def policykg_error(request: Request, exc: PolicykgError) -> Response:
        return _error(exc.http_status, str(exc), getattr(exc, "headers", None), request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None), request)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        return _error(400, f"invalid request: {problems}", request=request)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # the trace goes to the server log, never to the client
        log.exception("unhandled error", exc_info=exc)
        return _error(500, "internal server error", request=request)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The policykg web app. `store`: an open store to serve (tests); otherwise one is opened
    from the settings (data dir or endpoint) when the app starts and closed when it stops."""
    settings = settings or Settings()
    if not settings.endpoint:
        passages.use_data_dir(settings.store_data_dir())  # texts of documents added later

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runtime = Runtime(settings, store if store is not None else _open_store(settings))
        app.state.runtime = runtime
        if runtime.pool is not None and settings.memory:
            runtime.pool.warm_up()  # the in-memory copy takes seconds per million triples
        try:
            yield
        finally:
            if store is None:
                runtime.close()

    app = FastAPI(
        title="policykg",
        description="Obligations of Directive 28-CT/TW and the cascade of documents carrying it "
        "out: SPARQL 1.1 endpoint, trace, validation, responsibility graph, linked data.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    _install_error_handlers(app)
    app.add_middleware(HeaderLimits)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ClientAddress)  # outermost: the client address for fairness.py
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    from policykg.web.routers import (
        deadlines,
        docs,
        graph,
        linked_data,
        pages,
        sparql,
        trace,
        validate,
    )

    for module in (sparql, pages, trace, validate, graph, linked_data, deadlines, docs):
        app.include_router(module.router)
    return app
