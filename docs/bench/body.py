"""What reading a request's body costs through the debugger (issue 29), and
the Django template error page against Django's own technical 500.

    python3 docs/bench/body.py            # from the project root

Cases, medians of interleaved rounds:
  wsgi.read_1mb     a WSGI app reads a 1 MB body (wsgi.input.read() in 64 KB
                    pieces) bare, and through DebuggedApplication, which keeps
                    the first 64 KB of what the app reads
  asgi.receive_1mb  an ASGI app receives a 1 MB body as sixteen 64 KB
                    http.request messages, bare and through
                    DebuggedASGIApplication
  server.*          the same 1 MB POST over a real socket, 60 requests on one
                    keep-alive connection, p50 per request: gunicorn and the
                    built-in server (run_simple) for WSGI, uvicorn for ASGI,
                    each with the bare app and with the app in the debugger
  django.template   a {% url %} error in a template: wsgidebug's page (with the
                    template's source and token) against
                    django.views.debug.technical_500_response, same exception
                    (in a subprocess: Django's settings are per process)
Prints `name: value` lines like the benches in shared/bench.
"""
import asyncio
import io
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.getcwd())
import wsgidebug  # noqa: E402
from _serve import free_port, out, serve  # noqa: E402

BODY = os.urandom(1 << 20)
PIECE = 64 * 1024


def wsgi_app(environ, start_response):
    stream = environ["wsgi.input"]
    n = 0
    while True:
        piece = stream.read(PIECE)
        if not piece:
            break
        n += len(piece)
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(b"%d" % n)))])
    return [b"%d" % n]


def wsgi_once(app):
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/", "CONTENT_TYPE": "application/octet-stream",
           "CONTENT_LENGTH": str(len(BODY)), "wsgi.input": io.BytesIO(BODY), "HTTP_HOST": "localhost",
           "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
    t0 = time.perf_counter_ns()
    for _ in app(env, lambda s, h, e=None: None):
        pass
    return time.perf_counter_ns() - t0


async def asgi_app(scope, receive, send):
    if scope["type"] != "http":
        return  # lifespan, under uvicorn
    n = 0
    while True:
        message = await receive()
        n += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"%d" % n})


async def asgi_once(app):
    scope = {"type": "http", "method": "POST", "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"localhost"), (b"content-length", str(len(BODY)).encode())],
             "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "http", "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}
    pieces = [BODY[i:i + PIECE] for i in range(0, len(BODY), PIECE)]
    index = [0]

    async def receive():
        i = index[0]
        index[0] += 1
        return {"type": "http.request", "body": pieces[i], "more_body": i + 1 < len(pieces)}

    async def send(message):
        pass

    t0 = time.perf_counter_ns()
    await app(scope, receive, send)
    return time.perf_counter_ns() - t0


def rounds(measure, bare, wrapped, n=200, k=7):
    bares, wraps = [], []
    for _ in range(k):
        bares.append(statistics.median(measure(bare) for _ in range(n)))
        wraps.append(statistics.median(measure(wrapped) for _ in range(n)))
    return statistics.median(bares), statistics.median(wraps)


DJANGO = r'''
import os, sys, time, statistics
sys.path.insert(0, os.getcwd())
import django
from django.conf import settings
folder = sys.argv[1]
settings.configure(DEBUG=True, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="x", MIDDLEWARE=[],
                   INSTALLED_APPS=[], TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                   "DIRS": [folder], "OPTIONS": {"debug": True}}])
django.setup()
urlpatterns = []
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.views.debug import technical_500_response
import wsgidebug
with open(os.path.join(folder, "orders.html"), "w") as f:
    f.write("<ul>\n{% for row in rows %}\n<li>{% url 'order-detail' row.id %}</li>\n{% endfor %}\n</ul>\n")
request = RequestFactory().get("/orders/")
env = dict(request.META)
try:
    render_to_string("orders.html", {"rows": [{"id": 3}]})
except Exception as e:
    exc = e
def ours():
    report = wsgidebug.ErrorReport(exc, env)
    ctx = wsgidebug.PageContext(False, None, False, False, None)
    return wsgidebug.render_page(report, ctx)
def theirs():
    return technical_500_response(request, type(exc), exc, exc.__traceback__).content
for f in (ours, theirs):
    f()
times = {}
for name, f in (("wsgidebug", ours), ("django", theirs)):
    samples = []
    for _ in range(30):
        t0 = time.perf_counter()
        body = f()
        samples.append(time.perf_counter() - t0)
    times[name] = statistics.median(samples)
    print("django.template.%s.ms: %.3f" % (name, times[name] * 1000))
    print("django.template.%s.bytes: %d" % (name, len(body)))
print("django.template.ratio_wsgidebug_over_django: %.3f" % (times["wsgidebug"] / times["django"]))
'''


SERVER_APP = r'''
import os, sys
sys.path[:0] = [os.environ["PROJECT"], os.environ["BENCH"]]
from body import asgi_app as asgi, wsgi_app as wsgi  # the same apps as in-process
from wsgidebug import DebuggedApplication, DebuggedASGIApplication, run_simple

debugged = os.environ.get("DEBUGGED") == "1"
wsgi_app = DebuggedApplication(wsgi, pin_security=False) if debugged else wsgi
asgi_app = DebuggedASGIApplication(asgi, pin_security=False) if debugged else asgi
if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), wsgi_app, threaded=True)
'''


def server_case(kind, folder, debugged):
    """p50 ms of a 1 MB POST under one server, bare or debugged."""
    import http.client

    port = free_port()
    command = {"gunicorn": [sys.executable, "-m", "gunicorn", "-b", "127.0.0.1:%d" % port, "srvapp:wsgi_app"],
               "builtin": [sys.executable, "srvapp.py", str(port)],
               "uvicorn": [sys.executable, "-m", "uvicorn", "srvapp:asgi_app", "--port", str(port),
                           "--log-level", "warning"]}[kind]
    env = dict(os.environ, PROJECT=os.getcwd(), BENCH=os.path.dirname(os.path.abspath(__file__)),
               DEBUGGED="1" if debugged else "0", WSGIDEBUG_PIN="off")
    proc = serve(command, port, folder, env)
    if proc is None:
        return None
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        samples = []
        for i in range(70):
            t0 = time.perf_counter()
            conn.request("POST", "/", BODY, {"Content-Type": "application/octet-stream"})
            answer = conn.getresponse().read()
            if i >= 10:
                samples.append(time.perf_counter() - t0)
            assert answer == str(len(BODY)).encode(), answer
        conn.close()
        return statistics.median(samples) * 1000
    finally:
        proc.terminate()
        proc.wait(10)


def main():
    out("python", sys.version.split()[0])
    plain = lambda e, s: wsgi_app(e, s)  # noqa: E731 - the bare app, as a second object
    bare, wrapped = rounds(wsgi_once, plain, wsgidebug.DebuggedApplication(wsgi_app, evalex=True, pin_security=False))
    out("wsgi.read_1mb.bare_us", bare / 1000)
    out("wsgi.read_1mb.wsgidebug_us", wrapped / 1000)
    out("wsgi.read_1mb.ratio", wrapped / bare)
    loop = asyncio.new_event_loop()
    measure = lambda app: loop.run_until_complete(asgi_once(app))  # noqa: E731
    bare, wrapped = rounds(measure, asgi_app, wsgidebug.DebuggedASGIApplication(asgi_app, evalex=True,
                                                                                pin_security=False))
    out("asgi.receive_1mb.bare_us", bare / 1000)
    out("asgi.receive_1mb.wsgidebug_us", wrapped / 1000)
    out("asgi.receive_1mb.ratio", wrapped / bare)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "srvapp.py"), "w") as f:
            f.write(SERVER_APP)
        for kind in ("builtin", "gunicorn", "uvicorn"):
            results = []
            for _ in range(3):  # interleaved: bare, debugged, bare, ...
                results.append((server_case(kind, folder, False), server_case(kind, folder, True)))
            if any(None in r for r in results):
                out("server.%s.skipped" % kind, "did not start")
                continue
            bare = statistics.median(r[0] for r in results)
            debugged = statistics.median(r[1] for r in results)
            out("server.%s.bare_ms" % kind, bare)
            out("server.%s.wsgidebug_ms" % kind, debugged)
            out("server.%s.ratio" % kind, debugged / bare)
        done = subprocess.run([sys.executable, "-c", DJANGO, folder], capture_output=True, text=True)
        print(done.stdout, end="")
        if done.returncode:
            out("django.template.skipped", done.stderr.strip().splitlines()[-1] if done.stderr else "failed")


if __name__ == "__main__":
    main()
