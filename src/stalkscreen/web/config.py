"""What one running web app is pointed at."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stalkscreen.web import webdb
from stalkscreen.web.throttle import Throttle


@dataclass
class WebSettings:
    store: Path                          # the stalkscreen store (DuckDB file)
    web: Path | None = None              # users, sessions, audit log; default beside the store
    offences: Path | None = None         # a force's offence-code file, as `--offences`
    session_hours: float = 8.0           # a session lasts one shift, then the user signs in again
    busy_wait: float = 5.0               # seconds to wait for the store before answering 503
    throttle: Throttle = field(default_factory=Throttle)

    def __post_init__(self) -> None:
        self.store = Path(self.store)
        self.web = Path(self.web) if self.web else webdb.default_path(self.store)
