"""What MCP costs against the page's own HTTP API on the same server (issue 32).

    python3 docs/bench/mcp.py [--rounds N] [--asgi]     # from the project root

Serves a small app that fails with `python -m wsgidebug` (our WSGI server, or
the asyncio server with --asgi) in a subprocess, PIN off and a known MCP
token, makes one error, then times on one keep-alive connection, interleaved
round by round (medians, milliseconds):

  page.json      GET /__debugger__/N with Accept: application/json
  mcp.get_json   tools/call get_error {"id": N, "format": "json"}
  page.md        GET /__debugger__/N with Accept: text/markdown
  mcp.get_md     tools/call get_error {"id": N}
  page.eval      POST ?__debugger__=yes&cmd=eval (the page's console)
  mcp.eval       tools/call eval, the same code in the same frame
  mcp.ping       ping (what JSON-RPC over HTTP costs by itself)

Every MCP message but ping (which 2026-07-28 dropped) is a 2026-07-28 one
(_meta and the mirrored headers).
Ratios mcp/page are printed last; issue 32 asks for at most 1.2.
Prints `name: value` lines like the benches in shared/bench.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.parse

from _serve import free_port, print_medians, serve

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "bench-token-0123456789abcdef"
VERSION = "2026-07-28"

WSGI_APP = '''
def app(environ, start_response):
    if environ["PATH_INFO"].startswith("/fail"):
        value = 41
        raise ValueError("bench %d" % value)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
'''

ASGI_APP = '''
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    if scope["path"].startswith("/fail"):
        value = 41
        raise ValueError("bench %d" % value)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})
'''


def serve_app(folder, asgi):
    """`python -m wsgidebug` on a free port, once it answers: (process, port)."""
    with open(os.path.join(folder, "benchapp.py"), "w") as f:
        f.write(ASGI_APP if asgi else WSGI_APP)
    port = free_port()
    env = dict(os.environ, WSGIDEBUG_PIN="off", WSGIDEBUG_MCP_TOKEN=TOKEN,
               PYTHONPATH=os.pathsep.join([ROOT, folder]))
    proc = serve([sys.executable, "-m", "wsgidebug", "--port", str(port), "benchapp:app"], port, folder, env)
    if proc is None:
        raise SystemExit("the server did not start")
    return proc, port


def mcp_request(method, params, request_id=1, modern=True):
    """A JSON-RPC request's body and headers; ``modern``: a 2026-07-28 one."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
               "Authorization": "Bearer " + TOKEN}
    if modern:
        params = dict(params, _meta={"io.modelcontextprotocol/protocolVersion": VERSION,
                                     "io.modelcontextprotocol/clientCapabilities": {}})
        headers.update({"MCP-Protocol-Version": VERSION, "Mcp-Method": method})
        if "name" in params:
            headers["Mcp-Name"] = params["name"]
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}).encode()
    return body, headers


def timed(conn, method, path, body=None, headers=None):
    """One request on the kept-alive connection: (ms, status, body)."""
    t0 = time.perf_counter()
    conn.request(method, path, body=body, headers=dict(headers or {}, Host="127.0.0.1"))
    r = conn.getresponse()
    data = r.read()
    return (time.perf_counter() - t0) * 1000, r.status, data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--asgi", action="store_true", help="the asyncio server and an ASGI app")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        proc, port = serve_app(folder, args.asgi)
        try:
            run(port, args.rounds)
        finally:
            proc.terminate()
            proc.wait(10)


def run(port, rounds):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    _, status, page = timed(conn, "GET", "/fail", headers={"Accept": "text/html"})
    page = page.decode()
    config = json.loads(re.search(r'id="wsgidebug-config">(.*?)</script>', page, re.S).group(1))
    error_id = int(re.search(r"/__debugger__/(\d+)", page).group(1))
    frame = [int(n) for n in re.findall(r'id="frame-(\d+)"', page)][-1]
    code = "value + 1"
    eval_path = "/?" + urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "s": config["secret"],
                                               "frm": frame})
    form = urllib.parse.urlencode({"code": code}).encode()
    cases = {
        "page.json": ("GET", "/__debugger__/%d" % error_id, None, {"Accept": "application/json"}),
        "page.md": ("GET", "/__debugger__/%d" % error_id, None, {"Accept": "text/markdown"}),
        "page.eval": ("POST", eval_path, form, {"Content-Type": "application/x-www-form-urlencoded"}),
    }
    for name, (method, params) in {
            "mcp.get_json": ("tools/call", {"name": "get_error", "arguments": {"id": error_id, "format": "json"}}),
            "mcp.get_md": ("tools/call", {"name": "get_error", "arguments": {"id": error_id}}),
            "mcp.eval": ("tools/call", {"name": "eval", "arguments": {"error_id": error_id, "frame": frame,
                                                                      "code": code}}),
            "mcp.ping": ("ping", {})}.items():
        body, headers = mcp_request(method, params, modern=name != "mcp.ping")  # 2026-07-28 has no ping
        cases[name] = ("POST", "/__debugger__/mcp", body, headers)
    for name, (method, path, body, headers) in cases.items():  # each answers as it should, before timing
        _, status, data = timed(conn, method, path, body, headers)
        expected = b"42" if name.endswith("eval") else b"bench 41" if name != "mcp.ping" else b'"result"'
        if status != 200 or expected not in data:
            raise SystemExit("%s: %d %r" % (name, status, data[:300]))
    times: dict = {name: [] for name in cases}
    for _ in range(rounds):
        for name, (method, path, body, headers) in cases.items():
            times[name].append(timed(conn, method, path, body, headers)[0])
    print_medians({name: statistics.median(values) for name, values in times.items()},
                  [("get_json", "mcp.get_json", "page.json"), ("get_md", "mcp.get_md", "page.md"),
                   ("eval", "mcp.eval", "page.eval")])


if __name__ == "__main__":
    main()
