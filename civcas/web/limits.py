"""How much of the server one client may take with bulk downloads (every incident as CSV,
GeoJSON or JSON, every map point): a few at once per client address, and a token bucket that
lets a burst through and then one download every few seconds. Beyond that: 429 and Retry-After.
The counts live in the server process (one uvicorn worker serves civcas)."""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from starlette.responses import StreamingResponse

#: Retry-After for a client whose downloads are all still running (their end is unknown).
BUSY_RETRY_SECONDS = 5
#: Forget idle clients (full bucket, nothing running) once this many are tracked.
TRACKED_CLIENTS = 10_000


@dataclass
class _Client:
    tokens: float
    at: float
    running: int = 0


@dataclass
class BulkLimits:
    concurrent: int = 2            # downloads at once per address
    burst: int = 20                # downloads in a row before the refill rate applies
    refill_seconds: float = 3.0    # one more download allowed every this many seconds
    _clients: dict[str, _Client] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def acquire(self, address: str) -> int:
        """Take a download slot for this address: 0 when granted, else the seconds to wait."""
        with self._lock:
            moment = time.monotonic()
            client = self._clients.get(address)
            if client is None:
                self._forget_idle(moment)
                client = self._clients[address] = _Client(float(self.burst), moment)
            client.tokens = min(self.burst, client.tokens + (moment - client.at) / self.refill_seconds)
            client.at = moment
            if client.running >= self.concurrent:
                return BUSY_RETRY_SECONDS
            if client.tokens < 1:
                return math.ceil((1 - client.tokens) * self.refill_seconds)
            client.tokens -= 1
            client.running += 1
            return 0

    def release(self, address: str) -> None:
        with self._lock:
            self._clients[address].running -= 1

    def _forget_idle(self, moment: float) -> None:
        if len(self._clients) < TRACKED_CLIENTS:
            return
        for address, client in list(self._clients.items()):
            if not client.running and client.tokens + (moment - client.at) / self.refill_seconds >= self.burst:
                del self._clients[address]


class LimitedStream(StreamingResponse):
    """A streamed download that gives its slot back when it ends, however it ends (finished,
    failed, or the client went away before the first byte)."""

    def __init__(self, content, limits: BulkLimits, address: str, **kwargs):
        super().__init__(content, **kwargs)
        self._limits, self._address = limits, address

    async def __call__(self, scope, receive, send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._limits.release(self._address)
