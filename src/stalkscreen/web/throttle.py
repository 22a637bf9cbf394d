"""Sign-in attempts rate-limited by user name and by client address (kept in memory: a restart
clears it, which an attacker cannot trigger from outside)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class Throttle:
    def __init__(self, per_name: int = 5, per_address: int = 20, window_seconds: float = 900.0):
        self.limits = {"name": per_name, "address": per_address}
        self.window = window_seconds
        self._failures: dict[tuple[str, str], deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def wait_seconds(self, name: str, address: str) -> int:
        """0 if an attempt may go ahead, else how long until one may."""
        now = time.monotonic()
        with self._lock:
            waits = []
            for kind, value in (("name", name.lower()), ("address", address)):
                failures = self._recent((kind, value), now)
                if len(failures) >= self.limits[kind]:
                    waits.append(int(failures[0] + self.window - now) + 1)
            return max(waits, default=0)

    def failed(self, name: str, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures[("name", name.lower())].append(now)
            self._failures[("address", address)].append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(("name", name.lower()), None)
