"""Background HTTP clients for the portal read bench, run as their own process (no Django here).

`python -m jingwang.bench.cases.portalload HOST PORT CODES_FILE CLIENTS SECONDS OUT_FILE`: CLIENTS
threads, each over one keep-alive connection (http.client), take turns at the portal's read pages
for SECONDS: GET /open311/v2/services.json and the tip status page (POST /portal/tips/track/ with a
tracking code from CODES_FILE, with the CSRF cookie and token of the form, as a browser sends it);
then write the request and error counts and the latencies (ms) as JSON to OUT_FILE.
"""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import time
from urllib.parse import urlencode

FIRST_ERROR: dict[str, str] = {}
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _csrf(conn: http.client.HTTPConnection) -> tuple[str, str]:
    conn.request("GET", "/portal/tips/track/")
    response = conn.getresponse()
    body = response.read()
    cookie = next(
        (c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken=")), ""
    )
    found = TOKEN.search(body)
    return cookie, found.group(1).decode() if found else ""


def client(host: str, port: int, codes: list[str], offset: int, seconds: float, out: dict[str, list[float]]) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    cookie, token = _csrf(conn)
    latencies: list[float] = []
    errors = 0
    i = offset
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        try:
            if i % 2:
                conn.request("GET", "/open311/v2/services.json", headers={"Connection": "keep-alive"})
            else:
                body = urlencode({"code": codes[i % len(codes)], "csrfmiddlewaretoken": token})
                headers = {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://{host}:{port}/portal/tips/track/",
                    "Connection": "keep-alive",
                }
                conn.request("POST", "/portal/tips/track/", body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.status != 200 or (i % 2 == 0 and b'data-testid="tip-status"' not in data):
                errors += 1
                FIRST_ERROR.setdefault("error", f"{response.status} {data[:300]!r}")
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
        latencies.append((time.perf_counter() - start) * 1000)
        i += 1
    out[str(offset)] = latencies
    out[f"errors{offset}"] = [float(errors)]


def main(argv: list[str]) -> None:
    host, port, codes_file, clients, seconds, out_file = argv
    with open(codes_file) as f:
        codes = json.load(f)
    out: dict[str, list[float]] = {}
    started = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(host, int(port), codes, n * 101, float(seconds), out))
        for n in range(int(clients))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies = [v for k, values in out.items() if not k.startswith("errors") for v in values]
    errors = sum(int(v[0]) for k, v in out.items() if k.startswith("errors"))
    with open(out_file, "w") as f:
        result = {"requests": len(latencies), "errors": errors, "seconds": elapsed, "latencies_ms": latencies}
        json.dump({**result, "first_error": FIRST_ERROR.get("error", "")}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
