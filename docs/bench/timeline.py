"""What the timeline costs (issue 30), in-process, medians of interleaved rounds.

    python3 docs/bench/timeline.py            # from the project root

  log20    a WSGI request that logs 20 records at INFO (a StreamHandler with a
           formatter, as an app has), bare and through DebuggedApplication:
           the cost of one record, and the ratio
  sql20    a WSGI request that runs 20 SQLAlchemy statements against sqlite
           (in memory), bare and through the middleware (which follows every
           Engine's events): the ratio
  memory   RSS growth over 3,000 failing requests that log 200 records each
           (the kept errors are bounded: 16)
"""
import io
import logging
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
from _serve import out  # noqa: E402


def environ():
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_HOST": "localhost", "SERVER_NAME": "localhost",
            "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}


def once(app):
    t0 = time.perf_counter_ns()
    for _ in app(environ(), lambda s, h, e=None: None):
        pass
    return time.perf_counter_ns() - t0


def rounds(bare, wrapped, n=300, k=7):
    b, w = [], []
    for _ in range(k):
        b.append(statistics.median(once(bare) for _ in range(n)))
        w.append(statistics.median(once(wrapped) for _ in range(n)))
    return statistics.median(b), statistics.median(w)


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    log = logging.getLogger("bench.app")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False

    def log20(environ, start_response):
        for i in range(20):
            log.info("item %d of order %s", i, "A1")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    def nothing(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    import sqlalchemy

    engine = sqlalchemy.create_engine("sqlite://")
    with engine.begin() as c:
        c.exec_driver_sql("create table item (id integer primary key, name text)")
        c.exec_driver_sql("insert into item (name) values ('tea')")
    query = sqlalchemy.text("select name from item where id = :id")

    def sql20(environ, start_response):
        with engine.connect() as c:
            for _ in range(20):
                c.execute(query, {"id": 1}).all()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    import wsgidebug  # after SQLAlchemy: the middleware follows its engines

    out("python", sys.version.split()[0])
    bare_empty, wrapped_empty = rounds(nothing, wsgidebug.DebuggedApplication(nothing, pin_security=False))
    bare, wrapped = rounds(log20, wsgidebug.DebuggedApplication(log20, pin_security=False))
    per_bare = (bare - bare_empty) / 20
    per_wrapped = (wrapped - wrapped_empty) / 20
    out("log20.record_bare_ns", per_bare)
    out("log20.record_wsgidebug_ns", per_wrapped)
    out("log20.record_ratio", per_wrapped / per_bare)
    bare, wrapped = rounds(sql20, wsgidebug.DebuggedApplication(sql20, pin_security=False), n=100)
    out("sql20.bare_us", bare / 1000)
    out("sql20.wsgidebug_us", wrapped / 1000)
    out("sql20.ratio", wrapped / bare)

    def failing(environ, start_response):
        for i in range(200):
            log.info("step %d", i)
        raise ValueError("failed after 200 records at %s" % environ["PATH_INFO"])

    mw = wsgidebug.DebuggedApplication(failing, evalex=True, pin_security=False)
    env = environ()
    env["HTTP_ACCEPT"] = "text/plain"
    env["wsgi.errors"] = io.StringIO()
    for i in range(200):  # warm up
        e = dict(env, PATH_INFO="/warm%d" % i, **{"wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO()})
        list(mw(e, lambda s, h, e=None: None))
    before = rss_kb()
    for i in range(3000):
        e = dict(env, PATH_INFO="/%d" % i, **{"wsgi.errors": io.StringIO()})  # 3,000 different errors
        list(mw(e, lambda s, h, e=None: None))
    out("memory.rss_growth_kb_3000_errors_200_records", rss_kb() - before)
    out("memory.kept_errors", len(mw.store.errors))


if __name__ == "__main__":
    logging.getLogger("wsgidebug").disabled = True  # its error lines: not what is measured
    main()
