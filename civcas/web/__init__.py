"""The web application: public pages and JSON API (read-only), and the analysts' workbench
(login, review queue, actions, audit trail). Server-rendered; the map is the one page with a
script, and every asset it needs is served from here (see `vendor.mjs`), never from a CDN.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from civcas.review import LoginPolicy
from civcas.store import Store
from civcas.store.db import database_url
from civcas.web.limits import BulkLimits
from civcas.web.secret import load_secret
from civcas.web.security import HEADERS, SecurityHeaders, current_session

HERE = Path(__file__).parent
STATIC = HERE / "static"


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    from civcas.model import period_words
    from civcas.web import views
    env.globals.update(deaths_text=views.deaths_text, place_text=views.place_text)
    env.filters["plain"] = views.plain
    env.filters["lang"] = views.language_attributes
    env.filters["period"] = period_words
    return env


def vendor_ready() -> bool:
    """True when `npm ci` has put the map libraries and basemap in place."""
    return (STATIC / "vendor" / "leaflet" / "leaflet.js").exists()


def _error(request: Request, status: int, detail: str, headers: Optional[dict] = None):
    """An error as JSON for the API, else as a page; made without the store (it may be what failed)."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    return _page(request, "error.html", {"status": status, "detail": detail}, None, "", status, headers)


def create_app(db_url: Optional[str] = None) -> FastAPI:
    store = Store(db_url)
    app = FastAPI(title="civcas", description="Sourced, graded incident records of civilian harm.",
                  version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store
    app.state.env = templates()
    app.state.secret = load_secret()
    app.state.https_only = os.environ.get("CIVCAS_HTTPS") == "1"
    app.state.bulk_limits = BulkLimits()
    app.state.login_policy = LoginPolicy()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return _error(request, exc.status_code, exc.detail, exc.headers)
        return await run_in_threadpool(render, request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                                       exc.status_code, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        """FastAPI's own parameter checks (a path id, the API's numbers) answer 400, as ours do."""
        detail = "; ".join(f"{error['loc'][-1]}: {error['msg']}" for error in exc.errors())
        return _error(request, 400, detail)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        """Unhandled errors answer outside the middleware, so this adds the security headers."""
        return _error(request, 500, "something went wrong on the server; it has been logged", HEADERS)

    from civcas.web import analyst, public
    app.include_router(public.router)
    app.include_router(analyst.router)
    return app


def _page(request: Request, template: str, context: dict, user, csrf: str, status_code: int,
          headers: Optional[dict]) -> HTMLResponse:
    env: Environment = request.app.state.env
    html = env.get_template(template).render(request=request, user=user, csrf=csrf, **context)
    return HTMLResponse(html, status_code=status_code, headers=headers)


def render(request: Request, template: str, context: dict, status_code: int = 200,
           headers: Optional[dict] = None) -> HTMLResponse:
    """A page for the request's user (looked up in the store: call from a worker thread)."""
    session = current_session(request)
    return _page(request, template, context, session.user if session else None, session.csrf if session else "",
                 status_code, headers)


class ServeError(RuntimeError):
    """The server cannot run as asked (the message says why)."""


def app_from_environment() -> FastAPI:
    """The app of one worker process of `serve(workers=N)`: the database of $CIVCAS_DB."""
    return create_app(None)


def serve(host: str = "127.0.0.1", port: int = 8000, db_url: Optional[str] = None,
          on_listening: Optional[Callable[[], None]] = None, workers: int = 1) -> None:
    """Serve until stopped; `on_listening` is called once the socket accepts connections (the app
    and the store are ready by then), so a URL printed from it can be opened at once. `workers` > 1:
    that many processes on one socket (uvicorn's supervisor), PostgreSQL only — SQLite lets one
    process write at a time, so its server is one process (requests still run in threads)."""
    import uvicorn

    if workers > 1:
        _serve_workers(host, port, database_url(db_url), on_listening, workers)
        return

    class Server(uvicorn.Server):
        async def startup(self, sockets=None) -> None:
            await super().startup(sockets=sockets)
            if self.started and on_listening:
                on_listening()

    Server(uvicorn.Config(create_app(db_url), host=host, port=port, log_level="warning")).run()


def _serve_workers(host: str, port: int, url: str, on_listening: Optional[Callable[[], None]], workers: int) -> None:
    """Worker processes import the app by name and find the database in $CIVCAS_DB. The store is
    migrated here first, so the workers do not race to migrate it; the socket listens before
    they start, so a request waits in its queue until one is ready."""
    import uvicorn
    from sqlalchemy.engine import make_url
    from uvicorn.supervisors import Multiprocess

    if make_url(url).get_backend_name() == "sqlite":
        raise ServeError(f"--workers {workers} needs PostgreSQL: SQLite lets one process write at a time "
                         "(serve it with one worker)")
    Store(url).engine.dispose()
    os.environ["CIVCAS_DB"] = url
    config = uvicorn.Config(f"{__name__}:app_from_environment", factory=True, host=host, port=port,
                            workers=workers, log_level="warning")
    sock = config.bind_socket()
    sock.listen(config.backlog)
    if on_listening:
        on_listening()
    Multiprocess(config, sockets=[sock]).run()
