"""Tests for wsgidebug: in-process, over a real socket, and in headless Chromium.

Tests that need something beyond pytest (Chromium with Playwright, Flask)
skip when it is missing, unless WSGIDEBUG_REQUIRE_ALL=1 (as in CI), where
they fail instead.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import http.client
import io
import json
import logging
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import traceback
import typing
import urllib.error
import urllib.parse
import urllib.request
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

import pytest

import wsgidebug
from wsgidebug import DebuggedApplication

HERE = os.path.dirname(os.path.abspath(__file__))
REQUIRE_ALL = os.environ.get("WSGIDEBUG_REQUIRE_ALL") == "1"
PY311 = sys.version_info >= (3, 11)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = os.path.join(HERE, "test-artifacts")


def need(module_name: str):
    """Import an optional test tool, or skip (fail under WSGIDEBUG_REQUIRE_ALL)."""
    import importlib

    try:
        return importlib.import_module(module_name)
    except ImportError as e:
        if REQUIRE_ALL:
            pytest.fail("%s is required (WSGIDEBUG_REQUIRE_ALL=1): %s" % (module_name, e))
        pytest.skip("%s is not installed" % module_name)


@pytest.fixture(autouse=True)
def _isolated_pin_env(monkeypatch, tmp_path):
    """Each test starts with no PIN override and a private cache folder."""
    monkeypatch.delenv("WSGIDEBUG_PIN", raising=False)
    monkeypatch.delenv("WERKZEUG_DEBUG_PIN", raising=False)
    monkeypatch.delenv("WSGIDEBUG_TRUSTED_HOSTS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(wsgidebug, "_LOCAL_KEY", None)
    monkeypatch.setattr(wsgidebug, "_LOCAL_KEY_PROBLEM", None)
    monkeypatch.setattr(wsgidebug, "_next_frame_id", wsgidebug._next_frame_id)  # a worker group renumbers them
    monkeypatch.setattr(wsgidebug, "_FRAME_IDS_OF", 0)
    monkeypatch.setattr(wsgidebug, "_SEVERAL_ASGI_PROCESSES", False)
    monkeypatch.setattr(wsgidebug, "_PIN_VALUES", (), raising=False)
    monkeypatch.setattr(wsgidebug.PinGuard, "failure_delay", 0.0)
    monkeypatch.setattr(wsgidebug.PinGuard, "late_failure_delay", 0.0)


# =============================================================================
# A small WSGI test client
# =============================================================================

class Response:
    def __init__(self, status, headers, body, errors, exc_info, start_calls):
        self.status = status
        self.status_code = int(status.split()[0]) if status else None
        self.headers = headers or []
        self.body = body
        self.errors = errors
        self.exc_info = exc_info
        self.start_calls = start_calls

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_named(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


class NoReadInput(io.BytesIO):
    """wsgi.input that fails the test if anyone reads it."""

    def read(self, *a):
        raise AssertionError("wsgi.input was read")

    readline = readlines = read

    def __iter__(self):
        raise AssertionError("wsgi.input was iterated")


def make_environ(path="/", method="GET", query="", headers=None, body=b"", host="localhost",
                 **extra):
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "wsgi.errors": io.StringIO(),
        "wsgi.input": io.BytesIO(body),
    }
    if body:
        env["CONTENT_LENGTH"] = str(len(body))
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
    for k, v in (headers or {}).items():
        key = k.upper().replace("-", "_")
        env[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = v
    if host is None:
        del env["HTTP_HOST"]
    env.update(extra)
    setup_testing_defaults(env)
    return env


def call(app, path="/", method="GET", query="", headers=None, body=b"", host="localhost",
         environ=None, validate=True, **extra):
    """Run one request like a server would: honour exc_info after headers."""
    env = environ if environ is not None else make_environ(path, method, query, headers, body, host, **extra)
    errors = env["wsgi.errors"]
    state = {"status": None, "headers": None, "sent": False, "exc_info": None, "calls": 0}
    chunks = []

    def start_response(status, headers, exc_info=None):
        state["calls"] += 1
        if exc_info is not None:
            state["exc_info"] = exc_info
            if state["sent"]:
                raise exc_info[1].with_traceback(exc_info[2])
        elif state["status"] is not None and state["calls"] > 1 and state["sent"]:
            raise AssertionError("start_response called twice without exc_info")
        state["status"], state["headers"] = status, headers

        def write(data):
            if data:
                state["sent"] = True
                chunks.append(data)
        return write

    wsgi = validator(app) if validate else app
    it = wsgi(env, start_response)
    try:
        for chunk in it:
            if chunk:
                state["sent"] = True
                chunks.append(chunk)
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()
    return Response(state["status"], state["headers"], b"".join(chunks),
                    errors.getvalue() if hasattr(errors, "getvalue") else "",
                    state["exc_info"], state["calls"])


def recording_app(seen: list, key: str):
    """An app that answers b"app" and notes ``environ[key]`` of each request."""
    def app(environ, start_response):
        seen.append(environ[key])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"app"]
    return app


def debugged(app, **kw):
    """DebuggedApplication with the app validated on its side too."""
    kw.setdefault("pin_security", False)
    return DebuggedApplication(validator(app), **kw)


def app_tb(exc):
    """The traceback of an app error without the middleware's own frame."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code is DebuggedApplication.__call__.__code__:
        tb = tb.tb_next
    return tb


def frame_ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="frame-(\d+)"', page)]


def plain_text_of(page: str) -> str:
    m = re.search(r'<pre class="plain" id="plain-text">(.*?)</pre>', page, re.S)
    return html.unescape(m.group(1))


def skeleton(page: str) -> list[str]:
    """The page's structure in order: frames (function names), exception
    lines, dividers and group headings, as plain strings."""
    out = []
    for m in re.finditer(r'<code class="func">((?:[^<]|<wbr>)*)</code>|<pre class="exc-line">(.*?)</pre>'
                         r'|<p class="divider">(.*?)</p>|<h3>(Sub-exception[^<]*)</h3>', page, re.S):
        func, exc, divider, heading = m.groups()
        if func is not None:
            out.append("frame " + html.unescape(func.replace("<wbr>", "")).rpartition(".")[2])
        elif exc is not None:
            out.append("exc " + html.unescape(exc).strip().splitlines()[-1])
        elif divider is not None:
            out.append("divider " + html.unescape(divider))
        else:
            out.append(heading)
    return out


def frame_details(mw, r, frm=None) -> str:
    """The unfolded part of a frame (full source, locals) of an error page
    ``r``, as the page fetches it from the kept error."""
    frm = frame_ids(r.text)[-1] if frm is None else frm
    url = urllib.parse.urlsplit(r.header("X-Debugger-Url"))
    details = call(mw, path="%s/frames/%d" % (url.path, frm), validate=False)
    assert details.status_code == 200, details.text
    return details.text


def page_config(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="wsgidebug-config">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


# -- apps used by many tests -------------------------------------------------

def ok_app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"hello"]


def failing_app(environ, start_response):
    answer = 42
    raise ValueError("the answer %d is wrong" % answer)


def inner_helper(values):
    return values["missing"]


def chained_app(environ, start_response):
    try:
        inner_helper({})
    except KeyError as e:
        raise RuntimeError("outer failure") from e


# =============================================================================
# Catching errors (SPEC "Catching errors")
# =============================================================================

def test_success_passes_through_untouched():
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hello"]

    env = make_environ()
    env["wsgi.input"] = NoReadInput()
    server_keys = set(env)
    r = call(DebuggedApplication(app, evalex=True), environ=env, validate=False)
    assert r.status == "200 OK" and r.body == b"hello"
    assert set(seen) - server_keys == set(wsgidebug.PRESERVE_CONTEXT_KEYS)
    assert seen["werkzeug.debug.preserve_context"] is seen["wsgidebug.preserve_context"]
    assert callable(seen["wsgidebug.preserve_context"])


def test_success_without_evalex_adds_no_keys_and_returns_the_same_iterable():
    body = [b"x"]
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return body

    env = make_environ()
    keys = set(env)
    assert DebuggedApplication(app)(env, lambda *a: None) is body
    assert set(seen) == keys


def test_success_through_validator_on_both_sides():
    r = call(debugged(ok_app, evalex=True))
    assert r.status == "200 OK" and r.body == b"hello"


def body_app(*steps, close_error=None):
    """An app whose body yields the bytes in ``steps`` and raises the
    exception among them; returns (app, list of close() calls)."""
    closed = []

    class Body:
        def __iter__(self):
            for step in steps:
                if isinstance(step, BaseException):
                    raise step
                yield step

        def close(self):
            closed.append(1)
            if close_error is not None:
                raise close_error

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Body()

    return app, closed


def test_generator_body_is_streamed_and_closed_once():
    app, closed = body_app(b"a", b"b")
    r = call(debugged(app))
    assert r.body == b"ab" and closed == [1]


def test_error_in_app_call_gives_500_page_with_exc_info():
    r = call(debugged(failing_app))
    assert r.status_code == 500
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    assert r.exc_info is not None and isinstance(r.exc_info[1], ValueError)
    assert "the answer 42 is wrong" in r.text
    assert "failing_app" in r.text


def test_error_while_iterating_before_body_gives_page_and_closes_once():
    app, closed = body_app(OSError("cannot read the file"))
    r = call(debugged(app))
    assert r.status_code == 500 and "cannot read the file" in r.text
    assert closed == [1]


def test_error_after_body_started_is_logged_then_re_raised_to_the_server():
    app, closed = body_app(b"partial", OSError("broken mid-stream"))
    env = make_environ()
    stream = env["wsgi.errors"]
    with pytest.raises(OSError, match="broken mid-stream") as caught:
        call(debugged(app), environ=env)  # the server sees it, so it cuts the response short
    errors = stream.getvalue()
    assert "broken mid-stream" in errors and errors.count("Traceback (most recent call last)") == 1
    assert env[wsgidebug.LOGGED_KEY] is caught.value  # the server knows it is logged
    assert closed == [1]


def test_error_in_close_after_the_whole_body_is_logged_not_re_raised():
    class Body:
        def __iter__(self):
            yield b"all of it"

        def close(self):
            raise RuntimeError("close failed")

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Body()

    mw = DebuggedApplication(app, evalex=True, pin_security=False)
    r = call(mw, validate=False)
    assert r.body == b"all of it" and "close failed" in r.errors
    assert r.errors.endswith(" * Debugger: http://localhost/__debugger__/1\n")  # logged with its URL
    kept = mw.store.get(1)
    assert kept.report.source == "after_response" and kept.report.traceback.top.message == "close failed"


def test_error_after_write_callable_used_is_logged_and_re_raised():
    def app(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        write(b"written")
        raise RuntimeError("after write")

    env = make_environ()
    with pytest.raises(RuntimeError, match="after write"):
        call(DebuggedApplication(app), environ=env, validate=False)
    errors = env["wsgi.errors"].getvalue()
    assert "after write" in errors and "cut short" in errors


@pytest.mark.parametrize("read", [0, 1, 2])
def test_body_closed_early_closes_app_iterable_once(read):
    app, closed = body_app(b"a", b"b")
    body = DebuggedApplication(app)(make_environ(), lambda *a: None)
    it = iter(body)
    for _ in range(read):
        next(it)
    body.close()  # the client went away after `read` chunks
    body.close()
    assert closed == [1]


def test_error_in_close_gives_page_and_close_called_once():
    app, closed = body_app(close_error=RuntimeError("close failed"))
    r = call(debugged(app))
    assert r.status_code == 500 and "close failed" in r.text
    assert closed == [1]


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit, GeneratorExit])
def test_base_exceptions_propagate_from_call(exc):
    def app(environ, start_response):
        raise exc()

    with pytest.raises(exc):
        call(DebuggedApplication(app), validate=False)


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit])
def test_base_exceptions_propagate_from_iteration(exc):
    app, closed = body_app(exc())
    with pytest.raises(exc):
        call(DebuggedApplication(app), validate=False)
    assert closed == [1]


def test_plain_text_traceback_always_written_to_wsgi_errors():
    r = call(debugged(chained_app))
    exc = r.exc_info[1]
    expected = "".join(traceback.format_exception(type(exc), exc, app_tb(exc)))
    assert expected in r.errors
    assert "The above exception was the direct cause" in r.errors


@pytest.mark.parametrize("accept,kind", [
    (None, "text/html"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
    ("*/*", "text/plain"),
    ("application/json", "text/plain"),
    ("TEXT/HTML", "text/html"),
])
def test_accept_header_picks_html_or_plain_text(accept, kind):
    headers = {"Accept": accept} if accept is not None else {}
    r = call(debugged(failing_app), headers=headers)
    assert r.status_code == 500
    assert r.header("Content-Type") == kind + "; charset=utf-8"
    if kind == "text/plain":
        assert r.text.startswith("Traceback (most recent call last)")
        assert "ValueError: the answer 42 is wrong" in r.text
        assert "<" not in r.text.split("\n")[0]


def test_error_path_passes_validator_for_every_failure_kind():
    for app in (failing_app, chained_app):
        r = call(debugged(app, evalex=True))
        assert r.status_code == 500


# =============================================================================
# The page (SPEC "The page")
# =============================================================================

def test_page_headers_csp_nonce_and_no_external_requests():
    r = call(debugged(failing_app, evalex=True))
    assert r.header("Cache-Control") == "no-store"
    assert r.header("X-Content-Type-Options") == "nosniff"
    csp = r.header("Content-Security-Policy")
    nonce = re.search(r"script-src 'nonce-([0-9a-f]+)'", csp).group(1)
    assert "style-src 'nonce-%s'" % nonce in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    page = r.text
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all('nonce="%s"' % nonce in s or 'type="application/json"' in s for s in scripts)
    assert all('nonce="%s"' % nonce in s for s in re.findall(r"<style\b[^>]*>", page))
    # Nothing to fetch: no src= or href= that leaves the page (the list of
    # kept errors is the debugger's own, on this origin).
    for m in re.finditer(r'\b(src|href)="([^"]*)"', page):
        assert m.group(2).startswith(("#", "data:")) or m.group(2) == "/__debugger__", m.group(0)
    assert "style=" not in page  # inline style attributes would break under the CSP
    # The nonce is never printed where the app's text goes.
    def nonce_app(environ, start_response):
        raise ValueError("{nonce} <{nonce}>")

    leak = call(debugged(nonce_app))
    leaked = re.search(r"script-src 'nonce-([0-9a-f]+)'", leak.header("Content-Security-Policy")).group(1)
    assert leak.text.count(leaked) == 2 and "{nonce} &lt;{nonce}&gt;" in leak.text
    # A new nonce per response.
    again = call(debugged(failing_app, evalex=True)).header("Content-Security-Policy")
    assert again != csp


def test_page_has_type_message_frames_and_jump_to_last_frame():
    r = call(debugged(chained_app))
    page = r.text
    ids = frame_ids(page)
    assert len(ids) == len(set(ids)) >= 3
    assert re.search(r'<h1><a class="jump" href="#frame-%d"><span class="exc-type">RuntimeError</span>' % ids[-1], page)
    assert '<a class="jump" href="#frame-%d">outer failure</a>' % ids[-1] in page
    # oldest first: inner_helper's frame comes before chained_app's last frame
    assert page.index("inner_helper") < page.rindex('id="frame-%d"' % ids[-1])
    # every frame has its id in data-frm too, for the console
    for n in ids:
        assert 'id="frame-%d" data-frm="%d"' % (n, n) in page


def test_frame_shows_five_lines_and_more_on_expand():
    lineno = failing_app.__code__.co_firstlineno + 2  # the raise line
    # Without the history, the 21 lines are in the page; 16 of them folded.
    page = call(DebuggedApplication(failing_app, history_path=None)).text
    lines = re.findall(r'<span class="l( x| cur)?"><i>(\d+)</i>', page)
    shown = [int(n) for cls, n in lines if cls != " x"]
    assert lineno in shown
    cur = re.search(r'<span class="l cur"><i>(\d+)</i>', page)
    assert int(cur.group(1)) == lineno
    near = [n for n in shown if abs(n - lineno) <= 2]
    assert len(near) == 5 and len(shown) == 5
    assert [int(n) for cls, n in lines if cls == " x"] == [n for n in range(lineno - 10, lineno + 11)
                                                            if abs(n - lineno) > 2]
    # With it (the default), the page has the 5 and the frame's full window
    # comes from the kept error when unfolded.
    mw = DebuggedApplication(failing_app)
    r = call(mw)
    lines = re.findall(r'<span class="l( x| cur)?"><i>(\d+)</i>', r.text)
    assert [int(n) for _, n in lines] == list(range(lineno - 2, lineno + 3))
    frm = frame_ids(r.text)[-1]
    assert 'id="frame-%d" data-frm="%d" data-line="%d" data-lazy' % (frm, frm, lineno) in r.text
    full = call(mw, path="/__debugger__/1/frames/%d" % frm)
    assert full.status_code == 200 and full.header("Content-Type") == "text/html; charset=utf-8"
    assert [int(n) for _, n in re.findall(r'<span class="l( x| cur)?"><i>(\d+)</i>', full.text)] == \
        list(range(lineno - 10, lineno + 11))
    assert "<b>answer</b> = 42" in full.text
    assert call(mw, path="/__debugger__/1/frames/999999").status_code == 404
    assert call(mw, path="/__debugger__/1/frames/%d" % frm, host="evil.example").status_code == 400


def test_app_frames_stand_apart_from_library_frames():
    def app(environ, start_response):
        return json.loads("{not json")

    page = call(debugged(app)).text
    assert re.search(r'<div class="frame app" id="frame-\d+" data-frm="\d+"[^>]*><div class="frame-head">'
                     r'<button[^>]*><code class="func">(?:[^<]|<wbr>)*app</code>', page)
    lib = re.findall(r'<div class="frame lib" id="frame-\d+"[^>]*><div class="frame-head"><button[^>]*>'
                     r'<code class="func">((?:[^<]|<wbr>)*)</code></button> <span class="file">in <span class="path">((?:[^<]|<wbr>)*)</span>,',
                     page)
    assert any(f.replace("<wbr>", "").endswith(os.path.join("json", "decoder.py")) for _, f in lib)
    assert wsgidebug.is_library_file(json.__file__)
    assert not wsgidebug.is_library_file(__file__)
    assert not wsgidebug.is_library_file("/home/me/site-packages-demo/app.py")
    assert wsgidebug.is_library_file("/venv/lib/python3.11/site-packages/flask/app.py")


@pytest.mark.skipif(not PY311, reason="column positions need Python 3.11")
def test_failing_expression_is_marked():
    def app(environ, start_response):
        data = {"a": 1}
        return [data["a"] + data["b"]]

    page = call(debugged(app)).text
    assert '<mark>data[&quot;b&quot;]</mark>' in page


def hook_app(environ, start_response):
    def reject(obj):
        raise ValueError("rejected %r" % (obj,))

    return json.loads('{"a": 1}', object_hook=reject)


def test_library_runs_fold_but_never_the_last_frame():
    page = call(DebuggedApplication(hook_app)).text
    fold = re.search(r'<details class="lib-run"><summary>(\d+) library frames <span class="mods">([^<]*)</span>'
                     r'</summary>(.*?)</details>', page, re.S)
    assert fold and fold.group(1) == "3" and fold.group(2) == "json"
    names = [n.replace("<wbr>", "").rpartition(".")[2]
             for n in re.findall(r'<code class="func">((?:[^<]|<wbr>)*)</code>', fold.group(3))]
    assert names == ["loads", "decode", "raw_decode"]  # qualified names need 3.11
    last = frame_ids(page)[-1]
    assert 'id="frame-%d"' % last not in fold.group(3)  # the raising frame stays out
    # fewer than three library frames in a row stay unfolded
    short = call(DebuggedApplication(lambda e, s: json.loads("{bad"))).text
    assert '<details class="lib-run">' not in short


def test_chain_dividers_in_order():
    def app(environ, start_response):
        try:
            try:
                raise KeyError("first")
            except KeyError as e:
                raise ValueError("second") from e
        except ValueError:
            raise RuntimeError("third")  # noqa: B904 - testing the context chain

    page = call(DebuggedApplication(app)).text
    assert skeleton(page) == [
        "frame app", "exc KeyError: 'first'",
        "divider " + wsgidebug.CAUSE_MESSAGE,
        "frame app", "exc ValueError: second",
        "divider " + wsgidebug.CONTEXT_MESSAGE,
        "frame app", "exc RuntimeError: third",
    ]


def test_suppressed_context_is_not_shown():
    def app(environ, start_response):
        try:
            raise KeyError("hidden away")
        except KeyError:
            raise ValueError("shown") from None

    page = call(DebuggedApplication(app)).text
    assert skeleton(page) == ["frame app", "exc ValueError: shown"]


def test_exception_cycle_is_safe():
    def app(environ, start_response):
        a, b = ValueError("a-side"), KeyError("b-side")
        a.__context__, b.__context__ = b, a
        raise a

    r = call(debugged(app))
    assert r.status_code == 500 and "a-side" in r.text and "b-side" in r.text


@pytest.mark.skipif(not PY311, reason="ExceptionGroup needs Python 3.11")
def test_exception_group_members_nested_with_their_tracebacks():
    def fail_one():
        raise ValueError("member one")

    def fail_two():
        raise TypeError("member two")

    def app(environ, start_response):
        errors = []
        for f in (fail_one, fail_two):
            try:
                f()
            except Exception as e:
                errors.append(e)
        inner = ExceptionGroup("inner group", [errors[1]])  # noqa: F821
        raise ExceptionGroup("outer group", [errors[0], inner])  # noqa: F821

    whole = [
        "frame app", "exc ExceptionGroup: outer group (2 sub-exceptions)",
        "Sub-exception 1 of 2", "frame app", "frame fail_one", "exc ValueError: member one",
        "Sub-exception 2 of 2", "exc ExceptionGroup: inner group (1 sub-exception)",
        "Sub-exception 1 of 1", "frame app", "frame fail_two", "exc TypeError: member two",
    ]
    page = call(DebuggedApplication(app, history_path=None)).text  # everything in the page
    assert page.count('<div class="group">') == 2
    assert skeleton(page) == whole
    mw = DebuggedApplication(app)  # a kept error: the second member comes when opened
    page = call(mw).text
    assert skeleton(page) == whole[:7]
    second = call(mw, path="/__debugger__/1/groups/0/1").text
    assert skeleton(page) + skeleton(second) == whole


def test_exception_notes_are_shown():
    def app(environ, start_response):
        e = ValueError("with notes")
        e.__notes__ = ["first <note>", "second note"]
        raise e

    page = call(debugged(app)).text
    assert "<li>first &lt;note&gt;</li>" in page and "<li>second note</li>" in page


def test_syntax_error_shows_line_and_caret(tmp_path, monkeypatch):
    (tmp_path / "broken_mod_for_test.py").write_text("x = 1\ny = (1 +\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    def app(environ, start_response):
        import broken_mod_for_test  # noqa: F401

    page = call(debugged(app)).text
    block = re.findall(r'<pre class="exc-line">(.*?)</pre>', page, re.S)[-1]
    text = html.unescape(block)
    assert "broken_mod_for_test.py" in text and "SyntaxError" in text
    assert "y = (1 +" in text or "(1 +" in text
    assert "^" in text


def test_exception_whose_str_raises_still_renders():
    class Nasty(Exception):
        def __str__(self):
            raise RuntimeError("no str for you")

    def app(environ, start_response):
        raise Nasty()

    r = call(debugged(app))
    assert r.status_code == 500
    assert "&lt;exception str() failed&gt;" in r.text


@pytest.mark.parametrize("marker,visible", [
    (True, ["outer", "inner"]),
    ("before", ["middle", "inner"]),
    ("before_and_this", ["inner"]),
    ("after", ["outer", "middle"]),
    ("after_and_this", ["outer"]),
])
def test_traceback_hide_conventions(marker, visible):
    def inner():
        raise ValueError("deep")

    def middle():
        __traceback_hide__ = marker  # noqa: F841
        return inner()

    def outer():
        return middle()

    def app(environ, start_response):
        return outer()

    page = call(DebuggedApplication(app)).text
    shown = re.findall(r'<code class="func">(?:[^<]|<wbr>)*?(outer|middle|inner)</code>', page)
    if marker is True:
        assert shown == ["outer", "inner"]
    else:
        assert shown == visible
    everything = call(DebuggedApplication(app, show_hidden_frames=True)).text
    assert re.findall(r'<code class="func">(?:[^<]|<wbr>)*?(outer|middle|inner)</code>', everything) == ["outer", "middle", "inner"]


def test_traceback_hide_reset():
    def inner():
        __traceback_hide__ = "reset"  # noqa: F841
        raise ValueError("deep")

    def middle():
        return inner()

    def outer():
        __traceback_hide__ = "after"  # noqa: F841
        return middle()

    def app(environ, start_response):
        return outer()

    page = call(DebuggedApplication(app)).text
    assert re.findall(r'<code class="func">(?:[^<]|<wbr>)*?(outer|middle|inner)</code>', page) == ["outer", "inner"]


def test_traceback_info_is_shown_escaped():
    def app(environ, start_response):
        __traceback_info__ = "user <7>"  # noqa: F841
        raise ValueError("x")

    page = call(debugged(app)).text
    assert "__traceback_info__: user &lt;7&gt;" in page


def deep(n):
    return deep(n + 1) + 1


def test_recursion_error_collapses_and_stays_small():
    def app(environ, start_response):
        return deep(0)

    r = call(debugged(app, evalex=True))
    page = r.text
    assert r.status_code == 500 and "RecursionError" in page
    m = re.search(r"\[Previous line repeated (\d+) more times\]", page)
    assert m and int(m.group(1)) > 500
    assert len(frame_ids(page)) < 20
    assert len(r.body) < 150_000
    assert "Previous line repeated" in plain_text_of(page)


def test_collapse_repeats_folds_like_the_stdlib_and_keeps_the_last_frame():
    class F:
        def __init__(self, name):
            self.f_code = type("C", (), {"co_filename": "f.py", "co_name": name})()

    x, y = F("x"), F("y")
    runs = [(x, 1, 0)] * 6 + [(y, 2, 0)]
    runs[5] = (x, 1, 99)  # the run's last frame, told apart by its lasti
    out = wsgidebug.collapse_repeats(runs)
    assert [type(e).__name__ for e in out] == ["tuple"] * 3 + ["Repeat", "tuple", "tuple"]
    assert out[3].count == 2 and out[3].text() == "[Previous line repeated 2 more times]"
    assert out[4] == (x, 1, 99) and out[5][0] is y
    # one frame over the stdlib's three is shown, not folded
    four = wsgidebug.collapse_repeats([(x, 1, 0)] * 4)
    assert [type(e).__name__ for e in four] == ["tuple"] * 4


def test_recursion_error_page_shows_the_frame_that_raised_with_its_console():
    def app(environ, start_response):
        return deep(0)

    d = Debugger(app)
    ids = frame_ids(d.page)
    m = re.search(r"\[Previous line repeated (\d+) more times\]</p>(.*)", d.page, re.S)
    assert m, "no fold"
    after = m.group(2)
    assert 'id="frame-%d"' % ids[-1] in after  # the innermost frame comes after the fold
    # its console runs in the deepest frame: n is the deepest value reached
    deepest = int(out_text(d.eval("n", frm=ids[-1])))
    first = int(out_text(d.eval("n", frm=ids[1])))  # ids[0] is app()
    assert first == 0 and deepest > 500


def test_plain_text_view_is_format_exception_text():
    r = call(debugged(chained_app))
    exc = r.exc_info[1]
    expected = "".join(traceback.format_exception(type(exc), exc, app_tb(exc)))
    assert plain_text_of(r.text) == expected
    assert 'id="copy-text"' in r.text and 'id="tb-toggle"' in r.text


def test_everything_the_app_controls_is_escaped(tmp_path, monkeypatch):
    evil = '<img src=x onerror=alert(1)>'
    mod = tmp_path / "evil_mod_for_test.py"
    mod.write_text(textwrap.dedent('''
        def view(environ, start_response):
            tag = "<script>alert('source')</script>"
            raise ValueError(%r)
    ''' % evil))
    monkeypatch.syspath_prepend(str(tmp_path))
    import evil_mod_for_test

    def app(environ, start_response):
        __traceback_info__ = "<b>info</b>"  # noqa: F841
        return evil_mod_for_test.view(environ, start_response)

    page = call(debugged(app, evalex=True), query="a=<script>x</script>").text
    assert "<img" not in page and "<script>alert" not in page and "<b>info" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(&#x27;source&#x27;)&lt;/script&gt;" in page
    assert "<script>x" not in page


def test_a_multiprocess_server_gets_the_console_of_a_worker_group():
    """0.4: several processes share their consoles (see the workers' tests);
    a worker's ids name it, and its page carries the group's secret."""
    app = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    r = call(app, **{"wsgi.multiprocess": True})
    page = r.text
    assert app._workers is not None and app._workers.problem is None
    assert page_config(page)["secret"] == app.secret == app._workers.secret
    assert 'class="open-console"' in page and "several" not in page
    assert all(n // wsgidebug.FRAME_ID_SPAN == os.getpid() for n in frame_ids(page))
    assert r.header("X-Debugger-Url").endswith("/__debugger__/%d" % (os.getpid() * wsgidebug.ERROR_ID_SPAN + 1))


def planted_app(environ, start_response):
    """An app whose error carries values that must never reach an untrusted host."""
    password = "hunter2-planted"  # noqa: F841 - must not leak
    planted_local = "PLANTED-LOCAL-VALUE"  # noqa: F841
    raise ValueError("PLANTED-MESSAGE in planted_app")


PLANTED = ("hunter2-planted", "PLANTED-LOCAL-VALUE", "PLANTED-MESSAGE", "planted_app",
           "ValueError", "test_wsgidebug", "Traceback")


@pytest.mark.parametrize("host", [
    "evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.nip.io", "127.0.0.2",
    "LOCALHOST.evil.example", "localhost@evil.example", "", "<script>alert(1)</script>",
    "evil.example\r\nX-Injected: 1", "[::2]", "0.0.0.0", "x" * 5000,
])
@pytest.mark.parametrize("evalex", [True, False])
@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_untrusted_host_gets_a_short_page_without_details(host, evalex, accept):
    mw = DebuggedApplication(planted_app, evalex=evalex, pin_security=False)
    headers = {"Accept": accept} if accept else {}
    r = call(mw, host=host, headers=headers, validate=False)
    assert r.status_code == 500
    for value in PLANTED + (mw.secret,):
        assert value not in r.text, (host, value)
    assert "terminal" in r.text and "DNS rebinding" in r.text and "trusted_hosts" in r.text
    assert "--trusted-host" in r.text and "WSGIDEBUG_TRUSTED_HOSTS" in r.text
    assert "<script>" not in r.text and "X-Injected" not in r.text and len(r.body) < 20000
    if accept is None:
        assert r.header("Content-Type") == "text/html; charset=utf-8"
        assert "nonce-" in r.header("Content-Security-Policy") and 'class="open-console"' not in r.text
    else:
        assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert "ValueError: PLANTED-MESSAGE in planted_app" in r.errors  # the terminal keeps the full text
    assert mw.frames == {}  # nothing kept for a console


def test_trusted_page_carries_secret_and_console_buttons():
    app = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    page = call(app).text
    assert page_config(page)["secret"] == app.secret
    assert page.count('class="open-console"') == len(frame_ids(page))
    assert 'aria-label="Open a Python console in' in page


def test_without_evalex_no_console_and_no_secret():
    app = DebuggedApplication(failing_app)
    page = call(app).text
    assert app.secret not in page and 'class="open-console"' not in page
    assert app.frames == {}


def test_huge_message_is_cut():
    def app(environ, start_response):
        raise ValueError("m" * 10_000_000)

    r = call(debugged(app))
    assert len(r.body) < 100_000
    assert "more characters]" in r.text


def test_a_very_deep_stack_of_distinct_frames_stays_under_a_megabyte():
    ns = {}
    exec("".join("def f%d(n):\n    return f%d(n) + 1\n" % (i, i + 1) for i in range(1500)) +
         "def f1500(n):\n    raise ValueError('very deep')\n", ns)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(5000)
    try:
        r = call(debugged(lambda e, s: ns["f0"](0), evalex=True))
    finally:
        sys.setrecursionlimit(limit)
    assert r.status_code == 500 and len(r.body) < 1_000_000
    assert len(frame_ids(r.text)) == 200 and "frames left out here" in r.text
    assert 'id="frame-' in r.text.split("frames left out here")[1]  # the frame that raised is shown
    assert "in f1500" in plain_text_of(r.text)


def test_huge_locals_do_not_grow_the_page():
    def app(environ, start_response):
        big_list = list(range(1_000_000))  # noqa: F841
        big_str = "x" * 20_000_000  # noqa: F841
        big_dict = {i: i for i in range(100_000)}  # noqa: F841
        raise RuntimeError("big")

    mw = debugged(app, evalex=True)
    r = call(mw)
    assert len(r.body) < 100_000
    details = frame_details(mw, r)
    assert len(details) < 20_000
    assert "list of 1000000 items" in details
    assert "(20000000 chars)" in details


def test_page_calls_no_user_repr():
    calls = []

    class Watched:
        def __repr__(self):
            calls.append(1)
            return "watched"

    def app(environ, start_response):
        thing = Watched()  # noqa: F841
        raise ValueError("x")

    mw = debugged(app, evalex=True)
    r = call(mw)
    details = frame_details(mw, r)
    assert calls == [] and re.search(r"&lt;test_wsgidebug\.\S*Watched object&gt;", details)
    assert wsgidebug.summarize_value(ok_app) == "<function ok_app>"
    assert wsgidebug.summarize_value(Response) == "<class test_wsgidebug.Response>"
    assert wsgidebug.summarize_value(json) == "<module json>"
    assert wsgidebug.summarize_value(len) == "<function len>"


# -- hostile objects on the traceback (SPEC "Security, 0.2") --------------------

SLOW = 3.0  # seconds each hostile hook would sleep if the debugger ran it


class SlowMeta(type):
    def __eq__(cls, other):
        time.sleep(SLOW)
        return False

    __hash__ = type.__hash__

    def __getattribute__(cls, name):
        if not name.startswith("__") or name in ("__qualname__", "__name__", "__module__", "__mro__"):
            time.sleep(SLOW)
        return type.__getattribute__(cls, name)


class RaisingModuleMeta(type):
    @property
    def __module__(cls):
        raise RuntimeError("__module__ raised")


class SlowThing(metaclass=SlowMeta):
    pass


class SlowError(Exception, metaclass=SlowMeta):
    pass


class ModuleRaisingError(Exception, metaclass=RaisingModuleMeta):
    pass


class RaisingEq:
    def __eq__(self, other):
        raise RuntimeError("__eq__ raised")

    def __bool__(self):
        raise RuntimeError("__bool__ raised")

    __hash__ = object.__hash__


class RaisingList(list):
    def __iter__(self):
        raise RuntimeError("__notes__ iteration raised")

    def __getitem__(self, i):
        raise RuntimeError("__notes__ indexing raised")

    def __len__(self):
        raise RuntimeError("__notes__ len raised")


class SlowRepr:
    def __repr__(self):
        time.sleep(10)
        return "slow"

    def __getattr__(self, name):
        time.sleep(10)

    @property
    def value(self):
        time.sleep(10)


BIG = 5_000_000


def hostile_app(kind):
    def app(environ, start_response):
        if kind == "metaclass local":
            thing = SlowThing()  # noqa: F841
            raise ValueError("x")
        if kind == "metaclass class local":
            thing = SlowThing  # noqa: F841
            raise ValueError("x")
        if kind == "metaclass exception":
            raise SlowError("slow")
        if kind == "raising __module__":
            raise ModuleRaisingError("module")
        if kind == "raising __traceback_hide__":
            __traceback_hide__ = RaisingEq()  # noqa: F841
            raise ValueError("x")
        if kind == "raising __notes__":
            e = ValueError("notes")
            e.__notes__ = RaisingList(["a"])
            raise e
        if kind == "slow __repr__ and properties":
            thing = SlowRepr()  # noqa: F841
            raise ValueError("x")
        if kind == "5 MB class name":
            raise type("C" * BIG, (Exception,), {})("big class")
        if kind == "5 MB function name":
            def f():
                raise ValueError("big function")
            f.__code__ = f.__code__.replace(co_name="f" * BIG, **({"co_qualname": "f" * BIG} if PY311 else {}))
            f()
        if kind == "5 MB file name":
            exec(compile("raise ValueError('big file')", "/x/" + "f" * BIG + ".py", "exec"), {})
        if kind == "5 MB local name":
            ns = {}
            exec("def g():\n    %s = 1\n    raise ValueError('big local')\n" % ("v" * BIG), ns)
            ns["g"]()
        if kind == "5 MB __traceback_info__":
            __traceback_info__ = "i" * BIG  # noqa: F841
            raise ValueError("x")
        raise AssertionError(kind)
    return app


@pytest.mark.parametrize("kind", [
    "metaclass local", "metaclass class local", "metaclass exception", "raising __module__",
    "raising __traceback_hide__", "raising __notes__", "slow __repr__ and properties",
    "5 MB class name", "5 MB function name", "5 MB file name", "5 MB local name", "5 MB __traceback_info__",
])
@pytest.mark.parametrize("accept", [None, "*/*"])
def test_hostile_objects_still_get_a_bounded_page_quickly(kind, accept):
    mw = DebuggedApplication(hostile_app(kind), evalex=True, pin_security=False)
    headers = {"Accept": accept} if accept else {}
    t0 = time.perf_counter()
    r = call(mw, headers=headers, validate=False)
    elapsed = time.perf_counter() - t0
    assert r.status_code == 500
    assert elapsed < 1.0, (kind, elapsed)
    assert len(r.body) < 1_000_000, (kind, len(r.body))
    assert "debugger failed" not in r.errors, r.errors[-2000:]
    if accept is None:
        assert 'id="frame-' in r.text and r.header("Content-Type").startswith("text/html")


def test_debugger_failure_still_answers_500_with_the_text(monkeypatch):
    def broken(*a, **kw):
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(wsgidebug, "render_page", broken)
    r = call(DebuggedApplication(failing_app, evalex=True, pin_security=False), validate=False)
    assert r.status_code == 500 and r.header("Content-Type") == "text/plain; charset=utf-8"
    assert "Traceback (most recent call last)" in r.text and "ValueError: the answer 42" in r.text
    assert "debugger failed" in r.errors and "the renderer broke" in r.errors
    assert "the renderer broke" not in r.text
    untrusted = call(DebuggedApplication(failing_app), host="evil.example", validate=False)
    assert untrusted.status_code == 500 and "the answer" not in untrusted.text


def test_escape_sequences_from_the_app_never_reach_the_terminal():
    nasty = "/\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\r * Debugger PIN: 000-000-000\x9b31m"

    def app(environ, start_response):
        raise ValueError("no route for %s" % environ["PATH_INFO"])

    r = call(DebuggedApplication(app), path=nasty, validate=False)
    assert r.status_code == 500
    assert "no route for" in r.errors
    for c in "\x1b\x07\r\x9b":
        assert c not in r.errors, repr(c)
    assert "\\x1b[2J" in r.errors and "\\x0d * Debugger PIN" in r.errors


# -- 0.2: context of the error, masked (SPEC "Masking", "The page, 0.2") ----------

CONFIG_FLAG = "module-level-flag"


def joined(*parts):
    """A value whose text is not in this file's source (source lines are shown)."""
    return "".join(parts)


def secrets_app(environ, start_response):
    password = joined("hun", "ter2")
    api_key = joined("AKIA-", "SECRET-KEY")
    session_id = joined("s3s", "s10n")
    db_url = joined("postgres://bob:", "pa55", "word@db.internal/app")
    key = joined("visible", "-key")
    monkey = joined("visible", "-monkey")
    limit = 3
    raise ValueError("failed after %d tries" % (limit + len(password + api_key + session_id + db_url + key + monkey)))


SECRET_VALUES = tuple(joined(*pair) for pair in (
    ("hun", "ter2"), ("AKIA-", "SECRET-KEY"), ("s3s", "s10n"), ("pa55", "word"), ("Bearer ", "abc.def"),
    ("cookie", "-value-1"), ("tok", "-in-query"), ("env-secret", "-value"), ("proxy", "-pass"), ("hunt", "er3")))


def secrets_request(mw, headers=None, **kw):
    headers = dict({"Authorization": joined("Bearer ", "abc.def"), "Cookie": joined("sid=cookie", "-value-1; theme=dark"),
                    "X-Api-Key": joined("AKIA-", "SECRET-KEY"), "User-Agent": "pytest-agent/1.0"}, **(headers or {}))
    headers.setdefault("Referer", joined("http://localhost/login?password=hunt", "er3&next=/"))
    return call(mw, path="/orders/7", query=joined("token=tok", "-in-query&q=shoes&next=http://u:proxy", "-pass@x/"),
                headers=headers, validate=False, MY_SECRET_SETTING=joined("env-secret", "-value"),
                REQUEST_URI=joined("/orders/7?token=tok", "-in-query"), **kw)


def test_sensitive_values_are_masked_everywhere_on_the_page():
    mw = DebuggedApplication(secrets_app, evalex=True, pin_security=False)
    r = secrets_request(mw)
    page = r.text + "".join(frame_details(mw, r, frm) for frm in frame_ids(r.text))
    for value in SECRET_VALUES:
        assert value not in page, value
    assert "********" in page
    # names stay visible, values of non-sensitive names too
    for shown in ("password", "api_key", "session_id", "Authorization", "X-Api-Key", "sid", "theme",
                  "MY_SECRET_SETTING", "&#x27;visible-key&#x27;", "&#x27;visible-monkey&#x27;", "shoes",
                  "postgres://bob:********@db.internal/app", "pytest-agent/1.0"):
        assert shown in page, shown
    # the console is the developer's own: not masked
    frm = frame_ids(page)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret})
    out = call(mw, method="POST", query=q, body=b"code=password", validate=False).text
    assert joined("hun", "ter2") in out


PLANTED_PIN = "314-159-265"


def pin_echo_app(environ, start_response):
    configured = environ.get("WSGIDEBUG_PIN")  # a copy of os.environ, as wsgiref's servers give
    note = "the code is " + environ.get("HTTP_X_ECHO", "")
    raise RuntimeError("failed with " + str(configured) + " and " + note)


@pytest.mark.parametrize("env_key", ["WSGIDEBUG_PIN", "WERKZEUG_DEBUG_PIN"])
def test_the_pin_is_in_no_response_in_any_form(monkeypatch, env_key):
    monkeypatch.setenv(env_key, PLANTED_PIN)
    mw = DebuggedApplication(pin_echo_app, evalex=True)
    assert mw.pin == PLANTED_PIN
    planted = {"WSGIDEBUG_PIN": PLANTED_PIN, "WERKZEUG_DEBUG_PIN": PLANTED_PIN, "PATH": "/usr/bin"}
    headers = {"X-Echo": PLANTED_PIN, "X-Digits": "pin=" + PLANTED_PIN.replace("-", "")}
    forms = {"html": "text/html", "text": "text/plain", "markdown": "text/markdown"}
    answers = []
    for kind, accept in forms.items():
        r = call(mw, query="code=" + PLANTED_PIN, headers=dict(headers, Accept=accept), validate=False,
                 **planted)
        assert r.status_code == 500
        answers.append(r.text)
        if kind == "html":
            answers += [frame_details(mw, r, frm) for frm in frame_ids(r.text)]
            assert "WSGIDEBUG_PIN" in r.text and "X-Echo" in r.text  # the names stay, the values go
    kept = urllib.parse.urlsplit(r.header("X-Debugger-Url")).path
    for accept in ("text/html", "application/json", "text/markdown"):
        answers.append(call(mw, path=kept, headers={"Accept": accept}, validate=False).text)
        answers.append(call(mw, path="/__debugger__", headers={"Accept": accept}, validate=False).text)
    everything = "\n".join(answers)
    assert PLANTED_PIN not in everything and PLANTED_PIN.replace("-", "") not in everything
    assert "********" in everything and "/usr/bin" in everything  # other values are still shown


def test_sensitive_names_rule_and_editable_list():
    sensitive = wsgidebug.DEFAULT_SENSITIVE_NAMES
    for name in ("password", "DB_PASSWORD", "user_pwd", "client_secret", "csrf_token", "aws_access_key",
                 "X-CSRFToken", "X-Api-Key", "auth", "Authorization", "private_key", "dsn", "salt", "Cookie"):
        assert wsgidebug.is_sensitive_name(name, sensitive), name
    for name in ("key", "monkey", "keys", "user", "limit", "turkey_count"):
        assert not wsgidebug.is_sensitive_name(name, sensitive), name
    mw = DebuggedApplication(secrets_app, evalex=True, pin_security=False)
    assert mw.sensitive_names == list(sensitive)
    mw.sensitive_names.append("monkey")
    page = call(mw, validate=False).text
    assert joined("visible", "-monkey") not in page and joined("visible", "-key") in page


def test_url_passwords_are_masked_in_any_value():
    assert wsgidebug.mask_url_passwords("redis://:s3cret@cache:6379/0") == "redis://:********@cache:6379/0"
    assert wsgidebug.mask_url_passwords("see https://a:b@c.d/x and ftp://e:f@g") == \
        "see https://a:********@c.d/x and ftp://e:********@g"
    assert wsgidebug.mask_url_passwords("mailto:x@y and http://host/a@b") == "mailto:x@y and http://host/a@b"
    assert "s3cret" not in wsgidebug.summarize_value("x" * 50 + "redis://:s3cret@cache")


SCALE = 2


def values_app(environ, start_response):
    quantity = None
    price = 12.5
    return [str(SCALE * price * quantity + len(CONFIG_FLAG)).encode()]


def test_values_at_the_failing_line():
    page = call(debugged(values_app, evalex=True)).text
    m = re.search(r'<span class="vals"[^>]*>(.*?)</span></span>(?!<span class="v")', page, re.S)
    vals = dict(re.findall(r'<span class="v"><b>([^<]+)</b> = ([^<]*)</span>', page))
    assert vals.get("price") == "12.5" and vals.get("quantity") == "None"
    assert vals.get("SCALE") == "2"  # globals too
    assert "str" not in vals  # builtins left out
    assert m
    # masked like the locals: the failing line of secrets_app reads password
    page = call(debugged(secrets_app, evalex=True)).text
    assert re.search(r"<b>password</b> = \*{8}", page) and joined("hun", "ter2") not in page


def test_values_at_the_failing_line_never_run_app_code():
    calls = []

    class Loud:
        def __repr__(self):
            calls.append("repr")
            return "loud"

        def __getattr__(self, name):
            calls.append(name)
            raise AttributeError(name)

        @property
        def total(self):
            calls.append("total")
            return 1

    def app(environ, start_response):
        order = Loud()
        return [order.total + order.missing]

    page = call(debugged(app, evalex=True)).text
    assert calls == ["total", "missing"]  # the app's own calls, none by the debugger
    assert re.search(r"<b>order</b> = &lt;test_wsgidebug\.\S*\.Loud object&gt;", page)


def test_names_in_source():
    names = wsgidebug.names_in_source
    assert names("total = price * qty + tax(rate=r)") == ["price", "qty", "tax", "r"]
    assert names('settings["timeout"] + obj.attr.other') == ["settings", "obj"]
    assert names("if (a and") == ["a"]
    assert names("") == [] and names("'just a string'") == []
    assert names("a = b[c]  # d e") == ["b", "c"]
    assert names("x = 'it''s' + \"q\\\"\" + y") == ["y"]
    assert names('print(f"x={x!r}", sep=s)') == ["print", "x", "s"]  # an f-string's fields count (0.4)
    assert names("a == b") == ["a", "b"] and names("'unterminated + x") == []


def request_app(environ, start_response):
    raise RuntimeError("request panel")


def test_request_panel():
    mw = DebuggedApplication(request_app, evalex=True, pin_security=False)
    env = make_environ(path="/shop/items", query="page=2&sort=price", method="POST",
                       headers={"Accept": "text/html", "X-Forwarded-For": "10.0.0.9", "Cookie": "a=1; b=2",
                                "Content-Type": "application/json", "Content-Length": "17"},
                       REMOTE_ADDR="192.0.2.7", REMOTE_PORT="50123")
    env["wsgi.input"] = NoReadInput()
    page = call(mw, environ=env, validate=False).text
    panel = re.search(r'<details class="panel" id="request">.*?</details>', page, re.S).group(0)
    for text in ("POST", "http://localhost/shop/items?page=2&amp;sort=price", "192.0.2.7:50123",
                 "X-Forwarded-For", "10.0.0.9", "<th>page</th>", "<th>sort</th>",
                 "a, b", "application/json", "17", "wsgi.version", "No body was read by the app"):
        assert text in panel, text
    assert "Cookie" not in re.findall(r'<th>([^<]+)</th><td>1', panel)


def test_environment_panel_with_distributions():
    werkzeug = need("werkzeug")
    from werkzeug.exceptions import abort

    def app(environ, start_response):
        abort(404)

    env = make_environ(SERVER_SOFTWARE="TestServer/9")
    page = call(DebuggedApplication(app, evalex=True, pin_security=False), environ=env, validate=False).text
    panel = re.search(r'<details class="panel" id="environment">.*?</details>', page, re.S).group(0)
    for text in (sys.version.split()[0], html.escape(sys.executable), str(os.getpid()), html.escape(os.getcwd()),
                 "TestServer/9", wsgidebug.__version__, "Time of the error", "Virtual environment"):
        assert text in panel, text
    assert re.search(r'<th>Werkzeug</th><td>%s</td>' % re.escape(werkzeug.__version__
                     if hasattr(werkzeug, "__version__") else __import__("importlib.metadata").metadata.version("werkzeug")),
                     panel), panel[-600:]


def test_hint_for_a_missing_module():
    def app(environ, start_response):
        import wsgidebug_no_such_module  # noqa: F401
        return []

    page = call(debugged(app)).text
    hint = re.search(r'<div class="hints">(.*?)</div>', page, re.S).group(1)
    assert html.escape(sys.executable) in hint
    assert "%s -m pip install wsgidebug_no_such_module" % html.escape(sys.executable) in hint

    def pil_app(environ, start_response):
        raise ModuleNotFoundError("No module named 'yaml'", name="yaml")

    hint = re.search(r'<div class="hints">(.*?)</div>', call(debugged(pil_app)).text, re.S)
    assert hint and ("pip install PyYAML" in hint.group(1) or "is installed" in hint.group(1))


def test_hint_for_a_key_error_on_a_local_dict():
    def app(environ, start_response):
        settings = {"timeout": 3, "retries": 2, "base_url": "x"}
        return [settings["timout"]]

    page = call(debugged(app)).text
    hint = re.search(r'<div class="hints">(.*?)</div>', page, re.S).group(1)
    assert "settings has no key" in hint and "&#x27;timeout&#x27;" in hint

    def other(environ, start_response):
        raise KeyError("nothing to do with a dict")

    assert '<div class="hints">' not in call(debugged(other)).text


def test_big_locals_headers_and_slow_reprs_keep_the_page_small_and_fast():
    class Sleepy:
        def __repr__(self):
            time.sleep(10)
            return "sleepy"

    ns = {}
    exec("def crowded(environ, start_response, Sleepy=None):\n" +
         "".join("    v%d = %d\n" % (i, i) for i in range(10_000)) +
         "    thing = Sleepy()\n    raise ValueError(type(thing).__name__ + str(v9999))\n", ns)
    app = functools.partial(ns["crowded"], Sleepy=Sleepy)
    mw = DebuggedApplication(lambda e, s: app(e, s), evalex=True, pin_security=False)
    t0 = time.perf_counter()
    r = call(mw, headers={"X-Huge": "h" * 1_000_000}, validate=False)
    elapsed = time.perf_counter() - t0
    assert r.status_code == 500 and elapsed < 1.0, elapsed
    assert len(r.body) < 200_000, len(r.body)
    assert "X-Huge" in r.text and "more characters" in r.text


def test_missing_huge_and_non_utf8_sources_render(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "latin_mod_for_test.py").write_bytes(
        b"# -*- coding: utf-8 -*-\n# caf\xe9 \xff\ndef boom():\n    raise ValueError('latin')\n")
    big = tmp_path / "huge_mod_for_test.py"
    with open(big, "w") as f:
        f.write("def boom():\n    raise ValueError('huge')\n")
        f.write(("X = 1  # padding\n") * 400_000)
    gone = tmp_path / "gone_mod_for_test.py"
    gone.write_text("def boom():\n    raise ValueError('gone')\n")
    import gone_mod_for_test
    import huge_mod_for_test
    import latin_mod_for_test
    os.remove(gone)

    for mod, word in ((latin_mod_for_test, "latin"), (huge_mod_for_test, "huge"), (gone_mod_for_test, "gone")):
        def app(environ, start_response, mod=mod):
            return mod.boom()

        r = call(debugged(app))
        assert r.status_code == 500 and word in r.text
    window = wsgidebug.read_source_window(str(big), 2, 2)
    assert window[1] == (2, "    raise ValueError('huge')")
    assert wsgidebug.read_source_window(str(gone), 2, 2) == []


def raise_kind(kind):
    if kind == "recursion":
        return deep(0)
    if kind == "chained":
        return chained_app({}, None)
    if kind == "syntax":
        return compile("def f(:\n    pass\n", "<made-up>", "exec")
    if kind == "group":
        group = __builtins__["ExceptionGroup"] if isinstance(__builtins__, dict) else ExceptionGroup  # noqa: F821
        errors = []
        for n in range(3):
            try:
                deep_raise(n + 2)
            except ValueError as e:
                errors.append(e)
        try:
            raise_kind("recursion")
        except RecursionError as e:
            errors.append(e)
        raise group("several", errors)
    raise AssertionError(kind)


def deep_raise(n):
    if n == 0:
        raise ValueError("bottom")
    return deep_raise(n - 1)


@pytest.mark.parametrize("kind", ["recursion", "chained", "syntax", "group"])
def test_plain_text_is_byte_identical_to_the_standard_library(kind):
    if kind == "group" and not PY311:
        pytest.skip("ExceptionGroup needs 3.11")
    try:
        raise_kind(kind)
    except BaseException as e:  # noqa: B036 - RecursionError, SyntaxError, groups
        exc = e
    expected = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    assert wsgidebug.format_exception_text(exc, exc.__traceback__) == expected
    assert wsgidebug.format_exception_text(exc, exc.__traceback__) == expected  # frames' text remembered
    if kind in ("recursion", "group"):
        assert "more times]" in expected


def test_an_edited_source_shows_in_the_next_error(tmp_path, monkeypatch):
    # What is drawn from a file is remembered by place, but only while
    # linecache holds the same text: after an edit, page and text show the
    # new lines (as the standard library does), carets placed on them.
    monkeypatch.syspath_prepend(str(tmp_path))
    source = tmp_path / "edited_mod_for_test.py"
    source.write_text("def boom(n):\n    return n / (n - n)  # first\n")
    import edited_mod_for_test

    def app(environ, start_response):
        return edited_mod_for_test.boom(7)

    def stdlib_text():
        try:
            edited_mod_for_test.boom(7)
        except ZeroDivisionError as e:
            return "".join(traceback.format_exception(type(e), e, e.__traceback__)), e

    mw = debugged(app)
    for _ in range(2):
        r = call(mw)
        assert "# first" in r.text and "second" not in r.text
        expected, exc = stdlib_text()
        assert wsgidebug.format_exception_text(exc, exc.__traceback__) == expected
    source.write_text("def boom(n):\n    return (n - n) and n  # second, a longer line\n")
    r = call(mw)
    assert "# second, a longer line" in r.text and "# first" not in r.text
    expected, exc = stdlib_text()
    assert "# second, a longer line" in expected
    assert wsgidebug.format_exception_text(exc, exc.__traceback__) == expected
    md = call(mw, headers={"Accept": "text/markdown"}).text
    assert "# second, a longer line" in md and "# first" not in md
    # Only a continuation line of the failing expression changes (3.13+
    # prints every line of it): the frame's text must still be made anew.
    span = tmp_path / "edited_span_mod_for_test.py"
    span.write_text("def boom(n):\n    return (n /\n            (n - n))  # third\n")
    import edited_span_mod_for_test

    for edit in ("third", "fourth, longer"):
        span.write_text("def boom(n):\n    return (n /\n            (n - n))  # %s\n" % edit)
        try:
            edited_span_mod_for_test.boom(7)
        except ZeroDivisionError as e:
            exc = e
        expected = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        assert wsgidebug.format_exception_text(exc, exc.__traceback__) == expected


def test_values_at_the_same_place_are_each_errors_own():
    # The place in the code is shared by every error there; the values are not.
    def app(environ, start_response):
        count = int(environ["QUERY_STRING"])
        return 1 // (count - count)

    mw = debugged(app)
    pages = {n: call(mw, query=str(n)).text for n in (111111, 222222, 333333)}
    for n, page in pages.items():
        assert "<b>count</b> = %d" % n in page
        assert all(str(other) not in page for other in pages if other != n)


def test_what_is_remembered_by_place_stays_bounded(monkeypatch):
    monkeypatch.setattr(wsgidebug, "MAX_SITES", 5)
    monkeypatch.setattr(wsgidebug, "MAX_FRAME_TEXTS", 5)
    namespace: dict = {}
    exec(compile("".join("def f%d():\n    raise ValueError(%d)\n" % (n, n) for n in range(12)),
                 __file__, "exec"), namespace)  # 12 places, each named in a real file's linecache entry
    for n in range(12):
        r = call(debugged(lambda environ, start_response, n=n: namespace["f%d" % n]()))
        assert r.status_code == 500 and "ValueError: %d" % n in r.text
        assert len(wsgidebug._SITES) <= 5 and len(wsgidebug._FRAME_TEXTS) <= 5


def test_a_big_source_file_is_read_once_not_per_error(tmp_path, monkeypatch):
    import linecache

    monkeypatch.syspath_prepend(str(tmp_path))
    big = tmp_path / "big_once_mod_for_test.py"
    with open(big, "w") as f:
        f.write(("X = 1  # padding\n") * 300_000)
        f.write("def boom():\n    raise ValueError('at the end')\n")
    import big_once_mod_for_test

    loads = []
    real = linecache.updatecache
    monkeypatch.setattr(linecache, "updatecache", lambda name, *a: loads.append(name) or real(name, *a))

    def app(environ, start_response):
        return big_once_mod_for_test.boom()

    mw = debugged(app)
    for _ in range(3):
        r = call(mw)
        assert r.status_code == 500 and "raise ValueError(&#x27;at the end&#x27;)" in r.text
    assert loads.count(str(big)) <= 1


def test_demo_app_routes():
    for path, _label in wsgidebug.DEMO_ERRORS:
        if path == "/group" and not PY311:
            continue
        if path == "/stream":
            env = make_environ(path)
            with pytest.raises(OSError):  # re-raised: the server cuts the answer short
                call(DebuggedApplication(wsgidebug.demo_app), environ=env, validate=False)
            assert "the stream broke" in env["wsgi.errors"].getvalue()
            continue
        r = call(DebuggedApplication(wsgidebug.demo_app), path=path, validate=False)
        assert r.status_code == 500, path
    index = call(DebuggedApplication(wsgidebug.demo_app))
    assert index.status == "200 OK" and all(p in index.text for p, _ in wsgidebug.DEMO_ERRORS)


# =============================================================================
# Errors kept, listed and linked; Markdown; editors (SPEC 0.2)
# =============================================================================

def lib_then_app(environ, start_response):
    """An app frame that fails inside the standard library."""
    order_total = 19.5  # noqa: F841 - a local for the console
    return [json.loads("{not json")]


def test_every_500_links_to_its_kept_error():
    mw = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    r = call(mw, host="localhost:8000")
    assert r.header("X-Debugger-Url") == "http://localhost:8000/__debugger__/1"
    assert r.errors.endswith("ValueError: the answer 42 is wrong\n * Debugger: http://localhost:8000/__debugger__/1\n")
    text = call(mw, headers={"Accept": "*/*"})
    assert text.body.decode().rstrip("\n").endswith("Debug it in a browser: http://localhost/__debugger__/2")
    assert text.header("X-Debugger-Url") == "http://localhost/__debugger__/2"
    https = call(mw, host="127.0.0.1:8443", **{"wsgi.url_scheme": "https"})
    assert https.header("X-Debugger-Url") == "https://127.0.0.1:8443/__debugger__/3"
    # untrusted: no link, nothing kept
    evil = call(mw, host="evil.example", validate=False)
    assert evil.header("X-Debugger-Url") is None and "__debugger__" not in evil.text + evil.errors
    assert [(e.report.id, e.report.repeats) for e in mw.store.newest_first(grouped=True)] == [(3, 3)]  # thrice


def test_history_list_as_html_and_json():
    mw = DebuggedApplication(lib_then_app, evalex=True, pin_security=False)
    for path in ("/a", "/b?x=1"):
        call(mw, path=path, validate=False)
    listing = call(mw, path="/__debugger__", headers={"Accept": "application/json"})
    assert listing.status_code == 200 and listing.header("Content-Type") == "application/json"
    errors = listing.json()["errors"]
    assert [(e["id"], e["count"]) for e in errors] == [(2, 2)]  # the same error twice: one row, the newest
    e = errors[0]
    assert set(e) == {"id", "url", "time", "method", "path", "type", "message", "file", "line", "function", "source",
                      "label", "count", "first_time", "timestamp", "worker"}
    assert e["worker"] == os.getpid() and abs(e["timestamp"] - time.time()) < 60
    assert e["source"] == "request"
    assert e["url"] == "http://localhost/__debugger__/2" and e["method"] == "GET" and e["path"] == "/b?x=1"
    assert e["type"] == "json.decoder.JSONDecodeError" and "Expecting property name" in e["message"]
    assert e["file"] == __file__ and e["function"].endswith("lib_then_app")  # the app frame that raised
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$", e["time"])
    page = call(mw, path="/__debugger__")
    assert page.status_code == 200 and page.header("Content-Type") == "text/html; charset=utf-8"
    assert "nonce-" in page.header("Content-Security-Policy")
    rows = re.findall(r'<tr data-id="(\d+)">', page.text)
    assert rows == ["2"] and 'href="http://localhost/__debugger__/2"' in page.text
    assert call(mw, path="/__debugger__/", headers={"Accept": "application/json"}).json()["errors"] == errors


def test_kept_error_page_again_with_a_working_console():
    mw = DebuggedApplication(lib_then_app, evalex=True, pin_security=False)
    first = call(mw, validate=False).text
    again = call(mw, path="/__debugger__/1").text
    assert frame_ids(again) == frame_ids(first)
    latest = call(mw, path="/__debugger__/latest").text
    assert frame_ids(latest) == frame_ids(first)
    app_frame = re.search(r'id="frame-(\d+)"[^>]*><div class="frame-head"><button[^>]*><code class="func">'
                          r'[^<]*lib_then_app<', again).group(1)
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": app_frame, "s": mw.secret})
    out = call(mw, method="POST", query=q, body=b"code=order_total", validate=False).text
    assert out_text(out) == "19.5"


def failing_by_path(environ, start_response):
    raise KeyError("no page %s" % environ["PATH_INFO"])


def test_evicted_and_unknown_errors_are_404_with_a_link_to_the_list():
    mw = DebuggedApplication(failing_by_path, evalex=True, pin_security=False)
    mw.max_kept_tracebacks = 2
    for path in ("/a", "/b", "/c"):  # three different errors
        call(mw, path=path)
    for path in ("/__debugger__/1", "/__debugger__/99", "/__debugger__/nope"):
        r = call(mw, path=path)
        assert r.status_code == 404 and 'href="/__debugger__"' in r.text and "gone" in r.text, path
    assert call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()["error"]
    assert call(mw, path="/__debugger__/3").status_code == 200


def test_an_error_that_repeats_is_one_row_with_a_count_and_its_newest_occurrence():
    mw = DebuggedApplication(failing_by_path, evalex=True, pin_security=False)
    mw.max_kept_tracebacks = 4
    call(mw, path="/other")
    for _ in range(5):  # a day of reloading the same broken page
        call(mw, path="/same")
    errors = call(mw, path="/__debugger__", headers={"Accept": "application/json"}).json()["errors"]
    assert [(e["id"], e["path"], e["count"]) for e in errors] == [(6, "/same", 5), (1, "/other", 1)]  # not evicted
    assert errors[0]["first_time"] <= errors[0]["time"]
    assert sorted(mw.store.errors) == [1, 4, 5, 6]  # the newest three occurrences keep their frames (open tabs)
    kept_frames = set(sum((frame_ids(call(mw, path="/__debugger__/%d" % i).text) for i in (1, 4, 5, 6)), []))
    assert set(mw.frames) == kept_frames  # the older occurrences' frames are freed
    r = call(mw, path="/__debugger__/2")  # an older occurrence: its newest
    assert r.status_code == 303 and r.header("Location") == "/__debugger__/6"
    assert call(mw, path="/__debugger__/4").status_code == 200
    assert call(mw, path="/__debugger__/99").status_code == 404
    page = call(mw, path="/__debugger__").text
    assert re.findall(r'<tr data-id="(\d+)">', page) == ["6", "1"] and '<span class="count"' in page
    assert "&times;5" in page and page.count('class="count"') == 1
    call(mw, path="/another")  # a new error evicts the oldest row, not a repeat
    errors = call(mw, path="/__debugger__", headers={"Accept": "application/json"}).json()["errors"]
    assert [(e["path"], e["count"]) for e in errors] == [("/another", 1), ("/same", 5)]


def test_clear_empties_the_list_and_is_refused_like_eval():
    d = Debugger(pin_security=True)
    set_pin(d)
    assert len(call(d.mw, path="/__debugger__", headers={"Accept": "application/json"}).json()["errors"]) == 1
    refused = [
        ("untrusted host", dict(host="evil.example"), 400),
        ("cross origin", dict(headers={"Origin": "http://evil.example"}), 403),
        ("cross site", dict(headers={"Sec-Fetch-Site": "cross-site"}), 403),
        ("GET", dict(method="GET"), 405),
        ("no secret", dict(secret=""), 403),
        ("wrong secret", dict(secret="0" * 48), 403),
        ("no PIN token", dict(), 403),
    ]
    for label, kw, status in refused:
        r = d.api("clear", **kw)
        assert r.status_code == status, (label, r.status, r.text)
        assert len(d.mw.store.errors) == 1, label
    auth = d.api("pinauth", fields={"pin": "123-456-789"})
    cookie = cookie_header(auth).split(";")[0]
    token = auth.json()["token"]
    assert d.api("clear", headers={"Cookie": cookie}).status_code == 403  # the cookie alone is not enough
    r = d.api("clear", headers={"Cookie": cookie, "X-Debugger-Token": token})
    assert r.status_code == 200 and r.json() == {"cleared": 1}
    assert call(d.mw, path="/__debugger__", headers={"Accept": "application/json"}).json()["errors"] == []
    assert d.mw.frames == {} or list(d.mw.frames) == [0]
    assert d.api("eval", fields={"code": "1"}, frm=d.frames[-1],
                 headers={"Cookie": cookie, "X-Debugger-Token": token}).status_code == 404  # its frames are gone
    plain = DebuggedApplication(failing_app)  # no console: the secret is enough
    call(plain)
    secret = page_config(call(plain, path="/__debugger__").text)["secret"]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "clear", "s": secret})
    assert call(plain, method="POST", query=q, validate=False).json() == {"cleared": 1}


def test_history_is_for_trusted_hosts_and_can_be_turned_off():
    mw = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    call(mw)
    for path in ("/__debugger__", "/__debugger__/1", "/__debugger__/latest"):
        r = call(mw, path=path, host="evil.example", validate=False)
        assert r.status_code == 400 and "the answer" not in r.text
    assert call(mw, path="/__debugger__", method="POST", validate=False).status_code == 405
    seen = []
    app = recording_app(seen, "PATH_INFO")
    off = DebuggedApplication(app, history_path=None)
    assert call(off, path="/__debugger__").body == b"app" and seen == ["/__debugger__"]
    other = DebuggedApplication(app, history_path="/_errors")
    assert call(other, path="/__debugger__x").body == b"app"
    assert call(other, path="/_errorsx").body == b"app"
    assert call(other, path="/_errors", headers={"Accept": "application/json"}).json() == {"errors": []}


def test_console_code_comes_with_the_first_console_or_inline_without_history():
    mw = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    page = call(mw).text
    script_url = page_config(page)["console_script"]
    digest = hashlib.sha256(wsgidebug.console_script().encode()).hexdigest()[:16]
    assert script_url == "/__debugger__/console.js?v=" + digest  # a new URL whenever the code changes
    assert "wsgidebugConsole = function" not in page and ".console textarea" not in page
    js = call(mw, path="/__debugger__/console.js", query="v=" + digest)
    assert js.status_code == 200 and js.header("Content-Type") == "text/javascript; charset=utf-8"
    assert "window.wsgidebugConsole" in js.text and ".console textarea" in js.text
    assert js.header("X-Content-Type-Options") == "nosniff"
    assert js.header("Cache-Control") == "private, max-age=31536000, immutable"  # no secret in it
    assert mw.secret not in js.text
    for other in ("v=1", "", "v=%s&x=1" % digest):  # not the current digest: not kept
        answer = call(mw, path="/__debugger__/console.js", query=other)
        assert answer.body == js.body and answer.header("Cache-Control") == "no-store"
    assert call(mw, path="/__debugger__/console.js", host="evil.example", validate=False).status_code == 400
    inline = call(DebuggedApplication(failing_app, evalex=True, history_path=None, pin_security=False)).text
    assert "console_script" not in page_config(inline) and "wsgidebugConsole = function" in inline
    off = call(DebuggedApplication(failing_app)).text  # no console at all
    assert "console_script" not in page_config(off) and "wsgidebugConsole = function" not in off


def test_big_groups_list_every_member_and_fetch_those_past_the_first():
    if not PY311:
        pytest.skip("ExceptionGroup needs 3.11")

    def app(environ, start_response):
        errors = []
        for n in range(8):
            try:
                deep_raise(n)
            except ValueError as e:
                e.args = ("member <%d>" % n,)
                errors.append(e)
        raise ExceptionGroup("eight", errors)  # noqa: F821

    mw = DebuggedApplication(app, evalex=True, pin_security=False)
    r = call(mw, validate=False)
    members = re.findall(r'<details class="member"( open)?( data-url="[^"]+")?><summary><h3>Sub-exception (\d+) of 8'
                         r'</h3> <span class="member-exc">([^<]*)</span></summary>', r.text)
    # one line each, with its message (escaped); the first open and in the page, the others fetched
    assert [m[2] for m in members] == [str(n) for n in range(1, 9)]
    assert [m[3] for m in members] == ["ValueError: member &lt;%d&gt;" % n for n in range(8)]
    assert [bool(m[0]) for m in members] == [True] + [False] * 7
    assert [bool(m[1]) for m in members] == [False] + [True] * 7
    assert r.text.count('<div class="frame ') == 1 + 2  # the group's own, member 1 (the app's, deep_raise)
    url = re.findall(r'<details class="member" data-url="([^"]+)"', r.text)[2]
    assert url == "/__debugger__/1/groups/0/3"
    fourth = call(mw, path=url, validate=False)
    assert fourth.status_code == 200 and fourth.text.count('<div class="frame ') == 5
    assert "member &lt;3&gt;" in fourth.text and "member &lt;4&gt;" not in fourth.text
    # their frames have consoles too
    frm = frame_ids(fourth.text)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret})
    assert out_text(call(mw, method="POST", query=q, body=b"code=n", validate=False).text) == "0"
    for bad in ("groups/0/8", "groups/1/0", "groups/0", "groups/0/-1", "groups/x/1", "groups/0/1/2",
                "groups/0/" + "9" * 30):
        assert call(mw, path="/__debugger__/1/" + bad, validate=False).status_code == 404, bad
    assert "+---------------- 8 ----------------" in plain_text_of(r.text)  # the text has them all
    inline = call(DebuggedApplication(app, history_path=None), validate=False).text
    assert len(re.findall(r'<details class="member"', inline)) == 8 and '<details class="member" data-url' not in inline
    fetched = sum(call(mw, path="/__debugger__/1/groups/0/%d" % n, validate=False).text.count('<div class="frame ')
                  for n in range(1, 8))
    assert inline.count('<div class="frame ') == r.text.count('<div class="frame ') + fetched


def test_history_works_without_evalex():
    mw = DebuggedApplication(lib_then_app)  # evalex=False
    r = call(mw, validate=False)
    assert r.header("X-Debugger-Url") == "http://localhost/__debugger__/1"
    page = call(mw, path="/__debugger__/1").text
    assert 'class="open-console"' not in page and mw.secret not in page and "lib_then_app" in page
    assert call(mw, path="/__debugger__", headers={"Accept": "application/json"}).json()["errors"][0]["id"] == 1


def test_error_json_has_the_chain_and_is_masked():
    mw = DebuggedApplication(chained_app, evalex=True, pin_security=False)
    call(mw, query="token=tok-" + "123", validate=False)
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()
    assert data["id"] == 1 and data["url"] == "http://localhost/__debugger__/1"
    assert data["request"]["method"] == "GET" and "tok-123" not in json.dumps(data)
    chain = data["chain"]
    assert [c["type"] for c in chain] == ["KeyError", "RuntimeError"]  # oldest first
    assert chain[0]["divider"].startswith("The above exception was the direct cause")
    frame = chain[-1]["frames"][-1]
    assert set(frame) >= {"file", "line", "function", "is_app", "source", "locals"}
    assert frame["is_app"] is True and any(s["line"] == frame["line"] for s in frame["source"])
    secrets = call(DebuggedApplication(secrets_app, pin_security=False), validate=False)
    del secrets
    mw2 = DebuggedApplication(secrets_app, pin_security=False)
    secrets_request(mw2)
    dumped = call(mw2, path="/__debugger__/1", headers={"Accept": "application/json"}).text
    for value in SECRET_VALUES:
        assert value not in dumped, value
    assert '"password": "********"' in dumped


def test_markdown_for_a_failing_request_and_a_kept_error():
    mw = DebuggedApplication(lib_then_app, evalex=True, pin_security=False)
    r = call(mw, path="/orders", headers={"Accept": "text/markdown"}, validate=False)
    assert r.status_code == 500 and r.header("Content-Type") == "text/markdown; charset=utf-8"
    md = r.text
    assert md.startswith("# json.decoder.JSONDecodeError: Expecting property name")
    assert "- Request: `GET /orders`" in md and "- Debugger: <http://localhost/__debugger__/1>" in md
    assert "**`lib_then_app`** in `%s`" % __file__ in md or "lib_then_app`**" in md
    fence = re.search(r"```python\n(.*?)\n```", md, re.S).group(1)
    assert re.search(r'^> +\d+ \| +return \[json\.loads\("\{not json"\)\]$', fence, re.M)
    assert re.search(r"_\d+ library frames?: json_", md)
    assert "Values: `json` = `<module json>`" in md
    assert "## Environment" in md and "- Python: CPython %s" % sys.version.split()[0] in md
    kept = call(mw, path="/__debugger__/1", headers={"Accept": "text/markdown"})
    assert kept.header("Content-Type") == "text/markdown; charset=utf-8" and kept.text == md
    # masked like the page
    mw2 = DebuggedApplication(secrets_app, pin_security=False)
    md2 = secrets_request(mw2, headers={"Accept": "text/markdown"}).text
    for value in SECRET_VALUES:
        assert value not in md2, value


def test_markdown_of_a_recursion_error_and_a_huge_chain_stays_under_50_kb():
    def app(environ, start_response):
        return deep(0)

    md = call(DebuggedApplication(app), headers={"Accept": "text/markdown"}, validate=False).text
    assert len(md.encode()) <= 50_000 and "Previous line repeated" in md

    def wide(environ, start_response):
        ns = {}
        exec("".join("def f%d(n):\n    return f%d(n)\n" % (i, i + 1) for i in range(900)) +
             "def f900(n):\n    raise ValueError('deep' * 1000)\n", ns)
        return ns["f0"](1)

    big = call(DebuggedApplication(wide), headers={"Accept": "text/markdown"}, validate=False).text
    assert len(big.encode()) <= 50_000 and big.startswith("# ValueError: deep")


def test_markdown_cannot_be_broken_by_app_text():
    def app(environ, start_response):
        raise ValueError("# not a heading\n```\n<b>x</b> [link](javascript:alert(1))")

    md = call(DebuggedApplication(app), headers={"Accept": "text/markdown"}, validate=False).text
    heading = md.splitlines()[0]
    assert heading.startswith("# ValueError: \\# not a heading") and "\\[link\\]" in heading and "\\<b\\>" in heading
    assert md.count("\n# ") == 0


@pytest.mark.parametrize("editor,expected", [
    ("vscode", "vscode://file{path}:{line}"),
    ("pycharm", "pycharm://open?file={path}&amp;line={line}"),
    ("sublime", "subl://open?url=file://{path}&amp;line={line}"),
    ("myeditor://open?f={path}&l={line}", "myeditor://open?f={path}&amp;l={line}"),
])
def test_editor_links(editor, expected):
    page = call(DebuggedApplication(failing_app, editor=editor)).text
    line = failing_app.__code__.co_firstlineno + 2
    href = expected.replace("{path}", urllib.parse.quote(__file__, safe="/:")).replace("{line}", str(line))
    assert '<a class="path" href="%s">%s</a>' % (href, wsgidebug.breakable_path(__file__)) in page
    assert wsgidebug.breakable_path(__file__).replace("<wbr>", "") == html.escape(__file__)
    assert page_config(page)["editors"]["vscode"] == "vscode://file{path}:{line}"


def test_editor_from_the_environment_and_unsafe_templates(monkeypatch):
    monkeypatch.setenv("WSGIDEBUG_EDITOR", "zed")
    assert 'href="zed://file/' in call(DebuggedApplication(failing_app)).text  # file + /path
    for bad in ("javascript:alert(1)//{path}", "JavaScript :alert({path})", "data:text/html,{path}", "no-path-here",
                "{path}"):
        page = call(DebuggedApplication(failing_app, editor=bad)).text
        assert '<a class="path"' not in page and page_config(page)["editor"] is None, bad
    monkeypatch.delenv("WSGIDEBUG_EDITOR")
    assert '<a class="path"' not in call(DebuggedApplication(failing_app)).text


def test_path_map_turns_container_paths_into_local_ones(monkeypatch):
    here = os.path.dirname(__file__)
    mw = DebuggedApplication(failing_app, editor="vscode", path_map={here: "/home/dev/proj", "/": "/x"})
    page = call(mw).text
    local = "/home/dev/proj/" + os.path.basename(__file__)
    assert 'href="vscode://file%s:' % local in page
    assert 'data-path="%s"' % local in page
    monkeypatch.setenv("WSGIDEBUG_PATH_MAP", "%s=/srv/a, %s=/srv/b" % (os.path.dirname(here), here))
    page = call(DebuggedApplication(failing_app, editor="vscode")).text
    assert 'data-path="/srv/b/%s"' % os.path.basename(__file__) in page  # the longest prefix wins
    assert wsgidebug.map_path("/app2/x.py", wsgidebug.parse_path_map("/app=/l")) == "/app2/x.py"
    assert wsgidebug.map_path("/app/x.py", wsgidebug.parse_path_map("/app=/l")) == "/l/x.py"
    assert wsgidebug.editor_url("vscode://file{path}:{line}", "C:\\src\\my app.py", 3) == \
        "vscode://file/C:/src/my%20app.py:3"


def test_file_names_cannot_break_out_of_editor_links(tmp_path, monkeypatch):
    name = 'x" onmouseover="alert(1)<b>\'.py'
    code = compile("def boom():\n    raise ValueError('x')\n", str(tmp_path / name), "exec")
    ns = {}
    exec(code, ns)

    def app(environ, start_response):
        ns["boom"]()

    page = call(DebuggedApplication(app, editor="vscode")).text
    link = re.search(r'<a class="path" href="([^"]*)">((?:[^<]|<wbr>)*)</a>', page.split('id="frame-')[-1])
    assert link and '"' not in link.group(1) and "<" not in link.group(1) and "%22" in link.group(1)
    assert "onmouseover=" not in page.replace("onmouseover=&quot;", "")


# =============================================================================
# Serving over a real socket (SPEC "Server and command line")
# =============================================================================

APP_MODULE = '''
def app(environ, start_response):
    if environ["PATH_INFO"] == "/ok":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"fine"]
    secret_sauce = "ketchup"
    raise ValueError("served error " + secret_sauce)

application = app

def create_app():
    return app

not_callable = 42
'''


class ServerProcess:
    """``python -m wsgidebug ARGS`` in a folder; reads its output as it comes."""

    def __init__(self, args, cwd, env=None, command=(sys.executable, "-m", "wsgidebug")):
        full_env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=HERE)
        full_env.update(env or {})
        self.proc = subprocess.Popen(
            list(command) + list(args), cwd=str(cwd), env=full_env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern, timeout=15.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = re.search(pattern, self.output)
            if m:
                return m
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError("no %r in output:\n%s" % (pattern, self.output))

    def url(self, timeout=15.0) -> str:
        m = self.wait_for(r" \* Running on (http://\S+/)", timeout)
        return m.group(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(5)
        return self.proc.returncode


@pytest.fixture
def project(tmp_path):
    (tmp_path / "myapp.py").write_text(APP_MODULE)
    return tmp_path


@pytest.fixture
def serve(project):
    started = []

    def start(*args, env=None, cwd=None, command=None):
        p = ServerProcess(args, cwd or project, env, **({"command": command} if command else {}))
        started.append(p)
        return p

    yield start
    for p in started:
        p.stop()


def http_get(url, headers=None, timeout=10):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def http_post(url, fields, headers=None, timeout=10):
    data = urllib.parse.urlencode(fields).encode()
    req = urllib.request.Request(url, data=data, headers=dict(
        {"Content-Type": "application/x-www-form-urlencoded"}, **(headers or {})), method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.mark.parametrize("target", ["myapp", "myapp:app", "myapp:application", "myapp:create_app()"])
def test_cli_serves_target_forms(serve, target):
    server = serve("--port", "0", target)
    url = server.url()
    assert re.match(r"http://127\.0\.0\.1:\d+/$", url) and not url.endswith(":0/")
    status, headers, body = http_get(url, {"Accept": "text/html"})
    assert status == 500 and b"served error ketchup" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _, body = http_get(url + "ok")
    assert (status, body) == (200, b"fine")
    server.wait_for(r'"GET /ok HTTP/1\.[01]" 200 4 [\d.]+ms')
    server.wait_for(r'"GET / HTTP/1\.[01]" 500 \d+ [\d.]+ms')
    assert "ValueError: served error ketchup" in server.output  # the log
    assert re.search(r"Debugger PIN: \d{3}-\d{3}-\d{3}", server.output)
    assert server.stop() == 0
    assert "Traceback" not in server.output.split("Stopped")[-1]


STREAM_MODULE = '''
from wsgidebug import DebuggedApplication

def streaming(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield b"first part\\n"
    raise RuntimeError("the stream broke midway")

app = DebuggedApplication(streaming)
'''


def _free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_wsgi_server(server_name, target, folder):
    """``target`` (module:app) under our server, gunicorn or waitress: (process, port)."""
    port = _free_tcp_port()
    if server_name == "wsgidebug":
        return ServerProcess(["--port", str(port), target], folder), port
    need(server_name)
    args = {"gunicorn": ["-m", "gunicorn", "-b", "127.0.0.1:%d" % port, target],
            "waitress": ["-m", "waitress", "--listen=127.0.0.1:%d" % port, target]}[server_name]
    return ServerProcess(args, folder, command=(sys.executable,)), port


@pytest.mark.parametrize("server_name", ["wsgidebug", "gunicorn", "waitress"])
def test_a_stream_that_fails_midway_looks_cut_short_under_every_server(tmp_path, server_name):
    (tmp_path / "streamapp.py").write_text(STREAM_MODULE)
    server, port = start_wsgi_server(server_name, "streamapp:app", tmp_path)
    try:
        deadline = time.time() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.time() < deadline, server.output
                time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        r = conn.getresponse()
        assert r.status == 200
        with pytest.raises(http.client.IncompleteRead) as cut:
            r.read()
        assert cut.value.partial == b"first part\n"
        conn.close()
        server.wait_for("RuntimeError: the stream broke midway")
        time.sleep(0.3)
        # the middleware logged it, saying what the client got (the status read from each server's response)
        assert "the 200 response was cut short after 11 bytes" in server.output, server.output
        if server_name == "wsgidebug":  # and the built-in server added no second traceback
            assert server.output.count("RuntimeError: the stream broke midway") == 1
        listed = json.loads(http_get("http://127.0.0.1:%d/__debugger__" % port,
                                     {"Accept": "application/json"})[2])["errors"][0]
        assert listed["label"] == "GET /: the 200 response was cut short after 11 bytes"
        page = http_get("http://127.0.0.1:%d/__debugger__/1" % port, {"Accept": "text/html"})[2].decode()
        assert "The 200 response was cut short after 11 bytes" in page and "500 Internal" not in page
    finally:
        server.stop()


def test_cli_plain_text_for_curl_like_clients(serve):
    url = serve("--port", "0", "myapp").url()
    status, headers, body = http_get(url, {"Accept": "*/*"})
    assert status == 500 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body.startswith(b"Traceback (most recent call last)")


def raw_request(port, data: bytes, timeout=30.0) -> bytes:
    """Send bytes on a new connection; everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_a_burst_of_200_connections_is_answered(serve):
    """The listen backlog holds a burst (socketserver's default of 5 left
    dozens of requests unanswered)."""
    server = serve("--port", "0", "myapp")
    port = int(server.url().rsplit(":", 1)[1].strip("/"))
    barrier = threading.Barrier(200)
    answers = []

    def client():
        barrier.wait()
        t0 = time.perf_counter()
        try:
            answer = raw_request(port, b"GET /ok HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", timeout=30)
        except OSError as e:
            answer = repr(e).encode()
        answers.append((answer, time.perf_counter() - t0))

    threads = [threading.Thread(target=client) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ok = [a for a, _ in answers if a.startswith(b"HTTP/1.0 200") and a.endswith(b"fine")]
    slowest = max(t for _, t in answers)
    assert len(ok) == 200, (len(ok), [a[:80] for a, _ in answers if a not in ok][:3])
    assert slowest < 5.0, slowest  # a dropped SYN is retried after 1 s, 3 s, ...


def test_a_single_threaded_server_is_not_held_by_an_idle_keep_alive_client(http_server):
    server = http_server(threaded=False)
    port = server.server_port
    with socket.create_connection(("127.0.0.1", port), timeout=10) as browser:
        browser.sendall(b"GET /first HTTP/1.1\r\nHost: localhost\r\n\r\n")
        f = browser.makefile("rb")
        status, headers, body = read_response(f)
        assert status == "HTTP/1.1 200 OK" and headers["connection"] == "close"
        # The browser keeps its socket open and says nothing more; another client comes.
        t0 = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as other:
            other.sendall(b"GET /second HTTP/1.1\r\nHost: localhost\r\n\r\n")
            status, _, body = read_response(other.makefile("rb"))
        assert status == "HTTP/1.1 200 OK" and json.loads(body)["PATH_INFO"] == "/second"
        assert time.perf_counter() - t0 < 2.0
        assert f.read() == b""  # the server closed the first connection after its answer


def seconds_until_dropped(sock, pause, meanwhile=lambda: None, tries=40):
    """Send one byte every ``pause`` seconds (``meanwhile()`` between them);
    the seconds until the server dropped the connection, or None."""
    t0 = time.perf_counter()
    for _ in range(tries):
        try:
            sock.sendall(b"a")
        except OSError:
            return time.perf_counter() - t0
        meanwhile()
        sock.settimeout(pause)
        try:
            if sock.recv(100) == b"":
                return time.perf_counter() - t0
        except socket.timeout:
            pass
    return None


def test_the_head_deadline_holds_for_a_client_trickling_inside_a_header_line():
    server = wsgidebug.make_server("127.0.0.1", 0, echo_app, timeout=1.5)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            t0 = time.perf_counter()
            closed_after = seconds_until_dropped(s, 0.25)  # never a line break: 10 s if allowed
            assert closed_after is not None and time.perf_counter() - t0 < 3.0, closed_after
        status, _, body = http_get("http://127.0.0.1:%d/after" % server.server_port)
        assert status == 200 and json.loads(body)["PATH_INFO"] == "/after"
    finally:
        server.shutdown()
        server.server_close()


def test_idle_and_stalled_connections_are_dropped_and_others_served():
    def app(environ, start_response):
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"got %d" % len(body)]

    server = wsgidebug.make_server("127.0.0.1", 0, DebuggedApplication(app), timeout=1.0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    port = server.server_port
    try:
        idle = socket.create_connection(("127.0.0.1", port))
        liar = socket.create_connection(("127.0.0.1", port))
        liar.sendall(b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n"
                     b"Content-Type: text/plain\r\n\r\nonly ten b")
        t0 = time.perf_counter()
        assert raw_request(port, b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n").endswith(b"got 0")
        assert time.perf_counter() - t0 < 0.5  # not held up by the other two
        idle.settimeout(5)
        liar.settimeout(5)
        assert idle.recv(100) == b""  # dropped after the timeout
        answer = b""
        while True:
            chunk = liar.recv(65536)
            if not chunk:
                break
            answer += chunk
        assert b"got 100" not in answer and time.perf_counter() - t0 < 4
    finally:
        server.shutdown()
        server.server_close()


# -- the HTTP/1.1 development server (SPEC "The development server, 0.2") ------

def echo_app(environ, start_response):
    """Answers with what the server told the app."""
    path = environ["PATH_INFO"]
    if path == "/stream-error":
        start_response("200 OK", [("Content-Type", "text/plain")])

        def body():
            yield b"first part\n"
            raise RuntimeError("the stream broke")
        return body()
    if path == "/stream":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return (part for part in (b"one ", b"two ", b"three"))
    body = environ["wsgi.input"].read()
    keys = ("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "REQUEST_URI", "RAW_URI", "REMOTE_PORT",
            "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_X_FOLDED", "SERVER_PROTOCOL", "wsgi.url_scheme")
    info = {k: environ.get(k) for k in keys}
    info.update(body=body.decode("latin-1"), multithread=environ["wsgi.multithread"],
                terminated=environ.get("wsgi.input_terminated"))
    data = json.dumps(info).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


@pytest.fixture
def http_server():
    servers = []

    def start(app=echo_app, **kw):
        server = wsgidebug.make_server("127.0.0.1", 0, app, **kw)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def read_response_head(sock_file):
    """(status line, headers dict, None): the head of one response."""
    status = sock_file.readline().decode("latin-1").rstrip("\r\n")
    headers = {}
    while True:
        line = sock_file.readline().decode("latin-1").rstrip("\r\n")
        if not line:
            return status, headers, None
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()


def read_response(sock_file):
    """(status line, headers dict, body) of one response from a socket file;
    body None when the connection ended before the response was complete."""
    status, headers, _ = read_response_head(sock_file)
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size_line = sock_file.readline()
            if not size_line:
                return status, headers, None  # cut short: no last chunk
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                sock_file.readline()
                return status, headers, body
            body += sock_file.read(size)
            sock_file.read(2)
    if "content-length" in headers:
        return status, headers, sock_file.read(int(headers["content-length"]))
    return status, headers, sock_file.read()


def test_server_keeps_connections_alive_and_honours_connection_close(http_server):
    server = http_server()
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as s:
        f = s.makefile("rb")
        for i in range(3):
            s.sendall(b"GET /x?n=%d HTTP/1.1\r\nHost: localhost\r\n\r\n" % i)
            status, headers, body = read_response(f)
            assert status == "HTTP/1.1 200 OK" and json.loads(body)["QUERY_STRING"] == "n=%d" % i
            assert "close" not in headers.get("connection", "")
        s.sendall(b"GET /last HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        status, headers, body = read_response(f)
        assert headers["connection"] == "close" and json.loads(body)["PATH_INFO"] == "/last"
        assert f.read() == b""  # the server closed it


@pytest.mark.parametrize("target", [b"http://localhost:8000/path?q=1#frag", b"/path?q=1#frag"])
def test_server_drops_the_fragment_of_a_target(http_server, target):
    server = http_server()
    answer = raw_request(server.server_port, b"GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                         % target)
    info = json.loads(answer.partition(b"\r\n\r\n")[2])
    assert answer.startswith(b"HTTP/1.1 200") and (info["PATH_INFO"], info["QUERY_STRING"]) == ("/path", "q=1")


def test_server_gives_http_1_0_clients_1_0_behaviour(http_server):
    server = http_server()
    answer = raw_request(server.server_port, b"GET /stream HTTP/1.0\r\nHost: localhost\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.0 200") and b"chunked" not in head.lower()
    assert body == b"one two three"  # ended by closing the connection


def test_server_chunks_bodies_of_unknown_length_and_cuts_a_failing_stream(http_server):
    server = http_server()
    conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
    conn.request("GET", "/stream")
    r = conn.getresponse()
    assert r.getheader("Transfer-Encoding") == "chunked" and r.read() == b"one two three"
    conn.request("GET", "/x")  # the same connection goes on
    again = conn.getresponse()
    assert again.status == 200 and json.loads(again.read())["PATH_INFO"] == "/x"
    conn.request("GET", "/stream-error")
    r = conn.getresponse()
    with pytest.raises(http.client.IncompleteRead):
        r.read()  # the client knows the stream was cut short
    conn.close()
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as s:
        s.sendall(b"GET /stream-error HTTP/1.1\r\nHost: localhost\r\n\r\n")
        status, headers, body = read_response(s.makefile("rb"))
        assert status.endswith("200 OK") and body is None


def test_server_reads_chunked_bodies_and_answers_expect_100(http_server):
    server = http_server()
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as s:
        f = s.makefile("rb")
        s.sendall(b"POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                  b"Content-Type: text/plain\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
        status, _, body = read_response(f)
        info = json.loads(body)
        assert info["body"] == "hello world" and info["terminated"] is True and info["CONTENT_LENGTH"] is None
        s.sendall(b"POST /expect HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        assert f.readline() == b"HTTP/1.1 100 Continue\r\n" and f.readline() == b"\r\n"
        s.sendall(b"data")
        status, _, body = read_response(f)
        assert status.endswith("200 OK") and json.loads(body)["body"] == "data"


def test_server_reads_away_an_unread_body_and_goes_on(http_server):
    def lazy_app(environ, start_response):  # never reads wsgi.input
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]

    server = http_server(lazy_app)
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as s:
        f = s.makefile("rb")
        s.sendall(b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
                  b"POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                  b"GET /c HTTP/1.1\r\nHost: x\r\n\r\n")
        for _ in range(3):
            status, headers, body = read_response(f)
            assert status == "HTTP/1.1 200 OK" and body == b"ok" and headers.get("connection") != "close"


def test_server_environ(http_server):
    server = http_server()
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=10) as s:
        f = s.makefile("rb")
        s.sendall(b"GET http://example.test:8000/abs/path%20x?q=1 HTTP/1.1\r\nHost: localhost\r\n"
                  b"X-Folded: first\r\n  second\r\n\r\n")
        info = json.loads(read_response(f)[2])
        assert info["PATH_INFO"] == "/abs/path x" and info["QUERY_STRING"] == "q=1"
        assert info["REQUEST_URI"] == info["RAW_URI"] == "http://example.test:8000/abs/path%20x?q=1"
        assert info["HTTP_X_FOLDED"] == "first second"
        assert info["REMOTE_PORT"] == str(s.getsockname()[1])
        assert info["CONTENT_TYPE"] is None and info["multithread"] is True
        assert info["SERVER_PROTOCOL"] == "HTTP/1.1" and info["wsgi.url_scheme"] == "http"
    single = http_server(threaded=False)
    assert json.loads(raw_request(single.server_port, b"GET / HTTP/1.0\r\n\r\n").partition(b"\r\n\r\n")[2])[
        "multithread"] is False


def test_server_refuses_bad_input_and_keeps_serving(http_server):
    server = http_server(timeout=1.0)
    port = server.server_port
    answer = raw_request(port, b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414")
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
    assert raw_request(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n").startswith(b"HTTP/1.1 431")
    assert raw_request(port, b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n").startswith(
        b"HTTP/1.1 400")
    assert raw_request(port, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n").startswith(b"HTTP/1.1 400")
    # a client that sends one byte a second is dropped, others are served meanwhile
    slow = socket.create_connection(("127.0.0.1", port), timeout=10)
    t0 = time.time()
    dropped = False
    for c in b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n":
        try:
            slow.sendall(bytes([c]))
        except OSError:
            dropped = True
            break
        assert raw_request(port, b"GET /other HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 200")
        time.sleep(0.1)
        slow.setblocking(False)
        try:
            if slow.recv(1) == b"":
                dropped = True
                break
        except BlockingIOError:
            pass
        finally:
            slow.setblocking(True)
    assert dropped and time.time() - t0 < 4
    slow.close()


def test_werkzeug_and_flask_test_clients_get_the_page():
    need("werkzeug")
    from werkzeug.test import Client

    mw = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    r = Client(mw).get("/", headers={"Accept": "text/html"})
    assert r.status_code == 500 and b"the answer 42 is wrong" in r.data and b'id="frame-' in r.data
    flask = need("flask")
    app = flask.Flask("flask_client_test")
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.route("/")
    def index():
        raise KeyError("flask view failed")

    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True, pin_security=False)
    r = app.test_client().get("/", headers={"Accept": "text/html"})
    assert r.status_code == 500 and b"flask view failed" in r.data


def make_certificate(folder):
    if not shutil.which("openssl"):
        if REQUIRE_ALL:
            pytest.fail("openssl is required (WSGIDEBUG_REQUIRE_ALL=1)")
        pytest.skip("no openssl command")
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def test_https_with_ssl_context_and_cli(http_server, tmp_path, serve):
    import ssl

    cert, key = make_certificate(str(tmp_path))
    client = ssl.create_default_context(cafile=cert)
    server = http_server(ssl_context=(cert, key))
    conn = http.client.HTTPSConnection("127.0.0.1", server.server_port, context=client, timeout=10)
    conn.request("GET", "/secure")
    info = json.loads(conn.getresponse().read())
    assert info["wsgi.url_scheme"] == "https" and info["PATH_INFO"] == "/secure"
    # a plain-text client gets no answer and does not hold the server
    try:
        assert raw_request(server.server_port, b"GET / HTTP/1.1\r\n\r\n", timeout=5)[:4] != b"HTTP"
    except ConnectionResetError:
        pass
    conn = http.client.HTTPSConnection("127.0.0.1", server.server_port, context=client, timeout=10)
    conn.request("GET", "/again")
    assert json.loads(conn.getresponse().read())["PATH_INFO"] == "/again"
    cli = serve("--port", "0", "--cert", cert, "--key", key, "myapp")
    m = cli.wait_for(r" \* Running on (https://\S+/)")
    port = int(m.group(1).rsplit(":", 1)[1].strip("/"))
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=client, timeout=10)
    conn.request("GET", "/", headers={"Accept": "text/html"})
    r = conn.getresponse()
    body = r.read()
    assert r.status == 500 and b"served error ketchup" in body
    assert r.getheader("X-Debugger-Url").startswith("https://127.0.0.1:")
    assert subprocess.run([sys.executable, "-m", "wsgidebug", "--cert", cert, "myapp"], cwd=str(tmp_path),
                          env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True,
                          timeout=30).returncode == 2


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
@pytest.mark.parametrize("reload", [False, True])
def test_sigterm_and_sighup_stop_the_server_and_its_child(serve, signame, reload):
    args = ["--port", "0", "myapp"]
    server = serve(*(["--reload"] if reload else []), *args)
    url = server.url()
    assert http_get(url + "ok")[0] == 200
    server.proc.send_signal(getattr(signal, signame))
    server.proc.wait(15)
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "ok", timeout=2)  # nothing is left listening


def test_the_child_stops_when_its_supervisor_is_killed(serve):
    server = serve("--reload", "--port", "0", "myapp")
    url = server.url()
    assert http_get(url + "ok")[0] == 200
    server.proc.kill()  # kill -9: no chance to clean up
    server.proc.wait(10)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "ok", timeout=1)
        except OSError:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the child still serves after its supervisor died")


def test_all_addresses_banner_has_local_and_network_urls(serve):
    server = serve("--host", "0.0.0.0", "--port", "0", "myapp")
    server.wait_for(r" \* Local: +http://127\.0\.0\.1:\d+/")
    assert re.search(r" \* Running on http://0\.0\.0\.0:\d+/", server.output)
    server.wait_for("Listening on all addresses")
    networks = re.findall(r" \* Network: http://(\S+):\d+/", server.output)
    for address in networks:
        assert not address.startswith("127.")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # sends nothing
        try:
            probe.connect(("192.0.2.1", 9))
            outward = probe.getsockname()[0]
        except OSError:
            outward = None
    if outward is not None and not outward.startswith("127."):
        # found even when the host name resolves only to loopback (Debian's /etc/hosts)
        assert networks and networks[0] == outward, server.output


def test_the_quick_query_split_reads_what_parse_qsl_reads():
    for qs in ["__debugger__=yes&cmd=eval&frm=12&s=abc", "a=1&a=2&b", "&&x=&=y&", "a=b=c", "",
               "a=%41&b=+", "k;v=1", "x=1&y=%zz"]:
        expected = {}
        for k, v in urllib.parse.parse_qsl(qs, keep_blank_values=True):
            expected.setdefault(k, v)
        assert wsgidebug._parse_query(qs) == expected, qs


def test_remembered_host_answers_follow_the_trusted_list():
    hosts = ["localhost"]
    assert wsgidebug.host_is_trusted("localhost:5000", hosts)
    assert not wsgidebug.host_is_trusted("dev.example:5000", hosts)
    hosts[0] = "dev.example"  # the same list, edited in place
    assert wsgidebug.host_is_trusted("dev.example:5000", hosts)
    assert not wsgidebug.host_is_trusted("localhost:5000", hosts)


def test_static_checkers_agree_that_the_module_runs_on_3_9():
    need("vermin")
    command = [sys.executable, "-c", "import sys, vermin; sys.exit(vermin.main())",
               "-q", "-t=3.9-", "--violations", "--no-tips", os.path.join(HERE, "wsgidebug.py")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_network_addresses_come_from_the_route_when_the_host_name_is_loopback(monkeypatch):
    def connect(self, address):
        assert address[0] == "192.0.2.1"  # a documentation address: nothing is sent

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, 1, 6, "", ("127.0.1.1", 0))])
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "getsockname", lambda self: ("198.51.100.7", 40000))
    assert wsgidebug.network_addresses() == ["198.51.100.7"]


def test_ctrl_c_stops_cleanly(serve):
    server = serve("--port", "0", "myapp")
    server.url()
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(10) == 0
    server._reader.join(5)
    assert "Traceback" not in server.output and "KeyboardInterrupt" not in server.output


def test_ipv6_host(serve):
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    server = serve("--host", "::1", "--port", "0", "myapp")
    url = server.url()
    assert url.startswith("http://[::1]:")
    status, _, body = http_get(url, {"Accept": "text/html"})
    assert status == 500 and b"open-console" in body  # [::1] is trusted: console on


def test_port_in_use_is_one_line_error(serve):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    try:
        server = serve("--port", str(port), "myapp")
        assert server.proc.wait(15) != 0
        server._reader.join(5)
    finally:
        s.close()
    assert "Traceback" not in server.output
    assert re.search(r"cannot listen on 127\.0\.0\.1:%d" % port, server.output)


@pytest.mark.parametrize("args,message", [
    ([], "give a TARGET or --demo"),
    (["--port", "notaport", "myapp"], "--port"),
    (["--bogus", "myapp"], "unrecognized arguments"),
    (["my-app!"], "TARGET must look like"),
    (["myapp:nothing"], "has no attribute 'nothing'"),
    (["myapp:not_callable"], "not a WSGI or ASGI application"),
])
def test_cli_bad_usage_exits_2_with_one_line(project, args, message):
    r = subprocess.run([sys.executable, "-m", "wsgidebug"] + args, cwd=str(project),
                       env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], r.stderr


def test_cli_unimportable_target_says_why_with_traceback(project):
    (project / "brokenapp.py").write_text("import json\nvalue = json.loads('{')\n")
    r = subprocess.run([sys.executable, "-m", "wsgidebug", "brokenapp"], cwd=str(project),
                       env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert r.returncode == 1
    assert "cannot import 'brokenapp': JSONDecodeError" in r.stderr
    assert "Traceback (most recent call last)" in r.stderr and "brokenapp.py" in r.stderr
    r = subprocess.run([sys.executable, "-m", "wsgidebug", "nosuchmodule"], cwd=str(project),
                       env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert r.returncode == 1 and "No module named 'nosuchmodule'" in r.stderr


def test_cli_help_lists_options_with_defaults():
    r = subprocess.run([sys.executable, "-m", "wsgidebug", "--help"], env=dict(os.environ, PYTHONPATH=HERE),
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0
    for word in ("--host", "--port", "--no-evalex", "--reload", "--trusted-host", "--demo",
                 "127.0.0.1", "8000", "WSGIDEBUG_PIN", "WSGIDEBUG_TRUSTED_HOSTS"):
        assert word in r.stdout


def test_cli_demo_serves_every_error(serve):
    server = serve("--demo", "--port", "0")
    url = server.url()
    status, _, body = http_get(url)
    assert status == 200 and b"wsgidebug demo" in body
    for path, _ in wsgidebug.DEMO_ERRORS:
        if path == "/stream":  # as its link promises: the client sees an incomplete answer
            with pytest.raises(http.client.IncompleteRead) as cut:
                http_get(url + "stream")
            assert cut.value.partial == b"first part of the body\n"
            server.wait_for(r'"GET /stream HTTP/1\.1" 200')
            assert server.output.count("OSError: the stream broke") == 1
            continue
        status, _, body = http_get(url + path.lstrip("/"), {"Accept": "text/html"})
        if path == "/group" and not PY311:
            assert status == 500
        else:
            assert status == 500 and b"Traceback" in body, path


def test_cli_no_evalex_and_trusted_hosts(serve):
    url = serve("--port", "0", "--no-evalex", "myapp").url()
    _, _, body = http_get(url, {"Accept": "text/html"})
    assert b'class="open-console"' not in body
    status, _, _ = http_get(url + "console")
    assert status == 500  # /console goes to the app without evalex


def test_binding_all_addresses_trusts_nothing_extra(serve):
    server = serve("--host", "0.0.0.0", "--port", "0", "myapp")
    url = server.url().replace("0.0.0.0", "127.0.0.1")
    server.wait_for("Listening on all addresses")
    _, _, body = http_get(url, {"Accept": "text/html", "Host": "0.0.0.0"})
    assert b'class="open-console"' not in body
    _, _, body = http_get(url, {"Accept": "text/html", "Host": "192.0.2.7:8000"})
    assert b'class="open-console"' not in body


def test_cli_trusted_host_option_and_env(serve):
    server = serve("--port", "0", "--trusted-host", "dev.example", "myapp",
                   env={"WSGIDEBUG_TRUSTED_HOSTS": "other.example, third.example"})
    url = server.url()
    for host, trusted in (("dev.example", True), ("other.example", True), ("third.example:8000", True),
                          ("evil.example", False)):
        _, _, body = http_get(url, {"Accept": "text/html", "Host": host})
        assert (b'class="open-console"' in body) is trusted, host


def test_run_simple_trusts_its_hostname_and_wraps(tmp_path):
    script = tmp_path / "serve.py"
    script.write_text(textwrap.dedent('''
        import sys
        sys.path.insert(0, %r)
        import wsgidebug

        def app(environ, start_response):
            raise KeyError("from run_simple")

        wsgidebug.run_simple("127.0.0.2", 0, app, use_debugger=True)
    ''' % HERE))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        deadline = time.time() + 15
        out = []
        while time.time() < deadline:
            line = proc.stdout.readline()
            out.append(line)
            if "Running on" in line:
                break
        m = re.search(r"Running on (http://127\.0\.0\.2:(\d+)/)", line)
        assert m, "".join(out)
        # 127.0.0.2 is not among the default trusted hosts: run_simple added it.
        assert not wsgidebug.host_is_trusted("127.0.0.2", wsgidebug.DEFAULT_TRUSTED_HOSTS)
        status, _, body = http_get(m.group(1), {"Accept": "text/html"})
        assert status == 500 and b"from run_simple" in body and b'class="open-console"' in body
        _, _, body = http_get(m.group(1), {"Accept": "text/html", "Host": "elsewhere.example"})
        assert b'class="open-console"' not in body
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 0


# =============================================================================
# The console (SPEC "Console", "Debugger HTTP API")
# =============================================================================

def console_app(environ, start_response):
    local_value = 41
    items = [1, 2, 3]
    raise LookupError("console target %d %d" % (local_value, len(items)))


class Debugger:
    """An error page fetched in-process, and evals against its frames."""

    def __init__(self, app=console_app, **kw):
        kw.setdefault("evalex", True)
        kw.setdefault("pin_security", False)
        self.mw = DebuggedApplication(app, **kw)
        self.page = call(self.mw).text if app is not None else ""
        self.frames = frame_ids(self.page)

    def api(self, cmd, method="POST", fields=None, secret=None, frm=None, host="localhost", headers=None,
            raw_body=None, query_extra=""):
        q = {"__debugger__": "yes", "cmd": cmd}
        if frm is not None:
            q["frm"] = str(frm)
        q["s"] = self.mw.secret if secret is None else secret
        query = urllib.parse.urlencode(q) + query_extra
        body = raw_body if raw_body is not None else (urllib.parse.urlencode(fields).encode() if fields else b"")
        return call(self.mw, method=method, query=query, body=body, host=host, headers=headers, validate=False)

    def eval(self, code, frm=None, **kw):
        frm = self.frames[-1] if frm is None else frm
        r = self.api("eval", fields={"code": code}, frm=frm, **kw)
        assert r.status_code == 200, (r.status, r.text)
        return r.text


def out_text(fragment: str) -> str:
    """The visible text of a transcript fragment's output (not the echo)."""
    fragment = re.sub(r'<div class="in">.*?</div>', "", fragment, flags=re.S)
    fragment = re.sub(r'<button[^>]*>\+</button>', "", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_eval_reads_frame_locals_and_persists_names():
    d = Debugger()
    assert out_text(d.eval("local_value + 1")) == "42"
    d.eval("doubled = local_value * 2")
    assert out_text(d.eval("doubled")) == "82"
    assert out_text(d.eval("_ + 1")) == "83"
    assert out_text(d.eval("items")) == "[1, 2, 3]"
    assert 'data-more="0"' in d.eval("1")


def test_eval_does_not_corrupt_the_real_frame():
    d = Debugger()
    d.eval("local_value = 'changed'")
    d.eval("items.append(4)")  # mutating a shared object is the user's choice
    frame = d.mw.frames[d.frames[-1]].frame
    assert frame.f_locals["local_value"] == 41
    assert out_text(d.eval("local_value")) == "'changed'"


def test_each_frame_has_its_own_namespace():
    d = Debugger(chained_app)
    outer, inner = d.frames[-1], [f for f in d.frames if "inner_helper" in d.page.split('id="frame-%d"' % f)[1][:300]][0]
    assert out_text(d.eval("values", frm=inner)) == "{}"
    assert "NameError" in out_text(d.eval("values", frm=outer))


def test_print_output_is_captured_and_stdout_restored(capsys):
    d = Debugger()
    before = sys.stdout
    fragment = d.eval("print('hello from the console')")
    assert out_text(fragment).strip() == "hello from the console"
    assert sys.stdout is before
    assert "hello from the console" not in capsys.readouterr().out


def test_nothing_global_changed_at_import():
    code = ("import sys; o, d = sys.stdout, sys.displayhook; import wsgidebug; "
            "assert sys.stdout is o and sys.displayhook is d; "
            "assert 'traceback' not in sys.modules or True")
    r = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr


def test_multiline_input_asks_for_more():
    d = Debugger()
    first = d.eval("def add(a, b):")
    assert 'data-more="1"' in first and out_text(first) == ""
    assert 'data-more="1"' in d.eval("    return a + b + local_value")
    assert 'data-more="0"' in d.eval("")
    assert out_text(d.eval("add(1, 2)")) == "44"
    echo = d.eval("for i in range(2):")
    assert "&gt;&gt;&gt; " in echo
    assert "... " in d.eval("    print(i)")
    assert out_text(d.eval("")).split() == ["0", "1"]


def test_pasted_block_runs_whole():
    d = Debugger()
    assert out_text(d.eval("x = 1\ny = 2\nx + y")) == "3"


def test_exceptions_show_traceback_without_debugger_frames():
    d = Debugger()
    text = out_text(d.eval("1 / 0"))
    assert "ZeroDivisionError: division by zero" in text
    assert "Traceback (most recent call last)" in text and 'File "<console>", line 1' in text
    assert "wsgidebug.py" not in text


def test_syntax_error_shows_caret():
    d = Debugger()
    text = out_text(d.eval("1 +* 2"))
    assert "SyntaxError" in text and "^" in text
    assert out_text(d.eval("1 + 1")) == "2"  # the buffer was reset


@pytest.mark.parametrize("code,name", [("raise SystemExit(3)", "SystemExit: 3"),
                                       ("raise KeyboardInterrupt", "KeyboardInterrupt"),
                                       ("exit()", "SystemExit")])
def test_system_exit_and_interrupt_are_shown_not_obeyed(code, name):
    d = Debugger()
    assert name in out_text(d.eval(code))
    assert out_text(d.eval("local_value")) == "41"


def test_dump_and_help():
    d = Debugger()
    table = d.eval("dump()")
    assert '<table class="dump">' in table
    assert re.search(r"<th scope=\"row\">local_value</th><td><span class=\"r-num\">41</span>", table)
    obj = d.eval("import types; dump(types.SimpleNamespace(colour='red'))")
    assert re.search(r'<th scope="row">colour</th><td><span class="r-str">&#x27;red&#x27;</span>', obj)
    helped = d.eval("help(len)")
    assert '<pre class="out help">' in helped and "Return the number of items" in helped
    assert "help(object)" in out_text(d.eval("help"))
    assert "help(object)" in out_text(d.eval("help()"))


MODULE_LEVEL_MARKER = "a global"


def completion_app(environ, start_response):
    marker_local = {"a": 1}  # noqa: F841
    many = [1]  # noqa: F841
    raise LookupError("completion target")


def test_pasted_blocks_with_loops_and_definitions_run_as_one_input():
    d = Debugger()
    out = d.eval("total = 0\nfor i in range(4):\n    total += i\n\ndef double(x):\n    return 2 * x\n\ndouble(total)")
    assert out_text(out) == "12"
    assert out_text(d.eval("print('a')\nprint('b')")).strip() == "a\nb"


def test_complete_names_attributes_and_keywords():
    d = Debugger(completion_app)

    def complete(code):
        r = d.api("complete", fields={"code": code}, frm=d.frames[-1])
        assert r.status_code == 200 and r.header("Content-Type") == "application/json", r.text
        return r.json()["completions"]

    assert complete("mark") == ["marker_local"]
    assert complete("print(marker_local.ke") == ["marker_local.keys("]
    assert "while " in complete("whi") and "True" in complete("Tr") and complete("MODULE_LEVEL_MA") == ["MODULE_LEVEL_MARKER"]
    assert complete("zzz_nothing") == []
    found = complete("")
    assert found == sorted(found) and len(found) == 200  # at most 200, sorted
    d.eval("made_in_console = 1")
    assert complete("made_in") == ["made_in_console"]


def test_complete_is_fast_in_a_big_namespace():
    console = wsgidebug.Console({"name_%05d" % i: i for i in range(10_000)})
    console.complete("name_0")  # warm
    t0 = time.perf_counter()
    found = console.complete("name_09")
    assert len(found) == 200 and found[0] == "name_09000"
    assert time.perf_counter() - t0 < 0.5  # generous here; the bench figure is in the note


@pytest.mark.parametrize("cmd", ["complete", "interrupt"])
def test_complete_and_interrupt_are_refused_like_eval(cmd):
    d = Debugger(pin_security=True)
    set_pin(d)
    frm = d.frames[-1]
    fields = {"code": "x"}
    assert d.api(cmd, fields=fields, frm=frm, host="evil.example").status_code == 400
    assert d.api(cmd, fields=fields, frm=frm, headers={"Origin": "http://localhost:9000"}).status_code == 403
    assert d.api(cmd, fields=fields, frm=frm, headers={"Sec-Fetch-Site": "same-site"}).status_code == 403
    assert d.api(cmd, method="GET", frm=frm).status_code == 405
    assert d.api(cmd, fields=fields, frm=frm, secret="wrong").status_code == 403
    assert d.api(cmd, fields=fields, frm="x").status_code == 400
    locked = d.api(cmd, fields=fields, frm=frm)
    assert locked.status_code == 403 and "PIN" in locked.text
    r = d.api("pinauth", fields={"pin": "123456789"})
    trust = {"Cookie": cookie_header(r).split(";")[0], "X-Debugger-Token": r.json()["token"]}
    assert d.api(cmd, fields=fields, frm=frm, headers={"Cookie": trust["Cookie"]}).status_code == 403
    assert d.api(cmd, fields=fields, frm=frm, headers=trust).status_code == 200
    assert d.api(cmd, fields=fields, frm=999999, headers=trust).status_code == 404
    off = Debugger(evalex=False)
    assert off.api(cmd, fields=fields, frm=1).status_code == 403


def test_interrupt_stops_an_endless_loop_and_frees_the_thread():
    d = Debugger()
    frm = d.frames[-1]
    result = {}

    def run_loop():
        result["out"] = d.eval("spins = 0\nwhile True:\n    spins += 1\n", frm=frm)

    worker = threading.Thread(target=run_loop)
    worker.start()
    console, _ = d.mw._console_for(frm)
    deadline = time.time() + 5
    while console.running is None and time.time() < deadline:
        time.sleep(0.01)
    t0 = time.perf_counter()
    r = d.api("interrupt", frm=frm)
    assert r.json() == {"interrupted": True, "message": "Interrupted."}
    worker.join(5)
    assert not worker.is_alive() and time.perf_counter() - t0 < 1.0
    assert "KeyboardInterrupt" in result["out"]
    assert out_text(d.eval("spins > 0")) == "True"  # the console goes on, names kept
    assert d.api("interrupt", frm=frm).json()["interrupted"] is False  # nothing running
    assert out_text(d.eval("1 + 1")) == "2"  # no late interrupt lands anywhere


def test_dump_lists_locals_first_then_module_globals():
    d = Debugger(completion_app)
    out = d.eval("made_here = 5\ndump()")
    tables = re.findall(r'<table class="dump"><caption>([^<]*)</caption>(.*?)</table>', out, re.S)
    assert [t[0] for t in tables] == ["Local variables", "Module globals"]
    local_names = re.findall(r'<th scope="row">([^<]*)</th>', tables[0][1])
    global_names = re.findall(r'<th scope="row">([^<]*)</th>', tables[1][1])
    assert local_names == sorted(local_names) and {"marker_local", "many", "made_here"} <= set(local_names)
    assert "MODULE_LEVEL_MARKER" in global_names and "marker_local" not in global_names
    assert "dump" not in local_names + global_names and "help" not in local_names + global_names


def test_dump_of_an_object_shows_its_value_then_attributes_dunders_last():
    d = Debugger()
    out = d.eval("import types; dump(types.SimpleNamespace(colour='red', size=3))")
    value = out.index('<div class="out value">')
    table = out.index('<table class="dump">')
    assert value < table and "namespace(colour=" in html.unescape(out[value:table])
    names = re.findall(r'<th scope="row">([^<]*)</th>', out)
    first_dunder = next(i for i, n in enumerate(names) if n.startswith("__"))
    assert names[:first_dunder] == ["colour", "size"] and all(n.startswith("__") for n in names[first_dunder:])


def test_print_capture_is_per_thread():
    d = Debugger()
    code = "import time\nfor n in range(20):\n    print('%s', n)\n    time.sleep(0.002)\n"
    results = {}

    def run(tag):
        frag = d.eval(code % tag)
        results[tag] = out_text(frag)

    threads = [threading.Thread(target=run, args=(t,)) for t in ("alpha", "beta")]
    # two frames' consoles so the console lock does not serialise them
    d2 = Debugger()
    threads[1] = threading.Thread(target=lambda: results.__setitem__("beta", out_text(d2.eval(code % "beta"))))
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results["alpha"].split().count("alpha") == 20 and "beta" not in results["alpha"]
    assert results["beta"].split().count("beta") == 20 and "alpha" not in results["beta"]


def test_app_prints_reach_the_terminal_while_an_eval_runs(capfd):
    d = Debugger()
    started, release = threading.Event(), threading.Event()
    d.mw.frames[d.frames[-1]]  # keep the frame
    namespace_hook = {"started": started, "release": release}
    console, _ = d.mw._console_for(d.frames[-1])
    console.namespace.update(namespace_hook)
    t = threading.Thread(target=d.eval, args=("started.set(); release.wait(5); print('console only')",))
    t.start()
    assert started.wait(5)
    print("the app speaks")  # another thread, while the router is installed
    sys.stdout.flush()
    release.set()
    t.join(5)
    out = capfd.readouterr().out
    assert "the app speaks" in out and "console only" not in out


def test_preserve_context_entered_around_each_eval():
    events = []

    class Ctx:
        def __enter__(self):
            events.append("enter")

        def __exit__(self, *exc):
            events.append("exit")

    def app(environ, start_response):
        environ["werkzeug.debug.preserve_context"](Ctx())
        environ["wsgidebug.preserve_context"](Ctx())
        raise ValueError("ctx")

    d = Debugger(app)
    d.eval("events_seen = 1")
    assert events == ["enter", "enter", "exit", "exit"]
    d.eval("2")
    assert events.count("enter") == 4


def test_only_recent_tracebacks_are_kept_and_evicted_frames_answer_404():
    mw = DebuggedApplication(failing_by_path, evalex=True, pin_security=False)
    mw.max_kept_tracebacks = 3
    first = frame_ids(call(mw, path="/first").text)[-1]
    for path in ("/a", "/b", "/c"):  # three other errors
        call(mw, path=path)
    assert first not in mw.frames and len(mw.store.errors) == 3
    d = Debugger(None)
    d.mw = mw
    r = d.api("eval", fields={"code": "1"}, frm=first)
    assert r.status_code == 404 and "Reload the page to debug a newer error" in r.text


def test_evicted_frames_free_their_locals():
    import gc
    import weakref

    class Payload:
        pass

    refs = []

    def app(environ, start_response):
        payload = Payload()
        refs.append(weakref.ref(payload))
        raise ValueError("holding")

    mw = DebuggedApplication(app, evalex=True, pin_security=False)
    mw.max_kept_tracebacks = 2
    for _ in range(6):
        call(mw)
    gc.collect()
    alive = [r for r in refs if r() is not None]
    assert len(alive) <= 2


def test_standalone_console_page_and_namespace():
    def init():
        return {"greeting": "hello"}

    d = Debugger(None, console_init_func=init)
    d.mw.app = ok_app
    r = call(d.mw, path="/console", validate=False)
    assert r.status_code == 200 and 'id="frame-0"' in r.text
    assert r.header("Content-Security-Policy") and r.header("Cache-Control") == "no-store"
    assert page_config(r.text)["secret"] == d.mw.secret
    assert out_text(d.eval("greeting", frm=0)) == "'hello'"
    assert "ok_app" in out_text(d.eval("app", frm=0))
    d.eval("kept = 5", frm=0)
    assert out_text(d.eval("kept", frm=0)) == "5"


def test_standalone_console_of_a_worker_names_its_worker():
    mw = DebuggedApplication(ok_app, evalex=True, pin_security=False)
    r = call(mw, path="/console", validate=False, **{"wsgi.multiprocess": True})
    assert r.status_code == 200 and page_config(r.text)["secret"] == mw.secret
    frm = int(re.search(r'data-frm="(\d+)"', r.text).group(1))
    assert frm == os.getpid() * wsgidebug.FRAME_ID_SPAN
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret})
    r = call(mw, method="POST", query=q, body=b"code=app", validate=False, **{"wsgi.multiprocess": True})
    assert r.status_code == 200 and "ok_app" in r.text


def test_console_path_goes_to_app_without_evalex():
    r = call(DebuggedApplication(ok_app), path="/console")
    assert r.body == b"hello"


def test_frame_ids_are_small_counters_not_addresses():
    d = Debugger()
    assert all(0 < n < 10**9 for n in d.frames)


# -- debug_repr ----------------------------------------------------------------

class Unreprable:
    def __repr__(self):
        raise RuntimeError("repr exploded")


class MyList(list):
    pass


def test_debug_repr_types_and_colours():
    from collections import OrderedDict, deque

    r = wsgidebug.debug_repr
    assert r(42) == '<span class="r-num">42</span>'
    assert r(None) == '<span class="r-kw">None</span>'
    assert r(True) == '<span class="r-kw">True</span>'
    assert r("a<b") == '<span class="r-str">&#x27;a&lt;b&#x27;</span>'
    assert r(b"x") == '<span class="r-str">b&#x27;x&#x27;</span>'
    assert out_text(r([1, "a"])) == "[1, 'a']"
    assert out_text(r((1,))) == "(1,)"
    assert out_text(r({1: [2]})) == "{1: [2]}"
    assert out_text(r(set())) == "set()"
    assert out_text(r({3})) == "{3}"
    assert out_text(r(frozenset([1]))) == "frozenset({1})"
    assert out_text(r(deque([1, 2]))) == "collections.deque([1, 2])"
    assert out_text(r(OrderedDict(a=1))) == "collections.OrderedDict({'a': 1})"
    assert out_text(r(MyList([1]))) == "test_wsgidebug.MyList([1])"
    assert out_text(r(re.compile("a+b"))) == "re.compile('a+b')"
    assert '<span class="r-type">test_wsgidebug.MyList</span>' in r(MyList([1]))
    assert out_text(r(bytearray(b"ab"))) == "bytearray(b'ab')"


def test_debug_repr_broken_and_recursive():
    assert out_text(wsgidebug.debug_repr(Unreprable())) == "<broken repr (RuntimeError: repr exploded)>"
    a = [1]
    a.append(a)
    assert out_text(wsgidebug.debug_repr(a)) == "[1, [...]]"
    d = {}
    d["self"] = d
    assert out_text(wsgidebug.debug_repr(d)) == "{'self': {...}}"


def test_debug_repr_escapes_object_reprs():
    class Evil:
        def __repr__(self):
            return "<script>alert(1)</script>"

    assert "<script>" not in wsgidebug.debug_repr(Evil())


def test_debug_repr_is_bounded_with_expanders():
    out = wsgidebug.debug_repr(list(range(10**6)))
    assert len(out) < 100_000
    assert 'class="r-expand"' in out and "999800 more" in out
    out = wsgidebug.debug_repr("y" * 50_000_000)
    assert len(out) < 100_000
    assert 'class="r-expand"' in out and "more characters" in out
    nested = [[[[[[1]]]]]]
    assert "1 items" in out_text(wsgidebug.debug_repr(nested))


def test_odd_console_input():
    d = Debugger()
    nul = out_text(d.eval("1\x00"))
    assert "SyntaxError" in nul or "ValueError" in nul  # 3.9 says ValueError
    assert 'data-more="1"' in d.eval("@staticmethod")  # a decorator asks for its def
    d.eval("def f(): return 5")
    d.eval("")
    assert out_text(d.eval("x = [\n1,\n2]\nx")) == "[1, 2]"
    assert out_text(d.eval("local_value")) == "41"


def test_debug_repr_never_raises():
    class BadLen(list):
        def __len__(self):
            raise RuntimeError("no len")

    class BadIter(dict):
        def items(self):
            raise RuntimeError("no items")

    assert "broken repr (RuntimeError: no len)" in out_text(wsgidebug.debug_repr(BadLen([1])))
    assert "broken repr (RuntimeError: no items)" in out_text(wsgidebug.debug_repr(BadIter(a=1)))


def test_console_output_is_bounded():
    d = Debugger()
    frag = d.eval("print('z' * 5_000_000)")
    assert len(frag) < 300_000 and "output cut" in frag


# =============================================================================
# Security (SPEC "PIN", "Debugger HTTP API" refusals)
# =============================================================================

PIN_SCRIPT = '''
import sys
sys.path.insert(0, %r)
sys.path.insert(0, %r)
import wsgidebug, {mod}
print(wsgidebug.get_pin_and_cookie_name({mod}.app))
'''


def pin_in_subprocess(tmp_path, mod="myapp", env=None, with_log=False):
    code = PIN_SCRIPT.format(mod=mod) % (HERE, str(tmp_path))
    full_env = dict(os.environ, **(env or {}))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=full_env)
    assert r.returncode == 0, r.stderr
    return (r.stdout.strip(), r.stderr) if with_log else r.stdout.strip()


def test_pin_is_stable_across_processes_and_differs_per_app(project):
    (project / "otherapp.py").write_text(APP_MODULE)
    first = pin_in_subprocess(project)
    assert first == pin_in_subprocess(project)
    assert first != pin_in_subprocess(project, "otherapp")
    pin, cookie = eval(first)
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3}", pin)
    assert re.fullmatch(r"__wsgidebug_[0-9a-f]{20}", cookie)


COOKIE_SCRIPT = '''
import sys, time
sys.path.insert(0, %r)
sys.path.insert(0, %r)
import wsgidebug, myapp
mw = wsgidebug.DebuggedApplication(myapp.app, evalex=True)
if sys.argv[1] == "make":
    print(wsgidebug.make_pin_cookie(mw._cookie_key, mw.pin, time.time()))
else:
    print(wsgidebug.check_pin_cookie(mw._cookie_key, mw.pin, sys.argv[2], time.time()))
'''


def test_pin_cookie_stays_valid_in_a_restarted_process(project):
    code = COOKIE_SCRIPT % (HERE, str(project))
    made = subprocess.run([sys.executable, "-c", code, "make"], capture_output=True, text=True, timeout=30)
    assert made.returncode == 0, made.stderr
    checked = subprocess.run([sys.executable, "-c", code, "check", made.stdout.strip()],
                             capture_output=True, text=True, timeout=30)
    assert checked.stdout.strip() == "True", checked.stderr


def test_pin_mixes_in_a_private_key_file(project, tmp_path):
    cache = tmp_path / "cache"
    first = pin_in_subprocess(project)
    key_file = cache / "wsgidebug" / "pin-key"
    assert key_file.exists()
    assert (key_file.stat().st_mode & 0o777) == 0o600
    assert (key_file.parent.stat().st_mode & 0o777) == 0o700
    key_file.write_text("0" * 64)  # another machine-private value, another PIN
    assert pin_in_subprocess(project) != first


def test_pin_is_random_per_process_without_a_writable_cache(project, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    env = {"XDG_CACHE_HOME": str(blocked)}
    out, log = pin_in_subprocess(project, env=env, with_log=True)
    assert re.search(r"\d{3}-\d{3}-\d{3}", out)
    assert "No PIN key can be kept" in log and "random for this process" in log
    # never computed from machine facts alone: the next process has another PIN
    assert pin_in_subprocess(project, env=env) != out


KEY_SCRIPT = """
import grp, hashlib, hmac, getpass, logging, os, pwd, secrets, stat, sys, uuid
sys.path.insert(0, %r)
import wsgidebug
os.setgid(65534)
os.setuid(65534)
def app(environ, start_response):
    pass
print(wsgidebug.get_pin_and_cookie_name(app)[0])
"""


def pin_as_nobody(cache_home):
    """The PIN computed by a process of user 65534 (a test run as root)."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), HOME="/nonexistent")
    env.pop("WSGIDEBUG_PIN", None)
    r = subprocess.run([sys.executable, "-c", KEY_SCRIPT % HERE], capture_output=True, text=True,
                       timeout=30, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip(), r.stderr


@pytest.fixture
def shared_tmp():
    """A folder under /tmp that user 65534 can enter (pytest's is root-only)."""
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("needs root to act as another user")
    import shutil
    import tempfile

    path = tempfile.mkdtemp(prefix="wsgidebug-keys-")
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


NOBODY = 65534


def make_key_folder(base, owner, mode=0o700):
    folder = os.path.join(base, "wsgidebug")
    os.mkdir(folder)
    os.chown(folder, owner, owner)
    os.chmod(folder, mode)
    return folder


def test_key_file_of_the_wrong_mode_is_replaced(shared_tmp):
    folder = make_key_folder(shared_tmp, NOBODY)
    key = os.path.join(folder, "pin-key")
    with open(key, "w") as f:
        f.write("a" * 64)
    os.chown(key, NOBODY, NOBODY)
    os.chmod(key, 0o644)  # world-readable: another user could compute the PIN
    first, log = pin_as_nobody(shared_tmp)
    assert "not used" in log and "mode 644" in log and "new key" in log
    st = os.lstat(key)
    assert st.st_mode & 0o777 == 0o600 and st.st_uid == NOBODY
    assert open(key).read() != "a" * 64
    again, log = pin_as_nobody(shared_tmp)
    assert again == first and log == ""  # the new key is kept and used


@pytest.mark.parametrize("kind", ["other owner", "symlink"])
def test_key_file_of_another_owner_or_a_link_is_replaced(shared_tmp, kind):
    folder = make_key_folder(shared_tmp, NOBODY)
    key = os.path.join(folder, "pin-key")
    planted = os.path.join(shared_tmp, "planted")
    with open(planted, "w") as f:
        f.write("b" * 64)
    if kind == "symlink":
        os.chown(planted, NOBODY, NOBODY)
        os.chmod(planted, 0o600)
        os.symlink(planted, key)
    else:
        os.rename(planted, key)
        os.chmod(key, 0o600)  # owned by root, not by the server's user
    _, log = pin_as_nobody(shared_tmp)
    assert "not used" in log and ("not a regular file" if kind == "symlink" else "belongs to user id 0") in log
    assert not os.path.islink(key) and os.lstat(key).st_uid == NOBODY


@pytest.mark.parametrize("owner,mode,why", [(0, 0o777, "belongs to user id 0"),
                                            (NOBODY, 0o777, "lets other users in")])
def test_key_folder_of_another_user_gives_a_random_pin(shared_tmp, owner, mode, why):
    folder = make_key_folder(shared_tmp, owner, mode)
    key = os.path.join(folder, "pin-key")
    with open(key, "w") as f:
        f.write("c" * 64)
    os.chown(key, NOBODY, NOBODY)
    os.chmod(key, 0o600)
    first, log = pin_as_nobody(shared_tmp)
    assert "No PIN key can be kept" in log and why in log and "random for this process" in log
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3}", first)
    assert pin_as_nobody(shared_tmp)[0] != first  # not computed from machine facts alone
    assert open(key).read() == "c" * 64  # left alone


def test_no_home_gives_a_random_pin(shared_tmp):
    """docker run --user: HOME=/nonexistent, no cache folder can be made."""
    env_home = os.path.join(shared_tmp, "no-such-dir", "cache")
    os.chmod(shared_tmp, 0o755)
    first, log = pin_as_nobody(env_home)
    assert "random for this process" in log
    assert pin_as_nobody(env_home)[0] != first


def test_wsgidebug_pin_random(monkeypatch, project):
    out = pin_in_subprocess(project, env={"WSGIDEBUG_PIN": "random"})
    assert re.search(r"\('\d{3}-\d{3}-\d{3}'", out)
    assert pin_in_subprocess(project, env={"WSGIDEBUG_PIN": "random"}) != out
    monkeypatch.setenv("WSGIDEBUG_PIN", "random")
    mw = DebuggedApplication(failing_app, evalex=True)
    assert mw.pin == mw.pin and wsgidebug.get_pin_and_cookie_name(failing_app)[0] == mw.pin


def test_pin_works_for_a_user_without_a_name(monkeypatch):
    import getpass

    def nameless():
        raise KeyError("getpwuid(): uid not found: 12345")

    monkeypatch.setattr(getpass, "getuser", nameless)
    pin, cookie = wsgidebug.get_pin_and_cookie_name(ok_app)
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3}", pin) and cookie


@pytest.mark.parametrize("var", ["WSGIDEBUG_PIN", "WERKZEUG_DEBUG_PIN"])
def test_pin_from_environment(monkeypatch, var):
    monkeypatch.setenv(var, "123-456")
    assert wsgidebug.get_pin_and_cookie_name(ok_app)[0] == "123-456"
    monkeypatch.setenv(var, "off")
    pin, cookie = wsgidebug.get_pin_and_cookie_name(ok_app)
    assert pin is None and cookie
    assert DebuggedApplication(ok_app, evalex=True).pin is None


def test_wsgidebug_pin_wins_over_werkzeug_pin(monkeypatch):
    monkeypatch.setenv("WSGIDEBUG_PIN", "111")
    monkeypatch.setenv("WERKZEUG_DEBUG_PIN", "222")
    assert wsgidebug.get_pin_and_cookie_name(ok_app)[0] == "111"


def test_pin_security_false_means_no_pin():
    mw = DebuggedApplication(ok_app, evalex=True, pin_security=False)
    assert mw.pin is None
    mw.pin = "999"
    assert mw.pin == "999"


def set_pin(d: Debugger, pin="123-456-789"):
    d.mw.pin = pin
    return pin


def cookie_header(r: Response) -> str:
    return r.header("Set-Cookie") or ""


def test_pin_auth_flow_cookie_attributes_and_no_pin_in_clear():
    d = Debugger(pin_security=True)
    set_pin(d)
    r = d.api("eval", fields={"code": "1"}, frm=d.frames[-1])
    assert r.status_code == 403 and "PIN" in r.text
    r = d.api("pinauth", fields={"pin": "  123456789 "})
    answer = r.json()
    token = answer.pop("token")
    assert answer == {"auth": True, "exhausted": False} and re.fullmatch(r"[0-9a-f]{64}", token)
    cookie = cookie_header(r)
    name, value = cookie.split(";")[0].split("=", 1)
    assert name == d.mw.pin_cookie_name
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Max-Age=%d" % (7 * 24 * 3600) in cookie and "Secure" not in cookie
    assert "123456789" not in value and "123-456-789" not in value
    ok = d.eval("local_value", headers={"Cookie": "%s=%s" % (name, value), "X-Debugger-Token": token})
    assert out_text(ok) == "41"
    page = call(d.mw, headers={"Cookie": "%s=%s" % (name, value)}).text
    assert page_config(page)["trusted"] is True


def test_pin_cookie_is_secure_over_https():
    d = Debugger(pin_security=True)
    set_pin(d)
    env = make_environ(method="POST", query=urllib.parse.urlencode(
        {"__debugger__": "yes", "cmd": "pinauth", "s": d.mw.secret}), body=b"pin=123456789")
    env["wsgi.url_scheme"] = "https"
    r = call(d.mw, environ=env, validate=False)
    assert "; Secure" in cookie_header(r)


def test_wrong_pin_and_lockout_after_ten_failures():
    d = Debugger(pin_security=True)
    set_pin(d)
    for _ in range(9):
        assert d.api("pinauth", fields={"pin": "000"}).json() == {"auth": False, "exhausted": False}
    assert d.api("pinauth", fields={"pin": "000"}).json() == {"auth": False, "exhausted": True}
    r = d.api("pinauth", fields={"pin": "123-456-789"})
    assert r.json() == {"auth": False, "exhausted": True} and not cookie_header(r)


def test_each_failure_is_slowed_without_blocking_others(monkeypatch):
    monkeypatch.setattr(wsgidebug.PinGuard, "failure_delay", 1.5)
    d = Debugger(pin_security=True)
    set_pin(d)
    done = {}

    def fail():
        t0 = time.perf_counter()
        d.api("pinauth", fields={"pin": "1"})
        done["fail"] = time.perf_counter() - t0

    t = threading.Thread(target=fail)
    t.start()
    time.sleep(0.05)
    t0 = time.perf_counter()
    assert d.api("pinauth", fields={"pin": "123456789"}).json()["auth"] is True
    other = time.perf_counter() - t0
    t.join()
    assert done["fail"] >= 1.5
    assert other < 1.0  # the right PIN was not held behind the sleeping failure


def test_concurrent_failures_are_all_counted():
    d = Debugger(pin_security=True)
    set_pin(d)
    threads = [threading.Thread(target=d.api, args=("pinauth",), kwargs={"fields": {"pin": "5"}}) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert d.mw._pin_guard.failures == 8
    assert d.api("pinauth", fields={"pin": "5"}).json()["exhausted"] is False
    assert d.api("pinauth", fields={"pin": "5"}).json()["exhausted"] is True


def test_parallel_guesses_cannot_exceed_the_limit(monkeypatch):
    import hmac

    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(wsgidebug.PinGuard, "failure_delay", 0.2)
    def slow_compare(a, b):
        if b == b"123456789":  # a PIN comparison (not the secret's)
            compared.append(a)
            time.sleep(0.05)  # long enough for the guesses to overlap
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", slow_compare)
    d = Debugger(pin_security=True)
    set_pin(d)
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(d.api("pinauth", fields={"pin": "42"}).json()))
               for _ in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert d.mw._pin_guard.failures == 10
    assert len(compared) == 10  # 25 parallel guesses, only 10 ever compared
    assert sum(1 for a in answers if not a["exhausted"]) <= 10  # the others had no attempt left
    assert answers and all(a["auth"] is False for a in answers)


class SwitchingLock:
    """A lock that gives other threads the processor at every release."""

    def __init__(self):
        self._lock = threading.Lock()

    def __enter__(self):
        self._lock.acquire()

    def __exit__(self, *exc):
        self._lock.release()
        time.sleep(0.002)


def test_lockout_frees_a_slot_and_counts_the_failure_at_once():
    """Under heavy thread switching no 11th guess is compared (a slot freed
    in one critical section and its failure counted in another let one in)."""
    guard = wsgidebug.PinGuard()
    guard._lock = SwitchingLock()
    compared = []
    threads = [threading.Thread(target=guard.attempt, args=(lambda: compared.append(1) or False, {}))
               for _ in range(30)]
    for t in threads:
        t.start()
        time.sleep(0.0005)
    for t in threads:
        t.join()
    assert len(compared) == 10 and guard.failures == 10


def test_forged_expired_and_foreign_cookies():
    d = Debugger(pin_security=True)
    pin = set_pin(d)
    name = d.mw.pin_cookie_name
    key = d.mw._cookie_key
    now = time.time()
    cases = {
        "forged": "%d|%s" % (now, "0" * 64),
        "garbage": "not-a-cookie",
        "expired": wsgidebug.make_pin_cookie(key, pin, now - 8 * 24 * 3600),
        "future": wsgidebug.make_pin_cookie(key, pin, now + 3600),
        "other pin": wsgidebug.make_pin_cookie(key, "111-111-111", now),
        "other key": wsgidebug.make_pin_cookie(b"k" * 32, pin, now),
    }
    for label, value in cases.items():
        r = d.api("eval", fields={"code": "1"}, frm=d.frames[-1], headers={"Cookie": "%s=%s" % (name, value)})
        assert r.status_code == 403, label
    # forged, other pin, other key: made for another PIN → counted as failures
    assert d.mw._pin_guard.failures == 3
    good = wsgidebug.make_pin_cookie(key, pin, now - 6 * 24 * 3600)
    token = wsgidebug.pin_token(key, "http://localhost", good)
    assert d.api("eval", fields={"code": "1"}, frm=d.frames[-1],
                 headers={"Cookie": "%s=%s" % (name, good), "X-Debugger-Token": token}).status_code == 200


def test_pin_trust_needs_the_cookie_and_its_origin_token():
    """A cookie replayed alone (read by a page on another port of the same
    host), or with a token made for another origin or cookie, is refused."""
    d = Debugger(pin_security=True)
    set_pin(d)
    r = d.api("pinauth", fields={"pin": "123456789"}, host="localhost:8000")
    token = r.json()["token"]
    cookie = "%s=%s" % (d.mw.pin_cookie_name, cookie_header(r).split(";")[0].split("=", 1)[1])
    other_cookie = "%s=%s" % (d.mw.pin_cookie_name, wsgidebug.make_pin_cookie(
        d.mw._cookie_key, "123-456-789", time.time() - 5))

    def run(host="localhost:8000", **headers):
        return d.api("eval", fields={"code": "1"}, frm=d.frames[-1], host=host, headers=headers).status_code

    assert run(Cookie=cookie, X_Debugger_Token=token) == 200
    assert run(Cookie=cookie) == 403                                          # stolen cookie alone
    assert run(Cookie=cookie, X_Debugger_Token="0" * 64) == 403
    assert run(host="localhost:9000", Cookie=cookie, X_Debugger_Token=token) == 403  # another port
    assert run(Cookie=other_cookie, X_Debugger_Token=token) == 403            # token of another cookie
    assert run(X_Debugger_Token=token) == 403                                 # token alone
    assert d.mw._pin_guard.failures == 0
    # the page itself (no code runs there) still knows the cookie
    assert page_config(call(d.mw, host="localhost:8000", headers={"Cookie": cookie}).text)["trusted"] is True


def test_pin_token_survives_a_restart():
    """Token and cookie come from the same per-user key: a new process
    (a new middleware) accepts both."""
    first = Debugger(pin_security=True)
    set_pin(first)
    r = first.api("pinauth", fields={"pin": "123456789"})
    token = r.json()["token"]
    cookie = "%s=%s" % (first.mw.pin_cookie_name, cookie_header(r).split(";")[0].split("=", 1)[1])
    second = Debugger(pin_security=True)
    set_pin(second)
    assert second.api("eval", fields={"code": "1"}, frm=second.frames[-1],
                      headers={"Cookie": cookie, "X-Debugger-Token": token}).status_code == 200


def test_cookie_for_another_pin_counts_on_pinauth():
    d = Debugger(pin_security=True)
    set_pin(d)
    foreign = wsgidebug.make_pin_cookie(d.mw._cookie_key, "000", time.time())
    r = d.api("pinauth", fields={"pin": "123456789"}, headers={"Cookie": "%s=%s" % (d.mw.pin_cookie_name, foreign)})
    assert r.json()["auth"] is True
    assert d.mw._pin_guard.failures == 1


def test_printpin_logs_and_never_sends_the_pin(caplog):
    d = Debugger(pin_security=True)
    pin = set_pin(d)
    with caplog.at_level("INFO", logger="wsgidebug"):
        r = d.api("printpin")
    assert r.status_code == 200 and r.body == b""
    assert pin in caplog.text
    everything = d.page + r.text + d.api("pinauth", fields={"pin": "1"}).text
    assert pin not in everything and pin.replace("-", "") not in everything


def test_pin_logged_once_when_first_console_page_is_served(caplog):
    with caplog.at_level("INFO", logger="wsgidebug"):
        d = Debugger(pin_security=True)
        set_pin(d)
        call(d.mw)
        call(d.mw)
    assert caplog.text.count("Debugger PIN") <= 1


def test_secret_is_random_and_long():
    a, b = DebuggedApplication(ok_app), DebuggedApplication(ok_app)
    assert a.secret != b.secret and len(a.secret) * 4 >= 128
    assert re.fullmatch(r"[A-Za-z0-9_-]+", a.secret)


def test_secret_compared_in_constant_time(monkeypatch):
    import hmac

    seen = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: seen.append(1) or real(a, b))
    d = Debugger()
    d.api("eval", fields={"code": "1"}, frm=d.frames[-1])
    assert seen


@pytest.mark.parametrize("host,trusted", [
    ("localhost", True), ("LOCALHOST:5000", True), ("app.localhost", True), ("a.b.localhost:80", True),
    ("127.0.0.1", True), ("127.0.0.1:8000", True), ("[::1]", True), ("[::1]:8000", True),
    ("evil.com", False), ("localhost.evil.com", False), ("evillocalhost", False),
    ("127.0.0.1.evil.com", False), ("127.0.0.2", False), ("", False), (None, False),
    ("localhost:abc", False), ("local host", False), ("localhost@evil.com", False),
    ("[::1", False), ("::1", False), ("localhost/x", False), ("\u212aocalhost", False),
    ("127.0.0.1:80:80", False), ("[::1]x", False),
])
def test_trusted_host_matching(host, trusted):
    assert wsgidebug.host_is_trusted(host, wsgidebug.DEFAULT_TRUSTED_HOSTS) is trusted


def test_trusted_hosts_attribute_is_editable():
    d = Debugger()
    assert d.mw.trusted_hosts == [".localhost", "127.0.0.1", "[::1]"]
    assert d.api("eval", fields={"code": "1"}, frm=d.frames[-1], host="dev.example").status_code == 400
    d.mw.trusted_hosts.append(".example")
    assert d.api("eval", fields={"code": "1"}, frm=d.frames[-1], host="dev.example").status_code == 200


@pytest.mark.parametrize("origin,allowed", [
    (None, True), ("http://localhost", True), ("HTTP://LocalHost", True),
    ("http://localhost:9999", False), ("https://localhost", False), ("http://localhost:80", False),
    ("https://evil.com", False), ("null", False), ("http://localhost.evil.com", False),
    ("file://", False), ("http://127.0.0.1", False), ("http://localhost/", False),
])
def test_origin_must_be_the_page_itself(origin, allowed):
    d = Debugger()
    headers = {"Origin": origin} if origin else {}
    r = d.api("eval", fields={"code": "1"}, frm=d.frames[-1], headers=headers)
    assert (r.status_code == 200) is allowed, (origin, r.status, r.text)
    if not allowed:
        assert r.status_code == 403


def test_cross_site_fetch_metadata_is_refused():
    d = Debugger()
    for site, status in (("cross-site", 403), ("same-site", 403), ("same-origin", 200), ("none", 200),
                         ("nonsense", 403)):
        r = d.api("eval", fields={"code": "1"}, frm=d.frames[-1], headers={"Sec-Fetch-Site": site})
        assert r.status_code == status, site


def test_untrusted_host_refused_for_console_page():
    d = Debugger()
    r = call(d.mw, path="/console", host="evil.com", validate=False)
    assert r.status_code == 400 and "not trusted" in r.text


def test_refusals_in_spec_order():
    d = Debugger(pin_security=True)
    set_pin(d)
    frm = d.frames[-1]
    cases = [
        # (what, kwargs for api, status)
        ("untrusted host first", dict(cmd="nope", method="GET", secret="bad", host="evil.com"), 400),
        ("unknown cmd", dict(cmd="nope", method="GET", secret="bad"), 404),
        ("missing cmd", dict(cmd="", method="POST"), 404),
        ("wrong method", dict(cmd="eval", method="GET", secret="bad", frm=frm), 405),
        ("wrong secret", dict(cmd="eval", secret="bad", frm="x"), 403),
        ("missing secret", dict(cmd="eval", secret="", frm=frm, fields={"code": "1"}), 403),
        ("bad frm", dict(cmd="eval", frm="abc", fields={"code": "1"}), 400),
        ("missing frm", dict(cmd="eval", fields={"code": "1"}), 400),
        ("missing code", dict(cmd="eval", frm=frm, fields={"x": "1"}), 400),
        ("missing pin", dict(cmd="pinauth", fields={"x": "1"}), 400),
        ("no PIN trust", dict(cmd="eval", frm=frm, fields={"code": "1"}), 403),
    ]
    for label, kw, status in cases:
        cmd = kw.pop("cmd")
        r = d.api(cmd, **kw)
        assert r.status_code == status, (label, r.status, r.text)
        assert r.header("Content-Type") == "text/plain; charset=utf-8" or r.status_code == 200
        assert "Traceback" not in r.text and len(r.text) < 200, label
    assert d.mw._pin_guard.failures == 0


def test_refusal_unknown_frame_and_evalex_off():
    d = Debugger()
    assert d.api("eval", fields={"code": "1"}, frm=999999).status_code == 404
    off = Debugger(evalex=False)
    r = off.api("eval", fields={"code": "1"}, frm=1)
    assert r.status_code == 403 and "evalex" in r.text


def test_wrong_method_has_allow_header():
    d = Debugger()
    r = d.api("eval", method="GET", frm=1)
    assert r.status_code == 405 and r.header("Allow") == "POST"


def test_bad_bodies_are_400():
    d = Debugger()
    frm = d.frames[-1]
    r = d.api("eval", frm=frm, raw_body=b"code=%ff%fe", headers={})
    assert r.status_code == 400
    r = d.api("eval", frm=frm, raw_body=b'{"code": "1"}', headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    env = make_environ(method="POST", query=urllib.parse.urlencode(
        {"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": d.mw.secret}), body=b"code=1")
    env["CONTENT_LENGTH"] = str(10 * 1024 * 1024)
    assert call(d.mw, environ=env, validate=False).status_code == 400
    env["CONTENT_LENGTH"] = "-5"
    assert call(d.mw, environ=env, validate=False).status_code == 400


def test_code_and_pin_in_query_string_are_ignored():
    d = Debugger()
    r = d.api("eval", frm=d.frames[-1], query_extra="&code=1%2B1")
    assert r.status_code == 400


def test_non_debugger_query_is_passed_to_app():
    seen = []
    mw = DebuggedApplication(recording_app(seen, "QUERY_STRING"), evalex=True)
    for qs in ("__debugger__=no", "x=__debugger__", "__debugger__"):
        assert call(mw, query=qs, validate=False).body == b"app"
    assert len(seen) == 3


# =============================================================================
# In a real browser (headless Chromium driven by Playwright)
# =============================================================================

@pytest.fixture(scope="session")
def browser():
    sync_api = need("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        if REQUIRE_ALL:
            pytest.fail("%s is required (WSGIDEBUG_REQUIRE_ALL=1)" % CHROMIUM)
        pytest.skip("no %s" % CHROMIUM)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class LiveServer:
    """A DebuggedApplication served by wsgidebug's own server in a thread."""

    def __init__(self, mw):
        self.mw = mw
        self.server = wsgidebug.make_server("127.0.0.1", 0, mw)
        self.url = "http://127.0.0.1:%d/" % self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def browser_app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/ok":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    return view_layer(path)


def view_layer(path):
    request_path = path
    numbers = list(range(500))  # noqa: F841 - shown in the page and the console
    long_text = "lorem ipsum " * 200  # noqa: F841
    try:
        return json.loads("{broken json")
    except ValueError as e:
        raise RuntimeError("could not load the settings for %s" % request_path) from e


@pytest.fixture
def live(request):
    servers = []

    def start(app=browser_app, **kw):
        kw.setdefault("evalex", True)
        kw.setdefault("pin_security", False)
        s = LiveServer(DebuggedApplication(app, **kw))
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.close()


@pytest.fixture
def page_in(browser):
    contexts = []

    def open_page(url, scheme="light", js=True):
        ctx = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme,
                                  java_script_enabled=js)
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.requests = []
        page.on("console", lambda m: m.type == "error" and "status of 500" not in m.text and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("request", lambda r: page.requests.append(r.url))
        page.goto(url)
        return page

    yield open_page
    for ctx in contexts:
        ctx.close()


# Predicates for page.wait_for_function are written as functions ("() => ..."):
# a bare expression is polled with eval(), which the page's CSP forbids.


def screenshot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name + ".png")
    page.screenshot(path=path, full_page=True)
    return path


def test_browser_page_loads_clean_toggles_and_copies(live, page_in):
    server = live()
    page = page_in(server.url + "settings")
    assert page.locator("h1").inner_text() == "RuntimeError"
    assert page.errors == []
    assert all(u.startswith(server.url) for u in page.requests), page.requests
    assert page.requests[0] == server.url + "settings"
    # then, once the page is drawn and idle, the console's code, ahead of the first console
    page.wait_for_function("() => typeof window.wsgidebugConsole === 'function'")
    assert [urllib.parse.urlsplit(u).path for u in page.requests] == ["/settings", "/__debugger__/console.js"]
    frames = page.locator(".frame")
    assert frames.count() >= 3

    # the heading switches to the plain text and back
    plain = page.locator("#plain-text")
    assert not plain.is_visible()
    page.click("#tb-toggle")
    assert plain.is_visible() and not page.locator(".chain").is_visible()
    assert "Traceback (most recent call last)" in plain.inner_text()
    page.click("#tb-toggle")
    assert not plain.is_visible() and page.locator(".chain").is_visible()

    # a frame unfolds on click and folds again
    frame = page.locator(".frame.app").last
    extra = frame.locator(".source .x").first
    assert extra.count() == 0  # two lines each side come with the page; the rest when unfolded
    frame.locator(".frame-toggle").click()
    extra.wait_for(state="visible")
    assert frame.locator(".frame-toggle").get_attribute("aria-expanded") == "true"
    assert frame.locator("table.locals").is_visible()
    frame.locator("pre.source").click()
    assert not extra.is_visible()

    # clicking the message jumps to (and unfolds) the last frame
    page.click(".exc-msg a")
    assert page.evaluate("location.hash") == "#" + frame.get_attribute("id")

    # Copy puts the plain text on the clipboard
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    page.click("#copy-text")
    page.wait_for_function("() => document.getElementById('copy-text').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == plain.text_content()
    assert copied.startswith("Traceback (most recent call last)")
    assert page.errors == []


def test_browser_light_and_dark_screenshots(live, page_in):
    server = live()
    colours = {}
    for scheme in ("light", "dark"):
        page = page_in(server.url + "settings", scheme=scheme)
        page.locator(".frame.app").last.locator(".frame-toggle").click()
        screenshot(page, "page-" + scheme)
        colours[scheme] = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert page.errors == []
    assert colours["light"] != colours["dark"]


def test_browser_library_fold_opens(live, page_in):
    server = live(hook_app)
    page = page_in(server.url)
    fold = page.locator("details.lib-run")
    assert fold.count() == 1
    inner = fold.locator(".frame").first
    assert not inner.is_visible()
    fold.locator("summary").click()
    assert inner.is_visible()
    assert page.locator(".frame").last.is_visible()
    screenshot(page, "page-library-fold")
    assert page.errors == []


def context_app(environ, start_response):
    """A view that fails with library frames around it, a secret and a hint."""
    path = environ["PATH_INFO"]
    password = joined("hun", "ter2")  # noqa: F841 - masked on the page
    settings = {"timeout": 3, "retries": 2}
    if path == "/key":
        return [settings["timout"]]
    return view_layer(path)


def test_browser_panels_light_and_dark_screenshots(live, page_in):
    server = live(context_app)
    for scheme in ("light", "dark"):
        page = page_in(server.url + "key?user=7&token=abc", scheme=scheme)
        page.locator("#request summary").click()
        page.locator("#environment summary").click()
        assert page.locator("#request .panel-body").is_visible()
        assert page.locator("#environment .panel-body").is_visible()
        assert "settings has no key" in page.locator(".hints").inner_text()
        assert "abc" not in page.locator("#request").inner_text()
        vals = page.locator(".frame.app .vals").last.inner_text()
        assert "settings = dict of 2 items" in vals
        assert page.errors == []
        screenshot(page, "panels-" + scheme)


def test_browser_only_my_code_is_kept_across_reloads(live, page_in):
    server = live()
    page = page_in(server.url + "settings")
    lib = page.locator(".chain .frame.lib, .chain details.lib-run")
    assert lib.count() > 0 and lib.first.is_visible()
    apps = page.locator(".chain .frame.app").count()
    page.locator("#only-mine").click()
    assert page.locator("#only-mine").get_attribute("aria-pressed") == "true"
    assert all(not lib.nth(i).is_visible() for i in range(lib.count()))
    assert sum(page.locator(".chain .frame.app").nth(i).is_visible() for i in range(apps)) == apps
    screenshot(page, "only-my-code")
    page.reload()
    page.wait_for_function("() => document.getElementById('only-mine').getAttribute('aria-pressed') === 'true'")
    assert not lib.first.is_visible()
    page.locator("#only-mine").click()
    page.reload()
    assert lib.first.is_visible()


def _refuse_object(pairs):
    raise ValueError("no objects allowed: %r" % (pairs,))


def through_library_app(environ, start_response):
    """An app frame, three json frames (a folded library run), an app frame."""
    document = '{"a": 1}'
    return json.loads(document, object_pairs_hook=_refuse_object)


def test_browser_j_and_k_step_over_a_folded_library_run(live, page_in):
    server = live(through_library_app)
    page = page_in(server.url)
    run = page.locator("details.lib-run")
    assert run.count() == 1 and run.get_attribute("open") is None
    assert "library frames" in run.locator("summary").inner_text()
    marked = ("() => { var a = document.activeElement; var m = document.querySelectorAll('.kb');"
              " return [a.closest('.frame') ? a.closest('.frame').id : a.tagName, m.length,"
              " m.length ? (m[0].id || m[0].tagName) : null, a.getBoundingClientRect().height > 0]; }")
    frames = page.locator(".chain section.exception > .frame")
    first, last = frames.first.get_attribute("id"), frames.last.get_attribute("id")
    page.keyboard.press("j")
    assert page.evaluate(marked) == [first, 1, first, True]
    page.keyboard.press("j")  # onto the fold's own line, not a frame hidden inside it
    assert page.evaluate(marked) == ["SUMMARY", 1, "SUMMARY", True]
    page.keyboard.press("j")  # then over it
    assert page.evaluate(marked) == [last, 1, last, True]
    page.keyboard.press("k")
    page.keyboard.press("Enter")  # the fold opens: its frames become stops
    assert run.get_attribute("open") is not None
    inside = run.locator(".frame")
    page.keyboard.press("j")
    assert page.evaluate(marked) == [inside.first.get_attribute("id"), 1, inside.first.get_attribute("id"), True]
    for _ in range(inside.count()):
        page.keyboard.press("j")
    assert page.evaluate(marked) == [last, 1, last, True]
    # A frame of the fold carries its failing line only; unfolded, it has its source and values
    assert inside.first.locator(".source .l").count() == 1
    inside.first.locator(".frame-toggle").click()
    page.wait_for_function("f => f.querySelectorAll('.source .l').length > 3", arg=inside.first.element_handle())
    assert inside.first.locator(".vals").count() == 1
    screenshot(page, "keys-folded-run")
    assert page.errors == []


def test_browser_keyboard_moves_unfolds_and_opens_consoles(live, page_in):
    server = live()
    page = page_in(server.url + "settings")
    frames = page.locator(".chain .frame")
    visible = [i for i in range(frames.count()) if frames.nth(i).is_visible()]
    focused = "() => document.activeElement.closest('.frame') && document.activeElement.closest('.frame').id"
    page.keyboard.press("j")
    assert page.evaluate(focused) == frames.nth(visible[0]).get_attribute("id")
    page.keyboard.press("j")
    assert page.evaluate(focused) == frames.nth(visible[1]).get_attribute("id")
    page.keyboard.press("k")
    first = frames.nth(visible[0])
    assert page.evaluate(focused) == first.get_attribute("id")
    page.keyboard.press("Enter")
    assert "expanded" in first.get_attribute("class")
    page.keyboard.press("Enter")
    assert "expanded" not in first.get_attribute("class")
    for _ in range(len(visible)):
        page.keyboard.press("j")
    last = frames.nth(visible[-1])
    assert page.evaluate(focused) == last.get_attribute("id")
    page.keyboard.press("c")
    last.locator(".console textarea").wait_for()
    assert last.locator(".console textarea").evaluate("e => e === document.activeElement")
    page.keyboard.type("j")  # typing in the console is not a shortcut
    assert last.locator(".console textarea").input_value() == "j"
    page.locator("h1").click()
    page.keyboard.press("?")
    assert page.locator("#keys").is_visible()
    assert "next / previous frame" in page.locator("#keys").inner_text()
    screenshot(page, "keys")
    page.keyboard.press("Escape")
    assert not page.locator("#keys").is_visible()
    assert page.errors == []


SPA_PAGE = b"""<!doctype html><title>spa</title><button id="go">load</button><p id="out"></p><script>
document.getElementById("go").addEventListener("click", function () {
  fetch("/api/orders", {headers: {"Accept": "application/json"}}).then(function (r) {
    document.getElementById("out").textContent = r.status + " " + r.headers.get("X-Debugger-Url");
  });
});
</script>"""


def spa_app(environ, start_response):
    """A single-page app whose API fails."""
    if environ["PATH_INFO"] == "/":
        start_response("200 OK", [("Content-Type", "text/html")])
        return [SPA_PAGE]
    if environ["PATH_INFO"] != "/api/orders":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    order_count = 3  # noqa: F841 - read in the console
    raise LookupError("no orders table")


def test_browser_fetch_error_appears_in_the_open_list_and_its_console_works(live, page_in):
    server = live(spa_app)
    listing = page_in(server.url + "__debugger__")
    assert listing.locator("#history tbody tr").count() == 0
    spa = listing.context.new_page()
    spa.goto(server.url)
    spa.click("#go")
    spa.wait_for_function("() => document.getElementById('out').textContent.length > 0")
    assert spa.locator("#out").inner_text().startswith("500 http://127.0.0.1:")
    row = listing.locator("#history tbody tr").first
    row.wait_for(timeout=5000)  # no reload: the list polls
    assert "LookupError" in row.inner_text() and "/api/orders" in row.inner_text()
    screenshot(listing, "history-list")
    href = row.locator("a").get_attribute("href")
    assert href == server.url + "__debugger__/1", href
    row.locator("a").click()
    listing.wait_for_url(href)
    frame = listing.locator(".frame.app", has_text="spa_app").last
    open_console(listing, frame).wait_for()
    assert submit(listing, frame, "order_count").locator(".out").inner_text() == "3"
    assert listing.errors == []


def test_browser_copy_as_markdown_and_the_editor_chooser(live, page_in):
    server = live()
    page = page_in(server.url + "settings")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    page.locator("#copy-markdown").click()
    page.wait_for_function("() => document.getElementById('copy-markdown').textContent === 'Copied'")
    clip = page.evaluate("() => navigator.clipboard.readText()")
    assert clip.startswith("# RuntimeError: could not load the settings for /settings")
    assert "```python" in clip and "## Environment" in clip
    # the chooser: links appear, follow the choice and survive a reload
    assert page.locator(".frame-head a.path").count() == 0
    page.select_option("#editor-choice", "pycharm")
    first = page.locator(".frame-head a.path").first
    assert first.get_attribute("href").startswith("pycharm://open?file=/")
    page.reload()
    page.locator(".frame-head a.path").first.wait_for()  # the chooser is made just after the first paint
    assert page.locator("#editor-choice").input_value() == "pycharm"
    assert page.locator(".frame-head a.path").first.get_attribute("href").startswith("pycharm://open?file=/")
    screenshot(page, "editor-chooser")
    page.select_option("#editor-choice", "")
    assert page.locator(".frame-head a.path").count() == 0
    assert page.errors == []


def test_browser_unfolding_fetches_the_full_source(live, page_in):
    server = live()
    page = page_in(server.url + "settings")
    frame = page.locator(".frame.app", has_text="view_layer").last
    assert frame.locator("pre.source .l").count() == 5
    frame.locator(".frame-toggle").click()
    page.wait_for_function("(id) => document.getElementById(id).querySelectorAll('pre.source .l').length > 5",
                           arg=frame.get_attribute("id"))
    assert frame.locator("pre.source .l.x").first.is_visible()
    assert frame.locator("pre.source .vals").count() == 1
    assert frame.locator("table.locals").is_visible()
    assert page.errors == []


def group_app(environ, start_response):
    errors = []
    for n in range(6):
        try:
            deep_raise(n % 3)
        except ValueError as e:
            e.args = ("member %d" % n,)
            errors.append(e)
    raise ExceptionGroup("six", errors)  # noqa: F821


def test_browser_group_members_are_lines_that_unfold(live, page_in):
    if not PY311:
        pytest.skip("ExceptionGroup needs 3.11")
    server = live(group_app)
    page = page_in(server.url)
    lines = page.locator("details.member > summary")
    assert lines.count() == 6 and "Sub-exception 5 of 6" in lines.nth(4).inner_text()
    assert "ValueError: member 4" in lines.nth(4).inner_text()
    first = page.locator("details.member").first
    assert first.locator(".frame").first.is_visible()
    fifth = page.locator("details.member").nth(4)
    assert fifth.locator(".frame").count() == 0  # not in the page: fetched when opened
    lines.nth(4).click()
    page.wait_for_function("() => document.querySelectorAll('details.member')[4].querySelectorAll('.frame').length > 0")
    assert fifth.locator(".frame").last.is_visible()
    # j/k walk the frames that show, into the opened member too
    page.keyboard.press("k")
    assert page.evaluate("() => document.activeElement.closest('details.member') !== null")
    assert page.errors == []
    assert not page.locator("details.member .no-js").first.is_visible()
    screenshot(page, "group_members")
    # Without JavaScript the lines still open; those not in the page point to the plain text.
    page = page_in(server.url, js=False)
    page.locator("details.member > summary").nth(3).click()
    assert page.locator("details.member").nth(3).locator(".no-js").is_visible()
    assert "ValueError: member 3" in page.locator("#plain-text").inner_text()


def test_browser_page_readable_without_javascript(live, page_in):
    server = live()
    page = page_in(server.url + "settings", js=False)
    assert page.locator("h1").inner_text() == "RuntimeError"
    assert page.locator("#plain-text").is_visible()
    assert page.locator(".frame").first.is_visible()
    assert not page.locator("#copy-text").is_visible()  # needs JavaScript
    assert not page.locator(".notice").is_visible()
    screenshot(page, "page-no-js")


def open_console(page, frame):
    """Open a frame's console (its code loads with the first one) and wait for it."""
    frame.hover()
    frame.locator(".open-console").click()
    field = frame.locator(".console textarea")
    field.wait_for()
    return field


def submit(page, frame, code):
    count = frame.locator(".console .entry").count()
    field = frame.locator(".console textarea")
    field.fill(code)
    field.press("Enter")
    page.wait_for_function(
        "([id, n]) => document.getElementById(id).querySelectorAll('.console .entry').length > n",
        arg=[frame.get_attribute("id"), count])
    return frame.locator(".console .entry").last


def test_browser_console_in_a_frame(live, page_in):
    server = live()
    page = page_in(server.url + "settings")
    frame = page.locator(".frame.app", has_text="view_layer").last
    button = frame.locator(".open-console")
    assert button.get_attribute("aria-label").startswith("Open a Python console in")
    assert button.evaluate("b => getComputedStyle(b).opacity") == "0"  # until hovered or focused
    button.focus()
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    field = open_console(page, frame)
    assert field.is_visible() and field.evaluate("e => e === document.activeElement")

    assert submit(page, frame, "request_path").locator(".out").inner_text() == "'/settings'"
    assert submit(page, frame, "len(numbers) + 1").locator(".out").inner_text() == "501"

    # a function over two lines, then a blank line
    submit(page, frame, "def shout(s):")
    assert frame.locator(".console .prompt").last.inner_text() == "..."
    submit(page, frame, "    return s.upper() + '!'")
    submit(page, frame, "")
    assert frame.locator(".console form .prompt").inner_text() == ">>>"
    assert submit(page, frame, "shout('hi')").locator(".out").inner_text() == "'HI!'"

    # history walks back with ArrowUp
    field.press("ArrowUp")
    assert field.input_value() == "shout('hi')"
    field.press("ArrowUp")
    assert field.input_value() == "    return s.upper() + '!'"
    field.press("ArrowDown")
    field.press("ArrowDown")
    assert field.input_value() == ""

    # an expander opens the rest in place
    entry = submit(page, frame, "numbers")
    rest = entry.locator(".r-rest").first
    assert not rest.is_visible()
    entry.locator(".r-toggle").first.click()
    assert rest.is_visible() and "199, ... 300 more]" in entry.inner_text()

    # a failing input shows its traceback
    entry = submit(page, frame, "undefined_name")
    assert "NameError: name 'undefined_name' is not defined" in entry.inner_text()
    # print output
    assert submit(page, frame, "print('side', 'effect')").inner_text().strip().endswith("side effect")
    screenshot(page, "console-frame")

    # a second frame's console leaves the first's transcript alone
    before = frame.locator(".console .entry").count()
    other = page.locator(".frame", has_text="decode").first
    open_console(page, other)
    submit(page, other, "1 + 1")
    assert frame.locator(".console .entry").count() == before

    # Ctrl+L clears
    field.focus()
    field.press("Control+l")
    assert frame.locator(".console .entry").count() == 0
    assert page.errors == []


def console_view(environ, start_response):
    marker_local = "found by Tab"  # noqa: F841
    a_rather_long_variable_name_for_dump = list(range(3))  # noqa: F841
    biglocals_table = {"k": 1}  # noqa: F841
    raise RuntimeError("console 0.2")


def test_browser_console_multiline_completion_stop_and_dump(live, page_in):
    server = live(console_view)
    page = page_in(server.url + "x")
    frame = page.locator(".frame.app", has_text="console_view").last
    field = open_console(page, frame)
    # a pasted block of three lines runs as one input and shows its value
    field.focus()
    page.keyboard.insert_text("a = 20\nb = 22\na + b")
    assert field.input_value() == "a = 20\nb = 22\na + b"
    count = frame.locator(".console .entry").count()
    field.press("Enter")
    page.wait_for_function("([id, n]) => document.getElementById(id).querySelectorAll('.console .entry').length > n",
                           arg=[frame.get_attribute("id"), count])
    assert frame.locator(".console .entry").last.locator(".out").inner_text() == "42"
    # Shift+Enter adds a line; the input grows
    height = field.bounding_box()["height"]
    field.type("x = 1")
    field.press("Shift+Enter")
    field.type("x + 1")
    assert field.input_value() == "x = 1\nx + 1" and field.bounding_box()["height"] > height
    count = frame.locator(".console .entry").count()
    field.press("Enter")
    page.wait_for_function("([id, n]) => document.getElementById(id).querySelectorAll('.console .entry').length > n",
                           arg=[frame.get_attribute("id"), count])
    assert frame.locator(".console .entry").last.locator(".out").inner_text() == "2"
    # Tab completes a local
    field.type("mark")
    field.press("Tab")
    page.wait_for_function("(id) => document.querySelector('#' + id + ' .console textarea').value === 'marker_local'",
                           arg=frame.get_attribute("id"))
    field.fill("")
    field.type("a_rather")
    field.press("Tab")
    page.wait_for_function("(id) => document.querySelector('#' + id + ' .console textarea').value.length > 8",
                           arg=frame.get_attribute("id"))
    assert field.input_value() == "a_rather_long_variable_name_for_dump"
    # Stop interrupts an endless loop; the next input works
    field.fill("while True: pass")
    field.press("Enter")
    stop = frame.locator(".console .stop")
    stop.wait_for(state="visible")
    t0 = time.time()
    stop.click()
    page.wait_for_function("(id) => /KeyboardInterrupt/.test(document.querySelector('#' + id + ' .console .transcript').textContent)",
                           arg=frame.get_attribute("id"), timeout=5000)
    assert time.time() - t0 < 5 and stop.is_hidden()
    assert submit(page, frame, "1 + 1").locator(".out").inner_text() == "2"
    # Ctrl+C in the input stops too
    field.fill("while True: pass")
    field.press("Enter")
    stop.wait_for(state="visible")
    field.press("Control+c")
    stop.wait_for(state="hidden", timeout=5000)
    # dump(): locals first, names on one line
    entry = submit(page, frame, "dump()")
    captions = entry.locator("table.dump caption").all_inner_texts()
    assert captions == ["Local variables", "Module globals"]
    lines = entry.locator("table.dump").first.locator("th").evaluate_all(
        "ths => ths.map(th => { var r = document.createRange(); r.selectNodeContents(th);"
        " return [th.textContent, r.getClientRects().length, th.scrollWidth <= th.clientWidth]; })")
    assert all(n == 1 and fits for _, n, fits in lines), lines  # every name on one line, whole
    assert "a_rather_long_variable_name_for_dump" in [name for name, _, _ in lines]
    entry.scroll_into_view_if_needed()
    screenshot(page, "console-dump")
    assert page.errors == []


def test_browser_standalone_console(live, page_in):
    server = live(console_init_func=lambda: {"answer": 42})
    page = page_in(server.url + "console")
    frame = page.locator("#frame-0")
    field = frame.locator(".console textarea")
    field.wait_for()
    assert submit(page, frame, "answer * 2").locator(".out").inner_text() == "84"
    assert "browser_app" in submit(page, frame, "app").inner_text()
    entry = submit(page, frame, "dump()")
    assert entry.locator("table.dump").first.is_visible()
    names = entry.locator("table.dump th").all_inner_texts()
    assert "answer" in names and "dump" not in names and "help" not in names
    assert "Hover a frame" not in page.inner_text("header")
    screenshot(page, "console-standalone")
    assert page.errors == []


def test_browser_pin_flow(live, page_in, monkeypatch):
    server = live(pin_security=True)
    server.mw.pin = "246-813-579"
    page = page_in(server.url + "settings")
    frame = page.locator(".frame.app", has_text="view_layer").last
    frame.hover()
    frame.locator(".open-console").click()
    pin = frame.locator(".pin-box input")
    pin.wait_for()  # the console's code loads with the first one opened
    assert pin.is_visible() and pin.evaluate("e => e === document.activeElement")
    screenshot(page, "pin-prompt")
    pin.fill("111-111-111")
    pin.press("Enter")
    page.wait_for_function("() => document.querySelector('.pin-box .msg').textContent.length > 0")
    assert "Wrong PIN" in frame.locator(".pin-box .msg").inner_text()
    pin.fill(" 246813579 ")
    pin.press("Enter")
    frame.locator(".console textarea").wait_for()
    assert submit(page, frame, "request_path").locator(".out").inner_text() == "'/settings'"

    # a reload keeps the trust (the cookie)
    page.reload()
    frame = page.locator(".frame.app", has_text="view_layer").last
    open_console(page, frame).wait_for()
    assert frame.locator(".pin-box").count() == 0
    assert submit(page, frame, "1 + 1").locator(".out").inner_text() == "2"
    assert page.errors == []


def test_browser_list_groups_repeats_and_clear_asks_for_the_pin(live, page_in):
    server = live(pin_security=True)
    server.mw.pin = "246-813-579"
    for path in ("other", "settings", "settings", "settings"):
        http_get(server.url + path)
    page = page_in(server.url + "__debugger__")
    rows = page.locator("#history tbody tr")
    assert rows.count() == 2
    assert rows.first.locator(".count").inner_text() == "\u00d73" and "/settings" in rows.first.inner_text()
    http_get(server.url + "settings")  # the open list counts it
    page.wait_for_function("() => document.querySelector('#history tbody tr .count').textContent === '\u00d74'")
    assert rows.count() == 2
    screenshot(page, "list-grouped")
    page.click("#clear-errors")
    page.locator("#clear-pin input").wait_for()  # refused without the PIN: asked here
    assert "needs the PIN" in page.locator("#clear-note").inner_text()
    assert len(server.mw.store.newest_first(grouped=True)) == 2
    page.fill("#clear-pin input", "111-111-111")
    page.click("#clear-pin button")
    page.wait_for_function("() => document.getElementById('clear-note').textContent.indexOf('Wrong PIN') >= 0")
    page.fill("#clear-pin input", "246 813 579")
    page.click("#clear-pin button")
    page.wait_for_function("() => document.getElementById('clear-note').textContent === 'Cleared 2 errors.'")
    assert rows.count() == 0 and len(server.mw.store.errors) == 0 and page.locator("#clear-pin").is_hidden()
    http_get(server.url + "settings")  # the list fills again
    page.wait_for_function("() => document.querySelectorAll('#history tbody tr').length === 1")
    page.click("#clear-errors")  # unlocked now: no PIN asked
    page.wait_for_function("() => document.getElementById('clear-note').textContent === 'Cleared 1 error.'")
    assert [e for e in page.errors if "status of 403" not in e] == []  # the refused Clear, logged by Chromium


LONG_NAMES_APP = '''
class BaseManager:
    @classmethod
    def _get_queryset_methods(cls):
        def create_method(name):
            def manager_method(self, *args, **kwargs):
                return getattr(self.get_queryset(), name)(*args, **kwargs)
            return manager_method
        return create_method("filter")

def app(environ, start_response):
    method = BaseManager._get_queryset_methods()
    return method(object())
'''


@pytest.mark.parametrize("width", [360, 700, 1280])
def test_browser_layout_reads_well_at_phone_half_and_full_width(live, page_in, tmp_path, width, monkeypatch):
    deep = tmp_path / "a_rather_long_project_folder_name" / "with_another_level_of_packages" / "views"
    deep.mkdir(parents=True)
    (deep / "long_named_module_for_queries.py").write_text(LONG_NAMES_APP)
    monkeypatch.syspath_prepend(str(deep))
    import long_named_module_for_queries as module

    server = live(module.app)
    page = page_in(server.url + "items/7")
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(100)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    frame = page.locator(".frame", has_text="manager_method").last
    box = frame.locator(".frame-head").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    for selector in (".func", ".path"):  # names and paths wrap at dots and slashes, never mid-word
        element = frame.locator(selector).first
        lines = element.evaluate("""e => {
            const range = document.createRange(), tops = new Map();
            const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                for (let i = 0; i < node.length; i++) {
                    range.setStart(node, i); range.setEnd(node, i + 1);
                    const rect = range.getBoundingClientRect();
                    if (rect.height === 0) continue;
                    const top = Math.round(rect.top);
                    tops.set(top, (tops.get(top) || "") + node.data[i]);
                }
            }
            return Array.from(tops.values());
        }""")
        for i in range(1, len(lines)):  # each line break follows a dot, a slash or a space
            assert lines[i - 1][-1:] in "./ ," or lines[i][:1] == " ", (selector, width, lines)
    for button in page.locator(".tb-head button, .tb-head select").all():  # the toolbar wraps, all of it on screen
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, button.inner_text())
    screenshot(page, "layout-%d" % width)
    assert page.errors == []


ATTACKER_PAGE = """<!doctype html><title>innocent</title><script>
fetch("%(target)s?__debugger__=yes&cmd=eval&frm=%(frm)s&s=%(secret)s", {
  method: "POST", mode: "no-cors", credentials: "include",
  headers: {"Content-Type": "application/x-www-form-urlencoded"},
  body: "code=stolen_run%%20%%3D%%201"
}).then(function () { document.title = "sent"; }, function () { document.title = "sent"; });
</script>"""


def test_browser_cross_port_page_and_stolen_cookie_cannot_run_code(live, page_in):
    """A page on another port of the same host gets the PIN cookie (cookies
    ignore ports) and knows the secret: neither its own requests nor a raw
    client replaying the cookie can run code without the origin's token."""
    server = live(pin_security=True)
    server.mw.pin = "246-813-579"
    statuses = []
    inner = server.mw

    def recording(environ, start_response):
        def sr(status, headers, exc_info=None):
            if "cmd=eval" in environ.get("QUERY_STRING", ""):
                statuses.append((environ.get("HTTP_ORIGIN"), status[:3]))
            return start_response(status, headers, exc_info)
        return inner(environ, sr)

    server.server.set_app(recording)
    page = page_in(server.url + "settings")
    frame = page.locator(".frame.app", has_text="view_layer").last
    frame.hover()
    frame.locator(".open-console").click()
    frame.locator(".pin-box input").fill("246-813-579")
    frame.locator(".pin-box input").press("Enter")
    frame.locator(".console textarea").wait_for()
    assert submit(page, frame, "1 + 1").locator(".out").inner_text() == "2"
    frm = frame.get_attribute("data-frm")

    seen_cookies = []

    def attacker(environ, start_response):
        seen_cookies.append(environ.get("HTTP_COOKIE", ""))
        body = ATTACKER_PAGE % {"target": server.url, "frm": frm, "secret": inner.secret}
        start_response("200 OK", [("Content-Type", "text/html")])
        return [body.encode()]

    evil = wsgidebug.make_server("127.0.0.1", 0, attacker)
    threading.Thread(target=evil.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        other = page.context.new_page()
        other.goto("http://127.0.0.1:%d/" % evil.server_port)
        other.wait_for_function("() => document.title === 'sent'")
    finally:
        evil.shutdown()
        evil.server_close()
    stolen = [c for c in seen_cookies if inner.pin_cookie_name in c]
    assert stolen, "the browser did not send the cookie to the other port: the scenario is void"
    cross = [st for origin, st in statuses if origin and str(evil.server_port) in origin]
    assert cross == ["403"], statuses

    # a raw client with the stolen cookie and the secret
    query = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": inner.secret})
    status, _, body = http_post(server.url + "?" + query, {"code": "stolen_run = 2"},
                                headers={"Cookie": stolen[-1]})
    assert status == 403 and b"PIN" in body
    # the developer's own page still works, with the token kept in its origin's storage
    assert submit(page, frame, "'stolen_run' in dir()").locator(".out").inner_text() == "False"
    token = page.evaluate("() => localStorage.getItem('wsgidebug-token')")
    assert token and other.evaluate("() => localStorage.getItem('wsgidebug-token')") is None


def test_browser_api_urls_stay_relative_on_a_double_slash_path(live, page_in):
    """A page served at //other.host/x: its API calls stay on this origin
    (a URL built from location.pathname would leave it)."""
    server = live()
    page = page_in(server.url.rstrip("/") + "//other.example/x")
    frame = page.locator(".frame.app", has_text="view_layer").last
    open_console(page, frame).wait_for()
    assert submit(page, frame, "request_path").locator(".out").inner_text().endswith("/other.example/x'")
    own = server.url.rstrip("/")
    assert page.requests and all(u.startswith(own + "/") for u in page.requests), page.requests
    assert page.errors == []


def test_browser_standalone_console_stops_asking_for_the_pin_once_unlocked(live, page_in):
    server = live(pin_security=True)
    server.mw.pin = "246-813-579"
    page = page_in(server.url + "console")
    frame = page.locator("#frame-0")
    pin = frame.locator(".pin-box input")
    pin.wait_for()
    pin.fill("246-813-579")
    pin.press("Enter")
    frame.locator(".console textarea").wait_for()
    assert submit(page, frame, "1 + 2").locator(".out").inner_text() == "3"
    page.reload()
    frame = page.locator("#frame-0")
    frame.locator(".console textarea").wait_for()
    assert frame.locator(".pin-box").count() == 0
    assert submit(page, frame, "app is not None").locator(".out").inner_text() == "True"
    assert page.errors == []


def test_browser_pin_exhausted_message(live, page_in):
    server = live(pin_security=True)
    server.mw.pin = "246-813-579"
    server.mw._pin_guard.failures = wsgidebug.PIN_MAX_FAILURES
    page = page_in(server.url + "settings")
    frame = page.locator(".frame.app").last
    frame.hover()
    frame.locator(".open-console").click()
    frame.locator(".pin-box input").fill("246-813-579")
    frame.locator(".pin-box input").press("Enter")
    page.wait_for_function("() => document.querySelector('.pin-box .msg').textContent.length > 0")
    assert "restart the server" in frame.locator(".pin-box .msg").inner_text()


# =============================================================================
# Frameworks
# =============================================================================

def test_flask_view_frame_console_sees_request():
    flask = need("flask")
    app = flask.Flask("flask_test_app")
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.route("/boom/<name>")
    def boom(name):
        greeting = "hello " + name
        raise ValueError(greeting)

    d = Debugger(app)
    d.page = call(d.mw, path="/boom/world", validate=False).text
    d.frames = frame_ids(d.page)
    assert "ValueError: hello world" in d.page
    view = [n for n in d.frames if re.search(r'id="frame-%d"[^>]*><div class="frame-head"><button[^>]*>'
                                             r'<code class="func">(?:[^<]|<wbr>)*boom</code>' % n, d.page)]
    assert view, "the view's frame is on the page"
    assert out_text(d.eval("greeting", frm=view[0])) == "'hello world'"
    assert out_text(d.eval("__import__('flask').request.path", frm=view[0])) == "'/boom/world'"
    assert out_text(d.eval("__import__('flask').current_app.name", frm=view[0])) == "'flask_test_app'"
    # the contexts were popped again after the eval
    assert not flask.has_request_context()


def assert_view_console(mw_app, path, view_name, local_name, expected, **kw):
    """An error in a framework's view shows the view's frame; its console answers a local."""
    d = Debugger(mw_app, **kw)
    d.page = call(d.mw, path=path, validate=False).text
    d.frames = frame_ids(d.page)
    assert "ViewFailed" in d.page, d.page[:2000]
    view = [n for n in d.frames if re.search(r'id="frame-%d"[^>]*><div class="frame-head"><button[^>]*>'
                                             r'<code class="func">(?:[^<]|<wbr>)*%s</code>'
                                             % (n, view_name.replace(".", r"\.(?:<wbr>)?")), d.page)]
    assert view, "the view's frame is on the page"
    assert out_text(d.eval(local_name, frm=view[-1])) == expected
    return d


class ViewFailed(Exception):
    pass


def test_django_view(tmp_path, monkeypatch):
    need("django")
    from django.conf import settings

    (tmp_path / "django_urls_for_test.py").write_text(textwrap.dedent('''
        from django.urls import path
        import test_wsgidebug

        def failing_view(request):
            order_id = 1234
            raise test_wsgidebug.ViewFailed("django view failed")

        urlpatterns = [path("orders/", failing_view)]
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    if not settings.configured:
        settings.configure(DEBUG=True, DEBUG_PROPAGATE_EXCEPTIONS=True, ROOT_URLCONF="django_urls_for_test",
                           ALLOWED_HOSTS=["localhost"], SECRET_KEY="test only", MIDDLEWARE=[],
                           INSTALLED_APPS=[])
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    d = assert_view_console(get_wsgi_application(), "/orders/", "failing_view", "order_id", "1234")
    assert '<details class="lib-run"><summary>' in d.page and "django" in d.page


def test_bottle_view():
    bottle = need("bottle")
    app = bottle.Bottle()
    app.config["catchall"] = False

    @app.route("/cart")
    def cart_view():
        cart_size = 3
        raise ViewFailed("bottle view failed %d" % cart_size)

    assert_view_console(app, "/cart", "cart_view", "cart_size", "3")


def test_pyramid_view():
    need("pyramid")
    from pyramid.config import Configurator

    def profile_view(request):
        user_name = "ada"
        raise ViewFailed("pyramid view failed for " + user_name)

    with Configurator() as config:
        config.add_route("profile", "/profile")
        config.add_view(profile_view, route_name="profile")
        app = config.make_wsgi_app()
    assert_view_console(app, "/profile", "profile_view", "user_name", "'ada'")


def test_falcon_view():
    falcon = need("falcon")

    class Things:
        def on_get(self, req, resp):
            thing_count = 7
            raise ViewFailed("falcon view failed with %d things" % thing_count)

    def propagate(req, resp, ex, params):
        raise ex

    app = falcon.App()
    app.add_error_handler(Exception, propagate)
    app.add_route("/things", Things())
    assert_view_console(app, "/things", "Things.on_get", "thing_count", "7")


# =============================================================================
# The reloader and logging
# =============================================================================

def write_module(path, text):
    """Write a module and make sure its mtime moves (coarse file systems)."""
    old = path.stat().st_mtime if path.exists() else 0
    path.write_text(text)
    os.utime(path, (time.time(), max(time.time(), old + 1)))


def wait_for_body(url, expected, timeout=20):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            last = http_get(url, {"Accept": "text/html"}, timeout=2)
            if expected in last[2]:
                return last
        except OSError as e:
            last = e
        time.sleep(0.2)
    raise AssertionError("never got %r; last answer %r" % (expected, last and str(last)[:300]))


VERSION_MODULE = '''
import helper_mod

def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("version %s " % helper_mod.VALUE).encode()]
'''


def test_reloader_restarts_on_change_and_survives_a_syntax_error(serve, project):
    (project / "versioned.py").write_text(VERSION_MODULE)
    helper = project / "helper_mod.py"
    write_module(helper, "VALUE = 'one'\n")
    server = serve("--reload", "--port", "0", "versioned")
    url = server.url()
    wait_for_body(url, b"version one")
    assert server.output.count("Debugger PIN") == 1

    write_module(helper, "VALUE = 'two'\n")  # an imported module changes
    wait_for_body(url, b"version two")
    server.wait_for(r"Detected change in .*helper_mod\.py")
    assert server.output.count("Debugger PIN") == 2  # once per restart
    assert server.url() == url  # same port after the restart

    write_module(helper, "VALUE = (\n")  # broken: the page says why
    status, _, body = wait_for_body(url, b"SyntaxError")
    assert status == 500 and b"helper_mod.py" in body
    assert server.proc.poll() is None

    write_module(helper, "VALUE = 'three'\n")  # the next save recovers
    wait_for_body(url, b"version three")
    assert server.stop() == 0
    with pytest.raises(OSError):  # Ctrl+C stopped the child (the server) too
        urllib.request.urlopen(url, timeout=2)


LAZY_IMPORT_MODULE = '''
def app(environ, start_response):
    import lazily_imported  # imported inside the view: a broken module never enters sys.modules
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [lazily_imported.TEXT]
'''


PLAIN_RELOADER_SCRIPT = """
import lazyview
from wsgidebug import run_simple
if __name__ == "__main__":
    run_simple("127.0.0.1", 0, lazyview.app, use_reloader=True)  # no use_debugger: the server's error path
"""


@pytest.mark.parametrize("broken,debugger", [("TEXT = (\n", True), ("import not_a_module_anywhere\nTEXT = b'x'\n", True),
                                             ("TEXT = (\n", False)])
def test_reloader_watches_a_module_that_failed_to_import_inside_a_request(serve, project, broken, debugger):
    (project / "lazyview.py").write_text(LAZY_IMPORT_MODULE)
    module = project / "lazily_imported.py"
    write_module(module, broken)
    if debugger:
        server = serve("--reload", "--port", "0", "lazyview")
    else:
        (project / "serve_plain.py").write_text(PLAIN_RELOADER_SCRIPT)
        server = serve(command=(sys.executable, "serve_plain.py"))
    url = server.url()
    status, _, body = http_get(url, {"Accept": "text/html"})
    assert status == 500 and (b"lazily_imported" in body if debugger else b"Internal Server Error" in body)
    time.sleep(1.5)  # the watcher has looked at least once since the failure
    with open(module, "w") as f:  # fixed in place: the folder's mtime does not move
        f.write("TEXT = b'fixed at last'\n")
    os.utime(module, (time.time() + 2, time.time() + 2))
    wait_for_body(url, b"fixed at last")
    server.wait_for(r"Detected change in .*lazily_imported\.py")


def test_import_error_leads_with_the_real_error_and_keeps_the_pin(serve, project):
    (project / "needsmod.py").write_text("import helper_not_yet_written\n\ndef app(environ, start_response):\n"
                                         "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
                                         "    return [helper_not_yet_written.TEXT]\n")
    server = serve("--reload", "--port", "0", "needsmod")
    url = server.url()
    server.wait_for(r"cannot import 'needsmod': ModuleNotFoundError: No module named 'helper_not_yet_written' "
                    r"\(.*needsmod\.py, line 1\)")
    broken_pin = server.wait_for(r"Debugger PIN: (\d{3}-\d{3}-\d{3})").group(1)
    status, headers, body = http_get(url, {"Accept": "text/html"})
    page = body.decode()
    assert status == 500 and "ModuleNotFoundError" in page and "TargetImportError" not in page
    assert [html.unescape(n.replace("<wbr>", "")).rpartition(".")[2]
            for n in re.findall(r'<code class="func">((?:[^<]|<wbr>)*)</code>', page)] == \
        ["<module>"]  # only the target's own frame: none of wsgidebug's
    assert "pip install helper_not_yet_written" in page  # the hint
    text = http_get(url, {"Accept": "*/*"})[2].decode()
    assert "wsgidebug.py" not in text and text.startswith("Traceback (most recent call last):\n  File")
    # creating the missing module restarts the server (a new file in the project's folder)
    (project / "helper_not_yet_written.py").write_text("TEXT = b'now it works'\n")
    wait_for_body(url, b"now it works")
    pins = re.findall(r"Debugger PIN: (\d{3}-\d{3}-\d{3})", server.output)
    assert len(pins) == 2 and pins[1] == broken_pin  # the working app has the same PIN


def test_a_console_of_a_restarted_server_says_so_not_wrong_secret(serve, project):
    env = {"WSGIDEBUG_PIN": "off"}
    server = serve("--reload", "--port", "0", "myapp", env=env)
    url = server.url()
    page = http_get(url + "boom", {"Accept": "text/html"})[2].decode()
    config, frame = page_config(page), frame_ids(page)[-1]
    query = {"__debugger__": "yes", "cmd": "eval", "frm": frame, "s": config["secret"]}
    status, _, out = http_post(url + "?" + urllib.parse.urlencode(query), {"code": "secret_sauce"})
    assert status == 200 and b"ketchup" in out
    write_module(project / "myapp.py", APP_MODULE + "\n# saved\n")
    server.wait_for(r"Detected change in .*myapp\.py")
    wait_for_body(url + "ok", b"fine")
    status, _, out = http_post(url + "?" + urllib.parse.urlencode(query), {"code": "secret_sauce"})
    assert status == 410 and b"The server restarted since this page was drawn" in out, (status, out)
    forged = dict(query, s=config["secret"][:16] + "0" * 32)  # not signed by this user's key
    status, _, out = http_post(url + "?" + urllib.parse.urlencode(forged), {"code": "1"})
    assert status == 403 and b"Wrong or missing debugger secret" in out


def test_a_secret_of_an_earlier_run_is_told_apart_in_both_doors():
    old = DebuggedApplication(console_app, evalex=True, pin_security=False)
    new = Debugger()
    assert len(old.secret) == 48 and old.secret != new.mw.secret
    r = new.api("eval", fields={"code": "1"}, frm=new.frames[-1], secret=old.secret)
    assert r.status_code == 410 and "restarted" in r.text
    flipped = old.secret[:-1] + ("1" if old.secret.endswith("0") else "0")
    for wrong in ("", "bad", "f" * 48, flipped, old.secret.upper()):
        assert new.api("eval", fields={"code": "1"}, frm=new.frames[-1], secret=wrong).status_code == 403, wrong
    asgi_old = DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    asgi_new = DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    frame = frame_ids(asgi_call(asgi_new, headers={"Accept": "text/html"}).text)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frame, "s": asgi_old.secret}).encode()
    r = asgi_call(asgi_new, "/", "POST", q, body=b"code=order_id")
    assert r.status == 410 and "restarted" in r.text
    assert "42" in run_async(asgi_eval(asgi_new, frame, "order_id")).text


def _readme_command(heading: str, starts: str) -> str:
    """The first indented command under a README heading that starts so."""
    readme = open(os.path.join(HERE, "README.md")).read()
    section = readme.split("\n## " + heading + "\n", 1)[1].split("\n## ", 1)[0]
    return next(line.strip() for line in section.splitlines() if line.startswith("    " + starts))


def test_readme_quick_start_demo_runs_where_there_is_no_python_command(tmp_path):
    command = _readme_command("Quick start", "python3 ")
    assert command == "python3 -m wsgidebug --demo"
    bin_dir = tmp_path / "bin"  # python3 and nothing else: no `python`
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys.executable)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1", "WSGIDEBUG_PIN": "off"}
    assert shutil.which("python", path=env["PATH"]) is None
    proc = subprocess.Popen(["/bin/sh", "-c", command + " --port 0"], cwd=HERE, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        deadline = time.time() + 20
        while "Running on" not in line and time.time() < deadline:
            line = proc.stdout.readline()
        url = re.search(r"Running on (http://\S+/)", line).group(1)
        status, _, body = http_get(url)
        assert status == 200 and b"wsgidebug" in body
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # the shell and the server it started
        proc.wait(10)


def test_readme_test_command_is_what_ci_runs():
    assert _readme_command("Quick start", "bash ") == "bash .ci/test"
    ci = open(os.path.join(HERE, ".ci", "run")).read()
    assert "\nbash .ci/test\n" in ci
    script = open(os.path.join(HERE, ".ci", "test")).read()
    assert "-m venv" in script and "pip install -q --disable-pip-version-check -e \".[test]\"" in script
    assert "pytest -q -p no:cacheprovider test_wsgidebug.py" in script


DJANGO_RUNSERVER_PROJECT = {
    "manage.py": """
import os, sys
if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
""",
    "mysite/__init__.py": "",
    "mysite/settings.py": """
DEBUG = True
DEBUG_PROPAGATE_EXCEPTIONS = True
SECRET_KEY = "test only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "mysite.urls"
WSGI_APPLICATION = "mysite.wsgi.application"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
""",
    "mysite/urls.py": """
from django.urls import path

def failing_view(request):
    basket = ["tea"]
    raise ValueError("runserver view failed")

urlpatterns = [path("orders/", failing_view)]
""",
}


def test_django_runserver_recipe_from_the_readme(tmp_path):
    need("django")
    readme = open(os.path.join(HERE, "README.md")).read()
    recipe = readme.split("**Django's `runserver`**", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    files = dict(DJANGO_RUNSERVER_PROJECT, **{"mysite/wsgi.py": recipe})
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    port = _free_tcp_port()
    server = ServerProcess(["manage.py", "runserver", "127.0.0.1:%d" % port, "--noreload"], tmp_path,
                           env={"WSGIDEBUG_PIN": "off"}, command=(sys.executable,))
    try:
        def answers():
            try:
                return http_get("http://127.0.0.1:%d/nothing-here" % port, timeout=2)[0] == 404
            except OSError:
                return False

        wait_until(answers, timeout=20)
        base = "http://127.0.0.1:%d/orders/" % port
        status, _, body = http_get(base, {"Accept": "text/html"})
        page = body.decode()
        assert status == 500 and "runserver view failed" in page and 'class="open-console"' in page
        frame = [f for f in frame_ids(page) if "failing_view" in page.split('id="frame-%d"' % f, 1)[1][:300]][-1]
        q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frame,
                                    "s": page_config(page)["secret"]})
        status, _, out = http_post(base + "?" + q, {"code": "basket + ['milk']"})
        assert status == 200 and b"milk" in out
    finally:
        server.stop()


def test_a_file_name_as_target_gets_a_hint(project):
    r = subprocess.run([sys.executable, "-m", "wsgidebug", "myapp.py"], cwd=str(project),
                       env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "not a file: try 'myapp'" in r.stderr
    r = subprocess.run([sys.executable, "-m", "wsgidebug", "src/app.py:make"], cwd=str(project),
                       env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "try 'src.app:make'" in r.stderr


def test_demo_syntax_error_leaves_no_folder_behind(tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    r = call(DebuggedApplication(wsgidebug.demo_app), path="/syntax", validate=False)
    assert r.status_code == 500 and "SyntaxError" in r.text
    assert [p for p in tmp_path.iterdir() if p.name != "cache"] == []  # (the PIN's key file is in cache/)
    assert "incomplete answer" in call(wsgidebug.demo_app).text  # /stream says what to look for


def test_reloader_watches_extra_files_and_skips_libraries(tmp_path):
    extra = tmp_path / "settings.toml"
    extra.write_text("x = 1")
    files = wsgidebug.watched_files([str(extra)])
    assert str(extra) in files and os.path.abspath(__file__) in files
    assert os.path.abspath(json.__file__) not in files


def test_logger_has_default_handler_only_without_app_logging():
    code = textwrap.dedent('''
        import logging, sys
        sys.path.insert(0, %r)
        import wsgidebug
        %s
        wsgidebug._log("info", "hello")
        print(len(logging.getLogger("wsgidebug").handlers))
    ''')
    plain = subprocess.run([sys.executable, "-c", code % (HERE, "")], capture_output=True, text=True, timeout=30)
    assert plain.stdout.strip() == "1" and "hello" in plain.stderr
    configured = subprocess.run([sys.executable, "-c", code % (HERE, "logging.basicConfig(level=logging.INFO, format='APP %(message)s')")],
                                capture_output=True, text=True, timeout=30)
    assert configured.stdout.strip() == "0" and "APP hello" in configured.stderr


def test_access_log_escapes_control_characters(serve):
    server = serve("--port", "0", "myapp")
    host, port = urllib.parse.urlsplit(server.url()).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"GET /ok\x1b[2J\x07 HTTP/1.0\r\nHost: localhost\r\n\r\n")
        answer = b""
        while True:  # read the whole answer
            data = s.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 400")  # a target of visible ASCII only (RFC 9112 3.2)
    server.wait_for(r'"-" 400 0 \(Bad request line')
    assert "\x1b" not in server.output and "\x07" not in server.output
    assert wsgidebug.printable("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"


def test_access_log_colours_5xx_unless_no_color(project):
    code = textwrap.dedent('''
        import sys, threading, urllib.request
        sys.path.insert(0, %r)
        sys.stderr.isatty = lambda: True
        import wsgidebug
        def app(environ, start_response):
            start_response(environ["PATH_INFO"][1:] + " X", [("Content-Type", "text/plain")])
            return [b"abc"]
        srv = wsgidebug.make_server("127.0.0.1", 0, app)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        for code in ("200", "503"):
            try:
                urllib.request.urlopen("http://127.0.0.1:%%d/%%s" %% (srv.server_port, code))
            except Exception:
                pass
        srv.shutdown()
        for t in threading.enumerate():  # the access line is written after the answer is sent
            if t is not threading.current_thread() and not t.name.startswith("wsgidebug"):
                t.join(5)
    ''' % HERE)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                       env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    lines = r.stderr.splitlines()
    ok = [line for line in lines if '"GET /200 HTTP/1.1" 200 3' in line]
    bad = [line for line in lines if '"GET /503 HTTP/1.1" 503 3' in line]
    assert ok and bad, r.stderr
    assert "\x1b[" not in ok[0] and bad[0].startswith("\x1b[1;31m")
    assert re.search(r"\d+\.\dms", ok[0])
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                       env=dict(os.environ, NO_COLOR="1"))
    assert "\x1b[" not in r.stderr


# =============================================================================
# The ASGI door (SPEC "Version 0.3 additions": "ASGI middleware", "The console,
# in ASGI apps"), with a small ASGI driver of the tests' own
# =============================================================================

import asyncio  # noqa: E402
import contextvars  # noqa: E402

from wsgidebug import DebuggedASGIApplication  # noqa: E402


def run_async(coro):
    """asyncio.run in a thread of its own (a browser test's Playwright keeps a
    loop running in the main thread)."""
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as e:  # handed to the test
            result["error"] = e
    worker = threading.Thread(target=target)
    worker.start()
    worker.join(120)
    if "error" in result:
        raise result["error"]
    return result["value"]


class ASGIResult:
    def __init__(self, messages, raised):
        self.messages = messages
        self.raised = raised
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        self.status = start["status"] if start else None
        self.headers = {k.decode(): v.decode() for k, v in (start or {}).get("headers", [])}
        self.body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        self.complete = any(m["type"] == "http.response.body" and not m.get("more_body") for m in messages)

    @property
    def text(self):
        return self.body.decode("utf-8")


def asgi_scope(path="/", method="GET", query=b"", headers=None, kind="http", host="localhost:8000", root_path=""):
    hdrs = [(b"host", host.encode())] if host else []
    hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    return {"type": kind, "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
            "method": method, "scheme": "http" if kind == "http" else "ws", "path": root_path + path,
            "raw_path": (root_path + path).encode(), "query_string": query, "root_path": root_path,
            "headers": hdrs, "client": ("127.0.0.1", 50123), "server": ("127.0.0.1", 8000)}


async def asgi_request(app, path="/", method="GET", query=b"", headers=None, body=b"", scope=None, pieces=1,
                       form=True, **kw):
    """One request through an ASGI app, as a server would drive it; the
    messages sent and the exception that came out (if any).  The body comes
    in ``pieces`` messages; ``form``: described as a form (else the scope's
    headers describe it)."""
    scope = scope or asgi_scope(path, method, query, headers, **kw)
    if body and form:
        scope["headers"] += [(b"content-type", b"application/x-www-form-urlencoded"),
                             (b"content-length", str(len(body)).encode())]
    step = max(1, -(-len(body) // pieces))
    inbox = [{"type": "http.request", "body": body[i:i + step], "more_body": i + step < len(body)}
             for i in range(0, len(body), step)] or [{"type": "http.request", "body": b"", "more_body": False}]
    messages = []

    async def receive():
        if inbox:
            return inbox.pop(0)
        await asyncio.sleep(3600)

    async def send(message):
        messages.append(message)

    raised = None
    try:
        await app(scope, receive, send)
    except Exception as e:
        raised = e
    return ASGIResult(messages, raised)


def asgi_call(app, *args, **kw) -> ASGIResult:
    return run_async(asgi_request(app, *args, **kw))


async def failing_asgi(scope, receive, send):
    order_id = 42
    await asyncio.sleep(0)
    raise LookupError("no order %d" % order_id)


def asgi_eval(mw, frame_id, code, **kw):
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frame_id, "s": mw.secret}).encode()
    return asgi_request(mw, "/", "POST", q, body=urllib.parse.urlencode({"code": code}).encode(), **kw)


def test_asgi_error_before_the_response_gives_the_page_in_every_form():
    mw = DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    r = asgi_call(mw, "/orders/42", headers={"Accept": "text/html", "X-Trace": "abc"})
    assert r.raised is None and r.status == 500 and r.headers["content-type"] == "text/html; charset=utf-8"
    assert "no order 42" in r.text and "failing_asgi" in r.text and 'class="open-console"' in r.text
    assert "content-security-policy" in r.headers and r.headers["x-debugger-url"].endswith("/__debugger__/1")
    assert "X-Trace" in r.text and "asgi.type" in r.text and "3.0 (spec 2.3)" in r.text  # the scope's panel
    assert "wsgi.input" not in r.text  # the adapter's keys are not the scope's
    assert "DebuggedASGIApplication" not in plain_text_of(r.text)  # the middleware's frame is not shown
    text = asgi_call(mw, headers={"Accept": "text/plain"})
    assert text.headers["content-type"].startswith("text/plain") and "LookupError: no order 42" in text.text
    md = asgi_call(mw, headers={"Accept": "text/markdown"})
    assert md.headers["content-type"].startswith("text/markdown") and "LookupError" in md.text
    evil = asgi_call(mw, host="evil.example")
    assert evil.status == 500 and "no order" not in evil.text and "x-debugger-url" not in evil.headers
    listed = asgi_call(mw, "/__debugger__", headers={"Accept": "application/json"})
    assert [(e["source"], e["count"]) for e in json.loads(listed.body)["errors"]] == [("request", 3)]


def test_asgi_environ_reads_the_scope_as_the_core_needs_it():
    scope = asgi_scope("/p", query=b"a=1", headers={"X-Forwarded_For": "1.2.3.4", "Accept": "text/html"},
                       host=None, root_path="/api")
    scope["server"] = ["::1", 8443]  # a list, as some servers give
    scope["scheme"] = "https"
    env = wsgidebug.asgi_environ(scope, b"body")
    assert (env["SCRIPT_NAME"], env["PATH_INFO"], env["QUERY_STRING"]) == ("/api", "/p", "a=1")
    assert env["HTTP_HOST"] == "[::1]:8443" and env["wsgi.url_scheme"] == "https"
    assert "HTTP_X_FORWARDED_FOR" not in env and env["HTTP_ACCEPT"] == "text/html"
    assert env["wsgi.input"].read() == b"body" and env["REMOTE_ADDR"] == "127.0.0.1"


def test_asgi_error_urls_honour_root_path_and_websockets_use_http():
    mw = DebuggedASGIApplication(failing_asgi, pin_security=False)
    r = asgi_call(mw, "/x", root_path="/api")
    assert r.headers["x-debugger-url"] == "http://localhost:8000/api/__debugger__/1"
    assert asgi_call(mw, "/__debugger__/1", root_path="/api").status == 200


def test_asgi_a_held_500_is_replaced_by_the_page_when_the_app_then_raises():
    async def plain_500_then_raise(scope, receive, send):  # what Starlette's ServerErrorMiddleware does
        await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"Internal Server Error"})
        raise RuntimeError("the view failed")

    async def plain_503(scope, receive, send):
        await send({"type": "http.response.start", "status": 503, "headers": [(b"retry-after", b"5")]})
        await send({"type": "http.response.body", "body": b"busy", "more_body": True})
        await send({"type": "http.response.body", "body": b" now"})

    r = asgi_call(DebuggedASGIApplication(plain_500_then_raise), headers={"Accept": "text/html"})
    assert r.raised is None and r.status == 500 and "the view failed" in r.text
    assert r.body.startswith(b"<!doctype html>") and len([m for m in r.messages if m["type"].endswith("start")]) == 1
    r = asgi_call(DebuggedASGIApplication(plain_503))
    assert (r.status, r.body, r.headers["retry-after"]) == (503, b"busy now", "5")  # sent as it was


def test_asgi_a_stream_that_fails_midway_is_cut_short_and_logged_once(caplog):
    async def streaming(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        raise OSError("the stream broke")

    scope = asgi_scope()
    mw = DebuggedASGIApplication(streaming, pin_security=False)
    with caplog.at_level("INFO", logger="wsgidebug"):
        r = asgi_call(mw, scope=scope)
    assert isinstance(r.raised, OSError) and not r.complete and r.body == b"first"  # the server aborts it
    assert scope[wsgidebug.LOGGED_KEY] is r.raised
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert logged.count("OSError: the stream broke") == 1
    assert "the 200 response was cut short after 5 bytes" in logged
    listed = json.loads(asgi_call(mw, "/__debugger__", headers={"Accept": "application/json"}).text)["errors"]
    assert listed[0]["label"] == "GET /: the 200 response was cut short after 5 bytes"
    page = asgi_call(mw, "/__debugger__/1", headers={"Accept": "text/html"}).text
    assert "The 200 response was cut short after 5 bytes" in page and "500 Internal" not in page
    assert "Debugger: http://localhost:8000/__debugger__/1" in logged


def test_asgi_an_error_after_the_whole_response_is_kept_and_not_raised(caplog):
    async def background_work_fails(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"done"})
        raise ValueError("the background task failed")

    mw = DebuggedASGIApplication(background_work_fails, pin_security=False)
    r = asgi_call(mw)
    assert r.raised is None and (r.status, r.body) == (200, b"done")
    entry = json.loads(asgi_call(mw, "/__debugger__", headers={"Accept": "application/json"}).body)["errors"][0]
    assert entry["source"] == "after_response" and entry["type"] == "ValueError"


def test_asgi_websocket_errors_are_kept_and_the_socket_closed_with_1011():
    async def ws_app(scope, receive, send):
        assert (await receive())["type"] == "websocket.connect"
        if scope["path"] == "/refuse-by-error":
            raise PermissionError("checked before accepting")
        await send({"type": "websocket.accept"})
        message = await receive()
        room = "lobby"
        raise KeyError("no handler for %s in %s" % (message.get("text"), room))

    async def drive(mw, path):
        inbox = [{"type": "websocket.connect"}, {"type": "websocket.receive", "text": "hello"}]
        sent = []

        async def receive():
            return inbox.pop(0) if inbox else await asyncio.sleep(3600)

        async def send(m):
            sent.append(m)
        await mw(asgi_scope(path, kind="websocket"), receive, send)
        return sent

    mw = DebuggedASGIApplication(ws_app, evalex=True, pin_security=False)
    sent = run_async(drive(mw, "/chat"))
    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.close"] and sent[-1]["code"] == 1011
    sent = run_async(drive(mw, "/refuse-by-error"))
    assert [m["type"] for m in sent] == ["websocket.close"]  # refused: the server answers 403
    listed = json.loads(asgi_call(mw, "/__debugger__", headers={"Accept": "application/json"}).body)["errors"]
    assert [(e["source"], e["type"]) for e in listed] == [("websocket", "PermissionError"), ("websocket", "KeyError")]
    assert listed[1]["url"] == "http://localhost:8000/__debugger__/1"
    page = asgi_call(mw, "/__debugger__/1")
    assert page.status == 200 and "no handler for hello in lobby" in page.text
    history = asgi_call(mw, "/__debugger__")
    assert "websocket /chat" in history.text
    frm = frame_ids(page.text)[-1]
    out = run_async(asgi_eval(mw, frm, "room"))
    assert "lobby" in out.text  # the console in the websocket handler's frame


def test_asgi_lifespan_and_other_scopes_pass_untouched():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope)
        message = await receive()
        await send({"type": "lifespan.startup.complete", "got": message["type"]})

    mw = DebuggedASGIApplication(app)
    sent = []

    async def run():
        async def receive():
            return {"type": "lifespan.startup"}

        async def send(m):
            sent.append(m)
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        await mw(scope, receive, send)
        return scope
    scope = run_async(run())
    assert seen == [scope] and scope == {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    assert sent == [{"type": "lifespan.startup.complete", "got": "lifespan.startup"}]


def test_asgi_the_debugger_routes_refuse_as_in_wsgi():
    mw = DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    frm = frame_ids(asgi_call(mw).text)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret}).encode()
    body = b"code=1%2B1"
    assert asgi_call(mw, "/", "POST", q, body=body, host="evil.example").status == 400
    assert asgi_call(mw, "/", "POST", q, body=body, headers={"Origin": "http://evil.example"}).status == 403
    assert asgi_call(mw, "/", "GET", q).status == 405
    wrong = q.replace(mw.secret.encode(), b"0" * len(mw.secret))
    assert asgi_call(mw, "/", "POST", wrong, body=body).status == 403
    assert asgi_call(mw, "/", "POST", q, body=b"code=" + b"x" * (2 << 20)).status == 413
    ok = asgi_call(mw, "/", "POST", q, body=body)
    assert ok.status == 200 and "r-num" in ok.text and ok.headers["x-content-type-options"] == "nosniff"
    assert asgi_call(mw, "/__debugger__/99").status == 404
    locked = DebuggedASGIApplication(failing_asgi, evalex=True)
    frm = frame_ids(asgi_call(locked).text)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": locked.secret}).encode()
    assert asgi_call(locked, "/", "POST", q, body=body).status == 403  # the PIN first


def test_asgi_console_awaits_on_the_apps_loop_with_the_requests_context():
    request_user = contextvars.ContextVar("request_user")

    async def app(scope, receive, send):
        request_user.set("ada")
        loop_of_request = asyncio.get_running_loop()  # noqa: F841 - read in the console
        await asyncio.sleep(0)
        raise RuntimeError("failed for a user")

    mw = DebuggedASGIApplication(app, evalex=True, pin_security=False)

    async def scenario():
        frm = frame_ids((await asgi_request(mw)).text)[-1]
        same_loop = await asgi_eval(mw, frm, "(await asyncio.sleep(0, 'awaited')), "
                                             "asyncio.get_running_loop() is loop_of_request")
        context = await asgi_eval(mw, frm, "request_user.get()")
        thread = await asgi_eval(mw, frm, "__import__('threading').current_thread().name")
        await asgi_eval(mw, frm, "async def agen():\n    yield 1\n    yield 2\n")
        listed = await asgi_eval(mw, frm, "[x async for x in agen()]")
        return same_loop, context, thread, listed

    same_loop, context, thread, listed = run_async(scenario())
    assert "&#x27;awaited&#x27;" in same_loop.text and "True" in same_loop.text
    assert "&#x27;ada&#x27;" in context.text
    assert "wsgidebug" in thread.text and "MainThread" not in thread.text  # never on the loop's thread
    assert "[<span" in listed.text and "r-num\">2<" in listed.text


def test_asgi_app_keeps_serving_while_an_input_runs_and_stop_cancels_an_await():
    async def app(scope, receive, send):
        if scope["path"] == "/ok":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
            return
        raise RuntimeError("fails")

    mw = DebuggedASGIApplication(app, evalex=True, pin_security=False)

    async def scenario():
        frm = frame_ids((await asgi_request(mw)).text)[-1]
        blocking = asyncio.ensure_future(asgi_eval(mw, frm, "__import__('time').sleep(1.0)"))
        await asyncio.sleep(0.2)
        t0 = time.perf_counter()
        ok = await asgi_request(mw, "/ok")
        served_in = time.perf_counter() - t0
        assert not blocking.done()  # the input still runs, off the loop
        await blocking
        frm2 = frame_ids((await asgi_request(mw)).text)[-1]
        runaway = asyncio.ensure_future(asgi_eval(mw, frm2, "await asyncio.sleep(60)"))
        await asyncio.sleep(0.3)
        q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "interrupt", "frm": frm2, "s": mw.secret})
        stop = await asgi_request(mw, "/", "POST", q.encode(), body=b"x=1")
        stopped = await asyncio.wait_for(runaway, 10)
        return ok, served_in, stop, stopped

    ok, served_in, stop, stopped = run_async(scenario())
    assert ok.body == b"ok" and served_in < 0.5
    assert stop.status == 200 and "CancelledError" in stopped.text


def test_wsgi_console_takes_a_top_level_await():
    mw = DebuggedApplication(failing_app, evalex=True, pin_security=False)
    frm = frame_ids(call(mw).text)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret})
    code = urllib.parse.urlencode({"code": "import asyncio\nawait asyncio.sleep(0, 6 * 7)"}).encode()
    out = call(mw, method="POST", query=q, body=code, validate=False)
    assert out.status_code == 200 and "r-num\">42<" in out.text

    async def in_a_thread_with_a_running_loop():  # as a WSGI app driven from asyncio would be
        return call(mw, method="POST", query=q, body=code, validate=False)
    out = run_async(in_a_thread_with_a_running_loop())
    assert out.status_code == 200 and "r-num\">42<" in out.text
    printed = call(mw, method="POST", query=q, body=urllib.parse.urlencode(
        {"code": "async def show():\n    print('printed in the loop')\n"}).encode(), validate=False)
    printed = call(mw, method="POST", query=q, body=b"code=await+show%28%29", validate=False)
    assert "printed in the loop" in printed.text
    assert wsgidebug._TOP_LEVEL_AWAIT == __import__("ast").PyCF_ALLOW_TOP_LEVEL_AWAIT


def test_asgi_middleware_is_an_asgi3_app_and_imports_no_framework():
    import inspect

    mw = DebuggedASGIApplication(failing_asgi)
    assert inspect.iscoroutinefunction(mw.__call__)
    for name in ("app", "evalex", "secret", "pin", "pin_cookie_name", "trusted_hosts", "sensitive_names",
                 "max_kept_tracebacks"):
        assert hasattr(mw, name), name
    code = "import wsgidebug, sys; print(sorted(m for m in ('starlette', 'fastapi', 'anyio', 'asyncio') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=HERE, timeout=60)
    assert done.stdout.strip() == "[]"


# -- real frameworks under real ASGI servers (test extras only) ----------------

FRAMEWORK_APPS = {
    "fastapi": '''
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from wsgidebug import DebuggedASGIApplication
api = FastAPI()

@api.get("/")
async def failing_view():
    basket = ["tea"]
    raise ValueError("fastapi view failed with %s" % basket)

@api.get("/stream")
async def stream():
    async def parts():
        yield b"first part\\n"
        raise RuntimeError("the stream broke")
    return StreamingResponse(parts())

app = DebuggedASGIApplication(api, evalex=True)
''',
    "starlette": '''
from starlette.applications import Starlette
from starlette.routing import Route
from wsgidebug import DebuggedASGIApplication

async def failing_view(request):
    basket = ["tea"]
    raise ValueError("starlette view failed with %s" % basket)

app = DebuggedASGIApplication(Starlette(routes=[Route("/", failing_view)]), evalex=True)
''',
    "quart": '''
from quart import Quart
from wsgidebug import DebuggedASGIApplication
q = Quart(__name__)
q.config["PROPAGATE_EXCEPTIONS"] = True  # Quart answers its own 500 otherwise

@q.route("/")
async def failing_view():
    basket = ["tea"]
    raise ValueError("quart view failed with %s" % basket)

app = DebuggedASGIApplication(q, evalex=True)
''',
    "litestar": '''
from litestar import Litestar, get
from wsgidebug import DebuggedASGIApplication

@get("/")
async def failing_view() -> str:
    basket = ["tea"]
    raise ValueError("litestar view failed with %s" % basket)

def reraise(request, exc):  # Litestar answers its own 500 otherwise
    raise exc

app = DebuggedASGIApplication(Litestar([failing_view], exception_handlers={Exception: reraise}), evalex=True)
''',
    "django": '''
import django
from django.conf import settings
settings.configure(DEBUG=True, DEBUG_PROPAGATE_EXCEPTIONS=True, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
                   SECRET_KEY="not-a-secret-" * 4)
django.setup()
from django.core.asgi import get_asgi_application
from django.urls import path
from wsgidebug import DebuggedASGIApplication

async def failing_view(request):
    basket = ["tea"]
    raise ValueError("django view failed with %s" % basket)

urlpatterns = [path("", failing_view)]
app = DebuggedASGIApplication(get_asgi_application(), evalex=True)
''',
    "falcon": '''
import falcon.asgi
from wsgidebug import DebuggedASGIApplication

class Failing:
    async def on_get(self, req, resp):
        basket = ["tea"]
        raise ValueError("falcon view failed with %s" % basket)

async def reraise(req, resp, ex, params):  # Falcon answers its own 500 otherwise
    raise ex

falcon_app = falcon.asgi.App()
falcon_app.add_error_handler(Exception, reraise)
falcon_app.add_route("/", Failing())
app = DebuggedASGIApplication(falcon_app, evalex=True)
''',
}

FRAMEWORK_MODULES = {"fastapi": "fastapi", "starlette": "starlette", "quart": "quart", "litestar": "litestar",
                     "django": "django", "falcon": "falcon.asgi"}


def start_asgi_server(server_name, module, folder, env=None):
    if server_name != "wsgidebug":
        need(server_name)
    port = _free_tcp_port()
    args = {"uvicorn": ["-m", "uvicorn", module + ":app", "--port", str(port), "--log-level", "warning"],
            "hypercorn": ["-m", "hypercorn", module + ":app", "--bind", "127.0.0.1:%d" % port],
            "wsgidebug": ["-m", "wsgidebug", module + ":app", "--port", str(port)]}[server_name]
    server = ServerProcess(args, folder, env=env or {"WSGIDEBUG_PIN": "off"}, command=(sys.executable,))
    deadline = time.time() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if time.time() > deadline or server.proc.poll() is not None:
                server.stop()
                raise AssertionError("the server did not start:\n" + server.output) from None
            time.sleep(0.1)


@pytest.mark.parametrize("server_name,framework", [(s, f) for s in ("uvicorn", "wsgidebug") for f in FRAMEWORK_APPS]
                         + [("hypercorn", "fastapi"), ("hypercorn", "quart")])
def test_asgi_frameworks_under_real_servers_give_the_page_and_a_console(tmp_path, server_name, framework):
    need(FRAMEWORK_MODULES[framework])
    (tmp_path / ("fw_%s.py" % framework)).write_text(FRAMEWORK_APPS[framework])
    server, port = start_asgi_server(server_name, "fw_" + framework, tmp_path)
    try:
        base = "http://127.0.0.1:%d/" % port
        status, headers, body = http_get(base, {"Accept": "text/html"})
        page = body.decode()
        assert status == 500 and "%s view failed with" % framework in page, page[:2000]
        headers = {k.lower(): v for k, v in headers.items()}
        assert headers["content-type"] == "text/html; charset=utf-8" and 'class="open-console"' in page
        assert "content-security-policy" in headers and headers["x-debugger-url"].endswith("/__debugger__/1")
        frame = [f for f in frame_ids(page)
                 if "failing_view" in page.split('id="frame-%d"' % f, 1)[1][:400] or
                 "on_get" in page.split('id="frame-%d"' % f, 1)[1][:400]][-1]
        q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frame,
                                    "s": page_config(page)["secret"]})
        status, _, out = http_post(base + "?" + q, {"code": "basket + ['milk']"})
        assert status == 200 and b"milk" in out and b"tea" in out, out
        status, _, listed = http_get(base + "__debugger__", {"Accept": "application/json"})
        assert json.loads(listed)["errors"][0]["source"] == "request"
        markdown = http_get(base + "__debugger__/1", {"Accept": "text/markdown"})[2].decode()
        assert re.search(r"^- Server: %s/[0-9][^;]*; wsgidebug " % server_name, markdown, re.M), markdown
        if framework == "fastapi":  # a stream that fails midway is cut short for the client
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/stream")
            r = conn.getresponse()
            with pytest.raises(http.client.IncompleteRead):
                r.read()
            conn.close()
    finally:
        server.stop()


@pytest.mark.parametrize("server_name", ["uvicorn", "hypercorn", "wsgidebug"])
def test_asgi_pin_is_on_the_terminal_before_the_first_error_under_any_server(tmp_path, server_name):
    (tmp_path / "pin_asgi.py").write_text("from wsgidebug import DebuggedASGIApplication, asgi_demo_app\n"
                                          "app = DebuggedASGIApplication(asgi_demo_app, evalex=True)\n")
    server, port = start_asgi_server(server_name, "pin_asgi", tmp_path, env={"WSGIDEBUG_PIN": "123-456-789"})
    try:
        server.wait_for(r"Debugger PIN: 123-456-789", timeout=10)  # no request made yet
        assert http_get("http://127.0.0.1:%d/" % port)[0] == 200
        time.sleep(0.3)
        assert server.output.count("Debugger PIN") == 1, server.output
    finally:
        server.stop()


BROWSER_ASGI_APP = '''
import asyncio
from wsgidebug import DebuggedASGIApplication

async def view(scope, receive, send):
    if scope["type"] == "websocket":
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        channel = "prices"
        raise KeyError("no subscriber for %s on %s" % (message.get("text"), channel))
    if scope["path"] == "/ok":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"still answering"})
        return
    cart = {"tea": 2}
    await asyncio.sleep(0)
    raise ValueError("checkout failed for %r" % cart)

app = DebuggedASGIApplication(view, evalex=True)
'''


def test_browser_asgi_console_awaits_stops_and_the_list_shows_a_websocket_error(tmp_path, page_in):
    (tmp_path / "browser_asgi.py").write_text(BROWSER_ASGI_APP)
    server, port = start_asgi_server("uvicorn", "browser_asgi", tmp_path)
    try:
        base = "http://127.0.0.1:%d/" % port
        page = page_in(base)
        frame = page.locator(".frame.app", has_text="view").last
        open_console(page, frame)
        entry = submit(page, frame, "await asyncio.sleep(0.01, 'awaited on the app loop'), cart")
        assert "awaited on the app loop" in entry.inner_text() and "tea" in entry.inner_text()
        # a runaway await: the app answers another tab meanwhile, and Stop cancels it
        field = frame.locator(".console textarea")
        field.fill("await asyncio.sleep(600)")
        field.press("Enter")
        stop = frame.locator(".console .stop")
        stop.wait_for(state="visible")
        other = page.context.new_page()
        other.goto(base + "ok")
        assert other.locator("body").inner_text() == "still answering"
        stop.click()
        page.wait_for_function("(id) => /CancelledError/.test(document.querySelector('#' + id + ' .console .transcript').textContent)",
                               arg=frame.get_attribute("id"), timeout=10000)
        assert submit(page, frame, "cart['tea'] + 40").locator(".out").inner_text() == "42"
        screenshot(page, "asgi-console")
        # the open list of errors shows a websocket handler's error as it happens
        listing = page_in(base + "__debugger__")
        rows = listing.locator("#history tbody tr")
        before = rows.count()  # the page and the browser's /favicon.ico
        assert before >= 1 and "websocket" not in listing.locator("#history").inner_text()
        listing.evaluate("""() => new Promise(done => {
            var ws = new WebSocket(location.origin.replace('http', 'ws') + '/feed');
            ws.onopen = () => ws.send('ticker');
            ws.onclose = e => done(e.code);
        })""")
        open_the_new_listed_error(listing, before, "websocket /feed", "KeyError", "asgi-error-list",
                                  "no subscriber for ticker on prices")
        ws_frame = listing.locator(".frame.app", has_text="view").last
        open_console(listing, ws_frame)
        assert "prices" in submit(listing, ws_frame, "channel").inner_text()
        assert page.errors == [] and listing.errors == []
    finally:
        server.stop()



# -- every error: logged records, threads' errors, post-mortem (0.3) --------------------------

def wsgi_eval(mw, frm, code) -> str:
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret})
    body = urllib.parse.urlencode({"code": code}).encode()
    return out_text(call(mw, method="POST", query=q, body=body, validate=False).text)


def listed(mw, **kw) -> list:
    return call(mw, path="/__debugger__", headers={"Accept": "application/json"}, **kw).json()["errors"]


def paying_app(log=lambda: logging.getLogger("app.payments").exception("payment of %d failed", 1250)):
    """An app that catches its own error, logs it and answers 200."""
    def app(environ, start_response):
        amount = 1250  # noqa: F841 - read in the console
        try:
            {"card": "visa"}["iban"]
        except KeyError:
            log()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"paid later"]
    return app


def kept_frame(mw, error_id, function) -> int:
    page = call(mw, path="/__debugger__/%d" % error_id).text
    return [f for f in frame_ids(page) if function in page.split('id="frame-%d"' % f, 1)[1][:400]][-1]


def test_a_logged_exception_is_kept_listed_with_its_logger_and_has_a_console(caplog):
    mw = DebuggedApplication(paying_app(), evalex=True, pin_security=False)
    r = call(mw, path="/pay", host="localhost:8000")
    assert r.status_code == 200 and r.body == b"paid later"  # the app's answer, untouched
    assert r.errors == " * Debugger: http://localhost:8000/__debugger__/1\n"  # after the record
    assert [rec.getMessage() for rec in caplog.records if rec.name == "app.payments"] == ["payment of 1250 failed"]
    [entry] = listed(mw)
    assert entry["source"] == "logged" and entry["type"] == "KeyError" and entry["path"] == "/pay"
    assert entry["label"] == "logged by app.payments: payment of 1250 failed"
    assert entry["function"].endswith("app") and entry["url"] == "http://localhost/__debugger__/1"
    page = call(mw, path="/__debugger__/1").text
    assert "<strong>Logged by app.payments</strong>" in page and "payment of 1250 failed" in page
    assert wsgi_eval(mw, kept_frame(mw, 1, "app"), "amount * 2") == "2500"
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()
    assert data["source"] == "logged" and data["origin"] == "logged by app.payments"
    assert data["log_message"] == "payment of 1250 failed"
    md = call(mw, path="/__debugger__/1", headers={"Accept": "text/markdown"}).text
    assert "- Origin: logged by app.payments" in md
    html_list = call(mw, path="/__debugger__").text
    assert "logged by app.payments: payment of 1250 failed" in html_list


def test_every_logger_and_level_from_error_up_counts_and_nothing_else_is_kept():
    quiet = logging.getLogger("app.quiet")
    quiet.propagate = False  # its own handler only: still kept
    quiet.addHandler(logging.NullHandler())
    adapter = logging.LoggerAdapter(logging.getLogger("app.adapted"), {})
    kinds = {
        "error": lambda: logging.getLogger("app.a").error("as error", exc_info=True),
        "critical": lambda: logging.getLogger("app.b").critical("as critical", exc_info=True),
        "log": lambda: logging.getLogger("app.c").log(logging.ERROR + 5, "as log"),  # no exc_info: not kept
        "log40": lambda: logging.getLogger("app.c").log(logging.ERROR, "as log 40", exc_info=True),
        "propagate": lambda: quiet.exception("quiet one"),
        "adapter": lambda: adapter.exception("adapted one"),
        "warning": lambda: logging.getLogger("app.d").warning("only a warning", exc_info=True),
        "plain": lambda: logging.getLogger("app.e").error("no traceback here"),
    }
    bystander = DebuggedApplication(ok_app, pin_security=False)
    for log in kinds.values():  # served by a middleware that keeps none: nobody keeps them
        call(DebuggedApplication(paying_app(log), pin_security=False, keep_logged=False), validate=False)
    assert listed(bystander) == []
    for kind, log in kinds.items():
        inner = DebuggedApplication(paying_app(log), pin_security=False)
        call(inner, path="/" + kind, validate=False)
        labels = [e["label"] for e in listed(inner)]
        expected = {"error": "logged by app.a: as error", "critical": "logged by app.b: as critical",
                    "log40": "logged by app.c: as log 40", "propagate": "logged by app.quiet: quiet one",
                    "adapter": "logged by app.adapted: adapted one"}.get(kind)
        assert labels == ([expected] if expected else []), kind


def test_ten_thousand_warnings_without_a_traceback_keep_nothing():
    mw = DebuggedApplication(ok_app, pin_security=False)
    log = logging.getLogger("app.noisy")
    for i in range(10_000):
        log.warning("warning %d", i)
        log.error("error %d", i)
    assert mw.store.newest_first() == [] and mw.store.by_exception == {}


def test_an_exception_logged_then_raised_is_one_entry_from_the_request():
    log = logging.getLogger("app.views")

    def app(environ, start_response):
        try:
            int("forty-two")
        except ValueError:
            log.exception("bad number")
            log.exception("logged a second time")
            raise

    mw = DebuggedApplication(app, evalex=True, pin_security=False)
    r = call(mw, validate=False)
    assert r.status_code == 500 and r.header("X-Debugger-Url") == "http://localhost/__debugger__/1"
    [entry] = listed(mw)
    assert entry["id"] == 1 and entry["source"] == "request" and entry["label"] == "GET /"
    assert r.errors.count(" * Debugger: http://localhost/__debugger__/1") == 2  # the record's, then the page's
    assert wsgi_eval(mw, frame_ids(r.text)[-1], "environ['PATH_INFO']") == "'/'"


def test_nothing_of_an_untrusted_request_is_kept_from_its_log():
    mw = DebuggedApplication(paying_app(), evalex=True, pin_security=False)
    r = call(mw, host="evil.example", validate=False)
    assert r.status_code == 200 and "__debugger__" not in r.errors
    assert mw.store.newest_first() == []


def _fails_in(where: str):
    """Raise, catch and log in a worker thread, or let a thread die."""
    def work():
        try:
            raise LookupError("worker lost order %d" % 7)
        except LookupError:
            logging.getLogger("app.worker").exception("worker failed")

    def dies():
        raise LookupError("thread died on order %d" % 7)

    t = threading.Thread(target=work if where == "logged" else dies, name="view-worker")
    t.start()
    t.join()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("where", ["logged", "thread"])
def test_errors_of_threads_an_untrusted_request_starts_are_not_kept(where):
    def view(environ, start_response):
        _fails_in(where)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    mw = DebuggedApplication(view, evalex=True, pin_security=False)
    call(mw, path="/mine")  # the developer's own request: kept, with that request
    [mine] = listed(mw)
    assert mine["path"] == "/mine" and mine["source"] == where
    for i in range(20):  # an attacker's: nothing kept, the developer's error stays
        assert call(mw, path="/evil%d" % i, host="evil.example", validate=False).status_code == 200
    assert [e["id"] for e in listed(mw)] == [mine["id"]]
    assert len(mw.store.errors) == 1


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("where", ["task", "to_thread", "thread"])
def test_asgi_errors_of_tasks_and_threads_an_untrusted_request_starts_are_not_kept(where):
    async def work():
        try:
            raise LookupError("background lost order %d" % 7)
        except LookupError:
            logging.getLogger("app.background").exception("background failed")

    async def view(scope, receive, send):
        if where == "task":
            await asyncio.create_task(work())
        elif where == "to_thread":  # a thread of the loop's pool, with the request's context
            await asyncio.to_thread(lambda: asyncio.run(work()))
        else:  # a thread it starts itself, from a pool thread
            await asyncio.to_thread(_fails_in, "thread")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    mw = DebuggedASGIApplication(view, evalex=True, pin_security=False)
    asgi_call(mw, "/mine")
    [mine] = json.loads(asgi_call(mw, "/__debugger__", headers={"Accept": "application/json"}).text)["errors"]
    assert mine["path"] == "/mine" and mine["source"] == ("thread" if where == "thread" else "logged")
    for i in range(20):
        assert asgi_call(mw, "/evil%d" % i, headers={"Host": "evil.example"}).status == 200
    listed_now = json.loads(asgi_call(mw, "/__debugger__", headers={"Accept": "application/json"}).text)["errors"]
    assert [e["id"] for e in listed_now] == [mine["id"]]


def test_a_record_logged_outside_any_request_still_goes_to_the_newest_middleware_from_a_thread():
    mw = DebuggedApplication(ok_app, pin_security=False)
    _fails_in("logged")  # a thread started outside any request: 0.3's behaviour
    [entry] = listed(mw)
    assert entry["label"] == "logged by app.worker: worker failed" and entry["path"] == ""


def test_a_record_is_kept_once_by_the_middleware_serving_it():
    first = DebuggedApplication(paying_app(), pin_security=False)
    second = DebuggedApplication(paying_app(), pin_security=False)
    call(first, path="/one", validate=False)
    assert [e["path"] for e in listed(first)] == ["/one"] and listed(second) == []
    inner = DebuggedApplication(paying_app(), pin_security=False)
    outer = DebuggedApplication(inner, pin_security=False)
    call(outer, path="/nested", validate=False)
    assert [e["path"] for e in listed(inner)] == ["/nested"] and listed(outer) == []
    off = DebuggedApplication(paying_app(), pin_security=False, keep_logged=False)
    around = DebuggedApplication(off, pin_security=False)
    call(around, path="/around", validate=False)  # the inner one does not keep: the outer does
    assert listed(off) == [] and [e["path"] for e in listed(around)] == ["/around"]
    newest = DebuggedApplication(ok_app, pin_security=False)
    try:
        raise OSError("outside any request")
    except OSError:
        logging.getLogger("app.cron").exception("nightly job")
    [entry] = listed(newest)  # outside a request: the newest middleware keeps it
    assert entry["label"] == "logged by app.cron: nightly job" and entry["path"] == "" and entry["method"] == ""
    page = call(newest, path="/__debugger__/%d" % entry["id"]).text
    assert 'id="request"' not in page and "Logged by app.cron" in page


FRESH_PROCESS_LOGGING = r"""
import io, logging, sys, threading
from wsgiref.util import setup_testing_defaults
mode, debugged = sys.argv[1], sys.argv[2] == "on"
if mode == "configured":
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(levelname)s [%(name)s] %(message)s")
def app(environ, start_response):
    amount = 1250
    try:
        {"card": "visa"}["iban"]
    except KeyError:
        logging.getLogger("app.payments").exception("payment of %d failed", amount)
    logging.getLogger("app.payments").warning("a warning without a traceback")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
if debugged:
    import wsgidebug
    app = wsgidebug.DebuggedApplication(app, evalex=True, pin_security=False)
environ = {}
setup_testing_defaults(environ)
environ["wsgi.errors"] = sys.stderr
body = b"".join(app(environ, lambda status, headers, exc_info=None: None))
sys.stdout.write(body.decode() + "\n")
"""


@pytest.mark.parametrize("mode", ["configured", "unconfigured"])
def test_the_apps_logging_output_is_the_same_byte_for_byte(tmp_path, mode):
    script = tmp_path / "logs.py"
    script.write_text(FRESH_PROCESS_LOGGING)
    runs = {}
    for debugged_flag in ("off", "on"):
        runs[debugged_flag] = subprocess.run([sys.executable, str(script), mode, debugged_flag], cwd=HERE,
                                             capture_output=True, text=True, timeout=60, env=dict(os.environ, PYTHONPATH=HERE))
    off, on = runs["off"], runs["on"]
    assert off.returncode == on.returncode == 0, on.stderr
    url_line = " * Debugger: http://127.0.0.1/__debugger__/1\n"
    assert on.stdout == off.stdout and on.stderr.replace(url_line, "") == off.stderr
    assert on.stderr.count(url_line) == 1
    record = "payment of 1250 failed\nTraceback (most recent call last):"
    if mode == "unconfigured":  # the standard library's last resort still writes it, on stderr
        assert off.stderr.startswith(record) and "a warning without a traceback" in off.stderr
        assert on.stderr.index(url_line) > on.stderr.index("KeyError: 'iban'")  # after the record
    else:
        assert off.stdout.startswith("ERROR [app.payments] " + record) and off.stderr == ""


FRESH_PROCESS_HOOKS = r"""
import json, logging, sys, threading
names = ("error", "exception", "critical", "fatal", "log", "handle", "_log", "info", "warning", "debug")
def methods():
    return [getattr(logging.Logger, n) for n in names] + [threading.excepthook, logging.getLogRecordFactory()]
before = methods()
import wsgidebug
assert methods() == before, "installed at import"
wsgidebug.DebuggedApplication(lambda e, s: [], keep_logged=False)
wsgidebug.DebuggedASGIApplication(lambda *a: None, keep_logged=False)
assert methods() == before, "installed with keep_logged=False"
excepthook = threading.excepthook
seen = []
threading.excepthook = lambda args: (seen.append(args.thread.name), excepthook(args))  # the app's own hook
mw = wsgidebug.DebuggedApplication(lambda e, s: [], evalex=True, pin_security=False)
after = methods()
assert after[0] is not before[0] and after[-2] is not before[-2]
assert after[5] is not before[5], "Logger.handle notes the records of a request's timeline (0.4)"
assert after[6:-2] == before[6:-2], "info(), warning() and the others are left as they are"

def work():
    batch = [3, 4]
    raise RuntimeError("worker died on %s" % batch)

t = threading.Thread(target=work, name="worker-7")
t.start()
t.join()
t = threading.Thread(target=lambda: sys.exit(3), name="quitter")  # SystemExit: not an error
t.start()
t.join()
[kept] = mw.store.newest_first()
frame = [f for f in kept.report.traceback.frames() if f.function == "work"][0]
console, _ = mw.store.console_for(frame.id, dict)
print(json.dumps({"seen": seen, "entry": wsgidebug.history_entry(kept.report, "u"),
                  "console": console.run("sum(batch)")}))
"""


def test_thread_errors_are_kept_and_the_previous_hook_still_runs_and_nothing_at_import(tmp_path):
    script = tmp_path / "hooks.py"
    script.write_text(FRESH_PROCESS_HOOKS)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=HERE))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["seen"] == ["worker-7", "quitter"]  # the previous hook saw both
    entry = result["entry"]
    assert entry["source"] == "thread" and entry["label"] == "thread worker-7" and entry["type"] == "RuntimeError"
    assert ">7<" in result["console"]
    assert "Exception in thread worker-7" in done.stderr  # the standard hook's output, as before
    assert done.stderr.index("RuntimeError: worker died") < done.stderr.index(" * Debugger: /__debugger__/1")


def test_asgi_a_logged_error_is_kept_with_the_scope_and_its_console_awaits():
    async def app(scope, receive, send):
        amount = 1250  # noqa: F841 - read in the console
        try:
            await asyncio.sleep(0)
            {"card": "visa"}["iban"]
        except KeyError:
            logging.getLogger("app.async").exception("async payment failed")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"paid later"})

    mw = DebuggedASGIApplication(app, evalex=True, pin_security=False)

    async def scenario():
        r = await asgi_request(mw, "/pay")
        listing = json.loads((await asgi_request(mw, "/__debugger__", headers={"Accept": "application/json"})).body)
        page = (await asgi_request(mw, "/__debugger__/1")).text
        frm = frame_ids(page)[-1]
        out = await asgi_eval(mw, frm, "await asyncio.sleep(0, amount + 1)")
        return r, listing["errors"], out

    r, errors, out = run_async(scenario())
    assert (r.status, r.body) == (200, b"paid later")
    [entry] = errors
    assert entry["source"] == "logged" and entry["path"] == "/pay" and entry["label"] == "logged by app.async: async payment failed"
    assert "1251" in out.text


def test_asgi_a_500_the_app_sends_while_it_handles_an_error_is_kept_and_sent_as_it_was(caplog):
    async def app(scope, receive, send):  # what Litestar does by default: its own 500, nothing logged
        basket = ["tea"]  # noqa: F841 - read in the console
        try:
            raise ValueError("the view failed")
        except ValueError:
            await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"Internal Server Error"})

    mw = DebuggedASGIApplication(app, evalex=True, pin_security=False)
    r = asgi_call(mw, "/boom")
    assert (r.status, r.body, r.raised) == (500, b"Internal Server Error", None)  # the app's own answer
    [kept] = mw.store.newest_first()
    assert kept.report.source == "request" and kept.report.request.path == "/boom"
    assert "GET /boom answered 500 while handling ValueError: the view failed" in caplog.text
    assert "* Debugger: http://localhost:8000/__debugger__/1" in caplog.text
    off = DebuggedASGIApplication(app, keep_logged=False, pin_security=False)
    assert asgi_call(off).status == 500 and off.store.newest_first() == []


DEFAULT_HANDLING_APPS = {  # each framework as it comes: its own 500, the error only logged (or not even)
    "django": FRAMEWORK_APPS["django"].replace("DEBUG_PROPAGATE_EXCEPTIONS=True, ", ""),
    "quart": FRAMEWORK_APPS["quart"].replace('q.config["PROPAGATE_EXCEPTIONS"] = True', ""),
    "litestar": FRAMEWORK_APPS["litestar"].replace("exception_handlers={Exception: reraise}", ""),
}


@pytest.mark.parametrize("framework", sorted(DEFAULT_HANDLING_APPS))
def test_frameworks_default_error_handling_still_lists_the_error_with_a_console(tmp_path, framework):
    need(FRAMEWORK_MODULES[framework])
    source = DEFAULT_HANDLING_APPS[framework]
    assert source != FRAMEWORK_APPS[framework]
    (tmp_path / ("dflt_%s.py" % framework)).write_text(source)
    server, port = start_asgi_server("uvicorn", "dflt_" + framework, tmp_path)
    try:
        base = "http://127.0.0.1:%d/" % port
        status, headers, body = http_get(base, {"Accept": "text/html"})
        assert status == 500 and b"open-console" not in body  # the framework's own 500 page
        if framework == "django":
            assert b"django view failed with" in body  # its technical 500, DEBUG is on
        _, _, listing = http_get(base + "__debugger__", {"Accept": "application/json"})
        [entry] = json.loads(listing)["errors"]
        assert entry["type"] == "ValueError" and "%s view failed" % framework in entry["message"], entry
        assert entry["function"] == "failing_view" and entry["source"] in ("logged", "request")
        _, _, page = http_get(base + "__debugger__/%d" % entry["id"], {"Accept": "text/html"})
        page = page.decode()
        frame = [f for f in frame_ids(page) if "failing_view" in page.split('id="frame-%d"' % f, 1)[1][:400]][-1]
        q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frame,
                                    "s": page_config(page)["secret"]})
        status, _, out = http_post(base + "?" + q, {"code": "basket + ['milk']"})
        assert status == 200 and b"milk" in out and b"tea" in out, out
        assert " * Debugger: " in server.output
    finally:
        server.stop()


PDB_MODULE = '''
def app(environ, start_response):
    if environ["PATH_INFO"] == "/ok":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"still serving"]
    secret_number = 7 * 6
    raise LookupError("looked for %d" % secret_number)
'''

OWN_DEBUGGER_MODULE = '''
import sys

def set_trace():
    pass

def post_mortem(tb):
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    sys.stdout.write("MYDEBUGGER in %s with %s\\n" % (frame.f_code.co_name, sorted(frame.f_locals)))
    sys.stdout.flush()
    sys.stdout.write("MYDEBUGGER got %s" % sys.stdin.readline())
    sys.stdout.flush()
'''


class TerminalServer:
    """``python -m wsgidebug ARGS`` with a real terminal (a pty) for stdin,
    stdout and stderr, as a developer runs it."""

    def __init__(self, args, cwd, env=None):
        import pty

        master, slave = pty.openpty()
        full_env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONPATH=HERE, WSGIDEBUG_PIN="off", TERM="dumb")
        full_env.update(env or {})
        self.proc = subprocess.Popen([sys.executable, "-m", "wsgidebug"] + list(args), cwd=str(cwd), env=full_env,
                                     stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.master = master
        self.output = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            if not data:
                return
            self.output += data.decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(self, pattern, timeout=20.0, count=1):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = list(re.finditer(pattern, self.output))
            if len(found) >= count:
                return found[count - 1]
            time.sleep(0.05)
        raise AssertionError("no %r (x%d) in the terminal:\n%s" % (pattern, count, self.output))

    def type(self, text):
        os.write(self.master, text.encode())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.close(self.master)


@pytest.fixture
def terminal(tmp_path):
    (tmp_path / "pdbapp.py").write_text(PDB_MODULE)
    (tmp_path / "mydebugger.py").write_text(OWN_DEBUGGER_MODULE)
    started = []

    def start(*args, env=None):
        server = TerminalServer(args, tmp_path, env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def pdb_after_a_failing_request(terminal, target):
    """``--pdb TARGET`` in a pty: a failing request is answered first, then
    pdb opens on it while other requests are served; (server, base URL)."""
    server = terminal("--pdb", "--port", "0", target, env={"PYTHONBREAKPOINT": ""})
    url = server.wait_for(r"Running on (http://\S+/)").group(1)
    status, _, body = http_get(url + "boom", {"Accept": "text/plain"})
    assert status == 500 and b"looked for 42" in body  # the answer came first
    server.wait_for(r"post-mortem of LookupError: looked for 42")
    server.wait_for(r"\(Pdb\) ")
    assert http_get(url + "ok")[2] == b"still serving"  # served while pdb waits
    return server, url


def test_pdb_opens_the_traceback_after_the_answer_one_at_a_time_while_serving(terminal):
    server, url = pdb_after_a_failing_request(terminal, "pdbapp:app")
    assert http_get(url + "again", {"Accept": "text/plain"})[0] == 500
    server.wait_for(r'"GET /again HTTP/1.1" 500')  # its access line is written: pdb's answer cannot be split by it
    server.type("p secret_number * 10\n")
    server.wait_for(r"\n420\n")
    assert server.output.count("post-mortem of") == 1  # the second waits for the first
    server.type("c\n")
    server.wait_for(r"post-mortem of LookupError", count=2)
    server.wait_for(r"\(Pdb\) ", count=3)
    server.type("p secret_number\n")
    server.wait_for(r"\n42\n")
    server.type("c\n")
    assert http_get(url + "ok")[2] == b"still serving"


def test_pdb_uses_the_post_mortem_of_the_pythonbreakpoint_module(terminal):
    server = terminal("--pdb", "--port", "0", "pdbapp:app", env={"PYTHONBREAKPOINT": "mydebugger.set_trace"})
    url = server.wait_for(r"Running on (http://\S+/)").group(1)
    assert http_get(url + "boom", {"Accept": "text/plain"})[0] == 500
    server.wait_for(r"MYDEBUGGER in app with \['environ', 'secret_number', 'start_response'\]")
    assert http_get(url + "ok")[2] == b"still serving"
    server.type("hello\n")
    server.wait_for(r"MYDEBUGGER got hello")
    assert "(Pdb)" not in server.output


def test_asgi_postmortem_runs_after_the_page_while_the_loop_keeps_serving(monkeypatch):
    opened, release = [], threading.Event()

    def own_post_mortem(tb):
        while tb.tb_next is not None:
            tb = tb.tb_next
        opened.append(dict(tb.tb_frame.f_locals))
        release.wait(30)

    monkeypatch.setattr(wsgidebug, "postmortem_debugger", lambda: own_post_mortem)

    async def app(scope, receive, send):
        if scope["path"] == "/ok":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
            return
        order_id = 42  # noqa: F841 - seen by the debugger
        raise LookupError("no order")

    mw = DebuggedASGIApplication(app, postmortem=True, pin_security=False)

    async def scenario():
        failed = await asgi_request(mw, "/boom")
        for _ in range(100):
            if opened:
                break
            await asyncio.sleep(0.05)
        served = await asgi_request(mw, "/ok")  # the loop runs on while the session is open
        return failed, served

    try:
        failed, served = run_async(scenario())
    finally:
        release.set()
    assert failed.status == 500 and failed.complete and served.body == b"ok"
    assert opened and opened[0]["order_id"] == 42
    off = DebuggedASGIApplication(app, pin_security=False)
    opened.clear()
    assert asgi_call(off, "/boom").status == 500
    time.sleep(0.2)
    assert opened == []


SELF_WRAPPED_LOGGING_MODULE = '''
import logging
import wsgidebug

def inner(environ, start_response):
    try:
        {"card": "visa"}["iban"]
    except KeyError:
        logging.getLogger("shop").exception("payment failed")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]

app = wsgidebug.DebuggedApplication(inner, evalex=True)
'''


def test_cli_with_a_target_that_wraps_itself_keeps_a_logged_error_once(tmp_path):
    (tmp_path / "selfwrapped.py").write_text(SELF_WRAPPED_LOGGING_MODULE)
    server = ServerProcess(["--port", "0", "selfwrapped:app"], tmp_path, env={"WSGIDEBUG_PIN": "off"})
    try:
        url = server.url()
        assert http_get(url)[2] == b"ok"
        server.wait_for(r"\* Debugger: (http://\S+)")
        _, _, listing = http_get(url + "__debugger__", {"Accept": "application/json"})
        [entry] = json.loads(listing)["errors"]  # one middleware, one module: one entry
        assert entry["label"] == "logged by shop: payment failed"
        assert http_get(entry["url"])[0] == 200
        assert server.output.count(" * Debugger: ") == 1
    finally:
        server.stop()


# =============================================================================
# 0.3: the shared HTTP/1.1 core, and the asyncio server for ASGI apps
# =============================================================================

def test_the_shared_head_parser_reads_what_rfc_9112_says_within_the_limits():
    head = wsgidebug.parse_request_head(
        b"\r\nPOST http://example.test/a%20b?x=1#frag HTTP/1.1\r\nHost: h\r\nX-Fold: one\r\n  two\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
        b"Expect: 100-continue\r\n\r\n")
    assert (head.method, head.path, head.query, head.version) == ("POST", "/a%20b", "x=1", "HTTP/1.1")
    assert ("X-Fold", "one two") in head.headers
    assert head.chunked and head.keep_alive and head.upgrade and head.expect_continue
    old = wsgidebug.parse_request_head(b"GET / HTTP/1.0\r\nContent-Length: 5\r\n\r\n")
    assert not old.keep_alive and old.length == 5 and not old.chunked

    def refused(data):
        with pytest.raises(wsgidebug.HTTPError) as e:
            wsgidebug.parse_request_head(data)
        return e.value.status

    assert refused(b"GET /" + b"a" * 8200 + b" HTTP/1.1\r\n\r\n") == 414
    assert refused(b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(101)) + b"\r\n") == 431
    assert refused(b"GET / HTTP/1.1\r\nX: " + b"v" * 70000 + b"\r\n\r\n") == 431
    assert refused(b"GET / HTTP/2.0\r\n\r\n") == 505
    assert refused(b"GET /\r\n\r\n") == 400
    assert refused(b"GET / HTTP/1.1\r\nBad Name: v\r\n\r\n") == 400
    assert refused(b"GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400
    assert refused(b"GET / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 400
    # two framings at once, or chunked from an HTTP/1.0 client: how requests are smuggled (RFC 9112 6.1)
    assert refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n") == 400
    assert refused(b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400
    # While a head is still coming: the refusal it has earned already.
    assert wsgidebug.incomplete_head_error(b"GET /" + b"a" * 9000).status == 414
    assert wsgidebug.incomplete_head_error(b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 12000).status == 431
    assert wsgidebug.incomplete_head_error(b"GET / HTTP/1.1\r\nHost: x\r\n") is None
    assert wsgidebug.chunk_size(b"1aF;ext=1\r\n") == 0x1AF
    with pytest.raises(ValueError):
        wsgidebug.chunk_size(b"-5\r\n")


def test_both_servers_refuse_with_the_same_limits(http_server, asgi_server):
    """One parser: the WSGI server and the ASGI server answer the same
    statuses to the same bad heads."""
    wsgi_port = http_server().server_port
    asgi_port = asgi_server(asgi_test_app).port
    for data, status in [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
        (b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(1000)) + b"\r\n", b"431"),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n", b"400"),
        (b"GET / HTTP/3.0\r\n\r\n", b"505"),
        (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", b"400"),
    ]:
        for port in (wsgi_port, asgi_port):
            answer = raw_request(port, data)
            assert answer.startswith(b"HTTP/1.1 " + status), (port, answer[:100])


ASGI_EVENTS: dict = {}


def _asgi_event(name, value):
    ASGI_EVENTS.setdefault(name, []).append(value)


async def receive_asgi_body(receive) -> tuple:
    """(the body received, whether it came whole: False when the client left)."""
    body = b""
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return body, False
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body, True


async def asgi_test_app(scope, receive, send):
    """What the ASGI server tests talk to (one app, routed by path)."""
    import asyncio

    kind = scope["type"]
    if kind == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                scope["state"]["started"] = "yes"
                await send({"type": "lifespan.startup.complete"})
            else:
                _asgi_event("shutdown", True)
                await send({"type": "lifespan.shutdown.complete"})
                return
    if kind == "websocket":
        return await _asgi_test_websocket(scope, receive, send)
    path = scope["path"]

    async def answer(body, status=200, headers=()):
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json")] + list(headers)})
        await send({"type": "http.response.body", "body": body})

    if path == "/wait-disconnect":
        await receive()
        message = await receive()  # the body is read: this waits for the client to go
        _asgi_event("disconnect", message["type"])
        return
    if path == "/send-after-disconnect":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        try:
            for _ in range(2000):
                await send({"type": "http.response.body", "body": b"x" * 1000, "more_body": True})
                await asyncio.sleep(0.005)
        except OSError as e:
            _asgi_event("send_error", type(e).__name__)
        return
    if path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for i in range(3):
            await send({"type": "http.response.body", "body": b"part %d;" % i, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    if path == "/fail-midway":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"started", "more_body": True})
        raise RuntimeError("the feed broke midway")
    if path == "/fail":
        raise ValueError("asgi app failed before answering")
    if path == "/fail-after-start":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise ValueError("failed between the start and the body")
    if path == "/lazy":
        return await answer(b'"never read the body"')
    if path == "/read-after-answer":  # the next pipelined request must not be read as this body
        await answer(b'"answered first"')
        _asgi_event("after_answer", (await receive())["type"])
        return
    body, _ = await receive_asgi_body(receive)
    info = {key: scope[key] for key in ("method", "path", "http_version", "scheme", "root_path")}
    info.update(raw_path=scope["raw_path"].decode("latin-1"), query_string=scope["query_string"].decode("latin-1"),
                headers=[[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]], client=list(scope["client"]),
                server=list(scope["server"]), state=scope.get("state"), body=body.decode("latin-1"),
                asgi=scope["asgi"])
    await answer(json.dumps(info).encode())


async def _asgi_test_websocket(scope, receive, send):
    import asyncio

    path = scope["path"]
    message = await receive()
    assert message["type"] == "websocket.connect"
    if path == "/ws-refuse":
        await send({"type": "websocket.close"})
        return
    subprotocols = scope.get("subprotocols") or []
    await send({"type": "websocket.accept", "subprotocol": subprotocols[0] if subprotocols else None,
                "headers": [(b"x-accepted", b"yes")]})
    if path == "/ws-close":
        await send({"type": "websocket.close", "code": 4001, "reason": "done here"})
        return
    if path == "/ws-noread":
        await asyncio.sleep(30)
        return
    if path == "/ws-fail":
        await receive()
        raise KeyError("the handler lost its key")
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            _asgi_event("ws_disconnect", (message["code"], message.get("reason")))
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})


@pytest.fixture
def asgi_server():
    """Start wsgidebug's ASGI server in-process, its loop in a thread of its own."""
    import asyncio

    started = []

    def start(app, **kw):
        ASGI_EVENTS.clear()
        server = wsgidebug.ASGIServer(app, "127.0.0.1", 0, **kw)
        ready = threading.Event()
        outcome = {}

        def run():
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                outcome["failure"] = loop.run_until_complete(server.start())
                ready.set()
                if outcome["failure"] is None:
                    loop.run_until_complete(server.serve_until_stopped())
            finally:
                ready.set()
                loop.close()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        assert ready.wait(10) and outcome.get("failure") is None, outcome
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        server.stop_threadsafe()
        thread.join(15)
        assert not thread.is_alive()


def wait_until(predicate, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("not in %ss" % timeout)


def pipelined(port, data: bytes, count: int) -> list:
    """Send requests back to back on one connection; their ``count`` answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        f = s.makefile("rb")
        s.sendall(data)
        return [read_response(f) for _ in range(count)]


def test_asgi_server_scope_keep_alive_pipelining_and_state(asgi_server):
    server = asgi_server(asgi_test_app)
    first, second, third = pipelined(server.port, (
        b"GET /a%20b?x=1 HTTP/1.1\r\nHost: localhost\r\nX-Two: 1\r\nX-Two: 2\r\n\r\n"
        b"POST /second HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello"
        b"GET http://example.test/abs?q=2#frag HTTP/1.1\r\nHost: localhost\r\n\r\n"), 3)
    assert [r[0] for r in (first, second, third)] == ["HTTP/1.1 200 OK"] * 3
    info = json.loads(first[2])
    assert info["path"] == "/a b" and info["raw_path"] == "/a%20b" and info["query_string"] == "x=1"
    assert info["http_version"] == "1.1" and info["scheme"] == "http" and info["method"] == "GET"
    assert ["x-two", "1"] in info["headers"] and ["x-two", "2"] in info["headers"]
    assert info["client"][0] == "127.0.0.1" and info["server"] == ["127.0.0.1", server.port]
    assert info["state"] == {"started": "yes"}  # from the lifespan startup
    assert info["asgi"] == {"version": "3.0", "spec_version": "2.5"}
    assert first[1]["content-length"] == str(len(first[2])) and first[1]["server"].startswith("wsgidebug/")
    assert json.loads(second[2])["body"] == "hello" and json.loads(second[2])["method"] == "POST"
    assert json.loads(third[2])["path"] == "/abs" and json.loads(third[2])["query_string"] == "q=2"


def test_asgi_server_chunked_both_ways_expect_100_head_and_http_10(asgi_server):
    server = asgi_server(asgi_test_app)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        f = s.makefile("rb")
        s.sendall(b"POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
        status, headers, body = read_response(f)
        assert json.loads(body)["body"] == "hello world"
        s.sendall(b"POST /expect HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        assert f.readline() == b"HTTP/1.1 100 Continue\r\n" and f.readline() == b"\r\n"
        s.sendall(b"data")
        assert json.loads(read_response(f)[2])["body"] == "data"
        s.sendall(b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = read_response(f)
        assert headers["transfer-encoding"] == "chunked" and body == b"part 0;part 1;part 2;"
        s.sendall(b"HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, _ = read_response_head(f)
        assert status == "HTTP/1.1 200 OK"
        s.sendall(b"GET /after-head HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status, headers, body = read_response(f)
        assert json.loads(body)["path"] == "/after-head" and headers["connection"] == "close"
        assert f.read() == b""  # Connection: close is honoured
    answer = raw_request(server.port, b"GET /stream HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 200") and b"transfer-encoding" not in answer.lower()
    assert answer.endswith(b"part 0;part 1;part 2;")  # the end of the connection ends the body


def test_asgi_server_unread_bodies_are_read_away_and_the_connection_goes_on(asgi_server):
    server = asgi_server(asgi_test_app)
    answers = pipelined(server.port, (
        b"POST /lazy HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
        b"POST /lazy HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        b"GET /c HTTP/1.1\r\nHost: x\r\n\r\n"), 3)
    assert [a[2] for a in answers[:2]] == [b'"never read the body"'] * 2
    later = pipelined(server.port, (b"POST /read-after-answer HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                                    b"GET /next HTTP/1.1\r\nHost: x\r\n\r\n"), 2)
    assert later[0][2] == b'"answered first"' and json.loads(later[1][2])["path"] == "/next"
    assert wait_until(lambda: ASGI_EVENTS.get("after_answer")) == ["http.disconnect"]
    assert json.loads(answers[2][2])["path"] == "/c"


def test_asgi_server_disconnect_and_send_after_it(asgi_server):
    server = asgi_server(asgi_test_app)
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.sendall(b"GET /wait-disconnect HTTP/1.1\r\nHost: x\r\n\r\n")
    time.sleep(0.2)
    s.close()
    assert wait_until(lambda: ASGI_EVENTS.get("disconnect")) == ["http.disconnect"]
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.sendall(b"GET /send-after-disconnect HTTP/1.1\r\nHost: x\r\n\r\n")
    s.recv(100)
    s.close()
    assert wait_until(lambda: ASGI_EVENTS.get("send_error")) == ["ClientDisconnected"]
    assert issubclass(wsgidebug.ClientDisconnected, OSError)


def test_asgi_server_an_app_error_gives_500_or_cuts_the_stream_and_is_logged_once(asgi_server, capfd):
    server = asgi_server(asgi_test_app)
    answer = raw_request(server.port, b"GET /fail HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 500") and b"ValueError" not in answer  # the plain app: no details
    # a start message alone puts nothing on the wire: still a 500
    assert raw_request(server.port, b"GET /fail-after-start HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 500")
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET /fail-midway HTTP/1.1\r\nHost: x\r\n\r\n")
        status, headers, body = read_response(s.makefile("rb"))
    assert status == "HTTP/1.1 200 OK" and body is None  # no last chunk: the client sees it cut short
    time.sleep(0.2)
    err = capfd.readouterr().err
    assert err.count("ValueError: asgi app failed before answering") == 1
    assert err.count("RuntimeError: the feed broke midway") == 1


def test_asgi_server_with_the_debugger_logs_a_cut_stream_once_and_serves_the_page(asgi_server, capfd, caplog):
    app = wsgidebug.DebuggedASGIApplication(asgi_test_app, evalex=True)
    server = asgi_server(app)
    status, headers, body = http_get("http://127.0.0.1:%d/fail" % server.port, {"Accept": "text/html"})
    assert status == 500 and b"asgi app failed before answering" in body and b"<!doctype html>" in body.lower()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/fail-midway")
    with pytest.raises(http.client.IncompleteRead):
        conn.getresponse().read()
    conn.close()
    time.sleep(0.2)
    err = capfd.readouterr().err + caplog.text
    assert err.count("RuntimeError: the feed broke midway") == 1  # the debugger's log, not a second one


def test_asgi_server_bad_input_gets_4xx_or_a_close_and_others_are_served(asgi_server, capfd, caplog):
    server = asgi_server(asgi_test_app, timeout=1.0)
    port = server.port
    assert raw_request(port, b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 414")
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
    assert raw_request(port, b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n").startswith(b"HTTP/1.1 431")
    assert raw_request(port, b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n").startswith(
        b"HTTP/1.1 400")
    assert raw_request(port, b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").startswith(
        b"HTTP/1.1 400")
    # A body that lies about its length: the app waits, the client goes, the server goes on.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as liar:
        liar.sendall(b"POST /liar HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")
        t0 = time.time()
        assert liar.recv(100) == b""  # dropped when the body stalls past the timeout
        assert time.time() - t0 < 4
    # A client trickling one byte every 0.25 s inside its head is dropped at the deadline.
    slow = socket.create_connection(("127.0.0.1", port), timeout=10)
    slow.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")

    def others_are_served():
        assert json.loads(http_get("http://127.0.0.1:%d/other" % port)[2])["path"] == "/other"

    dropped = seconds_until_dropped(slow, 0.2, others_are_served)
    slow.close()
    assert dropped is not None and dropped < 3.0, dropped
    # An idle keep-alive connection is closed after the timeout.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
        t0 = time.time()
        assert idle.recv(10) == b"" and time.time() - t0 < 4
    assert "Traceback" not in capfd.readouterr().err + caplog.text


def test_asgi_server_a_body_is_not_buffered_beyond_what_the_app_reads(asgi_server):
    """An app that never reads a 50 MB upload: the server stops reading the
    client (the client's writes block) instead of buffering it all."""
    import asyncio

    async def slow_reader(scope, receive, send):
        if scope["type"] != "http":
            return
        await asyncio.sleep(3)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"late"})

    server = asgi_server(slow_reader)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n")
        s.settimeout(1.0)
        sent = 0
        block = b"x" * 65536
        try:
            while sent < 50_000_000:
                sent += s.send(block)
        except socket.timeout:
            pass
        assert sent < 20_000_000, sent  # socket buffers and READ_AHEAD, not the whole body
        connection = next(iter(server.connections))
        assert len(connection.buffer) <= wsgidebug.READ_AHEAD + 256 * 1024  # + one read of asyncio's


def test_asgi_server_websocket_with_the_websockets_client(asgi_server):
    websockets_client = need("websockets.sync.client")
    server = asgi_server(asgi_test_app)
    url = "ws://127.0.0.1:%d" % server.port
    with websockets_client.connect(url + "/echo", subprotocols=["chat", "other"], max_size=None) as ws:
        assert ws.subprotocol == "chat" and ws.response.headers["x-accepted"] == "yes"
        ws.send("hello ✓")
        assert ws.recv() == "hello ✓"
        ws.send(b"\x00\x01binary")
        assert ws.recv() == b"\x00\x01binary"
        ws.send(["frag", "mented"])  # one message in three frames
        assert ws.recv() == "fragmented"
        big = "x" * 3_000_000
        ws.send(big)
        assert ws.recv() == big
        ws.ping(b"are you there").wait(5)  # the server answers the ping
        ws.close(4002, "client says bye")
    assert wait_until(lambda: ASGI_EVENTS.get("ws_disconnect")) == [(4002, "client says bye")]
    with websockets_client.connect(url + "/ws-close") as ws:
        with pytest.raises(need("websockets.exceptions").ConnectionClosed):
            ws.recv()
        assert ws.close_code == 4001 and ws.close_reason == "done here"
    with pytest.raises(need("websockets.exceptions").InvalidStatus) as refused:
        websockets_client.connect(url + "/ws-refuse")
    assert refused.value.response.status_code == 403


def ws_handshake(port, path="/echo"):
    """A raw WebSocket client socket after the handshake (the RFC's example key)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(("GET %s HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n" % path).encode())
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += s.recv(1)
    assert head.startswith(b"HTTP/1.1 101")
    assert b"Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" in head  # RFC 6455 1.3
    return s


def ws_frame(opcode, payload, fin=True, mask=True, rsv=0, length=None):
    first = (0x80 if fin else 0) | rsv | opcode
    n = len(payload) if length is None else length
    if n < 126:
        head = bytes([first, (0x80 if mask else 0) | n])
    elif n < 65536:
        head = bytes([first, (0x80 if mask else 0) | 126]) + n.to_bytes(2, "big")
    else:
        head = bytes([first, (0x80 if mask else 0) | 127]) + n.to_bytes(8, "big")
    if not mask:
        return head + payload
    key = b"\x11\x22\x33\x44"
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def ws_read_close(s):
    """The close code of the server's close frame (None if the connection ended without one)."""
    data = b""
    s.settimeout(5)
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    while len(data) >= 2:
        opcode, n = data[0] & 0x0F, data[1] & 0x7F
        if opcode == 8:
            return int.from_bytes(data[2:4], "big") if n >= 2 else 1005
        data = data[2 + n:]
    return None


WS_PROTOCOL_ERRORS = {  # name: (the client's frames, the close code the server must answer)
    "unmasked": (lambda: ws_frame(1, b"unmasked", mask=False), 1002),
    "reserved-bits": (lambda: ws_frame(1, b"reserved bits", rsv=0x40), 1002),
    "unknown-opcode": (lambda: ws_frame(3, b"unknown opcode"), 1002),
    "invalid-close-code": (lambda: ws_frame(8, (999).to_bytes(2, "big")), 1002),
    "close-code-1005": (lambda: ws_frame(8, (1005).to_bytes(2, "big")), 1002),  # must never travel
    "text-not-utf8": (lambda: ws_frame(1, b"\xff\xfe not utf-8"), 1007),
    "control-over-125": (lambda: ws_frame(9, b"p" * 126), 1002),
    "stray-continuation": (lambda: ws_frame(0, b"nothing to continue"), 1002),
    "17mb-frame": (lambda: ws_frame(2, b"", length=17 * 1024 * 1024), 1009),  # refused from its header
    "new-message-in-fragments": (lambda: ws_frame(1, b"part", fin=False) + ws_frame(1, b"new message"), 1002),
    # 18 MB in two fragments: refused at the second one's header
    "18mb-in-fragments": (lambda: ws_frame(2, b"f" * (9 << 20), fin=False) + ws_frame(0, b"", length=9 << 20), 1009),
}


@pytest.mark.parametrize("case", sorted(WS_PROTOCOL_ERRORS))
def test_asgi_server_websocket_protocol_errors_get_the_rfcs_close_code(asgi_server, case):
    make_frame, code = WS_PROTOCOL_ERRORS[case]
    frame = make_frame()
    server = asgi_server(asgi_test_app)
    s = ws_handshake(server.port)
    s.sendall(frame)
    assert ws_read_close(s) == code
    s.close()
    assert wait_until(lambda: ASGI_EVENTS.get("ws_disconnect"))[0][0] == code
    # other clients are still served
    assert json.loads(http_get("http://127.0.0.1:%d/still" % server.port)[2])["path"] == "/still"


def test_asgi_server_websocket_ping_close_handshake_and_a_message_in_fragments_raw(asgi_server):
    server = asgi_server(asgi_test_app)
    s = ws_handshake(server.port)
    s.sendall(ws_frame(9, b"hi") + ws_frame(1, b"fra", fin=False) + ws_frame(9, b"mid")
              + ws_frame(0, b"gme", fin=False) + ws_frame(0, b"nt"))
    data = b""
    while data.count(b"fragment") < 1:
        data += s.recv(100)
    assert data.startswith(bytes([0x8A, 2]) + b"hi" + bytes([0x8A, 3]) + b"mid")  # pongs, unmasked
    assert data.endswith(bytes([0x81, 8]) + b"fragment")
    s.sendall(ws_frame(8, (1000).to_bytes(2, "big") + b"bye"))
    assert ws_read_close(s) == 1000
    assert wait_until(lambda: ASGI_EVENTS.get("ws_disconnect")) == [(1000, "bye")]


def test_asgi_server_a_websocket_that_is_never_read_does_not_grow_memory(asgi_server):
    server = asgi_server(asgi_test_app)
    s = ws_handshake(server.port, "/ws-noread")
    s.settimeout(1.5)
    message = ws_frame(2, b"m" * (1 << 20))
    sent = 0
    try:
        for _ in range(200):  # 200 MB if the server took it all
            s.sendall(message)
            sent += len(message)
    except socket.timeout:
        pass
    connection = next(iter(server.connections))
    queued = connection.websocket.queued + len(connection.websocket.buffer)
    assert sent < 80 * (1 << 20), sent
    assert queued < 2 * wsgidebug.MAX_WEBSOCKET_MESSAGE + (2 << 20), queued
    s.close()


def test_asgi_server_websocket_errors_are_kept_by_the_debugger_and_closed_1011(asgi_server, capfd, caplog):
    websockets_client = need("websockets.sync.client")
    app = wsgidebug.DebuggedASGIApplication(asgi_test_app, evalex=True)
    server = asgi_server(app)
    with websockets_client.connect("ws://127.0.0.1:%d/ws-fail" % server.port) as ws:
        ws.send("go")
        with pytest.raises(need("websockets.exceptions").ConnectionClosed):
            ws.recv()
        assert ws.close_code == 1011
    listing = json.loads(http_get("http://127.0.0.1:%d/__debugger__" % server.port,
                                  {"Accept": "application/json"})[2])
    [entry] = listing["errors"]
    assert entry["source"] == "websocket" and entry["type"] == "KeyError"
    time.sleep(0.2)
    err = capfd.readouterr().err + caplog.text
    assert err.count("KeyError: 'the handler lost its key'") == 1
    assert re.search(r'"GET /ws-fail HTTP/1.1" 101 - closed 1011', err)


ASGI_APP_MODULE = '''
import asyncio, json, sys
import helper_mod

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if helper_mod.VALUE == "fail-startup":
                    await send({"type": "lifespan.startup.failed", "message": "no database today"})
                    return
                print("startup ran", flush=True)
                scope["state"]["pool"] = "pool-" + helper_mod.VALUE
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await asyncio.sleep(0.1)
                print("shutdown ran", flush=True)
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "websocket":
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        await send({"type": "websocket.send", "text": "echo " + message["text"]})
        await receive()
        return
    if scope["path"] == "/fail":
        order = {"id": 7}
        await asyncio.sleep(0)
        return order["total"]
    body = json.dumps({"value": helper_mod.VALUE, "state": scope["state"], "scheme": scope["scheme"]})
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body.encode()})


class Handler:
    """Served only with --asgi: its __call__ is no coroutine function."""
    def __call__(self, scope, receive, send):
        return app(scope, receive, send)

handler = Handler()
'''


@pytest.fixture
def asgi_project(project):
    (project / "asgiapp.py").write_text(ASGI_APP_MODULE)
    write_module(project / "helper_mod.py", "VALUE = 'one'\n")
    return project


def port_of(url):
    return int(url.rsplit(":", 1)[1].strip("/"))


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_cli_serves_an_asgi_app_with_lifespan_state_and_a_clean_stop(serve, asgi_project, signame):
    server = serve("--port", "0", "asgiapp")
    url = server.url()
    out = server.wait_for(r"Debugger PIN") and server.output
    assert out.index("startup ran") < out.index(" * Running on") < out.index(" * Debugger PIN")
    status, _, body = http_get(url)
    assert status == 200 and json.loads(body) == {"value": "one", "state": {"pool": "pool-one"}, "scheme": "http"}
    status, headers, body = http_get(url + "fail", {"Accept": "text/html"})
    assert status == 500 and b"KeyError" in body and b"&#x27;total&#x27;" in body
    server.wait_for(r'"GET /fail HTTP/1.1" 500 ')
    server.proc.send_signal(getattr(signal, signame))
    assert server.proc.wait(15) == 0
    server.wait_for(r"shutdown ran[\s\S]* \* Stopped\.")
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)  # nothing is left listening


def test_cli_asgi_lifespan_failure_stops_and_apps_without_lifespan_are_served(serve, asgi_project):
    write_module(asgi_project / "helper_mod.py", "VALUE = 'fail-startup'\n")
    failed = subprocess.run([sys.executable, "-m", "wsgidebug", "--port", "0", "asgiapp"], cwd=str(asgi_project),
                            env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert failed.returncode == 1 and "lifespan startup failed: no database today" in failed.stderr
    assert "Running on" not in failed.stderr
    (asgi_project / "nolifespan.py").write_text(textwrap.dedent('''
        async def app(scope, receive, send):
            if scope["type"] != "http":  # as Django's ASGIHandler does
                raise ValueError("Django can only handle ASGI/HTTP connections, not %s." % scope["type"])
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"served without lifespan"})
    '''))
    server = serve("--port", "0", "nolifespan")
    assert http_get(server.url())[2] == b"served without lifespan"
    assert "served without it" in server.output and "Traceback" not in server.output


def test_cli_asgi_and_wsgi_flags(serve, asgi_project):
    refused = subprocess.run([sys.executable, "-m", "wsgidebug", "--wsgi", "asgiapp"], cwd=str(asgi_project),
                             env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "is an ASGI app" in refused.stderr
    both = subprocess.run([sys.executable, "-m", "wsgidebug", "--wsgi", "--asgi", "asgiapp"], cwd=str(asgi_project),
                          env=dict(os.environ, PYTHONPATH=HERE), capture_output=True, text=True, timeout=30)
    assert both.returncode == 2
    forced = serve("--port", "0", "--asgi", "asgiapp:handler")  # no coroutine function: found only when forced
    assert json.loads(http_get(forced.url())[2])["value"] == "one"
    assert wsgidebug.is_asgi_app(wsgidebug.asgi_demo_app) and not wsgidebug.is_asgi_app(wsgidebug.demo_app)
    assert wsgidebug.is_asgi_app(wsgidebug.DebuggedASGIApplication(wsgidebug.asgi_demo_app))
    assert wsgidebug.is_asgi_app(functools.partial(wsgidebug.asgi_demo_app))
    assert not wsgidebug.is_asgi_app(DebuggedApplication(wsgidebug.demo_app))


def test_cli_asgi_https_and_wss(serve, asgi_project):
    import ssl

    websockets_client = need("websockets.sync.client")
    cert, key = make_certificate(str(asgi_project))
    client = ssl.create_default_context(cafile=cert)
    server = serve("--port", "0", "--cert", cert, "--key", key, "asgiapp")
    m = server.wait_for(r" \* Running on (https://\S+/)")
    port = port_of(m.group(1))
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=client, timeout=10)
    conn.request("GET", "/")
    assert json.loads(conn.getresponse().read())["scheme"] == "https"
    conn.request("GET", "/fail", headers={"Accept": "text/html"})  # the same connection goes on
    r = conn.getresponse()
    assert r.status == 500 and r.getheader("X-Debugger-Url").startswith("https://127.0.0.1:")
    r.read()
    with websockets_client.connect("wss://localhost:%d/ws" % port, ssl=client) as ws:
        ws.send("over tls")
        assert ws.recv() == "echo over tls"


def test_cli_asgi_reload_runs_the_shutdown_then_restarts(serve, asgi_project):
    server = serve("--reload", "--port", "0", "asgiapp")
    url = server.url()
    assert json.loads(http_get(url)[2])["state"] == {"pool": "pool-one"}
    write_module(asgi_project / "helper_mod.py", "VALUE = 'two'\n")
    wait_for_body(url, b"pool-two")
    out = server.output
    assert out.index("Detected change") < out.index("shutdown ran") < out.rindex("startup ran")
    assert server.url() == url  # the same port after the restart
    write_module(asgi_project / "helper_mod.py", "VALUE = (\n")  # broken: every request says why
    status, _, body = wait_for_body(url, b"SyntaxError")
    assert status == 500 and b"helper_mod.py" in body
    write_module(asgi_project / "helper_mod.py", "VALUE = 'three'\n")
    wait_for_body(url, b"pool-three")
    assert server.stop() == 0


def test_cli_asgi_demo_shows_await_websocket_and_stream(serve):
    server = serve("--port", "0", "--demo", "--asgi", env={"WSGIDEBUG_PIN": "off"})
    url = server.url()
    status, _, body = http_get(url)
    assert status == 200 and b"/await" in body and b"/websocket" in body
    status, headers, body = http_get(url + "await", {"Accept": "text/html"})
    assert status == 500 and b"ZeroDivisionError" in body
    page = body.decode()
    frame = frame_ids(page)[-1]
    secret = page_config(page)["secret"]
    assert {k.lower(): v for k, v in headers.items()}["x-debugger-url"].startswith(url + "__debugger__/")
    answer = http_post(url + "?__debugger__=yes&cmd=eval&frm=%d&s=%s" % (frame, secret),
                       {"code": "(await _demo_fetch_order(order_id))['items'] + 40"}, {"Origin": url.rstrip("/")})
    assert answer[0] == 200 and "40" in out_text(answer[2].decode()), answer
    websockets_client = need("websockets.sync.client")
    with websockets_client.connect(url.replace("http", "ws") + "ws") as ws:
        ws.send("hello")
        assert ws.recv() == "you said 'hello'"
        ws.send("fail")
        with pytest.raises(need("websockets.exceptions").ConnectionClosed):
            ws.recv()
        assert ws.close_code == 1011
    listing = json.loads(http_get(url + "__debugger__", {"Accept": "application/json"})[2])
    assert [e["source"] for e in listing["errors"]][:2] == ["websocket", "request"]


def open_the_new_listed_error(listing, before, label, type_name, shot, message):
    """Wait until the open list of errors shows a new row (more than
    ``before``) for ``label`` and ``type_name``; open its page."""
    rows = listing.locator("#history tbody tr")
    listing.wait_for_function("n => document.querySelectorAll('#history tbody tr').length > n", arg=before,
                              timeout=15000)
    assert label in rows.first.inner_text() and type_name in rows.first.inner_text()
    screenshot(listing, shot)
    rows.first.locator("a").click()
    listing.wait_for_load_state()
    assert message in listing.content()


def test_browser_asgi_dev_server_websocket_error_appears_in_the_open_list(serve, page_in):
    """The ASGI demo on wsgidebug's own server: a page that talks over a
    websocket; the handler's error appears in the already open list, with
    its page and a console in the handler's frame; a view's console awaits."""
    server = serve("--port", "0", "--demo", "--asgi", env={"WSGIDEBUG_PIN": "off"})
    base = server.url()
    listing = page_in(base + "__debugger__")
    rows = listing.locator("#history tbody tr")
    assert "websocket" not in listing.locator("#history").inner_text()
    before = rows.count()
    chat = page_in(base + "websocket")
    chat.wait_for_function("() => /closed with code 1011/.test(document.getElementById('log').textContent)",
                           timeout=15000)
    assert "you said 'hello'" in chat.locator("#log").inner_text()
    screenshot(chat, "asgi-dev-server-websocket-page")
    open_the_new_listed_error(listing, before, "websocket /ws", "RuntimeError", "asgi-dev-server-error-list",
                              "failed on its second message")
    frame = listing.locator(".frame.app", has_text="asgi_demo_app").last
    open_console(listing, frame)
    assert "'hello'" in submit(listing, frame, "greeting['text']").inner_text()
    view = page_in(base + "await")
    frame = view.locator(".frame.app", has_text="asgi_demo_app").last
    open_console(view, frame)
    entry = submit(view, frame, "order = await _demo_fetch_order(order_id); order['total']")
    assert "99.5" in entry.inner_text()
    screenshot(view, "asgi-dev-server-await-console")
    assert listing.errors == [] and view.errors == []
    assert [e for e in chat.errors if "404" not in e] == []  # (the demo has no /favicon.ico)


def test_asgi_server_16_keep_alive_clients_a_slowloris_and_an_idle_websocket(asgi_server):
    """No request fails while a client trickles its head and a websocket
    idles (the bench's limit, in a bounded test)."""
    server = asgi_server(asgi_test_app, timeout=2.0)
    port = server.port
    idle_ws = ws_handshake(port)
    slow = socket.create_connection(("127.0.0.1", port), timeout=10)
    slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    failures, latencies = [], []

    def client(n):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(40):
                t0 = time.perf_counter()
                conn.request("GET", "/c%d/%d" % (n, i))
                r = conn.getresponse()
                body = r.read()
                latencies.append(time.perf_counter() - t0)
                if r.status != 200 or json.loads(body)["path"] != "/c%d/%d" % (n, i):
                    failures.append((n, i, r.status))
            conn.close()
        except Exception as e:  # any failed request fails the test
            failures.append((n, repr(e)))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for _ in range(10):
        try:
            slow.sendall(b"X")  # a byte now and then: never a whole head
        except OSError:
            break
        time.sleep(0.1)
    for t in threads:
        t.join(60)
    assert failures == [] and len(latencies) == 16 * 40
    idle_ws.sendall(ws_frame(1, b"still here"))
    assert idle_ws.recv(100) == bytes([0x81, 10]) + b"still here"  # the idle websocket was kept
    slow.close()
    idle_ws.close()


PDB_ASGI_MODULE = '''
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    if scope["path"] == "/ok":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"still serving"})
        return
    secret_number = 42
    raise LookupError("looked for %d" % secret_number)
'''


def test_pdb_under_the_asgi_server_opens_after_the_answer_while_the_loop_serves(terminal, tmp_path):
    (tmp_path / "pdbasgi.py").write_text(PDB_ASGI_MODULE)
    server, url = pdb_after_a_failing_request(terminal, "pdbasgi:app")  # the event loop serves meanwhile
    server.type("p secret_number * 10\n")
    server.wait_for(r"\n420\n")
    server.type("c\n")
    assert http_get(url + "ok")[2] == b"still serving"
    server.proc.send_signal(signal.SIGINT)
    assert server.proc.wait(15) == 0  # Ctrl+C stops the asyncio server cleanly


def test_run_simple_serves_an_asgi_app_with_the_debugger(tmp_path):
    code = textwrap.dedent('''
        import wsgidebug

        async def app(scope, receive, send):
            if scope["type"] == "http":
                basket = ["tea"]
                basket[3]
        wsgidebug.run_simple("127.0.0.1", 0, app, use_debugger=True)
    ''')
    server = ServerProcess([], tmp_path, env={"WSGIDEBUG_PIN": "off"}, command=(sys.executable, "-c", code))
    try:
        url = server.url()
        status, headers, body = http_get(url + "shop", {"Accept": "text/html"})
        assert status == 500 and b"IndexError" in body and b"list index out of range" in body
        assert "Debugger PIN disabled" in server.output  # WSGIDEBUG_PIN=off, said as for WSGI
    finally:
        assert server.stop() == 0


def test_cli_asgi_a_target_that_fails_to_import_gets_its_page_from_the_asyncio_server(serve, asgi_project):
    (asgi_project / "brokenasgi.py").write_text("async def app(scope, receive, send):\n    return (\n")
    server = serve("--reload", "--asgi", "--port", "0", "brokenasgi")
    url = server.url()
    status, _, body = http_get(url, {"Accept": "text/html"})
    assert status == 500 and b"SyntaxError" in body and b"brokenasgi.py" in body
    assert "served without it" in server.output  # the stand-in has no lifespan
    write_module(asgi_project / "brokenasgi.py", ASGI_APP_MODULE)
    wait_for_body(url, b"pool-one")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_cli_asgi_reload_signals_stop_supervisor_and_child_after_the_shutdown(serve, asgi_project, signame):
    server = serve("--reload", "--port", "0", "asgiapp")
    url = server.url()
    assert json.loads(http_get(url)[2])["value"] == "one"
    server.proc.send_signal(getattr(signal, signame))
    server.proc.wait(20)
    server.wait_for(r"shutdown ran")  # the child ran the app's lifespan shutdown
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)  # nothing is left listening


def _mutated_requests(seed, count):
    """Requests broken in many ways (seeded: the same every run)."""
    import random

    rng = random.Random(seed)
    base = (b"POST /a/b?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\nX-Long: " + b"v" * 40 + b"\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
    pieces = [b"\r\n", b"\n", b" ", b":", b"\x00", b"\xff", b"HTTP/9.9", b"Content-Length: 99999999999999999",
              b"Content-Length: -1", b"Transfer-Encoding: gzip", b"\r\n\r\n", b"zz\r\n", b"%", b"#", b"\t",
              b"Upgrade: websocket\r\nConnection: upgrade", b"Expect: 100-continue", b"GET", b"*"]
    for _ in range(count):
        data = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[at:at + rng.randint(1, 8)] = b""
            elif choice < 0.8:
                data[at:at] = rng.choice(pieces)
            else:
                data[at] = rng.randrange(256)
        yield bytes(data)


@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
def test_both_servers_take_mutated_requests_without_a_traceback(http_server, asgi_server, capfd, caplog, kind):
    port = http_server(timeout=0.5).server_port if kind == "wsgi" else asgi_server(asgi_test_app, timeout=0.5).port
    answered = 0
    for data in _mutated_requests(20261206, 150):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            try:
                s.sendall(data)
                s.shutdown(socket.SHUT_WR)
                answer = s.recv(16)
            except (ConnectionResetError, BrokenPipeError, socket.timeout):
                answer = b""
        assert answer == b"" or answer.startswith(b"HTTP/1."), (data, answer)
        answered += bool(answer)
    assert answered > 50  # most broken requests get an answer (a 4xx, or a 200 when still valid)
    status, _, body = http_get("http://127.0.0.1:%d/still" % port)
    assert status == 200
    output = capfd.readouterr().err + caplog.text
    assert "Traceback" not in output, output[-3000:]


def test_cli_asgi_on_all_addresses_prints_local_and_network_urls(serve, asgi_project):
    server = serve("--host", "0.0.0.0", "--port", "0", "asgiapp")
    local = server.wait_for(r" \* Local:   (http://127\.0\.0\.1:\d+/)").group(1)
    server.wait_for(r" \* Network: http://[0-9.]+:\d+/")
    assert json.loads(http_get(local)[2])["value"] == "one"


# -- request smuggling and parser confusion: both servers against h11 --------------

def framing_echo_wsgi(environ, start_response):
    """Answers what framed the request: method, target and a digest of the body."""
    import hashlib

    body = environ["wsgi.input"].read()
    target = environ["PATH_INFO"] + ("?" + environ["QUERY_STRING"] if environ["QUERY_STRING"] else "")
    data = ("%s %s %d %s" % (environ["REQUEST_METHOD"], target, len(body),
                             hashlib.sha1(body).hexdigest()[:12])).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(data)))])
    return [data]


async def framing_echo_asgi(scope, receive, send):
    """The ASGI twin of framing_echo_wsgi."""
    import hashlib

    if scope["type"] != "http":
        return
    body, whole = await receive_asgi_body(receive)
    if not whole:
        return
    target = scope["path"] + ("?" + scope["query_string"].decode() if scope["query_string"] else "")
    data = ("%s %s %d %s" % (scope["method"], target, len(body), hashlib.sha1(body).hexdigest()[:12])).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(data))]})
    await send({"type": "http.response.body", "body": data})


def framing_of(method, target, body) -> str:
    import hashlib

    return "%s %s %d %s" % (method, target, len(body), hashlib.sha1(body).hexdigest()[:12])


def answers_until_closed(port, data: bytes, timeout=5.0) -> list:
    """Send ``data`` on a new connection; [(status, body text)] of every
    answer until the server closes (or goes silent for ``timeout``)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except OSError:
            pass
        f = s.makefile("rb")
        out = []
        try:
            while True:
                status, headers, _ = read_response_head(f)
                if not status:
                    return out
                body = f.read(int(headers.get("content-length", "0")))
                out.append((int(status.split()[1]), body.decode("latin-1")))
        except (OSError, ValueError, IndexError):
            return out


SECOND = b"GET /echo?second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"

SMUGGLING_CASES = {
    # name: (bytes before the pipelined second request, what the servers answer: a list of framings, or 400)
    "100 trailer lines then a request": (
        b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
        + b"".join(b"X-T%d: v\r\n" % i for i in range(100)) + b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "a trailer line of one space": (
        b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n \r\n"
        b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n", 400),
    "a trailer line of 8192 bytes": (
        b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
        b"X-Long: " + b"a" * (8192 - 10 - len(b"GET /smuggled HTTP/1.1\r\n")) + b"GET /smuggled HTTP/1.1\r\n"
        b"Host: x\r\n\r\n", ["POST /echo?first 5"]),
    "bare LF head": (b"GET /echo?first HTTP/1.1\nHost: x\n\n", ["GET /echo?first 0"]),
    "bare LF POST": (b"POST /echo?first HTTP/1.1\nHost: x\nContent-Length: 5\n\nhello", ["POST /echo?first 5"]),
    "LF then CRLF": (b"GET /echo?first HTTP/1.1\nHost: x\n\r\n", ["GET /echo?first 0"]),
    "VT before chunked": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \x0bchunked\r\n\r\n"
                          b"0\r\n\r\n", 400),
    "NBSP after chunked": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\xa0\r\n\r\n"
                           b"0\r\n\r\n", 400),
    "NEL after chunked": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\x85\r\n\r\n"
                          b"0\r\n\r\n", 400),
    "VT before a length": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nContent-Length: \x0b5\r\n\r\nhello", 400),
    "NBSP after a length": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nContent-Length: 5\xa0\r\n\r\nhello", 400),
    "superscript two as a length": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nContent-Length: \xb2\r\n\r\nhi", 400),
    "a chunk size with a leading space": (
        b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n", 400),
    "a bare LF after a chunk size": (
        b"POST /echo?first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", 400),
    "a bare CR in a value": (b"GET /echo?first HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", 400),
    "a NUL in a value": (b"GET /echo?first HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
    "a repeated length as a list": (b"POST /echo?first HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello",
                                    ["POST /echo?first 5"]),
    "no Host": (b"GET /echo?first HTTP/1.1\r\n\r\n", 400),
    "a scheme inside an origin-form path": (b"GET /static://x/echo HTTP/1.1\r\nHost: x\r\n\r\n",
                                            ["GET /static://x/echo 0"]),
    "absolute form": (b"GET http://x/echo?first HTTP/1.1\r\nHost: x\r\n\r\n", ["GET /echo?first 0"]),
    "two Hosts": (b"GET /echo?first HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
}


def _framings(answers) -> list:
    return [body.rsplit(" ", 1)[0] for status, body in answers if status == 200]


@pytest.mark.parametrize("case", sorted(SMUGGLING_CASES))
def test_both_servers_frame_requests_as_h11_does(http_server, asgi_server, case):
    """Each smuggling shape, followed by a pipelined request: both servers
    answer exactly the requests the client framed (or refuse with 400 and
    close, answering nothing behind it), and h11 (uvicorn's parser) agrees."""
    data, expected = SMUGGLING_CASES[case]
    ports = (http_server(framing_echo_wsgi, timeout=1.0).server_port,
             asgi_server(framing_echo_asgi, timeout=1.0).port)
    for port in ports:
        answers = answers_until_closed(port, data + SECOND)
        assert all(not body.startswith("GET /smuggled") for _, body in answers), (port, answers)
        if expected == 400:
            assert [status for status, _ in answers] == [400], (port, answers)
        else:
            assert _framings(answers) == expected + ["GET /echo?second 0"], (port, answers)
    h11 = need("h11")
    accepted, ending = h11_framings(h11, data + SECOND)
    if case == "absolute form":
        accepted = [f.replace("http://x", "", 1) for f in accepted]
    if expected == 400:
        assert ending == "refused" and not [f for f in accepted if "smuggled" in f], (accepted, ending)
    else:
        assert [f.rsplit(" ", 1)[0] for f in accepted] == expected + ["GET /echo?second 0"]


def h11_framings(h11, data: bytes) -> tuple:
    """The requests h11 frames in ``data`` as framing_of strings, and how it
    ended: "refused", "waiting" (for more data) or "closed"."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(data)
    out: list = []
    current = None
    while True:
        try:
            event = conn.next_event()
        except h11.RemoteProtocolError as e:
            if "no request line received" in str(e) and conn.their_state is not h11.SEND_BODY:
                # RFC 9112 2.2: a server SHOULD ignore an empty line before a request
                # line (wsgidebug does; h11 refuses it): go on after it.
                rest = bytes(conn._receive_buffer)  # what follows the empty line
                conn = h11.Connection(h11.SERVER)
                conn.receive_data(rest)
                current = None
                continue
            return out, "refused"
        if event is h11.NEED_DATA:
            return out, "waiting"
        if event is h11.PAUSED:
            return out, "paused"
        if isinstance(event, h11.Request):
            target = event.target.decode("latin-1").partition("#")[0]
            current = [event.method.decode("latin-1"), target[:-1] if target.endswith("?") else target, b""]
        elif isinstance(event, h11.Data):
            current[2] += event.data
        elif isinstance(event, h11.EndOfMessage):
            out.append(framing_of(*current))
            conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
            conn.send(h11.EndOfMessage())
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                return out, "closed"
            conn.start_next_cycle()
        else:
            return out, "closed"


#: Refusals in which wsgidebug is stricter than h11 on purpose (RFC 9112
#: 6.1, 2.3 and 3.2 allow them): two framings, chunked from HTTP/1.0, a
#: major version other than 1, lengths or chunk sizes beyond any real body,
#: and a target that is neither origin form (``/...``) nor absolute form.
STRICTER_THAN_H11 = ("Transfer-Encoding with Content-Length", "Only HTTP/1.0 and HTTP/1.1",
                     "Bad Content-Length", "chunk size", "Bad request target")


def _mutated_requests(seed: int, count: int) -> list:
    """``count`` request streams made from valid ones by seeded mutations
    of their heads, bodies, chunk lines and trailers."""
    import random

    rng = random.Random(seed)
    bases = [
        b"GET /echo?a HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST /echo?b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        b"POST /echo?c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n"
        b"X-Trailer: t\r\n\r\n",
        b"POST /echo?d HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\nContent-Length: 3\r\n\r\nabc",
        b"GET /echo?e HTTP/1.0\r\n\r\n",
    ]
    inserts = [b"\r", b"\n", b"\r\n", b" ", b"\t", b"\x00", b"\x0b", b"\x0c", b"\xa0", b"\x85", b":", b";",
               b",", b"0", b"5", b"a", b"-", b"\r\n\r\n", b"Transfer-Encoding: chunked\r\n",
               b"Content-Length: 3\r\n", b"Host: y\r\n", b"GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"]
    streams = []
    for _ in range(count):
        data = bytearray(rng.choice(bases) + rng.choice(bases))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            kind = rng.random()
            if kind < 0.45:
                data[at:at] = rng.choice(inserts)
            elif kind < 0.7:
                del data[at:at + rng.randint(1, 3)]
            elif kind < 0.85:
                data[at] = rng.choice(b"\r\n \t\x00:;0aZ\x7f\xff")
            else:
                line_end = data.find(b"\r\n", at)
                if line_end >= 0:
                    data[line_end:line_end + 2] = b"\n"
        streams.append(bytes(data) + SECOND)
    return streams


def test_seeded_differential_fuzz_both_servers_frame_as_h11(http_server, asgi_server):
    """3,000 mutated request streams: whatever h11 frames, both servers
    frame the same (the same requests answered, in order); where h11
    refuses, the servers answer nothing more than it framed.  wsgidebug may
    only be stricter where STRICTER_THAN_H11 says."""
    from concurrent.futures import ThreadPoolExecutor

    h11 = need("h11")
    streams = _mutated_requests(2026, 3000)
    servers = {"wsgi": http_server(framing_echo_wsgi, timeout=0.5).server_port,
               "asgi": asgi_server(framing_echo_asgi, timeout=0.5).port}
    problems = []

    def check(data):
        expected, ending = h11_framings(h11, data)
        for name, port in servers.items():
            answers = answers_until_closed(port, data, timeout=5)
            framed = [body for status, body in answers if status == 200]
            refusals = [body for status, body in answers if status != 200]
            if framed == expected:
                continue
            if framed == expected[:len(framed)] and refusals and any(
                    why in refusals[0] for why in STRICTER_THAN_H11):
                continue  # stricter on purpose, and nothing answered past it
            if ending == "refused" and framed == expected[:len(framed)] and len(framed) == len(expected):
                continue
            problems.append((name, data, expected, ending, answers))

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(check, streams))
    assert not problems, "\n".join(repr(p) for p in problems[:8])


def test_a_tls_client_is_answered_at_once_by_both_plain_servers(http_server, asgi_server):
    """A TLS handshake sent to the plain HTTP servers gets a 400 (or a
    failed handshake) at once, not after the 30 s head deadline."""
    import ssl

    hello = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(32))
    for port in (http_server(framing_echo_wsgi).server_port, asgi_server(framing_echo_asgi).port):
        t0 = time.time()
        assert raw_request(port, hello, timeout=5).startswith(b"HTTP/1.1 400"), port
        assert time.time() - t0 < 2
        t0 = time.time()
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            with pytest.raises(ssl.SSLError):
                context.wrap_socket(s, server_hostname="localhost")
        assert time.time() - t0 < 2


# -- the ASGI door's debugger requests: any body framing, a pool that cannot be starved ----

async def asgi_debugger_post(mw, query: dict, fields: dict, headers=None, pieces=2, host="localhost:8000"):
    """A debugger POST through the ASGI door with no Content-Length (as a
    chunked or HTTP/2 request comes), its body in ``pieces`` messages."""
    scope = asgi_scope("/", "POST", urllib.parse.urlencode(dict(query, s=mw.secret)).encode(),
                       dict({"Content-Type": "application/x-www-form-urlencoded"}, **(headers or {})), host=host)
    return await asgi_request(mw, scope=scope, body=urllib.parse.urlencode(fields).encode(), pieces=pieces,
                              form=False)


def test_asgi_door_reads_debugger_bodies_without_content_length(monkeypatch):
    monkeypatch.setenv("WSGIDEBUG_PIN", "123-456-789")
    mw = DebuggedASGIApplication(failing_asgi, evalex=True)
    page = asgi_call(mw, headers={"Accept": "text/html"})
    frame = frame_ids(page.text)[-1]
    auth = run_async(asgi_debugger_post(mw, {"__debugger__": "yes", "cmd": "pinauth"}, {"pin": "123-456-789"}))
    assert auth.status == 200 and json.loads(auth.body)["auth"] is True, auth.body
    cookie = auth.headers["set-cookie"].split(";")[0]
    creds = {"Cookie": cookie, "X-Debugger-Token": json.loads(auth.body)["token"], "Origin": "http://localhost:8000"}
    evaluated = run_async(asgi_debugger_post(mw, {"__debugger__": "yes", "cmd": "eval", "frm": frame},
                                             {"code": "order_id * 2"}, creds))
    assert evaluated.status == 200 and "84" in evaluated.text, evaluated.body
    completed = run_async(asgi_debugger_post(mw, {"__debugger__": "yes", "cmd": "complete", "frm": frame},
                                             {"code": "order_"}, creds))
    assert completed.status == 200 and "order_id" in json.loads(completed.body)["completions"]


def test_asgi_await_inputs_run_wholly_on_the_loop_and_their_errors_are_trimmed():
    mw = DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    # The loop must be the request's: run the page and the inputs under one running loop.
    import concurrent.futures

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        page = asyncio.run_coroutine_threadsafe(asgi_request(mw, headers={"Accept": "text/html"}), loop).result(10)
        frame = frame_ids(page.text)[-1]
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            def ask(code):
                return asyncio.run_coroutine_threadsafe(asgi_eval(mw, frame, code), loop).result(10).text
            answer = pool.submit(ask, "import asyncio\nawait asyncio.sleep(0)\nasyncio.get_running_loop() is loop_seen\n"
                                 ).result(10)
            assert "NameError" in answer  # loop_seen is not defined yet: the input ran, all of it
            ask("import asyncio\nawait asyncio.sleep(0)\nloop_seen = asyncio.get_running_loop()\n")
            answer = ask("import asyncio\nawait asyncio.sleep(0)\nasyncio.get_running_loop() is loop_seen\n")
            assert "True" in answer and "Error" not in answer, answer
            error = ask("import asyncio\nawait asyncio.sleep('x')\n")
            assert "TypeError" in error and "&lt;console&gt;" in error
            assert "concurrent" not in error and "_printing_to" not in error and "wsgidebug.py" not in error, error
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def _post(port, path_query, fields, headers=None, timeout=10):
    """A POST on a fresh connection: (status, body)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path_query, body=urllib.parse.urlencode(fields),
                     headers=dict({"Content-Type": "application/x-www-form-urlencoded", "Host": "localhost"},
                                  **(headers or {})))
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_asgi_stop_and_pages_are_answered_while_many_inputs_run(asgi_server):
    """12 runaway inputs: 8 run, 4 are refused at once (503); Stop, the list
    and a page are answered within 2 s meanwhile."""
    from concurrent.futures import ThreadPoolExecutor

    order_numbers = iter(range(1000))

    async def failing_each_time_anew(scope, receive, send):
        raise LookupError("no order %d" % next(order_numbers))  # twelve errors, not one repeated

    mw = DebuggedASGIApplication(failing_each_time_anew, evalex=True, pin_security=False)
    port = asgi_server(mw).port
    frames = []
    for _ in range(12):
        status, page = _post(port, "/boom", {}, {"Accept": "text/html"})
        frames.append(frame_ids(page)[-1])
    url = "/?__debugger__=yes&cmd=%s&frm=%d&s=" + mw.secret
    pool = ThreadPoolExecutor(12)
    running = [pool.submit(_post, port, url % ("eval", f), {"code": "while True: pass"}, None, 60) for f in frames]
    try:
        wait_until(lambda: sum(r.done() for r in running) >= 4, timeout=20)  # the refusals come at once...
        time.sleep(0.5)  # ... and nothing else ends
        refused = [r.result() for r in running if r.done()]
        assert len(refused) == 4 and all(s == 503 and "stop one" in b for s, b in refused), refused
        t0 = time.time()
        status, listed = _post(port, "/__debugger__", {}, {"Accept": "application/json"})
        assert time.time() - t0 < 2, time.time() - t0
        for frame in frames:
            t0 = time.time()
            status, answer = _post(port, url % ("interrupt", frame), {})
            assert status == 200 and time.time() - t0 < 2, (status, answer, time.time() - t0)
        stopped = [r.result(10) for r in running if r.result(10)[0] == 200]
        assert len(stopped) == 8 and all("KeyboardInterrupt" in body for _, body in stopped)
    finally:
        for frame in frames:
            _post(port, url % ("interrupt", frame), {})
        pool.shutdown(wait=False)


def test_asgi_forged_cookies_hold_no_thread_and_the_developer_is_answered(asgi_server, monkeypatch):
    """24 clients with the page's secret and a forged PIN cookie: each is
    held back, but on the loop: the developer's own eval answers in 2 s."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(wsgidebug.PinGuard, "failure_delay", 1.5)
    monkeypatch.setattr(wsgidebug.PinGuard, "late_failure_delay", 3.0)
    monkeypatch.setenv("WSGIDEBUG_PIN", "123-456-789")
    mw = DebuggedASGIApplication(failing_asgi, evalex=True)
    port = asgi_server(mw).port
    status, page = _post(port, "/boom", {}, {"Accept": "text/html"})
    frame = frame_ids(page)[-1]
    status, auth = _post(port, "/?__debugger__=yes&cmd=pinauth&s=" + mw.secret, {"pin": "123-456-789"})
    token = json.loads(auth)["token"]
    cookie = "%s=%s" % (mw.pin_cookie_name, wsgidebug.make_pin_cookie(mw._cookie_key, "123-456-789", time.time()))
    token = wsgidebug.pin_token(mw._cookie_key, "http://localhost", cookie.split("=", 1)[1])
    forged = {"Cookie": "%s=%d|%s" % (mw.pin_cookie_name, time.time(), "0" * 64)}
    url = "/?__debugger__=yes&cmd=eval&frm=%d&s=%s" % (frame, mw.secret)
    with ThreadPoolExecutor(24) as pool:
        attackers = [pool.submit(_post, port, url, {"code": "1"}, forged, 30) for _ in range(24)]
        time.sleep(0.3)
        t0 = time.time()
        status, answer = _post(port, url, {"code": "order_id + 1"},
                               {"Cookie": cookie, "X-Debugger-Token": token, "Origin": "http://localhost"})
        assert status == 200 and "43" in answer and time.time() - t0 < 2, (status, answer, time.time() - t0)
        assert all(a.result()[0] == 403 for a in attackers)


def test_asgi_debugger_bodies_of_untrusted_requests_are_not_read(asgi_server):
    """150 connections from an untrusted Host, each sending a 1 MB body to
    the debugger: refused before the body is read; memory stays flat."""
    mw = DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    port = asgi_server(mw).port

    def rss_mb():
        with open("/proc/self/status") as f:
            return int(next(line for line in f if line.startswith("VmRSS")).split()[1]) / 1024

    before = rss_mb()
    body = b"code=" + b"a" * (1 << 20)
    socks = []
    try:
        for _ in range(150):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"POST /?__debugger__=yes&cmd=eval&frm=1&s=x HTTP/1.1\r\nHost: evil.example\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n" % len(body))
            s.setblocking(False)
            try:
                s.send(body)
            except BlockingIOError:
                pass
            socks.append(s)
        time.sleep(1.0)
        grown = rss_mb() - before
        assert grown < 20, grown
        socks[0].setblocking(True)
        assert b"400" in socks[0].recv(200)
    finally:
        for s in socks:
            s.close()


# -- 0.3's acceptance: what a user hits ---------------------------------------------

@pytest.mark.skipif(not PY311, reason="ExceptionGroup needs Python 3.11")
def test_a_group_raised_around_the_exception_being_handled_draws_with_its_console():
    def app(environ, start_response):
        try:
            int("not a number")
        except ValueError as e:
            raise ExceptionGroup("validation failed", [e])  # noqa: F821,B904 - 3.11+; the pattern the issue names (context, not cause)

    mw = DebuggedApplication(app, evalex=True, pin_security=False)
    r = call(mw, headers={"Accept": "text/html"})
    assert r.status_code == 500 and "validation failed" in r.text and "Sub-exception 1 of 1" in r.text
    assert wsgidebug.SEEN_ABOVE in r.text and 'class="open-console"' in r.text and frame_ids(r.text)
    assert "could not draw" not in r.text.lower()


def test_an_error_message_cannot_forge_a_pin_line_on_the_terminal(serve, tmp_path):
    (tmp_path / "forge.py").write_text(textwrap.dedent('''
        def app(environ, start_response):
            raise ValueError(environ["PATH_INFO"])
        async def asgi(scope, receive, send):
            if scope["type"] == "http":
                raise ValueError(scope["path"])
    '''))
    for target in ("forge:app", "forge:asgi"):
        server = serve("--port", "0", target, cwd=tmp_path)
        url = server.url()
        server.wait_for(r" \* Debugger PIN:")
        assert http_get(url + "err%0A%20*%20Debugger%20PIN:%20000-000-000%0A", {"Accept": "text/plain"})[0] == 500
        server.wait_for(r"000-000-000")
        assert len(re.findall(r"(?m)^ \* Debugger PIN:", server.output)) == 1, server.output
        assert "  |  * Debugger PIN: 000-000-000" in server.output


def test_the_access_log_never_shows_the_secret(serve):
    server = serve("--port", "0", "myapp")
    url = server.url()
    page = http_get(url + "boom", {"Accept": "text/html"})[2].decode()
    secret = page_config(page)["secret"]
    frame = frame_ids(page)[-1]
    answer = http_post(url + "boom?__debugger__=yes&cmd=eval&frm=%d&s=%s" % (frame, secret), {"code": "1+1"})
    server.wait_for(r"\[debugger: eval frame %d\]" % frame)
    assert secret not in server.output
    assert answer is not None


def test_the_wsgidebug_lines_appear_once_when_the_app_configures_logging(serve, tmp_path):
    (tmp_path / "logged.py").write_text(textwrap.dedent('''
        import logging
        logging.basicConfig(level=logging.INFO)
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"fine"]
    '''))
    server = serve("--port", "0", "logged:app", cwd=tmp_path)
    url = server.url()
    http_get(url + "hello")
    server.wait_for(r"GET /hello")
    time.sleep(0.3)
    assert len(re.findall(r"Debugger PIN", server.output)) == 1, server.output
    assert len(re.findall(r"GET /hello", server.output)) == 1, server.output
    assert len(re.findall(r"Running on", server.output)) == 1, server.output


def test_flask_wrapped_by_its_own_debugger_and_served_by_the_cli_has_one_working_pin(serve, tmp_path):
    need("flask")
    (tmp_path / "flaskapp.py").write_text(textwrap.dedent('''
        from flask import Flask
        from wsgidebug import DebuggedApplication
        app = Flask(__name__)
        app.config["PROPAGATE_EXCEPTIONS"] = True  # what debug mode sets: errors reach the debugger
        app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # as Flask's docs say
        @app.route("/boom")
        def boom():
            order_id = 7
            raise KeyError(order_id)
    '''))
    server = serve("--port", "0", "flaskapp:app", cwd=tmp_path, env={"WSGIDEBUG_PIN": ""})
    url = server.url()
    pin = server.wait_for(r" \* Debugger PIN: (\S+)").group(1)
    page = http_get(url + "boom", {"Accept": "text/html"})[2].decode()
    time.sleep(0.3)
    assert len(re.findall(r"Debugger PIN", server.output)) == 1, server.output
    secret = page_config(page)["secret"]
    import http.client

    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/boom?__debugger__=yes&cmd=pinauth&s=" + secret, body="pin=" + pin,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    answer = conn.getresponse()
    assert answer.status == 200 and json.loads(answer.read())["auth"] is True


def test_a_page_without_frames_does_not_ask_to_hover_a_frame():
    def app(environ, start_response):
        raise SyntaxError("bad", ("broken.py", 1, 1, "x ===", 1, 2))

    r = call(DebuggedApplication(app, evalex=True, pin_security=False), headers={"Accept": "text/html"})
    assert r.status_code == 500 and "Hover a frame" not in r.text.split("<main", 1)[0] or frame_ids(r.text)
    plain = call(DebuggedApplication(failing_app, evalex=True, pin_security=False), headers={"Accept": "text/html"})
    assert "Hover a frame" in plain.text


def test_the_version_is_0_4_0_everywhere():
    assert wsgidebug.__version__ == "0.4.0" and wsgidebug.SERVER_SOFTWARE == "wsgidebug/0.4.0"
    assert "wsgidebug 0.4.0" in subprocess.run([sys.executable, "-m", "wsgidebug", "--version"], capture_output=True,
                                               text=True, env=dict(os.environ, PYTHONPATH=HERE)).stdout


# =============================================================================
# What the request sent, templates, what the objects hold (0.4)
# =============================================================================

READ_BODIES: list = []


def reading_app(read="all", then_fail=True):
    """An app that reads its body (all, in pieces, by line, or not at
    all), then fails with a local holding what it read."""
    def app(environ, start_response):
        stream = environ["wsgi.input"]
        if read == "all":
            received = stream.read(int(environ.get("CONTENT_LENGTH") or 0))
        elif read == "pieces":
            pieces, size = [], 0
            while True:
                piece = stream.read(65536)
                if not piece:
                    break
                size += len(piece)
                if size <= 10_000_000:  # what a huge upload brings is counted, not kept
                    pieces.append(piece)
            received = b"".join(pieces)
        elif read == "lines":
            received = b"".join(iter(stream.readline, b""))
        else:
            received = b""
        READ_BODIES.append(received)
        if then_fail:
            raise ValueError("the order was refused")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [str(len(received)).encode()]
    return app


ORDER_JSON = {"id": 7, "items": [{"sku": "A1", "qty": 2}], "customer": {"name": "Ada", "password": "hunter2",
                                                                          "profile": {"api_key": "k-123"}}}


def _json_error(mw, body: bytes, ctype="application/json", accept="application/json"):
    return call(mw, method="POST", path="/orders", body=body, headers={"Content-Type": ctype, "Accept": accept},
                validate=False)


def test_a_json_body_the_app_read_is_on_the_page_pretty_and_masked_in_every_form():
    mw = DebuggedApplication(reading_app(), evalex=True, pin_security=False)
    body = json.dumps(ORDER_JSON).encode()
    page = _json_error(mw, body, accept="text/html").text
    assert '<details class="panel" id="request" open>' in page
    assert "application/json, %d bytes read by the app" % len(body) in page
    shown = html.unescape(re.search(r'<pre class="plain body">(.*?)</pre>', page, re.S).group(1))
    assert '"sku": "A1"' in shown and '\n  "items": [' in shown  # pretty-printed
    assert "hunter2" not in page and "k-123" not in page and '"password": "********"' in shown
    assert '"api_key": "********"' in shown  # nested keys too
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()
    body_json = data["request"]["body"]
    assert body_json["kind"] == "json" and body_json["size"] == len(body) and body_json["complete"] is True
    assert json.loads(body_json["text"])["customer"]["profile"]["api_key"] == "********"
    markdown = call(mw, path="/__debugger__/1", headers={"Accept": "text/markdown"}).text
    fenced = markdown.split("## Request body", 1)[1].split("```json\n", 1)[1].split("\n```", 1)[0]
    assert json.loads(fenced)["customer"]["password"] == "********" and "hunter2" not in markdown


def test_the_app_reads_its_body_exactly_as_without_the_debugger():
    body = os.urandom(300_000) + b"\nend\n"
    for read in ("all", "pieces", "lines"):

        READ_BODIES.clear()
        r = call(DebuggedApplication(reading_app(read, then_fail=False), pin_security=False), method="POST",
                 body=body, headers={"Content-Type": "application/octet-stream"})
        assert r.status_code == 200 and READ_BODIES == [body], read


def test_a_body_the_app_never_read_stays_unread_and_a_request_without_one_is_not_wrapped():
    mw = DebuggedApplication(reading_app("none"), pin_security=False)
    env = make_environ(method="POST", body=b"token=abc&x=1")
    stream = env["wsgi.input"]
    call(mw, environ=env, validate=False)
    assert stream.tell() == 0  # not a byte read by the debugger
    page = call(mw, path="/__debugger__/1").text
    assert "No body was read by the app" in page and "token=abc" not in page
    seen = {}

    def ok(environ, start_response):
        seen["input"] = environ["wsgi.input"]
        start_response("200 OK", [])
        return [b""]

    env = make_environ()
    original = env["wsgi.input"]
    call(DebuggedApplication(ok), environ=env, validate=False)
    assert seen["input"] is original and wsgidebug.BODY_KEY not in env  # no body: nothing paid for it


def test_forms_and_multipart_bodies_are_rows_and_files_only_names_and_sizes():
    mw = DebuggedApplication(reading_app(), pin_security=False)
    call(mw, method="POST", body=b"name=Ada&password=hunter2&note=caf%C3%A9", validate=False)
    page = call(mw, path="/__debugger__/1").text
    assert "<th>name</th><td>Ada</td>" in page.replace(' scope="row"', "") or ">Ada<" in page
    assert "hunter2" not in page and "caf\u00e9" in page
    boundary = "----b0undary"
    parts = (
        "--%s\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQuarterly\r\n"
        "--%s\r\nContent-Disposition: form-data; name=\"secret_token\"\r\n\r\ns3cr3t\r\n"
        "--%s\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"report.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n" % (boundary, boundary, boundary)).encode() + b"%PDF-" + b"\x00" * 2000 + (
        "\r\n--%s--\r\n" % boundary).encode()
    call(mw, method="POST", body=parts, headers={"Content-Type": "multipart/form-data; boundary=" + boundary},
         validate=False)
    data = call(mw, path="/__debugger__/2", headers={"Accept": "application/json"}).json()
    fields = {f["name"]: f["value"] for f in data["request"]["body"]["fields"]}
    assert fields == {"title": "Quarterly", "secret_token": "********", "upload": "file report.pdf, 2005 bytes"}
    assert "%PDF" not in call(mw, path="/__debugger__/2").text


@pytest.mark.parametrize("case", ["invalid json", "invalid utf-8", "cut json", "binary", "10000 parts", "1 GB"])
def test_bad_bodies_keep_the_page_small_and_fast(case):
    ctype = "application/json"
    if case == "invalid json":
        body = b'{"password": "hunter2", "id": 7,,,'
    elif case == "invalid utf-8":
        body = b'{"name": "\xff\xfe\xfd"}' * 10
    elif case == "cut json":
        body = json.dumps({"password": "hunter2", "rows": list(range(40000))}).encode()  # over 64 KB: cut
    elif case == "binary":
        body, ctype = os.urandom(200_000), "application/octet-stream"
    elif case == "10000 parts":
        ctype = "multipart/form-data; boundary=zz"
        body = b"".join(b'--zz\r\nContent-Disposition: form-data; name="f%d"\r\n\r\nv\r\n' % i
                        for i in range(10000)) + b"--zz--\r\n"
    else:
        body = None
    mw = DebuggedApplication(reading_app("pieces"), pin_security=False)
    if body is None:  # a 1 GB upload the app reads to its end: only 64 KB are kept
        class Huge(io.RawIOBase):
            left = 1 << 30

            def readable(self):
                return True

            def readinto(self, b):
                n = min(len(b), self.left)
                b[:n] = b"x" * n
                self.left -= n
                return n

        env = make_environ(method="POST", headers={"Content-Type": "text/plain"})
        env["CONTENT_LENGTH"], env["wsgi.input"] = str(1 << 30), io.BufferedReader(Huge(), 1 << 20)
        t0 = time.perf_counter()
        call(mw, environ=env, validate=False)
    else:
        t0 = time.perf_counter()
        _json_error(mw, body, ctype)
    page = call(mw, path="/__debugger__/1").text
    assert len(page) < 1_000_000 and time.perf_counter() - t0 < (20 if body is None else 2)
    assert "hunter2" not in page
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()["request"]["body"]
    assert data["size"] == (len(body) if body is not None else 1 << 30)
    assert data["kept"] == min(data["size"], wsgidebug.MAX_KEPT_BODY)
    if case == "10000 parts":
        assert len(data["fields"]) == wsgidebug.MAX_PANEL_ROWS + 1 and data["fields"][-1]["name"] == "..."
    if case in ("binary",):
        assert data["kind"] == "binary" and "text" not in data


def test_a_lying_content_length_is_read_as_the_app_reads_it():
    mw = DebuggedApplication(reading_app("pieces"), pin_security=False)
    env = make_environ(method="POST", body=b"short", headers={"Content-Type": "text/plain"})
    env["CONTENT_LENGTH"] = "100000"  # the body is 5 bytes
    call(mw, environ=env, validate=False)
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()["request"]["body"]
    assert (data["size"], data["text"]) == (5, "short")


def _asgi_post(app, path, body: bytes, ctype: str, chunks=1):
    scope = asgi_scope(path, "POST", headers={"Content-Type": ctype, "Content-Length": str(len(body)),
                                              "Accept": "application/json"})
    return asgi_call(app, scope=scope, body=body, pieces=chunks, form=False).messages


def test_asgi_the_body_the_app_received_is_kept_in_pieces_too():
    async def app(scope, receive, send):
        received, _ = await receive_asgi_body(receive)
        payload = json.loads(received)
        raise ValueError("no stock for %s" % payload["items"][0]["sku"])

    mw = DebuggedASGIApplication(app, evalex=True, pin_security=False)
    body = json.dumps(ORDER_JSON).encode()
    _asgi_post(mw, "/orders", body, "application/json", chunks=4)
    data = json.loads(asgi_call(mw, "/__debugger__/1", headers={"Accept": "application/json"}).text)
    assert data["request"]["body"]["size"] == len(body)
    assert json.loads(data["request"]["body"]["text"])["customer"]["password"] == "********"
    assert '"sku": "A1"' in asgi_call(mw, "/__debugger__/1", headers={"Accept": "text/html"}).text.replace(
        "&quot;", '"')


def test_names_inside_f_strings_count_for_the_values_at_the_failing_line():
    def app(environ, start_response):
        user_name, total = "ada", 12.5
        raise ValueError(f"{user_name}: {total!r:>10}")

    page = call(DebuggedApplication(app, pin_security=False), validate=False).text
    values = re.search(r'<span class="vals">(.*?)</span></span>', page, re.S).group(0)
    assert "<b>user_name</b> = &#x27;ada&#x27;" in values and "<b>total</b> = 12.5" in values


# -- what the objects hold ------------------------------------------------------------

@dataclasses.dataclass
class OrderLine:
    sku: str
    qty: int
    api_key: str = "k-1"
    _cache: dict = dataclasses.field(default_factory=dict)


class Point(typing.NamedTuple):
    x: int
    y: int


class Slotted:
    __slots__ = ("a", "b", "unset")

    def __init__(self):
        self.a, self.b = 1, "two"


RAN = []


class HostileGetattr:
    def __init__(self):
        self.hidden = "should not show"

    def __getattr__(self, name):
        RAN.append("getattr")
        raise AttributeError(name)


class HostileGetattribute:
    def __getattribute__(self, name):
        RAN.append("getattribute")
        return object.__getattribute__(self, name)


class HostileDictProperty:
    @property
    def __dict__(self):
        RAN.append("dict property")
        return {"x": 1}


class HostileRepr:
    def __init__(self):
        self.inner = self  # a cycle

    def __repr__(self):
        RAN.append("repr")
        return "boom"


class FakeSession:
    def __init__(self):
        self.url = "postgresql://app:pw@db/app"


def test_objects_show_their_attributes_one_level_deep_and_run_nothing():
    attrs_lib = need("attrs")

    @attrs_lib.define
    class Customer:
        name: str
        password: str

    many = type("Many", (), {})()
    for i in range(300):
        setattr(many, "field_%03d" % i, i)

    def app(environ, start_response):
        line = OrderLine("A1", 2)
        point = Point(3, 4)
        slotted = Slotted()
        customer = Customer("Ada", "hunter" + str(2))  # the source shown must not hold the secret itself
        hostile = (HostileGetattr(), HostileGetattribute(), HostileDictProperty(), HostileRepr())  # noqa: F841
        one, two, three, four = hostile  # noqa: F841
        big = many  # noqa: F841
        session = FakeSession()  # noqa: F841
        raise ValueError("failed with %s %s %s %s" % (line.sku, point.x, slotted.a, customer.name))

    RAN.clear()
    mw = DebuggedApplication(app, evalex=True, pin_security=False)
    call(mw, validate=False)
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()
    frame = [f for f in data["chain"][-1]["frames"] if f["function"].endswith("app")][-1]
    attributes = frame["attributes"]
    assert attributes["line"] == {"sku": "'A1'", "qty": "2", "api_key": "********", "_cache": "dict of 0 items"}
    assert list(attributes["line"]) == ["sku", "qty", "api_key", "_cache"]  # private names last
    assert attributes["point"] == {"x": "3", "y": "4"} and attributes["slotted"] == {"a": "1", "b": "'two'"}
    assert attributes["customer"] == {"name": "'Ada'", "password": "********"}
    for name in ("one", "two", "three"):  # a class that customises attribute access: its type only
        assert name not in attributes and frame["locals"][name].startswith("<")
    assert attributes["four"] == {"inner": "<test_wsgidebug.HostileRepr object>"}
    assert len(attributes["big"]) == wsgidebug.MAX_ATTRIBUTES_SHOWN
    assert frame["locals"]["session"] == "<test_wsgidebug.FakeSession object>" and "session" not in attributes
    page = call(mw, path="/__debugger__/1").text + call(mw, path="/__debugger__/1/frames/%d" % frame["id"]).text
    assert "hunter2" not in page and "pw@db" not in page and "should not show" not in page
    assert '<table class="attrs"><tr><th scope="row">.sku</th><td>&#x27;A1&#x27;</td></tr>' in page
    assert "<th scope=\"row\">...</th><td>288 more</td>" in page
    markdown = call(mw, path="/__debugger__/1", headers={"Accept": "text/markdown"}).text
    assert "`line`: `.sku` = `'A1'`" in markdown
    assert RAN == []  # nothing of the app's code ran to draw any of it


def test_pydantic_v1_and_v2_models_show_their_fields():
    pydantic = need("pydantic")
    from pydantic import v1 as pydantic_v1

    class Item(pydantic.BaseModel):
        sku: str
        price: float
        secret_token: str = "t"

    class OldItem(pydantic_v1.BaseModel):
        sku: str
        price: float

    item, old = Item(sku="A1", price=9.5), OldItem(sku="B2", price=1.0)
    assert wsgidebug.object_attributes(item)[0] == [("sku", "'A1'"), ("price", "9.5"), ("secret_token", "********")]
    assert wsgidebug.object_attributes(old)[0][:2] == [("sku", "'B2'"), ("price", "1.0")]


def test_sqlalchemy_models_show_only_what_is_loaded_and_run_no_query():
    need("sqlalchemy")
    from sqlalchemy import Column, ForeignKey, Integer, String, create_engine, event, select
    from sqlalchemy.orm import Session, declarative_base, relationship

    Base = declarative_base()

    class Account(Base):
        __tablename__ = "account"
        id = Column(Integer, primary_key=True)
        email = Column(String)
        password_hash = Column(String)
        orders = relationship("Purchase", back_populates="account")

    class Purchase(Base):
        __tablename__ = "purchase"
        id = Column(Integer, primary_key=True)
        account_id = Column(ForeignKey("account.id"))
        account = relationship("Account", back_populates="orders")

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(Account(id=1, email="ada@example.com", password_hash="x"))
        s.commit()
    queries = []
    event.listen(engine, "before_cursor_execute", lambda *a: queries.append(a[2]))
    with Session(engine) as session:
        account = session.scalars(select(Account)).one()
        before = len(queries)
        shown = dict(wsgidebug.object_attributes(account)[0])
        assert len(queries) == before  # no lazy load of .orders
        assert shown["email"] == "'ada@example.com'" and shown["password_hash"] == "********"
        assert "orders" not in shown and "_sa_instance_state" in shown
        assert list(shown)[-1] == "_sa_instance_state"  # private last
        assert wsgidebug.masked_summary("session", session) == "<sqlalchemy.orm.session.Session object>"


# -- templates ------------------------------------------------------------------------

DJANGO_TEMPLATE_SCRIPT = r'''
import json, sys, os
import django
from django.conf import settings
settings.configure(DEBUG=True, DEBUG_PROPAGATE_EXCEPTIONS=True, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
                   SECRET_KEY="test only", MIDDLEWARE=[], INSTALLED_APPS=["django.contrib.contenttypes",
                   "django.contrib.auth"], DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3",
                   "NAME": ":memory:"}},
                   TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                               "DIRS": [os.path.dirname(os.path.abspath(__file__))], "OPTIONS": {"debug": True}}])
django.setup()
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
import wsgidebug

def view(request):
    rows = [{"id": 3, "name": "tea"}]
    return render(request, "orders.html", {"rows": rows})

def model_view(request):
    user = User(username="ada", email="ada@example.com", password="pbkdf2$secret")
    raise ValueError("refused " + user.username)

urlpatterns = [path("orders/", view), path("model/", model_view)]
from django.core.wsgi import get_wsgi_application
app = wsgidebug.DebuggedApplication(get_wsgi_application(), pin_security=False)

def get(path, accept):
    import io
    from wsgiref.util import setup_testing_defaults
    env = {"PATH_INFO": path, "HTTP_ACCEPT": accept, "HTTP_HOST": "localhost", "wsgi.errors": io.StringIO()}
    setup_testing_defaults(env)
    return b"".join(app(env, lambda *a: None)).decode()

out = {"html": get("/orders/", "text/html"), "markdown": get("/__debugger__/1", "text/markdown"),
       "json": json.loads(get("/__debugger__/1", "application/json")), "model": json.loads(
       (get("/model/", "text/html"), get("/__debugger__/2", "application/json"))[1])}
print(json.dumps(out))
'''

DJANGO_ORDERS_TEMPLATE = """<h1>Orders</h1>
<ul>
{% for row in rows %}
  <li><a href="{% url 'order-detail' row.id %}">{{ row.name }}</a></li>
{% endfor %}
</ul>
"""


def test_django_template_errors_show_the_template_line_and_token_and_models_their_loaded_fields(tmp_path):
    need("django")
    (tmp_path / "djtemplates.py").write_text(DJANGO_TEMPLATE_SCRIPT)
    (tmp_path / "orders.html").write_text(DJANGO_ORDERS_TEMPLATE)
    done = subprocess.run([sys.executable, "djtemplates.py"], cwd=str(tmp_path), capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, PYTHONPATH=HERE))
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    page = out["html"]
    section = re.search(r'<section class="template-error" id="template">(.*?)</section>', page, re.S).group(1)
    assert "Template error in <code>%s</code>, line 4" % html.escape(str(tmp_path / "orders.html")) in section
    assert "<mark>{% url &#x27;order-detail&#x27; row.id %}</mark>" in section
    assert '<span class="l cur"><i>4</i>' in section and "<i>1</i>&lt;h1&gt;Orders" in section
    assert page.index('id="template"') < page.index('id="traceback"')
    assert "## Template error in `%s`, line 4" % (tmp_path / "orders.html") in out["markdown"]
    assert "Failing token: `{% url 'order-detail' row.id %}`" in out["markdown"]
    template = out["json"]["template"]
    assert template["line"] == 4 and template["token"] == "{% url 'order-detail' row.id %}"
    assert template["source"][0] == {"line": 1, "text": "<h1>Orders</h1>"}
    frame = [f for f in out["model"]["chain"][-1]["frames"] if f["function"] == "model_view"][0]
    user = frame["attributes"]["user"]
    assert user["username"] == "'ada'" and user["password"] == "********" and user["email"] == "'ada@example.com'"
    assert list(user)[-1] == "_state"


JINJA_SHOP = """{% macro row(item) %}
  <li>{{ item.name }}: {{ item.price / item.count }}</li>
{% endmacro %}
<h1>{{ title }}</h1>
{% block content %}
  <ul>{% for item in items %}{{ row(item) }}{% endfor %}</ul>
{% endblock %}
"""


def test_jinja_frames_are_template_frames_with_their_block_or_macro_and_variables(tmp_path):
    flask = need("flask")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "shop.html").write_text(JINJA_SHOP)
    (folder / "twin_one.html").write_text("<p>one</p>\n{{ missing.attr }}\n")
    (folder / "table.html").write_text("<p>table</p>\n{{ absent.attr }}\n")
    app = flask.Flask("jinja_test", template_folder=str(folder))
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.jinja_env.undefined = __import__("jinja2").StrictUndefined

    @app.route("/shop")
    def shop():
        return flask.render_template("shop.html", title="Tea", items=[{"name": "green", "price": 3, "count": 0}])

    @app.route("/<name>")
    def other(name):
        return flask.render_template(name + ".html")

    mw = DebuggedApplication(app.wsgi_app, evalex=True, pin_security=False)
    page = call(mw, path="/shop", validate=False).text
    data = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()
    templates = [f for f in data["chain"][-1]["frames"] if f["file"] == str(folder / "shop.html")]
    assert [(f["function"], f["line"]) for f in templates] == [
        ("top-level template code", 5), ("block 'content'", 6), ("macro 'row'", 2)]
    assert templates[-1]["locals"] == {"item": "dict of 3 items"}
    assert {"title", "items"} <= set(list(templates[0]["locals"])[:3])  # the template's variables first
    assert list(templates[0]["locals"])[-1] in ("url_for", "get_flashed_messages", "config", "request", "session",
                                                "g", "range", "dict", "lipsum", "cycler", "joiner", "namespace")
    assert templates[-1]["source"][1]["text"].strip().startswith("<li>{{ item.name }}")
    frame_html = page.split('data-path' if False else "macro &#x27;row&#x27;", 1)[1].split('<div class="frame', 1)[0]
    assert '<span class="tag">template</span>' in frame_html and "<mark>" not in frame_html
    call(mw, path="/twin_one", validate=False)
    call(mw, path="/table", validate=False)
    for n, name in ((2, "twin_one.html"), (3, "table.html")):
        frames = call(mw, path="/__debugger__/%d" % n, headers={"Accept": "application/json"}).json()["chain"][-1]
        files = [f["file"] for f in frames["frames"] if f["function"] == "top-level template code"]
        assert files == [str(folder / name)], (name, files)  # two templates failing on one line: two places


FASTAPI_BODY_APP = '''
from fastapi import FastAPI
from pydantic import BaseModel
from wsgidebug import DebuggedASGIApplication

class Item(BaseModel):
    sku: str
    qty: int
    api_key: str

api = FastAPI()

@api.post("/orders")
async def create_order(item: Item):
    order = item
    raise ValueError("no stock for %s" % order.sku)

app = DebuggedASGIApplication(api, evalex=True)
'''


@pytest.mark.parametrize("server_name", ["uvicorn", "hypercorn", "wsgidebug"])
def test_fastapi_json_body_under_real_servers_is_on_the_page(tmp_path, server_name):
    need("fastapi")
    (tmp_path / "fastbody.py").write_text(FASTAPI_BODY_APP)
    server, port = start_asgi_server(server_name, "fastbody", tmp_path)
    try:
        body = json.dumps({"sku": "A1", "qty": 2, "api_key": "k-live-123"}).encode()
        for chunked in (False, True):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            if chunked:
                conn.putrequest("POST", "/orders")
                conn.putheader("Content-Type", "application/json")
                conn.putheader("Transfer-Encoding", "chunked")
                conn.endheaders()
                for piece in (body[:10], body[10:]):
                    conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                conn.send(b"0\r\n\r\n")
            else:
                conn.request("POST", "/orders", body, {"Content-Type": "application/json", "Accept": "text/html"})
            r = conn.getresponse()
            page = r.read().decode()
            conn.close()
            assert r.status == 500 and "no stock for A1" in page
        data = json.loads(http_get("http://127.0.0.1:%d/__debugger__/2" % port, {"Accept": "application/json"})[2])
        shown = data["request"]["body"]
        assert shown["size"] == len(body) and json.loads(shown["text"]) == {"sku": "A1", "qty": 2, "api_key": MASK}
        frame = [f for f in data["chain"][-1]["frames"] if f["function"] == "create_order"][0]
        assert frame["attributes"]["order"] == {"sku": "'A1'", "qty": "2", "api_key": MASK}
        page = http_get("http://127.0.0.1:%d/__debugger__/2" % port, {"Accept": "text/html"})[2].decode()
        assert "k-live-123" not in page and "application/json, %d bytes read by the app" % len(body) in page
    finally:
        server.stop()


MASK = wsgidebug.MASK


BODY_WSGI_MODULE = '''
import json
from wsgidebug import DebuggedApplication

def view(environ, start_response):
    payload = json.loads(environ["wsgi.input"].read())
    raise KeyError("no customer %s" % payload["customer"])

app = DebuggedApplication(view)
'''


@pytest.mark.parametrize("server_name", ["wsgidebug", "gunicorn", "waitress"])
def test_wsgi_json_body_under_real_servers_is_on_the_page(tmp_path, server_name):
    (tmp_path / "bodyapp.py").write_text(BODY_WSGI_MODULE)
    server, port = start_wsgi_server(server_name, "bodyapp:app", tmp_path)
    try:
        wait_until(lambda: _port_open(port), timeout=15)
        body = json.dumps({"customer": 7, "token": "t-999"}).encode()
        status, _, page = _post_raw(port, "/orders", body, "application/json")
        assert status == 500
        data = json.loads(http_get("http://127.0.0.1:%d/__debugger__/1" % port, {"Accept": "application/json"})[2])
        assert json.loads(data["request"]["body"]["text"]) == {"customer": 7, "token": MASK}
    finally:
        server.stop()


def _port_open(port) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _post_raw(port, path, body, ctype):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("POST", path, body, {"Content-Type": ctype, "Accept": "text/html"})
    r = conn.getresponse()
    out = (r.status, dict(r.getheaders()), r.read())
    conn.close()
    return out


DJANGO_SITE_MODULE = DJANGO_TEMPLATE_SCRIPT.split("def get(path, accept):")[0].replace(
    "app = wsgidebug.DebuggedApplication(get_wsgi_application(), pin_security=False)",
    "app = wsgidebug.DebuggedApplication(get_wsgi_application(), evalex=True)")


def test_browser_body_templates_and_objects_read_well(tmp_path, page_in):
    need("fastapi")
    need("django")
    flask = need("flask")
    (tmp_path / "fastbody.py").write_text(FASTAPI_BODY_APP)
    server, port = start_asgi_server("uvicorn", "fastbody", tmp_path)
    (tmp_path / "djsite.py").write_text(DJANGO_SITE_MODULE)
    (tmp_path / "orders.html").write_text(DJANGO_ORDERS_TEMPLATE)
    django_port = _free_tcp_port()
    django_server = ServerProcess(["--port", str(django_port), "djsite:app"], tmp_path, env={"WSGIDEBUG_PIN": "off"})
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "shop.html").write_text(JINJA_SHOP)
    flask_app = flask.Flask("jinja_browser", template_folder=str(folder))
    flask_app.config["PROPAGATE_EXCEPTIONS"] = True

    @flask_app.route("/shop")
    def shop():
        return flask.render_template("shop.html", title="Tea", items=[{"name": "green", "price": 3, "count": 0}])

    live = LiveServer(DebuggedApplication(flask_app.wsgi_app, evalex=True, pin_security=False))
    try:
        body = json.dumps({"sku": "A1", "qty": 2, "api_key": "k-live-123"})
        status, _, _ = _post_raw(port, "/orders", body.encode(), "application/json")
        assert status == 500
        page = page_in("http://127.0.0.1:%d/__debugger__/1" % port)
        panel = page.locator("#request")
        assert panel.get_attribute("open") is not None  # a body: the panel opens by itself
        assert '"api_key": "********"' in panel.locator("pre.body").inner_text()
        panel.scroll_into_view_if_needed()
        screenshot(page, "body-fastapi-json")
        frame = page.locator(".frame.app", has_text="create_order").last
        frame.locator(".frame-toggle").click()
        attrs = frame.locator("table.attrs").first
        attrs.wait_for()
        assert ".sku" in attrs.inner_text() and "'A1'" in attrs.inner_text() and "k-live" not in attrs.inner_text()
        frame.scroll_into_view_if_needed()
        screenshot(page, "objects-pydantic")
        assert page.errors == []

        wait_until(lambda: _port_open(django_port), timeout=20)
        page = page_in("http://127.0.0.1:%d/orders/" % django_port)
        template = page.locator("#template")
        assert "line 4" in template.locator("h2").inner_text()
        assert template.locator("mark").inner_text() == "{% url 'order-detail' row.id %}"
        screenshot(page, "template-django")
        assert page.errors == []

        page = page_in(live.url + "shop")
        frame = page.locator(".frame", has_text="block 'content'").last
        assert frame.locator(".tag").inner_text() == "template" and frame.locator("mark").count() == 0
        frame.locator(".frame-toggle").click()
        frame.locator("table.locals").wait_for()
        assert "items" in frame.locator("table.locals").inner_text()
        frame.scroll_into_view_if_needed()
        screenshot(page, "template-jinja")
        assert page.errors == []
    finally:
        server.stop()
        django_server.stop()
        live.close()


# -- the timeline: what the request did before it failed (0.4) ---------------------------

def _timeline(mw, error_id=1) -> list:
    data = call(mw, path="/__debugger__/%d" % error_id, headers={"Accept": "application/json"}).json()
    return data["timeline"]["entries"]


@pytest.fixture
def app_logging():
    """The app's own logging: a handler on the root logger at INFO, its output kept."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def logging_view(environ, start_response):
    log = logging.getLogger("app.orders")
    log.debug("not enabled: never a record")
    log.info("loading order %s for %s", 7, "ada")
    log.warning("retrying with password=hunter2 and dsn postgres://app:pw@db/app")
    try:
        {}["sku"]
    except KeyError:
        log.exception("lookup failed")
    raise ValueError("order 7 refused")


def test_timeline_lists_the_requests_records_in_order_at_the_apps_levels(app_logging):
    mw = DebuggedApplication(logging_view, evalex=True, pin_security=False)
    call(mw, path="/orders/7", validate=False)
    entries = _timeline(mw, 2)
    assert [(e["kind"], e["detail"]) for e in entries] == [
        ("request", ""), ("log", "INFO app.orders"), ("log", "WARNING app.orders"), ("log", "ERROR app.orders"),
        ("error", "")]
    assert entries[0]["text"] == "GET /orders/7" and entries[1]["text"] == "loading order 7 for ada"
    assert "hunter2" not in entries[2]["text"] and "password=********" in entries[2]["text"]
    assert "app:********@db" in entries[2]["text"]
    assert entries[3]["error_id"] == 1  # the logged exception, kept: linked
    assert entries[-1]["text"] == "ValueError: order 7 refused"
    times = [e["ms"] for e in entries]
    assert times == sorted(times) and times[0] == 0.0
    page = call(mw, path="/__debugger__/2").text
    assert '<details class="panel" id="timeline" open>' in page and '<a href="/__debugger__/1">its error</a>' in page
    assert page.index('id="timeline"') < page.index('id="request"')
    markdown = call(mw, path="/__debugger__/2", headers={"Accept": "text/markdown"}).text
    assert "- +" in markdown and "WARNING app.orders: `retrying with password=********" in markdown
    output = app_logging.getvalue()
    assert "INFO app.orders loading order 7 for ada\n" in output and "hunter2" in output  # the app's own: unchanged
    assert "not enabled" not in output and all("not enabled" not in e["text"] for e in entries)


def test_timeline_leaves_the_apps_logging_output_byte_for_byte(app_logging):
    call(logging_view_ok, validate=False)
    without = app_logging.getvalue()
    app_logging.truncate(0)
    app_logging.seek(0)
    call(DebuggedApplication(logging_view_ok, pin_security=False), validate=False)
    assert app_logging.getvalue() == without and without


def logging_view_ok(environ, start_response):
    logging.getLogger("app.ok").info("served %d items", 3)
    logging.getLogger("app.ok").warning("slow: %.1f s", 1.5)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_timeline_of_concurrent_requests_never_mix():
    barrier = threading.Barrier(2, timeout=10)

    def view(environ, start_response):
        who = environ["PATH_INFO"].strip("/")
        log = logging.getLogger("app.concurrent")
        log.warning("first from %s", who)
        barrier.wait()  # both are inside their request
        log.warning("second from %s", who)
        barrier.wait()
        raise ValueError("failed for %s" % who)

    mw = DebuggedApplication(view, pin_security=False)
    threads = [threading.Thread(target=call, args=(mw,), kwargs={"path": "/" + who, "validate": False})
               for who in ("alpha", "beta")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    seen = {}
    for kept in mw.store.newest_first():
        who = kept.report.request.path.strip("/")
        seen[who] = [e["text"] for e in kept.report.timeline["entries"] if e["kind"] == "log"]
    assert seen == {"alpha": ["first from alpha", "second from alpha"],
                    "beta": ["first from beta", "second from beta"]}


def test_asgi_timeline_of_concurrent_tasks_never_mix_and_the_loops_tasks_are_listed():
    async def poller_forever():
        await asyncio.sleep(3600)

    async def view(scope, receive, send):
        who = scope["path"].strip("/")
        log = logging.getLogger("app.async")
        log.warning("first from %s", who)
        await asyncio.sleep(0.01)
        await asyncio.create_task(asyncio.sleep(0, log.warning("in a task of %s", who)))
        log.warning("second from %s", who)
        raise ValueError("failed for %s" % who)

    mw = DebuggedASGIApplication(view, pin_security=False)

    async def both():
        poller = asyncio.get_running_loop().create_task(poller_forever(), name="price-poller")
        await asyncio.gather(asgi_request(mw, "/alpha"), asgi_request(mw, "/beta"))
        poller.cancel()

    run_async(both())
    seen = {}
    for kept in mw.store.newest_first():
        who = kept.report.request.path.strip("/")
        seen[who] = [e["text"] for e in kept.report.timeline["entries"] if e["kind"] == "log"]
        tasks = kept.report.tasks["tasks"]
        poller = [t for t in tasks if t["name"] == "price-poller"]
        assert poller and poller[0]["coroutine"].endswith("poller_forever")
        assert re.search(r"tasks\.py:\d+ in sleep$", poller[0]["where"]), poller  # suspended in asyncio.sleep
    assert seen == {w: ["first from %s" % w, "in a task of %s" % w, "second from %s" % w] for w in ("alpha", "beta")}
    page = asgi_call(mw, "/__debugger__/1", headers={"Accept": "text/html"}).text
    assert '<details class="panel" id="tasks">' in page and "price-poller" in page


class HostileStr:
    calls = 0

    def __str__(self):
        HostileStr.calls += 1
        return "hostile"

    __repr__ = __str__


def test_timeline_bad_records_stay_bounded_and_run_nothing_more(app_logging):
    def view(environ, start_response):
        log = logging.getLogger("app.noisy")
        log.warning("huge %s", "x" * 10_000_000)
        log.warning("hostile %s", HostileStr())
        quiet = logging.getLogger("app.quiet.unhandled")
        quiet.propagate = False
        if not quiet.handlers:
            quiet.addHandler(logging.NullHandler())  # a handler that formats nothing
        quiet.warning("nobody formats %s", HostileStr())
        go.set()  # a thread of no request logs now, while this request runs
        done.wait(10)
        started = threading.Thread(target=lambda: log.warning("from a thread the request started"))
        started.start()
        started.join()
        for i in range(100_000):
            log.info("record %d", i)
        raise ValueError("noisy")

    go, done = threading.Event(), threading.Event()

    def background():
        while go.wait(10):
            go.clear()
            logging.getLogger("app.background").warning("from another thread")
            done.set()

    threading.Thread(target=background, daemon=True).start()
    HostileStr.calls = 0
    with pytest.raises(ValueError):
        call(view, validate=False)
    without, HostileStr.calls = HostileStr.calls, 0
    mw = DebuggedApplication(view, pin_security=False)
    call(mw, validate=False)
    timeline = call(mw, path="/__debugger__/1", headers={"Accept": "application/json"}).json()["timeline"]
    entries = timeline["entries"]
    assert len(entries) == wsgidebug.MAX_TIMELINE_ENTRIES + 2 and timeline["left_out"] > 99_000
    assert len(entries[1]["text"]) <= wsgidebug.MAX_TIMELINE_TEXT + 40  # with the "[... N more characters]" note
    assert entries[2]["text"] == "hostile hostile"  # as the app's handler made it: no second __str__
    assert entries[3]["text"] == "nobody formats %s % (<test_wsgidebug.HostileStr object>)"
    assert HostileStr.calls == without  # only the app's own logging called it, as without the debugger
    assert all("another thread" not in e["text"] for e in entries)
    assert entries[4]["text"] == "from a thread the request started"
    assert len(call(mw, path="/__debugger__/1").text) < 1_000_000


def test_timeline_a_handler_that_raises_changes_nothing():
    class Broken(logging.Handler):
        def emit(self, record):
            raise RuntimeError("handler broke")

    logger = logging.getLogger("app.broken")
    handler = Broken()
    logger.addHandler(handler)
    old, logging.raiseExceptions = logging.raiseExceptions, False
    try:
        def view(environ, start_response):
            logger.warning("first")
            raise ValueError("after a broken handler")

        mw = DebuggedApplication(view, pin_security=False)
        r = call(mw, validate=False)
        assert r.status_code == 500 and "RuntimeError: handler broke" in r.text  # as without the debugger
        assert [e["text"] for e in _timeline(mw) if e["kind"] == "log"] == ["first"]
    finally:
        logging.raiseExceptions = old
        logger.removeHandler(handler)


def test_timeline_sqlalchemy_statements_with_their_time_and_masked_parameters():
    sqlalchemy = need("sqlalchemy")
    engine = sqlalchemy.create_engine("sqlite://")
    with engine.begin() as c:
        c.exec_driver_sql("create table account (id integer primary key, email text, password text, avatar blob)")

    def view(environ, start_response):
        with engine.begin() as c:
            c.execute(sqlalchemy.text("insert into account (email, password, avatar) values (:email, :password, :avatar)"),
                      {"email": "ada@example.com", "password": "hunter2", "avatar": b"\x89PNG" + b"\x00" * 5000})
            c.execute(sqlalchemy.text("select * from account where email = :email"), {"email": "ada@example.com"})
            c.exec_driver_sql("update account set password = ?, email = ? where id = ?", ("hunter2", "a@b.c", 1))
            c.execute(sqlalchemy.text("select * from missing_table"))
        raise AssertionError("not reached")

    mw = DebuggedApplication(view, pin_security=False)  # made after SQLAlchemy's import: its engines are followed
    call(mw, validate=False)
    sql = [e for e in _timeline(mw) if e["kind"] == "sql"]
    assert [e["text"].split()[0] for e in sql] == ["insert", "select", "update", "select"]
    assert re.match(r"\d+\.\d\d ms \(\*{8}, 'a@b.c', 1\)$", sql[2]["detail"]), sql[2]  # by position
    assert re.match(r"\d+\.\d\d ms \(email='ada@example.com', password=\*{8}, avatar=b'\\x89PNG", sql[0]["detail"])
    assert "(5004 bytes)" in sql[0]["detail"] and "hunter2" not in json.dumps(sql)
    assert sql[-1]["text"] == "select * from missing_table" and "(failed: sqlite3.OperationalError)" in sql[-1]["detail"]
    page = call(mw, path="/__debugger__/1").text
    assert '<code class="sql">select * from missing_table</code>' in page


DJANGO_SQL_SCRIPT = r'''
import json, os, sys
import django
from django.conf import settings
settings.configure(DEBUG=True, DEBUG_PROPAGATE_EXCEPTIONS=True, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
                   SECRET_KEY="test only", MIDDLEWARE=[], INSTALLED_APPS=[],
                   DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
django.setup()
from django.db import connection
from django.urls import path
import wsgidebug

def view(request):
    with connection.cursor() as c:
        c.execute("create table item (id integer primary key, secret_token text)")
        c.execute("insert into item (secret_token) values (%s)", ["t-123"])
        c.execute("select count(*) from item")
    raise ValueError("after three queries")

urlpatterns = [path("items/", view)]
from django.core.wsgi import get_wsgi_application
app = wsgidebug.DebuggedApplication(get_wsgi_application(), pin_security=False)
import io
from wsgiref.util import setup_testing_defaults
def get(path, accept):
    env = {"PATH_INFO": path, "HTTP_ACCEPT": accept, "HTTP_HOST": "localhost", "wsgi.errors": io.StringIO()}
    setup_testing_defaults(env)
    return b"".join(app(env, lambda *a: None)).decode()
get("/items/", "text/plain")
print(get("/__debugger__/1", "application/json"))
'''


def test_timeline_django_queries(tmp_path):
    need("django")
    (tmp_path / "djsql.py").write_text(DJANGO_SQL_SCRIPT)
    done = subprocess.run([sys.executable, "djsql.py"], cwd=str(tmp_path), capture_output=True, text=True,
                          timeout=60, env=dict(os.environ, PYTHONPATH=HERE))
    assert done.returncode == 0, done.stderr[-3000:]
    sql = [e for e in json.loads(done.stdout)["timeline"]["entries"] if e["kind"] == "sql"]
    assert [e["text"].split()[0] for e in sql] == ["create", "insert", "select"]
    assert re.match(r"\d+\.\d\d ms \(\*{8}\)$", sql[1]["detail"]), sql[1]  # by position, into secret_token


def test_browser_timeline_panel_reads_well(page_in, app_logging):
    sqlalchemy = need("sqlalchemy")
    engine = sqlalchemy.create_engine("sqlite://")

    def view(environ, start_response):
        log = logging.getLogger("shop.checkout")
        log.info("checkout started for cart %d", 42)
        with engine.connect() as c:
            c.execute(sqlalchemy.text("select :sku as sku, :qty as qty"), {"sku": "A1", "qty": 2})
        log.warning("payment provider slow: %.1f s", 2.5)
        try:
            {}["coupon"]
        except KeyError:
            log.exception("coupon lookup failed")
        raise RuntimeError("checkout failed for cart 42")

    live = LiveServer(DebuggedApplication(view, evalex=True, pin_security=False))
    try:
        page = page_in(live.url + "checkout")
        panel = page.locator("#timeline")
        assert panel.get_attribute("open") is not None
        rows = panel.locator("tr")
        texts = [rows.nth(i).inner_text() for i in range(rows.count())]
        assert texts[0].startswith("+0.0 ms") and "GET /checkout" in texts[0]
        assert "INFO shop.checkout" in texts[1] and "SQL" in texts[2] and "select" in texts[2]
        assert "its error" in texts[4] and "RuntimeError: checkout failed for cart 42" in texts[-1]
        panel.scroll_into_view_if_needed()
        screenshot(page, "timeline")
        page.locator("#timeline a", has_text="its error").click()
        page.wait_for_url("**/__debugger__/1")
        assert "coupon" in page.locator("h1, .exc-msg").first.inner_text() or "KeyError" in page.content()
        assert page.errors == []
    finally:
        live.close()


def test_asgi_timeline_notes_the_response_start_of_a_stream_cut_short_but_not_a_held_500():
    async def streaming(scope, receive, send):
        logging.getLogger("app.stream").warning("streaming report %d", 7)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"first", "more_body": True})
        raise OSError("the stream broke")

    async def plain_500_then_raise(scope, receive, send):
        logging.getLogger("app.stream").warning("about to fail")
        await send({"type": "http.response.start", "status": 500, "headers": []})
        raise ValueError("the view failed")

    for app, expected in ((streaming, ["request", "log", "response", "error"]),
                          (plain_500_then_raise, ["request", "log", "error"])):
        mw = DebuggedASGIApplication(app, pin_security=False)
        asgi_call(mw)
        data = json.loads(asgi_call(mw, "/__debugger__/1", headers={"Accept": "application/json"}).text)
        assert [e["kind"] for e in data["timeline"]["entries"]] == expected, app


def test_a_head_read_in_pieces_is_framed_and_refused_as_a_whole_one():
    """HeadScan (the asyncio server's incremental reading of a head) agrees
    with head_end and incomplete_head_error on the whole buffer, whatever
    the cut points; a bare CR before a request line is refused at once, as
    the threaded server does.  Each byte is looked at about once: a head
    sent a byte at a time no longer costs its length squared."""
    rng = random.Random(7)
    pieces = [b"\r\n", b"\n", b"\r", b"GET / HTTP/1.1", b"Host: x", b"X: y", b"\x16\x03", b" ", b"G", b"\r\n\r\n",
              b"\n\n", b"POST /a HTTP/1.0", b"GET /" + b"a" * 9000 + b" HTTP/1.1", b"X-Big: " + b"b" * 70000]
    compared = 0
    for _ in range(3000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        scan, buf, end, error = wsgidebug.HeadScan(), bytearray(), -1, None
        i = 0
        while i < len(data) and end < 0 and error is None:
            n = rng.randint(1, 3000)
            buf += data[i:i + n]
            i += n
            end = scan.end(buf)
            if end < 0:
                error = scan.error(buf)
        if re.search(rb"\r(?!\n)", bytes(buf[:end] if end >= 0 else buf)):
            continue  # a bare CR: refused by both, the pieces at once
        compared += 1
        assert end == wsgidebug.head_end(buf), bytes(buf[:100])
        if end < 0:
            whole = wsgidebug.incomplete_head_error(buf)
            assert (whole and whole.status) == (error and error.status), bytes(buf[:100])
    assert compared > 2000
    scan = wsgidebug.HeadScan()
    assert scan.end(bytearray(b"\rGET")) == -1 and scan.error(bytearray(b"\rGET")).status == 400


def test_a_failure_of_the_debugger_itself_is_a_short_500_and_the_server_goes_on(monkeypatch):
    d = Debugger()

    def broken(self, source, contexts=()):
        raise SystemError("AST constructor recursion depth mismatch (before=39, after=36)")

    monkeypatch.setattr(wsgidebug.Console, "run", broken)
    r = d.api("eval", fields={"code": "1"}, frm=d.frames[-1])
    assert r.status_code == 500 and r.text.startswith("The debugger failed on this request (SystemError)")
    assert "Traceback" not in r.text and "SystemError: AST constructor" in r.errors
    monkeypatch.undo()
    assert out_text(d.eval("local_value + 1")) == "42"



def test_tasks_panel_runs_no_method_of_an_apps_task_class():
    ran = []

    class OwnTask(asyncio.Task):
        def get_name(self):
            ran.append("get_name")
            return "own"

    async def main():
        loop = asyncio.get_running_loop()
        plain = loop.create_task(asyncio.sleep(1), name="plain-one")
        loop.set_task_factory(lambda loop, coro, **kw: OwnTask(coro, loop=loop, **kw))
        own = loop.create_task(asyncio.sleep(1))
        rows = wsgidebug.loop_tasks(loop, asyncio.current_task())["tasks"]
        plain.cancel()
        own.cancel()
        return rows

    rows = run_async(main())
    assert {"name": "<test_wsgidebug.test_tasks_panel_runs_no_method_of_an_apps_task_class.<locals>.OwnTask object>",
            "coroutine": "?", "where": ""} in rows
    assert any(r["name"] == "plain-one" and r["coroutine"] == "sleep" for r in rows) and ran == []


# =============================================================================
# Several worker processes: gunicorn -w, uvicorn --workers, hypercorn -w, uWSGI
# =============================================================================

WORKERS_WSGI = '''
import os, time
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

WORKERS_ASGI = '''
import asyncio, os
from wsgidebug import DebuggedASGIApplication

async def inner(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    path = scope["path"]
    if path.startswith("/fail"):
        worker_pid = os.getpid()
        await asyncio.sleep(0)
        raise ValueError("failed in worker %d at %s" % (worker_pid, path))
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok %d" % os.getpid()})

app = DebuggedASGIApplication(inner, evalex=True)
'''

WORKERS_PIN = "123-456-789"


def start_workers(kind, folder, workers=4, extra=(), env=None):
    """The workers app (WSGI, or ASGI for uvicorn and hypercorn) under a
    server with several worker processes: (process, base URL)."""
    asgi = kind in ("uvicorn", "hypercorn", "gunicorn-asgi")
    (folder / "workers_app.py").write_text(WORKERS_ASGI if asgi else WORKERS_WSGI)
    port = _free_tcp_port()
    if kind == "uwsgi":
        uwsgi = os.path.join(os.path.dirname(sys.executable), "uwsgi")  # the test venv's, else the PATH's
        uwsgi = uwsgi if os.path.exists(uwsgi) else shutil.which("uwsgi")
        if not uwsgi:
            if REQUIRE_ALL:
                pytest.fail("uwsgi is required (WSGIDEBUG_REQUIRE_ALL=1)")
            pytest.skip("uwsgi is not installed")
        command = (uwsgi, "--http", "127.0.0.1:%d" % port, "--master", "--processes", str(workers),
                   "--enable-threads", "--module", "workers_app:app", "--pythonpath", HERE, "--pythonpath",
                   str(folder), "--disable-logging", "--die-on-term")
    else:
        need(kind.partition("-")[0])
        args = {"gunicorn": ["-m", "gunicorn", "-w", str(workers), "-b", "127.0.0.1:%d" % port, "workers_app:app"],
                "gunicorn-asgi": ["-m", "gunicorn", "-w", str(workers), "-k", "uvicorn.workers.UvicornWorker",
                                  "-b", "127.0.0.1:%d" % port, "workers_app:app"],
                "uvicorn": ["-m", "uvicorn", "workers_app:app", "--workers", str(workers), "--port", str(port),
                            "--log-level", "warning"],
                "hypercorn": ["-m", "hypercorn", "workers_app:app", "-w", str(workers), "--bind",
                              "127.0.0.1:%d" % port]}[kind]
        command = (sys.executable, *args)
    server = ServerProcess(list(extra), folder, dict({"WSGIDEBUG_PIN": WORKERS_PIN}, **(env or {})), command=command)
    base = "http://127.0.0.1:%d" % port
    deadline = time.time() + 30
    seen: set = set()
    while len(seen) < workers:  # every worker is up: each has answered
        assert time.time() < deadline and server.proc.poll() is None, server.output
        try:
            status, _, body = http_get(base + "/ok", timeout=2)
            if status == 200:
                seen.add(body.split()[1])
        except OSError:
            time.sleep(0.1)
    return server, base


class WorkerClient:
    """Requests to a multi-worker server, each on a fresh connection (so
    that any worker may answer), with the PIN's cookie and token once
    unlocked."""

    def __init__(self, base):
        self.base = base
        self.headers = {"Origin": base}

    def fail(self, path="/fail"):
        """Make an error: (its id, the pid that raised it, the page)."""
        status, headers, body = http_get(self.base + path, {"Accept": "text/html"})
        page = body.decode()
        assert status == 500, page[:500]
        error_id = int({k.lower(): v for k, v in headers.items()}["x-debugger-url"].rpartition("/")[2])
        raised = int(re.search(r"failed in worker (\d+)", page).group(1))
        return error_id, raised, page

    def api(self, cmd, secret, fields=None, headers=None, **query):
        q = urllib.parse.urlencode(dict({"__debugger__": "yes", "cmd": cmd, "s": secret}, **query))
        return http_post(self.base + "/?" + q, fields or {}, dict(self.headers, **(headers or {})))

    def unlock(self, secret, pin=WORKERS_PIN):
        status, headers, body = self.api("pinauth", secret, {"pin": pin})
        answer = json.loads(body)
        if answer["auth"]:
            self.headers["Cookie"] = {k.lower(): v for k, v in headers.items()}["set-cookie"].split(";")[0]
            self.headers["X-Debugger-Token"] = answer["token"]
        return answer

    def eval(self, secret, frm, code):
        status, _, body = self.api("eval", secret, {"code": code}, frm=frm)
        return status, html.unescape(re.sub(r"<[^>]+>", "", body.decode()))

    def listed(self):
        return json.loads(http_get(self.base + "/__debugger__", {"Accept": "application/json"})[2])["errors"]


def failing_frame(page):
    """The id of the frame that raised in a workers-app page."""
    return [f for f in frame_ids(page) if "worker_pid" in page.split('id="frame-%d"' % f, 1)[1][:3000]][-1]


def spread_errors(client, workers, at_least=2, rounds=30):
    """Errors until at least ``at_least`` workers hold one: {pid: (id, page)}.
    Sent a few at once: an idle server may hand every fresh connection to
    the same worker."""
    held: dict = {}
    for n in range(rounds):
        answers: list = []
        threads = [threading.Thread(target=lambda path, into: into.append(client.fail(path)),
                                    args=("/fail/%d-%d" % (n, k), answers))
                   for k in range(1 if n < 3 else workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for error_id, pid, page in answers:
            assert error_id // wsgidebug.ERROR_ID_SPAN == pid  # the id names its worker
            held[pid] = (error_id, page)
        if len(held) >= min(at_least, workers):
            break
    assert len(held) >= min(at_least, workers), held
    return held


def test_server_worker_count_reads_the_servers_command_lines():
    count = wsgidebug.server_worker_count
    assert count(["uvicorn", "app:app", "--workers", "4"], {}) == 4
    assert count(["hypercorn", "app:app", "-w", "3", "-b", "x"], {}) == 3
    assert count(["gunicorn", "-w4", "app"], {}) == 4
    assert count(["gunicorn", "--workers=5", "app"], {}) == 5
    assert count(["uwsgi", "--processes", "2"], {}) == 2
    assert count(["uvicorn", "app:app", "--port", "8000"], {}) == 1
    assert count(["hypercorn", "-p", "/run/x.pid", "app"], {}) == 1  # a pid file, not processes
    assert count(["uvicorn", "app:app"], {"WEB_CONCURRENCY": "3"}) == 3
    assert count(["uvicorn", "app:app", "--workers", "99999999"], {}) == 1  # nonsense is not a count


def test_workers_that_start_together_agree_on_one_key(tmp_path):
    """Eight processes with no key file yet, started at once (uvicorn and
    Hypercorn start their workers so), make one key between them."""
    script = "import wsgidebug; print(wsgidebug.local_pin_key().decode(), wsgidebug._LOCAL_KEY_PROBLEM)"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "fresh"), PYTHONPATH=HERE)
    for _ in range(3):
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
                 for _ in range(8)]
        keys = {p.communicate(timeout=30)[0] for p in procs}
        assert len(keys) == 1 and keys.pop().endswith(" None\n")
        assert (tmp_path / "fresh" / "wsgidebug" / "pin-key").stat().st_mode & 0o777 == 0o600
        assert os.listdir(tmp_path / "fresh" / "wsgidebug") == ["pin-key"]  # no temporary file left


@pytest.mark.parametrize("kind,extra", [
    ("gunicorn", ()), ("gunicorn", ("-k", "gthread", "--threads", "4")), ("gunicorn", ("--preload",)),
    ("uvicorn", ()), ("hypercorn", ()), ("gunicorn-asgi", ()), ("uwsgi", ())])
def test_the_console_works_whichever_worker_a_request_reaches(tmp_path, kind, extra):
    workers = 2 if kind in ("uvicorn", "hypercorn", "gunicorn-asgi") else 4
    server, base = start_workers(kind, tmp_path, workers, extra)
    try:
        client = WorkerClient(base)
        held = spread_errors(client, workers)
        ids = [error_id for error_id, _ in held.values()]
        listed = client.listed()
        assert {e["id"] for e in listed} >= set(ids) and len({e["id"] for e in listed}) == len(listed)
        assert {e["worker"] for e in listed} == set(held)  # every worker's errors, with its pid
        for pid, (error_id, page) in held.items():
            secret, frm = page_config(page)["secret"], failing_frame(page)
            if "Cookie" not in client.headers:
                assert client.unlock(secret)["auth"] is True  # through any worker: the key is one
            for _ in range(6):  # fresh connections: most land on another worker, and reach the owner
                status, out = client.eval(secret, frm, "import os; (os.getpid(), worker_pid)")
                assert status == 200 and out.strip().endswith("(%d, %d)" % (pid, pid)), out
            if kind in ("uvicorn", "hypercorn", "gunicorn-asgi"):  # an ASGI frame awaits on its own worker's loop
                status, out = client.eval(secret, frm, "await asyncio.sleep(0); asyncio.get_running_loop() is not None")
                assert status == 200 and out.strip().endswith("True"), out
            status, _, body = client.api("complete", secret, {"code": "worker_p"}, frm=frm)
            assert status == 200 and json.loads(body)["completions"] == ["worker_pid"]
            for accept, marker in (("application/json", '"id": %d' % error_id), ("text/markdown", "failed in worker"),
                                   ("text/html", "failed in worker %d" % pid)):
                for _ in range(3):
                    status, _, body = http_get("%s/__debugger__/%d" % (base, error_id), {"Accept": accept})
                    assert status == 200 and marker in body.decode(), body[:300]
        # the JSON names every frame's id, and they are all unique across workers
        frames = [f for _, page in held.values() for f in frame_ids(page)]
        assert len(frames) == len(set(frames))
        assert "the debugger failed" not in server.output and "MCP endpoint failed" not in server.output
        assert server.output.count("Debugger PIN: %s" % WORKERS_PIN) == 1, server.output  # one worker shows it
    finally:
        server.stop()


def test_stop_and_the_lockout_work_across_workers(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 3, ("-k", "gthread", "--threads", "4"))
    try:
        client = WorkerClient(base)
        held = spread_errors(client, 3)
        (error_id, page), = list(held.values())[:1]
        secret, frm = page_config(page)["secret"], failing_frame(page)
        assert client.unlock(secret)["auth"] is True
        done = {}
        runner = threading.Thread(target=lambda: done.update(out=client.eval(secret, frm, "import time\nwhile True: time.sleep(0.01)\n")))
        runner.start()
        time.sleep(1.0)
        for _ in range(5):  # Stop, over a fresh connection, from any worker
            status, _, body = client.api("interrupt", secret, frm=frm)
            assert status == 200
            if json.loads(body)["interrupted"]:
                break
        runner.join(10)
        assert not runner.is_alive() and "KeyboardInterrupt" in done["out"][1]
        # ten wrong PINs through any workers lock every worker
        stranger = WorkerClient(base)
        answers = [stranger.unlock(secret, "000-000-000") for _ in range(10)]
        assert [a["auth"] for a in answers] == [False] * 10 and answers[-1]["exhausted"] is True
        for _ in range(4):
            assert stranger.unlock(secret) == {"auth": False, "exhausted": True}
        # who unlocked before keeps the console
        assert client.eval(secret, frm, "worker_pid")[0] == 200
    finally:
        server.stop()


def test_a_killed_workers_errors_are_gone_within_a_second(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 3)
    try:
        client = WorkerClient(base)
        held = spread_errors(client, 3)
        victim, (error_id, page) = next(iter(held.items()))
        os.kill(victim, signal.SIGKILL)
        time.sleep(0.2)
        for _ in range(4):
            started = time.monotonic()
            status, _, body = http_get("%s/__debugger__/%d" % (base, error_id), {"Accept": "application/json"})
            assert time.monotonic() - started < 1.0
            assert status == 404 and json.loads(body)["error"] == (
                "This error is gone: the worker process that held it (pid %d) has exited." % victim)
        status, _, body = http_get("%s/__debugger__/%d" % (base, error_id), {"Accept": "text/html"})
        assert status == 404 and "(pid %d) has exited" % victim in body.decode()
        secret, frm = page_config(page)["secret"], failing_frame(page)
        client.unlock(secret)
        status, out = client.eval(secret, frm, "1")
        assert status == 404 and "(pid %d) has exited" % victim in out
        assert victim not in {e["worker"] for e in client.listed()}
    finally:
        server.stop()


def test_forwarded_requests_are_refused_exactly_like_direct_ones(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 3)
    try:
        client = WorkerClient(base)
        held = spread_errors(client, 3)
        error_id, page = next(iter(held.values()))
        secret, frm = page_config(page)["secret"], failing_frame(page)
        marker = tmp_path / "ran"
        code = "open(%r, 'w').write('x')" % str(marker)
        refusals = []
        for _ in range(4):  # fresh connections: the owner or another worker gets each
            refusals.append(client.eval(secret, frm, code)[0])  # no PIN cookie, no token
            refusals.append(client.api("eval", "0" * 48, {"code": code}, frm=frm)[0])  # a wrong secret
            refusals.append(client.api("eval", secret, {"code": code}, {"Origin": "http://evil.example"}, frm=frm)[0])
            refusals.append(client.api("eval", secret, {"code": code}, {"Host": "evil.example"}, frm=frm)[0])
        client.unlock(secret)
        for _ in range(4):
            headers = {"X-Debugger-Token": "0" * 64}
            refusals.append(client.api("eval", secret, {"code": code}, headers, frm=frm)[0])  # a wrong token
        assert refusals == [403, 403, 403, 400] * 4 + [403] * 4
        assert not marker.exists()
        status, _, body = http_get("%s/__debugger__/%d" % (base, error_id), {"Host": "evil.example"})
        assert status == 400 and b"failed in worker" not in body
        assert client.eval(secret, frm, "worker_pid")[0] == 200  # the right one still runs
    finally:
        server.stop()


def test_clear_and_latest_span_every_worker(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 3)
    try:
        client = WorkerClient(base)
        spread_errors(client, 3, at_least=3)
        newest_id, newest_pid, _ = client.fail("/fail/newest")
        for _ in range(4):
            status, _, body = http_get(base + "/__debugger__/latest", {"Accept": "application/json"})
            assert status == 200 and json.loads(body)["id"] == newest_id
        page = http_get(base + "/__debugger__", {"Accept": "text/html"})[2].decode()
        assert "<th title=\"the process id of the worker process that holds it\">Worker</th>" in page
        assert page_config(page)["secret"]
        secret = page_config(page)["secret"]
        client.unlock(secret)
        status, _, body = client.api("clear", secret)
        assert status == 200 and json.loads(body)["cleared"] >= 3
        assert client.listed() == []
    finally:
        server.stop()


def test_many_forwarded_inputs_at_once_hang_nothing(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 2, ("-k", "gthread", "--threads", "64"))
    try:
        client = WorkerClient(base)
        held = spread_errors(client, 2)
        error_id, page = next(iter(held.values()))
        secret, frm = page_config(page)["secret"], failing_frame(page)
        client.unlock(secret)
        statuses = []

        def one():
            statuses.append(client.eval(secret, frm, "import time; time.sleep(0.3); worker_pid")[0])

        threads = [threading.Thread(target=one) for _ in range(100)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        assert http_get(base + "/ok", timeout=5)[0] == 200  # the app is served meanwhile
        status, _, body = client.api("interrupt", secret, frm=frm)  # and Stop is answered
        assert status == 200
        for t in threads:
            t.join(30)
        assert not any(t.is_alive() for t in threads)
        assert set(statuses) <= {200, 503} and statuses.count(200) >= 8, statuses
        assert client.eval(secret, frm, "worker_pid")[0] == 200
    finally:
        server.stop()


def test_the_standalone_console_keeps_its_worker(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 3)
    try:
        client = WorkerClient(base)
        spread_errors(client, 3, at_least=3)  # every worker has opened its socket
        page = http_get(base + "/console", {"Accept": "text/html"})[2].decode()
        frm = int(re.search(r'data-frm="(\d+)"', page).group(1))
        owner = frm // wsgidebug.FRAME_ID_SPAN
        secret = page_config(page)["secret"]
        client.unlock(secret)
        assert client.eval(secret, frm, "import os; kept = os.getpid()")[0] == 200
        for _ in range(6):
            status, out = client.eval(secret, frm, "kept, os.getpid()")
            assert status == 200 and out.strip().endswith("(%d, %d)" % (owner, owner)), out
    finally:
        server.stop()


def test_another_user_cannot_reach_a_workers_socket(tmp_path):
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("switching to another user needs root (CI runs as root)")
    server, base = start_workers("gunicorn", tmp_path, 2)
    try:
        client = WorkerClient(base)
        held = spread_errors(client, 2)
        pid = next(iter(held))
        sockets = [os.path.join(d, "%d.sock" % pid) for d, _, names in os.walk("/tmp") if "%d.sock" % pid in names]
        sockets += [os.path.join(d, "%d.sock" % pid) for d, _, names in os.walk(str(tmp_path))
                    if "%d.sock" % pid in names]
        assert sockets
        child = os.fork()
        if child == 0:  # nobody: the OS refuses the connection
            code = 1
            try:
                os.setgid(65534)
                os.setuid(65534)
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    s.connect(sockets[0])
                except PermissionError:
                    code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(child, 0)
        assert os.WEXITSTATUS(status) == 0
        folder = os.path.dirname(sockets[0])
        assert os.stat(folder).st_mode & 0o077 == 0 and os.stat(sockets[0]).st_mode & 0o077 == 0
    finally:
        server.stop()


def _fake_worker(folder, pid, behaviour):
    """A listener at worker ``pid``'s socket that misbehaves."""
    path = os.path.join(folder, "%d.sock" % pid)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)

    def run():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            behaviour(conn)

    threading.Thread(target=run, daemon=True).start()
    return listener


@pytest.fixture
def group_of_workers(monkeypatch):
    """This process as a worker of a made-up server (whose 'parent' is a
    sleeping child), with a fake sibling (another sleeping child)."""
    parent = subprocess.Popen(["sleep", "60"])
    sibling = subprocess.Popen(["sleep", "60"])
    monkeypatch.setattr(os, "getppid", lambda: parent.pid)
    monkeypatch.setattr(wsgidebug, "_next_frame_id", wsgidebug._next_frame_id)
    yield sibling.pid
    parent.kill()
    sibling.kill()
    parent.wait()
    sibling.wait()


def test_a_threaded_workers_first_requests_make_one_group_with_its_ids(group_of_workers, monkeypatch):
    # gthread: a worker's first requests arrive at once; none may number its frames as a single process would
    made, real_guard = [], wsgidebug.PinGuard

    def slow_guard(*args, **kwargs):
        time.sleep(0.05)  # widens the window between the group being made and its ids
        made.append(1)
        return real_guard(*args, **kwargs)

    monkeypatch.setattr(wsgidebug, "PinGuard", slow_guard)
    d = Debugger(failing_app, evalex=True, pin_security=False)
    made.clear()  # the middleware's own, for a single process
    seen: list = []

    def first_request():
        d.mw.worker_group(True)
        seen.append(wsgidebug._next_frame_id())

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made) == 1 and d.mw._workers is not None and d.mw._workers.problem is None
    assert all(frame_id // wsgidebug.FRAME_ID_SPAN == os.getpid() for frame_id in seen), seen
    error_ids = {d.mw.store._next_id() for _ in range(3)}
    assert all(error_id // wsgidebug.ERROR_ID_SPAN == os.getpid() for error_id in error_ids)


def test_a_worker_that_hangs_or_answers_too_much_is_bounded(group_of_workers):
    sibling = group_of_workers
    d = Debugger(failing_app, evalex=True, pin_security=False)
    environ_extra = {"wsgi.multiprocess": True}
    r = call(d.mw, validate=False, **environ_extra, headers={"Accept": "text/html"})
    group = d.mw._workers
    assert group is not None and group.problem is None and group.listener is not None
    secret = d.mw.secret
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "s": secret,
                                "frm": str(sibling * wsgidebug.FRAME_ID_SPAN + 1)})
    hung = _fake_worker(group.folder, sibling, lambda conn: None)  # takes the connection, never answers
    try:
        started = time.monotonic()
        r = call(d.mw, method="POST", query=q, body=b"code=1", validate=False, **environ_extra,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 504 and "(pid %d) did not answer" % sibling in r.text
        assert time.monotonic() - started < 2.0
    finally:
        hung.close()
        os.unlink(group.socket_path(sibling))

    def too_much(conn):
        conn.recv(1 << 16)  # the request
        conn.sendall(b"A")
        conn.sendall(struct.pack(">II", 20, 9 << 20) + b" " * 20)
        time.sleep(0.5)
        conn.close()

    flood = _fake_worker(group.folder, sibling, too_much)
    try:
        r = call(d.mw, method="POST", query=q, body=b"code=1", validate=False, **environ_extra,
                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 502 and "over 8 MB" in r.text
    finally:
        flood.close()
    assert call(d.mw, path="/__debugger__", validate=False, **environ_extra).status_code == 200  # a stale socket, skipped
    os.unlink(group.socket_path(sibling))


def test_where_workers_cannot_reach_each_other_the_console_is_off_and_says_why(group_of_workers, monkeypatch):
    import socket as socket_module

    monkeypatch.delattr(socket_module, "AF_UNIX")
    d = Debugger(failing_app, evalex=True, pin_security=False)
    r = call(d.mw, validate=False, **{"wsgi.multiprocess": True}, headers={"Accept": "text/html"})
    assert "The console is off: this server runs several worker processes" in r.text
    assert "no Unix domain sockets (AF_UNIX)" in r.text and "python -m wsgidebug" in r.text
    assert 'class="open-console"' not in r.text
    frm = frame_ids(r.text)[-1]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "s": d.mw.secret, "frm": str(frm)})
    r = call(d.mw, method="POST", query=q, body=b"code=1", validate=False, **{"wsgi.multiprocess": True},
             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 403 and "cannot reach each other" in r.text


def test_a_workers_folder_open_to_others_is_refused(group_of_workers, monkeypatch, tmp_path):
    open_base = tmp_path / "open"
    for folder in (open_base / "workers", open_base / ("wsgidebug-%d" % os.getuid())):
        folder.mkdir(parents=True)
        os.chmod(folder, 0o777)  # made by someone careless, or by another user
    monkeypatch.setattr(wsgidebug, "_cache_dir", lambda: str(open_base))
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(open_base))
    monkeypatch.setattr(wsgidebug, "_LOCAL_KEY", b"k" * 64)
    folder, problem = wsgidebug.worker_folder(os.getppid())
    assert folder is None and "lets other users in" in problem


def test_a_workers_folder_too_long_for_a_socket_falls_back_to_the_temporary_folder(group_of_workers, monkeypatch,
                                                                                    tmp_path):
    deep = tmp_path / ("x" * 90)
    monkeypatch.setattr(wsgidebug, "_cache_dir", lambda: str(deep))
    monkeypatch.setattr(wsgidebug, "_LOCAL_KEY", b"k" * 64)
    folder, problem = wsgidebug.worker_folder(os.getppid())
    assert problem is None and folder.startswith(tempfile.gettempdir()) and len(folder) < 90


def test_browser_console_under_gunicorn_with_four_workers(tmp_path, page_in):
    """Chromium, gunicorn -w 4 (sync workers close every connection): the
    PIN, then 20 inputs, each answered in the frame's own worker."""
    server, base = start_workers("gunicorn", tmp_path, 4,
                                 ("--access-logfile", "-", "--access-logformat", "served-by %(p)s %(r)s"))
    try:
        page = page_in(base + "/fail/in-the-browser")
        owner = int(re.search(r"failed in worker (\d+)", page.content()).group(1))
        frame = page.locator(".frame.app", has_text="worker_pid").last
        frame.hover()
        frame.locator(".open-console").click()
        pin = frame.locator(".pin-box input")
        pin.wait_for()
        pin.fill(WORKERS_PIN)
        pin.press("Enter")
        frame.locator(".console textarea").wait_for()
        for n in range(20):
            out = submit(page, frame, "os.getpid(), worker_pid, %d" % n).locator(".out").inner_text()
            assert out == "(%d, %d, %d)" % (owner, owner, n)
        screenshot(page, "console-under-four-workers")
        assert page.errors == []
        served = set(re.findall(r"served-by <(\d+)> POST /\S*__debugger__=yes&cmd=eval", server.output))
        assert len(served) >= 2, server.output[-3000:]  # the inputs reached other workers, which forwarded them
        assert "worker process %d" % owner in page.locator(".brand").inner_text()
        # the list: every worker's errors, with a Worker column, at every width
        spread_errors(WorkerClient(base), 4, at_least=3)
        listing = page_in(base + "/__debugger__")
        listing.wait_for_function("() => document.querySelectorAll('#history tbody tr').length >= 3")
        assert listing.locator("#history thead th").nth(1).inner_text() == "Worker"
        workers = set(listing.locator("#history tbody tr td:nth-child(2)").all_inner_texts())
        assert len(workers) >= 3 and all(w.isdigit() for w in workers)
        for width in (360, 700, 1280):
            listing.set_viewport_size({"width": width, "height": 800})
            screenshot(listing, "list-of-four-workers-%d" % width)
            assert listing.evaluate("() => document.documentElement.scrollWidth") <= width
        time.sleep(1.7)  # the list refreshes itself: the column stays
        assert listing.locator("#history tbody tr td:nth-child(2)").first.inner_text().isdigit()
        assert listing.errors == []
    finally:
        server.stop()


def test_an_asgi_app_under_several_workers_is_told_apart(monkeypatch):
    monkeypatch.setattr(wsgidebug, "_SEVERAL_ASGI_PROCESSES", None)
    monkeypatch.setattr(sys, "argv", ["/venv/bin/uvicorn", "app:app", "--workers", "4"])
    monkeypatch.setitem(sys.modules, "uvicorn", sys.modules.get("uvicorn") or types_module("uvicorn"))
    assert wsgidebug.asgi_several_processes() is True
    monkeypatch.setattr(wsgidebug, "_SEVERAL_ASGI_PROCESSES", None)
    monkeypatch.setattr(sys, "argv", ["/venv/bin/uvicorn", "app:app", "--reload"])
    assert wsgidebug.asgi_several_processes() is False  # the reloader's one child is one process


def types_module(name):
    import types

    return types.ModuleType(name)


def test_an_asgi_app_under_workers_that_cannot_reach_each_other_has_no_console(group_of_workers, monkeypatch):
    monkeypatch.setattr(wsgidebug, "_SEVERAL_ASGI_PROCESSES", True)
    # (asyncio's own loop needs AF_UNIX here: the check itself is tested with the WSGI door)
    monkeypatch.setattr(wsgidebug, "worker_folder", lambda parent: (None, "this Python has no Unix domain sockets"))
    mw = wsgidebug.DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    r = asgi_call(mw, headers={"Accept": "text/html"})
    assert r.status == 500 and "The console is off: this server runs several worker processes" in r.text
    assert "no Unix domain sockets" in r.text and 'class="open-console"' not in r.text
    r = run_async(asgi_eval(mw, frame_ids(r.text)[-1], "order_id"))
    assert r.status == 403 and b"cannot reach each other" in r.body


def test_an_asgi_worker_of_several_forwards_and_numbers_by_its_pid(group_of_workers, monkeypatch):
    monkeypatch.setattr(wsgidebug, "_SEVERAL_ASGI_PROCESSES", True)
    mw = wsgidebug.DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    r = asgi_call(mw, headers={"Accept": "text/html"})
    frames = frame_ids(r.text)
    assert frames and all(f // wsgidebug.FRAME_ID_SPAN == os.getpid() for f in frames)
    assert "worker process %d" % os.getpid() in r.text
    r = run_async(asgi_eval(mw, frames[-1], "order_id"))
    assert r.status == 200 and "42" in r.text
    gone = group_of_workers * wsgidebug.FRAME_ID_SPAN + 7  # a frame of a sibling that kept nothing
    r = run_async(asgi_eval(mw, gone, "1"))
    assert r.status == 404 and b"This frame is gone" in r.body
    r = asgi_call(mw, "/__debugger__/%d" % (999999 * wsgidebug.ERROR_ID_SPAN + 1), headers={"Accept": "application/json"})
    assert r.status == 404 and json.loads(r.body)["error"] == (
        "This error is gone: the worker process that held it (pid 999999) has exited.")


# =============================================================================
# Coding agents: the MCP server at /__debugger__/mcp
# =============================================================================

MODERN = "2026-07-28"


def mcp_message(method, params=None, request_id=1, meta=True, version=MODERN):
    """A JSON-RPC request; ``meta``: with the 2026-07-28 _meta."""
    params = dict(params or {})
    if meta:
        params["_meta"] = {"io.modelcontextprotocol/protocolVersion": version,
                           "io.modelcontextprotocol/clientCapabilities": {}}
    message = {"jsonrpc": "2.0", "method": method, "params": params}
    if request_id is not None:
        message["id"] = request_id
    return message


def mcp_headers(mw=None, message=None, token=None):
    """The headers an agent sends: the token and, for a 2026-07-28 message, the mirrored ones."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    if token is None and mw is not None:
        token = mw.mcp_token
    if token:
        headers["Authorization"] = "Bearer " + token
    if message is not None:
        headers.update(wsgidebug.mirrored_headers(message))
    return headers


def mcp_call(mw, message=None, headers=None, raw=None, method="POST", path="/__debugger__/mcp", host="localhost"):
    """One request to a WSGI middleware's MCP endpoint: (status, headers, JSON or None)."""
    body = raw if raw is not None else json.dumps(message).encode()
    hdrs = mcp_headers(mw, message) if headers is None else headers
    path, _, query = path.partition("?")
    env = make_environ(path, method, query, None, b"", host)
    env["wsgi.input"], env["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
    for k, v in hdrs.items():
        key = k.upper().replace("-", "_")
        env[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = v
    r = call(mw, environ=env, validate=False)
    data = json.loads(r.body) if r.body else None
    return r.status_code, {k.lower(): v for k, v in r.headers}, data


def tool_call(name, arguments=None, **kw):
    return mcp_message("tools/call", {"name": name, "arguments": arguments or {}}, **kw)


def tool_text(answer):
    result = answer["result"]
    return result["content"][0]["text"], result["isError"]


def mcp_debugger(app=failing_app, **kw):
    kw.setdefault("evalex", True)
    kw.setdefault("pin_security", True)
    mw = DebuggedApplication(app, **kw)
    mw.pin = "123-456-789"
    r = call(mw, headers={"Accept": "text/html"})
    return mw, r


def test_mcp_both_eras_list_get_and_eval_in_the_failing_frame():
    mw, page = mcp_debugger()
    frm = frame_ids(page.text)[-1]
    error_id = int(page.header("X-Debugger-Url").rpartition("/")[2])
    # the handshake era
    for version in ("2025-06-18", "2025-11-25"):
        status, _, answer = mcp_call(mw, mcp_message("initialize", {
            "protocolVersion": version, "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}, meta=False))
        assert status == 200 and answer["result"]["protocolVersion"] == version
        assert answer["result"]["serverInfo"]["name"] == "wsgidebug" and "tools" in answer["result"]["capabilities"]
    status, _, answer = mcp_call(mw, mcp_message("initialize", {"protocolVersion": "2099-01-01"}, meta=False))
    assert answer["result"]["protocolVersion"] == "2025-11-25"  # ours, for a version we do not know
    assert mcp_call(mw, {"jsonrpc": "2.0", "method": "notifications/initialized"})[:1] == (202,)
    status, _, answer = mcp_call(mw, mcp_message("tools/list", meta=False))
    tools = {t["name"]: t for t in answer["result"]["tools"]}
    assert set(tools) == {"list_errors", "get_error", "eval"} and "resultType" not in answer["result"]
    assert tools["list_errors"]["annotations"]["readOnlyHint"] is True
    assert tools["get_error"]["annotations"]["readOnlyHint"] is True
    assert tools["eval"]["annotations"]["readOnlyHint"] is False
    # the stateless era
    status, _, answer = mcp_call(mw, mcp_message("server/discover"))
    result = answer["result"]
    assert status == 200 and result["resultType"] == "complete" and MODERN in result["supportedVersions"]
    assert "2025-06-18" in result["supportedVersions"] and result["capabilities"] == {"tools": {}}
    assert result["_meta"]["io.modelcontextprotocol/serverInfo"]["version"] == wsgidebug.__version__
    assert result["ttlMs"] >= 0 and result["cacheScope"] == "private"
    status, _, answer = mcp_call(mw, mcp_message("tools/list"))
    assert {t["name"] for t in answer["result"]["tools"]} == set(tools) and answer["result"]["ttlMs"] >= 0
    for meta in (True, False):
        text, is_error = tool_text(mcp_call(mw, tool_call("list_errors", meta=meta))[2])
        assert not is_error and "ValueError: the answer 42 is wrong" in text and "id %d" % error_id in text
        answer = mcp_call(mw, tool_call("list_errors", meta=meta))[2]
        assert answer["result"]["structuredContent"]["errors"][0]["id"] == error_id
        markdown, _ = tool_text(mcp_call(mw, tool_call("get_error", {"id": error_id}, meta=meta))[2])
        assert markdown == call(mw, path="/__debugger__/%d" % error_id, headers={"Accept": "text/markdown"}).text
        assert "(frame %d)" % frm in markdown  # every frame is named by its id
        assert tool_text(mcp_call(mw, tool_call("get_error", {}, meta=meta))[2])[0] == markdown  # the newest
        js, _ = tool_text(mcp_call(mw, tool_call("get_error", {"id": error_id, "format": "json"}, meta=meta))[2])
        assert json.loads(js) == call(mw, path="/__debugger__/%d" % error_id,
                                      headers={"Accept": "application/json"}).json()
        text, is_error = tool_text(mcp_call(mw, tool_call("eval", {
            "error_id": error_id, "frame": frm, "code": "answer + 1"}, meta=meta))[2])
        assert (text, is_error) == (">>> answer + 1\n43\n", False)
    # the same namespace as the page's console for that frame
    tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm, "code": "from_agent = 7"}))[2])
    auth = call(mw, method="POST", query="__debugger__=yes&cmd=pinauth&s=" + mw.secret, body=b"pin=123456789",
                validate=False)
    token = auth.json()["token"]
    q = urllib.parse.urlencode({"__debugger__": "yes", "cmd": "eval", "frm": frm, "s": mw.secret})
    r = call(mw, method="POST", query=q, body=b"code=from_agent", validate=False,
             headers={"Cookie": auth.header("Set-Cookie").split(";")[0], "X-Debugger-Token": token})
    assert out_text(r.text) == "7"
    # output, tracebacks and blocks, as text
    text, _ = tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm,
                                                        "code": "for i in range(2):\n    print('<b>', i)"}))[2])
    assert text == ">>> for i in range(2):\n...     print('<b>', i)\n<b> 0\n<b> 1\n"
    text, _ = tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm, "code": "1/0"}))[2])
    assert 'File "<console>", line 1, in <module>' in text and text.endswith("ZeroDivisionError: division by zero\n")


def test_mcp_eval_is_interrupted_past_its_timeout_and_output_stays_bounded():
    mw, page = mcp_debugger()
    frm, error_id = frame_ids(page.text)[-1], int(page.header("X-Debugger-Url").rpartition("/")[2])
    started = time.monotonic()
    text, is_error = tool_text(mcp_call(mw, tool_call("eval", {
        "error_id": error_id, "frame": frm, "code": "while True:\n    pass\n", "timeout": 0.5}))[2])
    assert time.monotonic() - started < 5 and "KeyboardInterrupt" in text
    assert "Interrupted after 0.5 s (the timeout)" in text and not is_error
    text, _ = tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm,
                                                        "code": "print('x' * (100 * 1024 * 1024))"}))[2])
    assert len(text) < 300_000 and "output cut at" in text
    assert tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm, "code": "answer"}))[2])[0] \
        .endswith("42\n")  # the console is free again


def test_mcp_never_shows_the_pin_or_the_token():
    mw, page = mcp_debugger()
    frm, error_id = frame_ids(page.text)[-1], int(page.header("X-Debugger-Url").rpartition("/")[2])
    code = "import wsgidebug; [m for m in wsgidebug._KEEPERS][0]().mcp_token, %r" % mw.pin
    text, _ = tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm, "code": code}))[2])
    assert mw.mcp_token not in text and "123-456-789" not in text and "********" in text


def test_mcp_refusals_each_with_its_status():
    mw, page = mcp_debugger()
    listing = tool_call("list_errors")
    ok = mcp_call(mw, listing)
    assert ok[0] == 200
    cases = {
        "no token": (dict(headers=mcp_headers(None, listing, token="")), 401),
        "wrong token": (dict(headers=mcp_headers(None, listing, token="0" * 64)), 401),
        "another scheme": (dict(headers=dict(mcp_headers(mw, listing), Authorization="Basic " + mw.mcp_token)), 401),
        "two tokens": (dict(headers=dict(mcp_headers(mw, listing),
                                         Authorization="Bearer %s, Bearer %s" % (mw.mcp_token, mw.mcp_token))), 401),
        "a cookie is no credential": (dict(headers=dict(mcp_headers(None, listing, token=""),
                                                        Cookie="%s=x" % mw.pin_cookie_name)), 401),
        "foreign origin": (dict(headers=dict(mcp_headers(mw, listing), Origin="http://evil.example")), 403),
        "untrusted host": (dict(host="evil.example"), 400),
        "GET": (dict(method="GET"), 405),
        "DELETE": (dict(method="DELETE"), 405),
        "token in the URL": (dict(path="/__debugger__/mcp?access_token=" + mw.mcp_token), 400),
        "not JSON": (dict(headers=dict(mcp_headers(mw, listing), **{"Content-Type": "text/plain"})), 415),
    }
    for name, (kw, status) in cases.items():
        got, headers, answer = mcp_call(mw, listing, **kw)
        assert got == status, (name, got, answer)
        assert answer["jsonrpc"] == "2.0" and "id" not in answer and "Traceback" not in json.dumps(answer), name
        if status == 401:
            assert headers["www-authenticate"].startswith("Bearer")
        if status == 405:
            assert headers["allow"] == "POST"
    assert "Traceback" not in mcp_call(mw, listing, host="evil.example")[2]["error"]["message"]


def test_mcp_wrong_tokens_are_held_back_like_wrong_pins(monkeypatch):
    monkeypatch.setattr(wsgidebug.PinGuard, "failure_delay", 0.3)
    mw, _ = mcp_debugger()
    started = time.monotonic()
    assert mcp_call(mw, tool_call("list_errors"), headers=mcp_headers(None, None, token="x"))[0] == 401
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert mcp_call(mw, tool_call("list_errors"))[0] == 200
    assert time.monotonic() - started < 0.3


def test_mcp_bad_messages_get_jsonrpc_errors():
    mw, page = mcp_debugger()
    frm, error_id = frame_ids(page.text)[-1], int(page.header("X-Debugger-Url").rpartition("/")[2])
    headers = mcp_headers(mw)

    def raw(body, **kw):
        return mcp_call(mw, raw=body if isinstance(body, bytes) else json.dumps(body).encode(),
                        headers=dict(headers, **kw))

    assert raw(b"{not json")[0] == 400 and raw(b"{not json")[2]["error"]["code"] == -32700
    assert raw(b"\xff\xfe")[2]["error"]["code"] == -32700
    assert raw(b"[" * 100000)[2]["error"]["code"] == -32700
    batch = [mcp_message("tools/list", meta=False), mcp_message("tools/list", meta=False, request_id=2)]
    assert raw(batch)[0] == 400 and raw(batch)[2]["error"]["code"] == -32600
    assert raw({"jsonrpc": "2.0", "id": 1, "result": {}})[2]["error"]["code"] == -32600  # a response
    assert raw({"jsonrpc": "1.0", "id": 1, "method": "ping"})[2]["error"]["code"] == -32600
    assert raw({"jsonrpc": "2.0", "id": None, "method": "ping"})[2]["error"]["code"] == -32600
    assert raw({"jsonrpc": "2.0", "id": 1.5, "method": "ping"})[2]["error"]["code"] == -32600
    assert raw({"jsonrpc": "2.0", "method": "notifications/cancelled"})[:1] == (202,)
    assert raw(mcp_message("ping", meta=False))[2]["result"] == {}
    # unknown methods: a JSON-RPC error (in 2026-07-28 with 404, as its transport says)
    status, _, answer = raw(mcp_message("resources/list", meta=False))
    assert (status, answer["error"]["code"]) == (200, -32601)
    message = mcp_message("resources/list")
    status, _, answer = mcp_call(mw, message)
    assert (status, answer["error"]["code"], answer["id"]) == (404, -32601, 1)
    # bad params, unknown tools; wrong argument types and unknown ids are tool errors
    assert raw({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": [1]})[2]["error"]["code"] == -32602
    assert raw(tool_call("no_such_tool", meta=False))[2]["error"]["code"] == -32602
    assert raw(mcp_message("tools/call", {"name": "eval", "arguments": "x"}, meta=False))[2]["error"]["code"] \
        == -32602
    for arguments, says in (
            ({"id": "7"}, "argument 'id' must be an integer, not str"),
            ({"id": True}, "argument 'id' must be an integer, not bool"),
            ({"format": "xml"}, "argument 'format' must be one of markdown, json"),
            ({"colour": 1}, "unknown argument 'colour'"),
            ({"id": 999999}, "No error 999999: it is unknown, or it was evicted")):
        text, is_error = tool_text(raw(tool_call("get_error", arguments, meta=False))[2])
        assert is_error and says in text, (arguments, text)
    for arguments, says in (
            ({"error_id": error_id, "frame": frm}, "missing argument 'code'"),
            ({"error_id": error_id, "frame": 1, "code": "1"}, "Frame 1 is not a frame of error"),
            ({"error_id": 424242, "frame": frm, "code": "1"}, "No error 424242")):
        text, is_error = tool_text(raw(tool_call("eval", arguments, meta=False))[2])
        assert is_error and says in text, (arguments, text)
    # a body over 1 MB
    assert raw(b"{" + b" " * (2 << 20) + b"}")[0] == 413
    assert mcp_call(mw, tool_call("list_errors"))[0] == 200  # and it keeps serving


def test_mcp_2026_07_28_checks_its_meta_and_headers():
    mw, _ = mcp_debugger()
    message = tool_call("list_errors")
    good = mcp_headers(mw, message)
    assert mcp_call(mw, message, headers=good)[0] == 200
    mismatches = {
        "no version header": {k: v for k, v in good.items() if k != "MCP-Protocol-Version"},
        "no method header": {k: v for k, v in good.items() if k != "Mcp-Method"},
        "no name header": {k: v for k, v in good.items() if k != "Mcp-Name"},
        "another method": dict(good, **{"Mcp-Method": "tools/list"}),
        "another name": dict(good, **{"Mcp-Name": "eval"}),
        "another version": dict(good, **{"MCP-Protocol-Version": "2025-11-25"}),
        "broken base64": dict(good, **{"Mcp-Name": "=?base64?!!!?="}),
    }
    for name, headers in mismatches.items():
        status, _, answer = mcp_call(mw, message, headers=headers)
        assert (status, answer["error"]["code"], answer["id"]) == (400, -32020, 1), (name, answer)
    encoded = dict(good, **{"Mcp-Name": "=?base64?bGlzdF9lcnJvcnM=?="})  # list_errors, Base64-encoded
    assert mcp_call(mw, message, headers=encoded)[0] == 200
    old = tool_call("list_errors", version="1900-01-01")
    status, _, answer = mcp_call(mw, old)
    assert (status, answer["error"]["code"]) == (400, -32022)
    assert answer["error"]["data"]["requested"] == "1900-01-01" and MODERN in answer["error"]["data"]["supported"]
    no_capabilities = tool_call("list_errors")
    del no_capabilities["params"]["_meta"]["io.modelcontextprotocol/clientCapabilities"]
    status, _, answer = mcp_call(mw, no_capabilities)
    assert (status, answer["error"]["code"]) == (400, -32602)
    headers_only = mcp_message("tools/list", meta=False)  # the modern header, no _meta
    status, _, answer = mcp_call(mw, headers_only, headers=dict(mcp_headers(mw), **{
        "MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/list"}))
    assert (status, answer["error"]["code"]) == (400, -32602)
    status, _, answer = mcp_call(mw, mcp_message("tools/list", meta=False),
                                 headers=dict(mcp_headers(mw), **{"MCP-Protocol-Version": "1999-09-09"}))
    assert status == 400 and "Unsupported MCP-Protocol-Version" in answer["error"]["message"]


def test_mcp_off_and_without_a_console():
    mw = DebuggedApplication(ok_app, evalex=True, mcp=False)
    assert call(mw, path="/__debugger__/mcp", method="POST").body == b"hello"  # the app's own path
    mw, page = mcp_debugger(evalex=False)
    answer = mcp_call(mw, mcp_message("tools/list"))[2]
    assert {t["name"] for t in answer["result"]["tools"]} == {"list_errors", "get_error"}
    assert mcp_call(mw, tool_call("eval", {"error_id": 1, "frame": 1, "code": "1"}))[2]["error"]["code"] == -32602
    assert tool_text(mcp_call(mw, tool_call("get_error"))[2])[1] is False


def test_mcp_seeded_fuzz_gets_jsonrpc_answers_and_keeps_serving():
    rng = random.Random(2026)
    mw, page = mcp_debugger()
    frm, error_id = frame_ids(page.text)[-1], int(page.header("X-Debugger-Url").rpartition("/")[2])
    valid = [tool_call("list_errors"), tool_call("get_error", {"id": error_id}), mcp_message("server/discover"),
             tool_call("eval", {"error_id": error_id, "frame": frm, "code": "answer"}),
             mcp_message("initialize", {"protocolVersion": "2025-06-18"}, meta=False), mcp_message("tools/list")]
    atoms = [None, True, 0, -1, 2 ** 70, 1.5, "", "x" * 300, "tools/call", "=?base64?", [], {}, [1, [2]],
             {"_meta": None}, "\u2028\x00"]

    def mutate(value, depth=0):
        if isinstance(value, dict) and value and rng.random() < 0.7:
            key = rng.choice(list(value))
            value = dict(value)
            choice = rng.random()
            if choice < 0.3:
                del value[key]
            elif choice < 0.6 or depth > 3:
                value[key] = rng.choice(atoms)
            else:
                value[key] = mutate(value[key], depth + 1)
            return value
        return rng.choice(atoms) if rng.random() < 0.5 else value

    statuses = set()
    for n in range(300):
        message = mutate(rng.choice(valid))
        headers = mcp_headers(mw, message if isinstance(message, dict) else None)
        if rng.random() < 0.2:
            headers.pop(rng.choice(list(headers)))
        raw = json.dumps(message).encode()
        if rng.random() < 0.1:
            raw = raw[:rng.randrange(len(raw) + 1)]
        status, _, answer = mcp_call(mw, raw=raw, headers=headers)
        statuses.add(status)
        assert status in (200, 202, 400, 401, 404, 413, 415), (n, status, message)
        if status == 202:
            assert answer is None
        else:
            assert answer["jsonrpc"] == "2.0" and ("result" in answer) != ("error" in answer), (n, answer)
            assert "Traceback (most recent call last)" not in json.dumps(answer) or "eval" in json.dumps(message)
    assert {200, 400} <= statuses
    assert tool_text(mcp_call(mw, tool_call("eval", {"error_id": error_id, "frame": frm, "code": "answer"}))[2])[0] \
        == ">>> answer\n42\n"


def test_mcp_in_the_asgi_door():
    mw = wsgidebug.DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    r = asgi_call(mw, headers={"Accept": "text/html"})
    frm, error_id = frame_ids(r.text)[-1], int(r.headers["x-debugger-url"].rpartition("/")[2])

    def mcp(message, headers=None):
        body = json.dumps(message).encode()
        scope = asgi_scope("/__debugger__/mcp", "POST", headers=dict(headers or mcp_headers(mw, message),
                                                                     **{"Content-Length": str(len(body))}))
        return asgi_call(mw, scope=scope, body=body, form=False)

    r = mcp(tool_call("eval", {"error_id": error_id, "frame": frm, "code": "order_id + 1"}))
    assert r.status == 200 and json.loads(r.body)["result"]["content"][0]["text"] == ">>> order_id + 1\n43\n"
    r = mcp(tool_call("list_errors"), headers=mcp_headers(None, tool_call("list_errors"), token="nope"))
    assert r.status == 401 and r.headers["www-authenticate"].startswith("Bearer")
    r = mcp(tool_call("get_error", {"id": error_id}))
    assert r.status == 200 and "no order 42" in json.loads(r.body)["result"]["content"][0]["text"]




def test_mcp_in_the_asgi_door_answers_on_the_loop_what_cannot_wait(monkeypatch):
    mw = wsgidebug.DebuggedASGIApplication(failing_asgi, evalex=True, pin_security=False)
    r = asgi_call(mw, headers={"Accept": "text/html"})
    frm, error_id = frame_ids(r.text)[-1], int(r.headers["x-debugger-url"].rpartition("/")[2])
    threaded: list = []
    real_in_thread = wsgidebug._in_thread

    async def counting_in_thread(function, *args):
        threaded.append(1)
        return await real_in_thread(function, *args)

    monkeypatch.setattr(wsgidebug, "_in_thread", counting_in_thread)

    async def mcp(message=None, raw=None):
        body = raw if raw is not None else json.dumps(message).encode()
        headers = mcp_headers(mw, message if message is not None else {})
        scope = asgi_scope("/__debugger__/mcp", "POST", headers=dict(headers, **{"Content-Length": str(len(body))}))
        t0 = time.perf_counter()
        result = await asgi_request(mw, scope=scope, body=body, form=False)
        return result, time.perf_counter() - t0

    async def main():
        slow = asyncio.ensure_future(mcp(tool_call("eval", {"error_id": error_id, "frame": frm,
                                                            "code": "import time; time.sleep(0.8); order_id"})))
        await asyncio.sleep(0.1)
        quick = [await mcp(message) for message in (
            mcp_message("ping", meta=False), tool_call("get_error", {"id": error_id}), tool_call("list_errors"))]
        return await slow, quick

    (slow, slow_took), quick = run_async(main())
    assert slow.status == 200 and json.loads(slow.body)["result"]["content"][0]["text"].endswith("42\n")
    for result, took in quick:  # answered while the eval still ran: the loop was free
        assert result.status == 200 and "result" in json.loads(result.body) and took < 0.5, (result.body, took)
    assert len(threaded) == 1 and slow_took >= 0.8  # only the eval left the loop
    escaped = json.dumps(tool_call("eval", {"error_id": error_id, "frame": frm, "code": "order_id"}))
    escaped = escaped.replace('"eval"', '"\\u0065val"')  # still eval once decoded: off the loop too
    result, _ = run_async(mcp(raw=escaped.encode()))
    assert len(threaded) == 2 and result.status in (200, 400)
    for raw in (b"{not json", b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call"}'):
        run_async(mcp(raw=raw))
    assert len(threaded) == 3  # a call without params may be anything: off the loop; bad JSON is not


def test_spare_threads_never_queue_a_job_and_reuse_idle_threads():
    spare = wsgidebug.SpareThreads("test-spare")
    spare.idle_seconds = 0.3
    release, seen = threading.Event(), []

    def blocked():
        seen.append(threading.get_ident())
        release.wait(5)

    for _ in range(3):
        spare.submit(blocked)  # each waits: the next must not queue behind it
    deadline = time.monotonic() + 3
    while len(seen) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(set(seen)) == 3 and spare.started == 3
    release.set()
    deadline = time.monotonic() + 3
    while spare.idle < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    done = threading.Event()
    spare.submit(done.set)
    assert done.wait(2) and spare.started == 3  # an idle thread took it
    deadline = time.monotonic() + 5
    while spare.idle and time.monotonic() < deadline:
        time.sleep(0.05)
    assert spare.idle == 0 and not [t for t in threading.enumerate() if t.name.startswith("test-spare")]
    spare.submit(done.clear)
    deadline = time.monotonic() + 3
    while done.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not done.is_set() and spare.started == 4  # after they ended, a new one


MCP_FLASK_APP = '''
from flask import Flask
app = Flask(__name__)
app.config["PROPAGATE_EXCEPTIONS"] = True

@app.route("/")
def failing_view():
    basket = ["tea"]
    raise ValueError("flask view failed with %s" % basket)
'''


def with_mcp_client(url, token, body, mode="auto"):
    """Run ``await body(client)`` with the official MCP SDK's client."""
    need("mcp")
    httpx2 = need("httpx2")
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def main():
        async with httpx2.AsyncClient(headers={"Authorization": "Bearer " + token}, timeout=30) as http:
            async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
                return await body(client)

    return run_async(main())


def sdk_walk(base, token, asgi):
    """list_errors, get_error (Markdown and JSON) and eval through the SDK, in both eras."""
    status, headers, _ = http_get(base + "/", {"Accept": "text/html"})
    assert status == 500
    error_id = int({k.lower(): v for k, v in headers.items()}["x-debugger-url"].rpartition("/")[2])

    async def walk(client):
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert set(tools) == {"list_errors", "get_error", "eval"}
        assert tools["get_error"].annotations.read_only_hint is True
        assert tools["eval"].annotations.read_only_hint is False
        listed = await client.call_tool("list_errors", {})
        assert not listed.is_error and listed.structured_content["errors"][0]["id"] == error_id
        markdown = (await client.call_tool("get_error", {"id": error_id})).content[0].text
        assert "view failed with ['tea']" in markdown
        report = json.loads((await client.call_tool("get_error", {"id": error_id, "format": "json"})).content[0].text)
        frame = [f for e in report["chain"] for f in e["frames"] if f["function"].endswith("failing_view")][-1]["id"]
        assert "(frame %d)" % frame in markdown
        out = await client.call_tool("eval", {"error_id": error_id, "frame": frame, "code": "basket + ['milk']"})
        assert out.content[0].text == ">>> basket + ['milk']\n['tea', 'milk']\n" and not out.is_error
        if asgi:
            out = await client.call_tool("eval", {"error_id": error_id, "frame": frame, "code":
                                                  "await asyncio.sleep(0)\nasyncio.get_running_loop() is not None"})
            assert out.content[0].text.endswith("True\n"), out.content[0].text
        stuck = await client.call_tool("eval", {"error_id": error_id, "frame": frame,
                                                "code": "while True:\n    pass", "timeout": 0.3})
        assert "Interrupted after 0.3 s" in stuck.content[0].text
        return client.session.protocol_version if hasattr(client, "session") else None

    for mode in ("auto", "legacy"):
        with_mcp_client(base + "/__debugger__/mcp", token, walk, mode)


def printed_token(server):
    return server.wait_for(r"MCP server for coding agents: (\S+) \(Authorization: Bearer ([0-9a-f]{64})\)")


def test_mcp_sdk_client_against_flask_under_the_wsgi_server(tmp_path, serve):
    need("flask")
    (tmp_path / "flaskmcp.py").write_text(MCP_FLASK_APP)
    port = _free_tcp_port()
    server = serve("--port", str(port), "flaskmcp:app", cwd=tmp_path)
    match = printed_token(server)
    base = "http://127.0.0.1:%d" % port
    assert match.group(1) == base + "/__debugger__/mcp"
    server.wait_for(r'claude mcp add --transport http wsgidebug %s --header "Authorization: Bearer %s"'
                    % (re.escape(match.group(1)), match.group(2)))
    server.wait_for(r'\.mcp\.json, Cursor: \{"mcpServers": \{"wsgidebug": \{"type": "http"')
    sdk_walk(base, match.group(2), asgi=False)


@pytest.mark.parametrize("server_name", ["wsgidebug", "uvicorn"])
def test_mcp_sdk_client_against_fastapi(tmp_path, server_name):
    need("fastapi")
    (tmp_path / "fw_fastapi.py").write_text(FRAMEWORK_APPS["fastapi"].replace("import DebuggedASGIApplication",
                                                                              "import DebuggedASGIApplication\nimport asyncio"))
    token = "agent-token-" + "7" * 40
    server, port = start_asgi_server(server_name, "fw_fastapi", tmp_path, env={
        "WSGIDEBUG_PIN": "off", "WSGIDEBUG_MCP_TOKEN": token})
    try:
        sdk_walk("http://127.0.0.1:%d" % port, token, asgi=True)
        assert "Authorization: Bearer %s" % token in server.output  # printed at startup, WSGIDEBUG_MCP_TOKEN's
    finally:
        server.stop()


def test_mcp_stdio_relay_with_the_sdks_stdio_client(tmp_path, serve):
    need("mcp")
    (tmp_path / "stdioapp.py").write_text("from wsgidebug import DebuggedApplication\n"
                                          "def app(environ, start_response):\n"
                                          "    seen = 'from the relay'\n"
                                          "    raise KeyError(seen)\n")
    port = _free_tcp_port()
    server = serve("--port", str(port), "stdioapp:app", cwd=tmp_path)
    token = printed_token(server).group(2)
    base = "http://127.0.0.1:%d" % port
    assert http_get(base + "/")[0] == 500
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(command=sys.executable, args=["-m", "wsgidebug", "--mcp-stdio",
                                                                 base + "/__debugger__/mcp"],
                                   env=dict(os.environ, WSGIDEBUG_MCP_TOKEN=token, PYTHONPATH=HERE))

    async def main(mode):
        async with Client(params, mode=mode) as client:
            listed = await client.call_tool("list_errors", {})
            error_id = listed.structured_content["errors"][0]["id"]
            markdown = (await client.call_tool("get_error", {"id": error_id})).content[0].text
            frame = int(re.findall(r"\(frame (\d+)\)", markdown)[-1])
            out = await client.call_tool("eval", {"error_id": error_id, "frame": frame, "code": "seen.upper()"})
            return out.content[0].text

    for mode in ("auto", "legacy"):
        assert run_async(main(mode)) == ">>> seen.upper()\n'FROM THE RELAY'\n"
    # a wrong token: a JSON-RPC error on standard output, not a hang
    relay = subprocess.run([sys.executable, "-m", "wsgidebug", "--mcp-stdio", base + "/__debugger__/mcp"],
                           input=json.dumps(mcp_message("tools/list", meta=False)) + "\n", text=True,
                           capture_output=True, timeout=30, env=dict(os.environ, WSGIDEBUG_MCP_TOKEN="wrong",
                                                                     PYTHONPATH=HERE))
    answer = json.loads(relay.stdout)
    assert relay.returncode == 0 and "Authorization: Bearer" in answer["error"]["message"]


def test_mcp_through_several_workers_reaches_the_owner(tmp_path):
    server, base = start_workers("gunicorn", tmp_path, 3, env={"WSGIDEBUG_MCP_TOKEN": "workers-token-" + "9" * 30})
    token = "workers-token-" + "9" * 30
    try:
        client = WorkerClient(base)
        held = spread_errors(client, 3)

        async def walk(mcp_client):
            listed = (await mcp_client.call_tool("list_errors", {})).structured_content["errors"]
            assert {e["worker"] for e in listed} == set(held)
            for pid, (error_id, page) in held.items():
                frm = failing_frame(page)
                for _ in range(4):  # fresh connections reach any worker; the owner answers
                    out = await mcp_client.call_tool("eval", {"error_id": error_id, "frame": frm,
                                                              "code": "import os; os.getpid(), worker_pid"})
                    assert out.content[0].text.endswith("(%d, %d)\n" % (pid, pid)), out.content[0].text
                    md = (await mcp_client.call_tool("get_error", {"id": error_id})).content[0].text
                    assert "failed in worker %d" % pid in md

        with_mcp_client(base + "/__debugger__/mcp", token, walk)
    finally:
        server.stop()


def test_mcp_eval_blocked_outside_python_is_answered_soon_after_its_timeout():
    mw, page = mcp_debugger()
    frm, error_id = frame_ids(page.text)[-1], int(page.header("X-Debugger-Url").rpartition("/")[2])
    started = time.monotonic()
    text, is_error = tool_text(mcp_call(mw, tool_call("eval", {
        "error_id": error_id, "frame": frm, "code": "import time; time.sleep(20)", "timeout": 0.2}))[2])
    assert time.monotonic() - started < 8  # the timeout, then 5 s for the interrupt to land
    assert is_error and "Interrupted after 0.2 s" in text and "The input did not stop" in text
    assert [t for t in threading.enumerate() if t.name.startswith("wsgidebug-mcp")][0].daemon  # no exit waits for it


def test_mcp_token_is_stable_across_processes_and_set_by_the_environment(tmp_path):
    (tmp_path / "tokenapp.py").write_text("def app(environ, start_response):\n    raise ValueError('x')\n")
    script = ("import sys, wsgidebug; sys.path.insert(0, %r); import tokenapp; "
              "print(wsgidebug.DebuggedApplication(tokenapp.app).mcp_token)" % str(tmp_path))

    def token(cache, **env):
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30, env=dict(
            os.environ, XDG_CACHE_HOME=str(cache), PYTHONPATH=HERE, **env)).stdout.strip()

    first = token(tmp_path / "a")
    assert re.fullmatch(r"[0-9a-f]{64}", first) and token(tmp_path / "a") == first  # a restart: the same
    assert token(tmp_path / "b") != first  # another key (another user, another machine): another token
    assert token(tmp_path / "a", WSGIDEBUG_MCP_TOKEN="chosen-by-me") == "chosen-by-me"
