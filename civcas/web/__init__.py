"""The web application: public pages and JSON API (read-only), and the analysts' workbench
(login, review queue, actions, audit trail). Server-rendered; the map is the one page with a
script, and every asset it needs is served from here (see `vendor.mjs`), never from a CDN.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from civcas.store import Store
from civcas.web.security import SecurityHeaders, csrf_token, current_user

HERE = Path(__file__).parent
STATIC = HERE / "static"


def templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    from civcas.web import views
    env.globals.update(deaths_text=views.deaths_text, place_text=views.place_text)
    env.filters["plain"] = views.plain
    return env


def vendor_ready() -> bool:
    """True when `npm ci` has put the map libraries and basemap in place."""
    return (STATIC / "vendor" / "leaflet" / "leaflet.js").exists()


def create_app(db_url: Optional[str] = None) -> FastAPI:
    store = Store(db_url)
    app = FastAPI(title="civcas", description="Sourced, graded incident records of civilian harm.",
                  version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store
    app.state.env = templates()
    secret = os.environ.get("CIVCAS_SECRET") or store.setting("session_secret")
    app.add_middleware(SessionMiddleware, secret_key=secret, session_cookie="civcas_session",
                       same_site="strict", https_only=os.environ.get("CIVCAS_HTTPS") == "1", max_age=8 * 3600)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", {"status": exc.status_code, "detail": exc.detail},
                      status_code=exc.status_code)

    from civcas.web import analyst, public
    app.include_router(public.router)
    app.include_router(analyst.router)
    return app


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    env: Environment = request.app.state.env
    html = env.get_template(template).render(request=request, user=current_user(request),
                                             csrf=csrf_token(request), **context)
    return HTMLResponse(html, status_code=status_code)


def serve(host: str = "127.0.0.1", port: int = 8000, db_url: Optional[str] = None) -> None:
    import uvicorn
    uvicorn.run(create_app(db_url), host=host, port=port, log_level="warning")
