"""What the debugger costs under several worker processes (issue 31).

    python3 docs/bench/console_workers.py [--rounds N]    # from the project root

Serves a small WSGI app in wsgidebug's middleware under gunicorn, with 4
workers and with 1 (gthread workers, which keep connections alive, so that
a request can ask which worker it reached), PIN off, in a subprocess each.
Each worker is made to keep 16 errors.  Then, medians in milliseconds:

  eval.local       the page's eval of one error's frame, answered by the
                   worker that holds it (the connection reached it)
  eval.forwarded   the same eval reaching another worker, which forwards it
                   over the workers' Unix socket to the owner
  eval.one_worker  the same eval under -w 1 (every eval is local)
  list.workers_4   GET /__debugger__ (the list page) with 4 workers x 16
                   errors: every worker's rows
  list.workers_1   the same with 1 worker x 16 errors

Each eval goes out on a fresh connection: GET /ok first (its answer names
the worker reached), then the timed eval on that connection.  Issue 31 asks
for eval.forwarded at most 1.5x eval.local, and list.workers_4 at most 2x
list.workers_1.  Needs gunicorn.  Prints `name: value` lines.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

from _serve import free_port, out, print_medians, serve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
APP = '''
import os
from wsgidebug import DebuggedApplication

def inner(environ, start_response):
    path = environ["PATH_INFO"]
    if path.startswith("/fail"):
        worker_pid = os.getpid()
        raise ValueError("failed in worker %d at %s" % (worker_pid, path))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok %d" % os.getpid()]

app = DebuggedApplication(inner, evalex=True)
'''
ERRORS_PER_WORKER = 16


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=dict(headers or {}, Host="127.0.0.1"))
    r = conn.getresponse()
    return r.status, dict(r.getheaders()), r.read()


def fresh(port):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=10)


def start(folder, workers):
    """gunicorn -w ``workers`` once every worker answers: (process, port, pids)."""
    port = free_port()
    env = dict(os.environ, WSGIDEBUG_PIN="off", PYTHONPATH=os.pathsep.join([ROOT, folder]))
    proc = serve([sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", "4",
                  "-b", "127.0.0.1:%d" % port, "benchworkers:app"], port, folder, env, seconds=30)
    if proc is None:
        raise SystemExit("gunicorn did not start (is it installed?)")
    pids: set = set()
    deadline = time.monotonic() + 30
    while len(pids) < workers:  # every worker is up: each has answered
        if time.monotonic() > deadline:
            proc.kill()
            raise SystemExit("gunicorn's workers did not all answer")
        _, _, body = request(fresh(port), "GET", "/ok")
        pids.add(int(body.split()[1]))
    return proc, port, pids


def fill(port, pids):
    """Fail requests until every worker keeps ERRORS_PER_WORKER errors:
    {pid: [(error id, page), ...]}."""
    held: dict = {pid: [] for pid in pids}
    lock = threading.Lock()
    n = [0]

    def one():
        with lock:
            n[0] += 1
            path = "/fail/%d" % n[0]
        status, headers, body = request(fresh(port), "GET", path, headers={"Accept": "text/html"})
        error_id = int(headers["X-Debugger-Url"].rpartition("/")[2])
        pid = error_id // 10 ** 6 if len(pids) > 1 else next(iter(pids))
        with lock:
            held[pid].append((error_id, body.decode()))

    for _ in range(200):
        if all(len(v) >= ERRORS_PER_WORKER for v in held.values()):
            break
        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return held


def eval_times(port, page, owner, rounds):
    """{"local": [...], "forwarded": [...]} milliseconds of the page's eval."""
    config = json.loads(re.search(r'id="wsgidebug-config">(.*?)</script>', page, re.S).group(1))
    frame = [int(f) for f in re.findall(r'id="frame-(\d+)"', page)][-1]
    path = "/?" + urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "s": config["secret"], "frm": frame})
    form = urllib.parse.urlencode({"code": "import os; (os.getpid(), worker_pid)"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    times: dict = {"local": [], "forwarded": []}
    for _ in range(rounds):
        conn = fresh(port)
        _, _, body = request(conn, "GET", "/ok")
        reached = int(body.split()[1])
        t0 = time.perf_counter()
        status, _, answer = request(conn, "POST", path, form, headers)
        took = (time.perf_counter() - t0) * 1000
        conn.close()
        if status != 200 or answer.count(b">%d<" % owner) != 2:  # it ran in the owner, in the failing frame
            raise SystemExit("eval answered %d: %r" % (status, answer[:300]))
        times["local" if reached == owner else "forwarded"].append(took)
    return times


def list_times(port, rounds, rows):
    conn = fresh(port)
    _, _, body = request(conn, "GET", "/__debugger__", headers={"Accept": "application/json"})
    if len(json.loads(body)["errors"]) != rows:
        raise SystemExit("the list has %d rows, not %d" % (len(json.loads(body)["errors"]), rows))
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        status, _, body = request(conn, "GET", "/__debugger__", headers={"Accept": "text/html"})
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise SystemExit("the list answered %d" % status)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    medians: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "benchworkers.py"), "w") as f:
            f.write(APP)
        for workers in (4, 1):
            proc, port, pids = start(folder, workers)
            try:
                held = fill(port, pids)
                owner = next(iter(pids))
                error_id, page = held[owner][-1]
                times = eval_times(port, page, owner, args.rounds)
                if workers == 1:
                    medians["eval.one_worker"] = statistics.median(times["local"])
                else:
                    for kind, values in times.items():
                        medians["eval." + kind] = statistics.median(values)
                        out("eval.%s_count" % kind, len(values))
                rows = sum(min(len(v), ERRORS_PER_WORKER) for v in held.values())
                out("list.workers_%d_rows" % workers, rows)
                medians["list.workers_%d" % workers] = statistics.median(list_times(port, args.rounds, rows))
            finally:
                proc.terminate()
                proc.wait(15)
    print_medians(medians, [("forwarded_to_local", "eval.forwarded", "eval.local"),
                            ("forwarded_to_one_worker", "eval.forwarded", "eval.one_worker"),
                            ("list_4_to_1", "list.workers_4", "list.workers_1")])


if __name__ == "__main__":
    main()
