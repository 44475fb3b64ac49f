"""Background HTTP clients for the verification bench, run as their own process (no Django here).

`python -m jingwang.bench.cases.httpload HOST PORT TOKEN IDS_FILE CLIENTS THINK OUT_FILE`: CLIENTS
threads, each over one keep-alive connection (http.client), POST /api/v1/verify/ with the ID
numbers of IDS_FILE in turn, waiting THINK seconds between requests (0: back to back), until
SIGTERM; then writes the request and error counts and the latencies (ms) as JSON to OUT_FILE.
"""

from __future__ import annotations

import http.client
import json
import signal
import sys
import threading
import time


def client(
    host: str,
    port: int,
    token: str,
    ids: list[str],
    offset: int,
    think: float,
    stop: threading.Event,
    out: dict[str, list[float]],
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Connection": "keep-alive"}
    latencies: list[float] = []
    errors = 0
    i = offset
    while not stop.is_set():
        body = json.dumps({"id_number": ids[i % len(ids)], "purpose": "bench"})
        start = time.perf_counter()
        try:
            conn.request("POST", "/api/v1/verify/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        latencies.append((time.perf_counter() - start) * 1000)
        i += 7
        if think:
            stop.wait(think)
    out[str(offset)] = latencies
    out[f"errors{offset}"] = [float(errors)]


def main(argv: list[str]) -> None:
    host, port, token, ids_file, clients, think, out_file = argv
    with open(ids_file) as f:
        ids = json.load(f)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    out: dict[str, list[float]] = {}
    started = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(host, int(port), token, ids, n * 101, float(think), stop, out))
        for n in range(int(clients))
    ]
    for t in threads:
        t.start()
    while not stop.is_set():
        stop.wait(0.2)
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies = [v for k, values in out.items() if not k.startswith("errors") for v in values]
    errors = sum(int(v[0]) for k, v in out.items() if k.startswith("errors"))
    with open(out_file, "w") as f:
        json.dump({"requests": len(latencies), "errors": errors, "seconds": elapsed, "latencies_ms": latencies}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
