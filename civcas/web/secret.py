"""The web's signing key, kept outside the database: a copy of the database must not be enough
to forge anything. It signs the login form's CSRF token (sessions themselves are random tokens
looked up in the database, see `civcas.web.security`).

Where it comes from: `CIVCAS_SECRET` when set; else the file `$CIVCAS_SECRET_FILE`, by default
`~/.config/civcas/secret` (under `$XDG_CONFIG_HOME` when set), made on first use with mode 0600.
When that file cannot be made (a read-only home), the server still starts, with a key of its
own for this process: the only cost is that a login form opened before a restart must be reloaded.
"""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger("civcas.web")


def secret_file() -> Path:
    if os.environ.get("CIVCAS_SECRET_FILE"):
        return Path(os.environ["CIVCAS_SECRET_FILE"])
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "civcas" / "secret"


def _read_or_create(path: Path) -> bytes:
    """The key in `path`, made first if missing: written to a private temporary file and linked
    into place, so two servers starting at once agree on one key and none reads a half-written one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass                    # another process made it first: use theirs
        finally:
            temporary.unlink()
    key = path.read_bytes().strip()
    if not key:
        raise OSError(f"{path} is empty")
    return key


def load_secret() -> bytes:
    if os.environ.get("CIVCAS_SECRET"):
        return os.environ["CIVCAS_SECRET"].encode()
    path = secret_file()
    try:
        return _read_or_create(path)
    except OSError as exc:
        log.warning("no secret file (%s): this process uses a key of its own; set CIVCAS_SECRET or "
                    "CIVCAS_SECRET_FILE to keep one across restarts", exc)
        return secrets.token_bytes(32)
