"""Benchmark: the web app's response times on a store of 1,000,000 crimes, by a bounded load test.

    python benchmarks/web_1m.py [--work DIR] [--source STORE] [--clients 2] [--requests 300]

Target: 95th-percentile response under 300 ms for search, the screening review queue and a
timeline. Set-up (not timed): WORK/web_bench.duckdb, kept for later runs, is a copy of --source
(a linked and screened store; by default the screen benchmark's WORK/screen_linked.duckdb, then
screened here); an investigator is added. `stalkscreen serve` runs in its own process on
127.0.0.1; --clients threads, each signed in once, send --requests requests in turn over the three
pages (search by narrative words and by offence, the review queue, a person's timeline and a
dyad's, each with a purpose) with no pause between them, so the app is never idle. The bound is
two clients by default, one per core of this machine: two requests always in flight is the load of
many users who read between clicks; with more clients than cores each request also waits for
others (`--clients 4` prints that too). Every answer
must be 200. Prints one JSON line and readable lines: per page, count, median, p95 and max (ms),
and the server's peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from exports import copy_store, sh

STALKSCREEN = str(Path(sys.executable).with_name("stalkscreen"))
PASSWORD = "bench-password-not-secret"
WORDS = ["followed", "parked outside", "messages", "turned up", "watching", "tracker", "threatened", "ex partner"]


def bench_store(work: Path, source: Path | None) -> Path:
    db = work / "web_bench.duckdb"
    if not db.exists():
        building = work / "web_building.duckdb"
        copy_store(source or work / "screen_linked.duckdb", building)
        sh("--db", str(building), "screen")
        building.rename(db)
    return db


def add_user(db: Path) -> None:
    from stalkscreen.web import users, webdb

    if "bench" not in {u["name"] for u in users.listing(webdb.default_path(db))}:
        users.add(webdb.default_path(db), "bench", "investigator", PASSWORD)


def targets(db: Path, rng: random.Random) -> dict[str, list[str]]:
    """The addresses asked for: real offences, flags, people and dyads of the store."""
    from stalkscreen import store

    with store.connect(db, read_only=True) as con:
        codes = [c for (c,) in con.execute("SELECT DISTINCT offence_code FROM offences LIMIT 20").fetchall()]
        # Samples are drawn from the rows chosen (USING SAMPLE on the table itself draws first)
        people = [p for (p,) in con.execute("""SELECT person_id FROM (SELECT person_id FROM people GROUP BY person_id
                                               HAVING count(*) >= 3) USING SAMPLE 200 ROWS""").fetchall()]
        dyads = [d for (d,) in con.execute("SELECT dyad_id FROM (SELECT dyad_id FROM dyads WHERE crimes >= 2) "
                                           "USING SAMPLE 200 ROWS").fetchall()]
    purpose = "purpose=benchmark%20of%20response%20times"
    return {
        "search": [f"/search?text={w.replace(' ', '+')}&limit=50" for w in WORDS]
                  + [f"/search?offence={c}&limit=50" for c in codes],
        "review queue": ["/flags", "/flags?limit=50"],
        "timeline": [f"/people/{p}?{purpose}" for p in people] + [f"/dyads/{d}?{purpose}" for d in dyads],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read()}")
        try:
            httpx.get(url + "/sign-in", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in 30 s")


def cookie(reply: httpx.Response, name: str) -> str:
    # Secure cookies are not sent back over plain http by a client, so they are passed by hand.
    return next(re.match(rf"{name}=([^;]+)", c).group(1) for c in reply.headers.get_list("set-cookie")
                if c.startswith(name))


def sign_in(client: httpx.Client, name: str) -> None:
    form = client.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    reply = client.post("/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token},
                        headers={"Cookie": f"stalkscreen_form={cookie(form, 'stalkscreen_form')}"})
    client.headers["Cookie"] = f"stalkscreen_session={cookie(reply, 'stalkscreen_session')}"


def load(url: str, pages: dict[str, list[str]], clients: int, requests: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {page: [] for page in pages}
    failures: list[str] = []

    def one_client(seed: int) -> None:
        rng = random.Random(seed)
        order = itertools.cycle(pages)
        with httpx.Client(base_url=url, timeout=30) as client:
            sign_in(client, "bench")
            for _ in range(requests):
                page = next(order)
                path = rng.choice(pages[page])
                started = time.perf_counter()
                reply = client.get(path)
                timings[page].append((time.perf_counter() - started) * 1000)
                if reply.status_code != 200:
                    failures.append(f"{path}: {reply.status_code}")

    threads = [threading.Thread(target=one_client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return timings


def peak_mb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"requests": len(ordered), "median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1), "max_ms": round(ordered[-1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/stalkscreen-bench"))
    parser.add_argument("--source", type=Path, help="a linked store to copy and screen (never written)")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--requests", type=int, default=300, help="requests per client")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    db = bench_store(args.work, args.source)
    pages = targets(db, random.Random(1))
    add_user(db)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([STALKSCREEN, "--db", str(db), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(url, server)
        load(url, pages, 1, 6)  # warm up: first connection, templates, DuckDB caches
        started = time.perf_counter()
        timings = load(url, pages, args.clients, args.requests)
        seconds = time.perf_counter() - started
        server_peak = peak_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures = {"benchmark": "web_1m", "clients": args.clients, "seconds": round(seconds, 1),
               "pages": {page: summary(values) for page, values in timings.items()}, "server_peak_mb": server_peak}
    print(json.dumps(figures))
    for page, f in figures["pages"].items():
        print(f"{page}: {f['requests']} requests, median {f['median_ms']} ms, p95 {f['p95_ms']} ms, "
              f"max {f['max_ms']} ms (target p95 under 300 ms)")
    print(f"{args.clients} clients for {seconds:.1f} s; server peak memory {server_peak:,} MB")


if __name__ == "__main__":
    main()
