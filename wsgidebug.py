"""wsgidebug: an interactive debugger for WSGI and ASGI applications, in one file.

Wrap an application and every error it raises becomes a traceback page::

    from wsgidebug import DebuggedApplication, DebuggedASGIApplication
    app = DebuggedApplication(app, evalex=True)        # WSGI
    app = DebuggedASGIApplication(app, evalex=True)    # ASGI (FastAPI, Starlette, ...)

or serve it with the built-in development server::

    python -m wsgidebug myapp:app

With ``evalex`` each frame of the page opens a Python console that runs in
that frame, protected by a PIN printed on the terminal, a per-process secret,
a lockout after failed tries and a trusted-host check.

The module reads top to bottom in the order data flows:

    1. public API and constants; reading objects without running their code
    2. the model of an error: frames and the places in the code they stand
       at (what a place gives every error there is made once), chains,
       groups, hidden frames, the plain text; masking; the request, the
       process and hints; ErrorReport, which every output renders from
    3. rendering: reprs, the templates (styles and scripts), the page,
       editor links, Markdown, JSON, the list of kept errors
    4. the console: evaluation (top-level await too), output capture,
       completion, interruption
    5. security: PIN, key file, cookie and token, trusted hosts and origins
    6. the middleware: the kept errors (ErrorStore), the errors no
       middleware sees, the workers of a server with several processes
       (WorkerGroup: ids that name their worker, requests forwarded to it),
       one core (DebuggerCore: settings, PIN state, the routing of the
       debugger's own requests, the answers to errors), its two protocols
       (DebuggerAPI, the pages' HTTP API; MCPEndpoint, MCP for coding
       agents); then its two doors: DebuggedApplication (WSGI) and, after the WSGI
       helpers, DebuggedASGIApplication (ASGI), which fills in the same
       CGI-style request dict from the scope (asgi_environ) and sends the
       core's answer back (_collect)
    7. the development servers: one HTTP/1.1 core (the request head's
       parser and limits, refusals, the answer's framing, the access log)
       under two servers, the threaded one for WSGI apps (make_server) and
       the asyncio one for ASGI apps (ASGIServer: HTTP cycles, WebSocket,
       lifespan); run_simple picks one; the reloader, the demos and the
       command line

Standard library only; runs on CPython 3.9 and later.  Heavy modules
(traceback, json, hashlib, the server, pydoc) are imported where they are
first used, so that importing wsgidebug costs next to nothing.
"""
from __future__ import annotations

import io  # loaded with the interpreter (its standard streams): free to import
import itertools  # built into the interpreter: free to import
import os
import sys
from time import monotonic as _monotonic, perf_counter as _now, time as _time  # built in too

__version__ = "0.4.0"
__all__ = [
    "DebuggedApplication",
    "DebuggedASGIApplication",
    "run_simple",
    "serve_asgi",
    "ASGIServer",
    "is_asgi_app",
    "get_pin_and_cookie_name",
    "debug_repr",
    "dump",
    "main",
]


# =============================================================================
# 1. Public constants
# =============================================================================

#: Hosts whose pages may use the console.  A leading dot matches the name
#: and every subdomain; matching ignores the port and case.
DEFAULT_TRUSTED_HOSTS = (".localhost", "127.0.0.1", "[::1]")

#: Lower-case substrings that make a name sensitive: its value is never
#: shown on a page (a name ending in ``_key`` is sensitive too).
DEFAULT_SENSITIVE_NAMES = (
    "password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "auth",
    "credential", "private_key", "privatekey", "session", "csrf", "xsrf", "cookie",
    "signature", "dsn", "salt",
)

#: Request headers whose values are never shown.
SENSITIVE_HEADERS = ("authorization", "proxy-authorization", "cookie")

#: The environment variables that set the PIN: their values are never shown
#: (wsgiref-based servers copy ``os.environ`` into every environ).
PIN_ENV_KEYS = ("WSGIDEBUG_PIN", "WERKZEUG_DEBUG_PIN")

#: What a masked value shows instead.
MASK = "********"

#: The environ keys under which the middleware offers ``preserve_context``.
PRESERVE_CONTEXT_KEYS = ("werkzeug.debug.preserve_context", "wsgidebug.preserve_context")
_PRESERVE_KEY_WERKZEUG, _PRESERVE_KEY_OWN = PRESERVE_CONTEXT_KEYS

#: The environ key (scope key, in ASGI) under which the middleware leaves an
#: exception it logged and re-raised: a server that finds it there knows the
#: traceback is on the terminal already.
LOGGED_KEY = "wsgidebug.logged"
BODY_KEY = "wsgidebug.body"  # environ/scope key: what the app read of the request's body (a BodyRecorder)
TIMELINE_KEY = "wsgidebug.timeline"  # environ/scope key: what the request did (a Timeline, made at its first entry)
STARTED_KEY = "wsgidebug.started"  # environ/scope key: when the request started (perf_counter seconds)
MAX_KEPT_BODY = 64 * 1024  # bytes of a request's body kept with its error (the rest is counted)

#: The line before the traceback of an error that cut a response short.
RESTARTED_MESSAGE = ("The server restarted since this page was drawn: this error and its console are gone. "
                     "Reload the page, or open the list of errors.")

#: How many recent errors keep their frames alive for the console.
MAX_KEPT_TRACEBACKS = 16

#: Failed PIN attempts before the console locks until the process restarts.
PIN_MAX_FAILURES = 10

#: How long a PIN cookie is trusted, in seconds.
PIN_COOKIE_MAX_AGE = 7 * 24 * 60 * 60

#: Source lines shown on each side of the failing line, folded and unfolded.
CONTEXT_LINES = 2
EXPANDED_CONTEXT_LINES = 10

#: Size bounds that keep an error page small whatever the app holds.
MAX_NAME_CHARS = 300            # a type, function, file, module or local name
MAX_SOURCE_LINE_CHARS = 240     # one source line in a frame
MAX_MESSAGE_CHARS = 4000        # the exception message in the header
MAX_TEXT_LINE_CHARS = 4000      # one line of the plain-text traceback
MAX_TEXT_CHARS = 400_000        # the whole plain-text traceback in the page
MAX_LOCALS_SHOWN = 24           # locals listed under a frame
MAX_ATTRIBUTES_SHOWN = 12       # instance attributes shown under an object's type
MAX_GROUP_MEMBERS = 15          # sub-exceptions shown per ExceptionGroup
MAX_GROUP_DEPTH = 10            # nesting of ExceptionGroups shown
MAX_REQUEST_BODY = 1 << 20      # debugger POST bodies
MAX_RUNNING_INPUTS = 8          # console inputs (and completions) running at once

#: The sentences the stdlib prints between chained exceptions.
CAUSE_MESSAGE = "The above exception was the direct cause of the following exception:"
CONTEXT_MESSAGE = "During handling of the above exception, another exception occurred:"
#: Under a group member that the page shows already (as the group's context).
SEEN_ABOVE = "This exception is shown above, with its traceback."

_MISSING = object()
_MODULE_GLOBALS = globals()

#: False when the module runs; true for mypy (``always_true`` in setup.cfg),
#: which then sees the names the annotations use without the module
#: importing ``typing`` or ``asyncio`` at import time.
_TYPE_CHECKING = False
if _TYPE_CHECKING:
    from typing import Any


def _logger():
    """The ``wsgidebug`` logger at INFO, with a plain stderr handler only if
    the application has not configured logging itself."""
    import logging

    logger = logging.getLogger("wsgidebug")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)  # the PIN and the access log are INFO
    if not logger.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.propagate = False  # a root handler the app adds later must not print each line again
    return logger


def _log(level: str, message: str, *args) -> None:
    """Log through the ``wsgidebug`` logger (see _logger)."""
    getattr(_logger(), level)(message, *args)


def terminal_safe(text: str) -> str:
    """Text for a terminal or a log: every control character but newline and
    tab escaped (``\\x1b``), so app text cannot move the cursor, set the
    title, write the clipboard or rewrite a line with a carriage return;
    and no line after the first may pass for one of the servers' own (see
    _forged_line)."""
    if not (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()):
        text = "".join(c if c.isprintable() or c in "\n\t" else _escaped_char(c) for c in text)
    if "\n" not in text.rstrip("\n"):
        return text
    first, *rest = text.split("\n")
    return "\n".join([first] + ["  | " + line if _forged_line(line) else line for line in rest])


def _forged_line(line: str) -> bool:
    """Whether a line inside a traceback (an exception's message spread over
    lines, say) could pass for a line of ours: the banner's `` * `` lines
    (the PIN, the URLs), a ``wsgidebug`` line or an access-log line."""
    head = line[:1]
    if head == " ":
        return line.startswith(" * ")
    if head == "w":
        return line.startswith("wsgidebug")
    return (head.isdigit() or head == "[" or head == "-") and ' "' in line


def printable(text: str) -> str:
    """One log line from client or app text: newlines escaped too."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped_char(c) for c in text)


def _escaped_char(c: str) -> str:
    n = ord(c)
    return "\\x%02x" % n if n < 256 else "\\u%04x" % n if n < 0x10000 else "\\U%08x" % n


def _escape(text: str) -> str:
    """HTML-escape text for element content and quoted attributes."""
    if not ("&" in text or "<" in text or ">" in text or '"' in text or "'" in text):
        return text  # most names and values: nothing to do
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def _clip(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return text[:limit] + " [... %d more characters]" % (len(text) - limit)


def _safe_str(obj: object) -> str:
    """str(obj) that never raises (as the stdlib shows a failing __str__)."""
    try:
        return str(obj)
    except Exception:
        return "<exception str() failed>"


# -- reading objects without running their code --------------------------------
#
# Drawing a page must not run app code: no __repr__, property, __getattr__,
# __eq__ or metaclass method.  These read the C-level slots of types and
# exceptions directly, past any override, and compare types by identity.

_TYPE_QUALNAME = type.__dict__["__qualname__"].__get__
_TYPE_MODULE = type.__dict__["__module__"].__get__
_TYPE_MRO = type.__dict__["__mro__"].__get__
_TYPE_DICT = type.__dict__["__dict__"].__get__
_EXC_CAUSE = BaseException.__dict__["__cause__"].__get__
_EXC_CONTEXT = BaseException.__dict__["__context__"].__get__
_EXC_SUPPRESS_CONTEXT = BaseException.__dict__["__suppress_context__"].__get__
_EXC_TRACEBACK = BaseException.__dict__["__traceback__"].__get__
_EXC_DICT = BaseException.__dict__["__dict__"].__get__


def type_name(cls: type) -> str:
    """``module.QualName`` of a class (bare for builtins), bounded, read
    without calling the class's or its metaclass's code."""
    try:
        name = _TYPE_QUALNAME(cls)
        module = _TYPE_MODULE(cls)
    except Exception:
        return "<unknown type>"
    if type(name) is not str:
        name = "?"
    if type(module) is str and module not in ("builtins", "__main__"):
        name = "%s.%s" % (module, name)
    return _clip(name, MAX_NAME_CHARS)


def _class_runs_code_on_access(cls: type) -> bool:
    """Whether reading attributes of an exception class or its instances may
    run app code (a metaclass with attribute or comparison hooks, or an
    exception class that overrides attribute access)."""
    try:
        for klass in _TYPE_MRO(type(cls)):
            if klass is not type and klass is not object:
                d = _TYPE_DICT(klass)
                if "__getattribute__" in d or "__getattr__" in d or "__eq__" in d or "__hash__" in d:
                    return True
        for klass in _TYPE_MRO(cls):
            if klass is not object and klass is not BaseException:
                d = _TYPE_DICT(klass)
                if "__getattribute__" in d or "__getattr__" in d:
                    return True
    except Exception:
        return True
    return False


# =============================================================================
# 2. The traceback model
# =============================================================================
#
# An error becomes a Traceback: a chain of ExceptionInfo (oldest first, as
# the stdlib prints them), each with its frames (hidden frames removed,
# recursion collapsed) and, for an ExceptionGroup, the chains of its members.
# Frames get small ids from a process-wide counter; the console finds a
# frame by that id.

_next_frame_id = itertools.count(1).__next__  # frame ids: 1, 2, 3, ... (0 is /console)


_LIBRARY_DIRS: tuple[str, ...] | None = None


def _library_dirs() -> tuple[str, ...]:
    """Folders whose files are library code: the stdlib and installed packages."""
    global _LIBRARY_DIRS
    if _LIBRARY_DIRS is None:
        stdlib = os.path.dirname(os.__file__)
        dirs = {stdlib, os.path.realpath(stdlib)}
        for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix}:
            dirs.add(os.path.join(prefix, "lib"))
        _LIBRARY_DIRS = tuple(sorted(d.rstrip(os.sep) + os.sep for d in dirs))
    return _LIBRARY_DIRS


_PACKAGE_DIRS = (os.sep + "site-packages" + os.sep, os.sep + "dist-packages" + os.sep)


def is_library_file(filename: str) -> bool:
    """True for the stdlib, site-packages, frozen and built-in code."""
    if not filename or filename.startswith("<"):
        return True
    if _PACKAGE_DIRS[0] in filename or _PACKAGE_DIRS[1] in filename:
        return True
    return filename.startswith(_library_dirs())


class _Site:
    """A place in the code (a code object and an instruction) and what
    every error passing there shares: the names, the failing expression's
    columns, and what was drawn from the source there.  What comes from
    the source is kept while linecache holds the same text of the file
    (an edit replaces it), so a page of frames seen before costs little
    more than its values."""

    __slots__ = ("filename", "function", "is_app", "is_template", "positions", "may_have_info", "lines", "drawn")

    def __init__(self, code, lasti: int, lineno: int):
        self.filename = _clip(code.co_filename, MAX_NAME_CHARS)
        self.function = _clip(getattr(code, "co_qualname", code.co_name), MAX_NAME_CHARS)
        self.is_app = not is_library_file(self.filename)
        # Jinja2 rewrites a template's frames to raise at the template's line
        # (``raise __jinja_exception__``) with the place as the code's name.
        self.is_template = "__jinja_exception__" in code.co_names and type(code.co_name) is str
        if self.is_template:
            self.function = _clip(_jinja_place(code.co_name, self.filename, lineno), MAX_NAME_CHARS)
            self.positions = None  # Python's columns are those of the generated line, not the template's
            self.may_have_info = False
            self.lines, self.drawn = None, {}
            return
        self.positions = _instruction_positions(code, lasti, lineno)
        self.may_have_info = _code_has_name(code, "__traceback_info__")
        self.lines: list | None = None  # linecache's lines of the file that `drawn` comes from
        self.drawn: dict = {}

    def memo(self, key, make, module_globals=None):
        """``make()``, made once per key while the file's text stays the same."""
        lines = _cached_lines(self.filename, module_globals)
        if lines is not self.lines or not lines:  # edited, or unreadable (nothing to keep)
            self.lines, self.drawn = lines, {}
        try:
            return self.drawn[key]
        except KeyError:
            value = self.drawn[key] = make()
            return value


#: Jinja's own globals, and those Flask adds: listed after a template's variables.
_JINJA_GLOBALS = frozenset(("range", "dict", "lipsum", "cycler", "joiner", "namespace",
                            "url_for", "get_flashed_messages", "config", "request", "session", "g"))


def _jinja_place(name: str, filename: str, lineno: int) -> str:
    """Where in a Jinja2 template: Jinja names ``top-level template code``
    and ``block 'x'``; its ``template`` is found in the source to be the
    macro around the line (``macro 'row'``) when there is one."""
    if name != "template":
        return name
    import re

    depth = 0
    for line in reversed(_cached_lines(filename)[:lineno][-2000:]):
        for tag in reversed(re.findall(r"\{%-?\s*(macro|endmacro)\b\s*([A-Za-z_]\w*)?", line)):
            if tag[0] == "endmacro":
                depth += 1
            elif depth:
                depth -= 1
            elif tag[1]:
                return "macro %r" % tag[1]
    return name


MAX_SITES = 2000  # places in the code remembered; all forgotten past that
_SITES: dict = {}


def _site(code, lasti: int, lineno: int) -> _Site:
    """The _Site of an instruction (made the first time an error passes there)."""
    key = (code, code.co_filename, lasti, lineno)  # code objects compare equal whatever their file (templates)
    site = _SITES.get(key)
    if site is None:
        if len(_SITES) >= MAX_SITES:
            _SITES.clear()
        site = _SITES[key] = _Site(code, lasti, lineno)
    return site


def _cached_lines(filename: str, module_globals=None) -> list:
    """linecache's lines of a file (the same list while the file is unchanged)."""
    import linecache

    try:
        return linecache.getlines(filename, module_globals)
    except Exception:
        return []


class FrameInfo:
    """One shown frame of a traceback, with what the page needs of it."""

    __slots__ = ("id", "frame", "site", "filename", "lineno", "function", "is_app", "is_template", "positions", "info",
                 "globals")

    def __init__(self, frame, lineno: int, lasti: int):
        self.id = _next_frame_id()
        self.frame = frame
        self.site = site = _site(frame.f_code, lasti, lineno)
        self.filename = site.filename
        self.lineno = lineno
        self.function = site.function
        self.is_app = site.is_app
        self.is_template = site.is_template
        self.positions = site.positions
        self.info = _traceback_info(frame) if site.may_have_info else None
        self.globals = frame.f_globals

    def source_window(self, radius: int) -> list[tuple[int, str]]:
        """[(lineno, text)] around the failing line; empty when unreadable."""
        return self.site.memo(("window", radius), lambda: read_source_window(
            self.filename, self.lineno, radius, self.globals), self.globals)

    def local_summaries(self, sensitive=DEFAULT_SENSITIVE_NAMES) -> list[tuple[str, str]]:
        """(name, bounded summary) of a few locals, sensitive ones masked;
        never calls user code."""
        try:
            names = list(self.frame.f_locals.items())
        except Exception:
            return []
        shown = [(k, v) for k, v in names if type(k) is str and not k.startswith("__")]
        if self.is_template:  # Jinja lists its globals first: the template's own variables come first here
            shown.reverse()
            shown.sort(key=lambda item: item[0] in _JINJA_GLOBALS)
        out = [(_clip(k, MAX_NAME_CHARS), masked_summary(k, v, sensitive)) for k, v in shown[:MAX_LOCALS_SHOWN]]
        if len(shown) > MAX_LOCALS_SHOWN:
            out.append(("...", "%d more" % (len(shown) - MAX_LOCALS_SHOWN)))
        return out

    def local_attributes(self, sensitive=DEFAULT_SENSITIVE_NAMES) -> dict:
        """Local name -> ([(attribute, summary)], how many more), for the
        shown locals that are objects with readable attributes (see
        object_attributes); a sensitive name's object shows none."""
        try:
            names = list(self.frame.f_locals.items())
        except Exception:
            return {}
        out = {}
        for k, v in names[:MAX_LOCALS_SHOWN * 2]:
            if type(k) is not str or k.startswith("__") or is_sensitive_name(k, sensitive) or k in PIN_ENV_KEYS:
                continue
            attributes = object_attributes(v, sensitive)
            if attributes and attributes[0]:
                out[_clip(k, MAX_NAME_CHARS)] = attributes
        return out

    def failing_source(self) -> str:
        """The failing expression's text (3.11+), else the failing line."""
        window = self.source_window(0)
        if not window:
            return ""
        line = window[0][1]
        if not self.positions:
            return line
        raw = line.encode("utf-8")
        start, end = self.positions
        return (raw[start:] if end < 0 else raw[start:end]).decode("utf-8", "ignore")

    def failing_values(self, sensitive=DEFAULT_SENSITIVE_NAMES) -> list[tuple[str, str]]:
        """(name, masked summary) of each name the failing expression uses,
        from the frame's locals, then its globals (builtins left out)."""
        names = self.site.memo("names", lambda: names_in_source(self.failing_source()), self.globals)
        if not names:
            return []
        try:
            local_ns = self.frame.f_locals
        except Exception:
            local_ns = {}
        out = []
        for name in names:
            for ns in (local_ns, self.globals):
                try:
                    if name in ns:
                        out.append((name, masked_summary(name, ns[name], sensitive)))
                        break
                except Exception:  # nosec B112 - a hostile mapping: next one
                    continue
        return out


class Repeat:
    """A run of identical frames folded away, as the stdlib does."""

    __slots__ = ("count",)

    def __init__(self, count: int):
        self.count = count

    def text(self) -> str:
        """The line the stdlib prints for the fold."""
        s = "s" if self.count > 1 else ""
        return "[Previous line repeated %d more time%s]" % (self.count, s)


def _instruction_positions(code, lasti: int, lineno: int):
    """(start_col, end_col) of the failing expression on its line (3.11+)."""
    positions = getattr(code, "co_positions", None)
    if positions is None or lasti < 0:
        return None
    try:
        pos = next(itertools.islice(positions(), lasti // 2, None), None)
    except Exception:
        return None
    if not pos or pos[0] != lineno or pos[2] is None or pos[3] is None:
        return None
    start, end_line, col, end_col = pos
    if end_line != start:
        end_col = -1  # to the end of the line
    return col, end_col


def _code_has_name(code, name: str) -> bool:
    """Whether a code object can hold a local ``name`` (without building a
    frame's locals, which before 3.13 makes a dict per frame)."""
    return name in code.co_varnames or name in code.co_cellvars or name in code.co_names


def _traceback_info(frame) -> str | None:
    """The Paste ``__traceback_info__`` of a frame, as bounded text (asked
    only of frames whose code has that name)."""
    try:
        value = frame.f_locals.get("__traceback_info__")
    except Exception:
        return None
    if value is None:
        return None
    return _clip(value if type(value) is str else summarize_value(value), MAX_MESSAGE_CHARS)


def _hide_value(frame):
    """The Paste ``__traceback_hide__`` marker of a frame (locals, then globals)."""
    try:
        value = frame.f_locals.get("__traceback_hide__") if _code_has_name(frame.f_code, "__traceback_hide__") else None
        if value is None:
            value = frame.f_globals.get("__traceback_hide__")
        return value
    except Exception:
        return None


def _walk_tb(tb):
    """[(frame, lineno, lasti)] from a traceback object, oldest first."""
    entries = []
    while tb is not None:
        entries.append((tb.tb_frame, tb.tb_lineno or 0, tb.tb_lasti))
        tb = tb.tb_next
    return entries


_HIDE_RULES = ("before", "before_and_this", "after", "after_and_this", "reset", "reset_and_this")


def hide_rule(value) -> str | bool:
    """What a ``__traceback_hide__`` value asks: one of the Paste rules
    (``"before"``, ``"after"``, ...), True to hide the frame, or False.

    Any other true value hides the frame; the truth of an object that is
    not a builtin is not asked (that would run its ``__bool__``)."""
    t = type(value)
    if value is None or value is False:
        return False
    if t is str:
        return value if value in _HIDE_RULES else bool(value)
    if _is_one_of(t, _PLAIN_SCALARS) or _is_one_of(t, _PLAIN_CONTAINERS):
        return bool(value)
    return True


def _any_hide_marker(entries: list) -> bool:
    """Whether any frame could carry ``__traceback_hide__`` (a local of its
    code, or a global of its module)."""
    frames = [entry[0] for entry in entries]
    if any(_code_has_name(c, "__traceback_hide__") for c in {f.f_code for f in frames}):
        return True
    modules = {id(g): g for g in [f.f_globals for f in frames]}
    try:
        return any("__traceback_hide__" in g for g in modules.values())
    except Exception:  # a hostile globals mapping: look frame by frame
        return True


def apply_hide_rules(entries: list) -> list:
    """Drop frames as Paste's ``__traceback_hide__`` conventions ask.

    A true value hides the frame; ``"before"`` drops what came before it,
    ``"after"`` hides what follows until a ``"reset"``; the ``*_and_this``
    forms hide the marking frame too.  If every frame would go, all stay.
    """
    if not _any_hide_marker(entries):
        return entries  # the common case: one look per code object and module
    kept: list = []
    hiding = False
    for entry in entries:
        hide = hide_rule(_hide_value(entry[0]))
        if hide in ("before", "before_and_this"):
            kept = []
            hiding = False
            if hide == "before_and_this":
                continue
        elif hide in ("reset", "reset_and_this"):
            hiding = False
            if hide == "reset_and_this":
                continue
        elif hide in ("after", "after_and_this"):
            hiding = True
            if hide == "after_and_this":
                continue
        elif hide is True or hiding:
            continue
        kept.append(entry)
    return kept or entries


def collapse_repeats(entries: list, keep: int = 3) -> list:
    """Fold runs of the same (file, line, function) as ``traceback`` does,
    keeping the first ``keep`` frames, then a Repeat marker for the frames
    left out, then the run's last frame: the frame that raised a
    RecursionError stays on the page (and has its console)."""
    out: list = []
    tail: list = []  # the current run's frames beyond `keep`
    last_key = None
    count = 0

    def flush():
        if len(tail) > 1:
            out.append(Repeat(len(tail) - 1))
        if tail:
            out.append(tail[-1])

    last_code = last_line = None
    for entry in entries:
        code = entry[0].f_code
        if code is not last_code or entry[1] != last_line:  # else: the same place again (a recursion)
            key = (code.co_filename, entry[1], code.co_name)
            last_code, last_line = code, entry[1]
            if key != last_key:
                flush()
                tail = []
                last_key, count = key, 0
        count += 1
        if count <= keep:
            out.append(entry)
        else:
            tail.append(entry)
    flush()
    return out


class ExceptionInfo:
    """One exception of a chain: type, message, notes, frames, members."""

    def __init__(self, exc: BaseException, tb, show_hidden: bool, seen: set, depth: int = 0):
        self.exc = exc
        self.type_name = type_name(type(exc))
        self.message = _clip(_safe_str(exc), MAX_MESSAGE_CHARS)
        self.notes = _exception_notes(exc)
        entries = _walk_tb(tb)
        if not show_hidden:
            entries = apply_hide_rules(entries)
        self.items = [
            e if isinstance(e, Repeat) else FrameInfo(*e) for e in collapse_repeats(entries)
        ]
        self.frames = [f for f in self.items if isinstance(f, FrameInfo)]
        self.members: list[list[tuple[ExceptionInfo, str | None]]] = []
        self.members_left_out = 0
        members = _group_members(exc)
        if members is not None:
            if depth >= MAX_GROUP_DEPTH:
                self.members_left_out = len(members)
            else:
                for member in members[:MAX_GROUP_MEMBERS]:
                    chain = build_chain(member, _EXC_TRACEBACK(member), show_hidden, seen, depth + 1)
                    if not chain:  # shown already (``raise ExceptionGroup("g", [e])`` inside ``except``)
                        chain = [(ExceptionInfo(member, None, show_hidden, seen, MAX_GROUP_DEPTH), SEEN_ABOVE)]
                    self.members.append(chain)
                self.members_left_out = max(0, len(members) - MAX_GROUP_MEMBERS)

    @property
    def summary_line(self) -> str:
        """``Type: message`` (or the type alone)."""
        return "%s: %s" % (self.type_name, self.message) if self.message else self.type_name

    def all_frames(self):
        """This exception's frames and those of its group members."""
        yield from self.frames
        for chain in self.members:
            for info, _ in chain:
                yield from info.all_frames()


def _group_members(exc: BaseException) -> tuple | None:
    """The members of an ExceptionGroup (3.11+), or None for other exceptions."""
    base = sys.modules["builtins"].__dict__.get("BaseExceptionGroup")  # 3.11+
    if base is None or not issubclass(type(exc), base):
        return None
    members = base.__dict__["exceptions"].__get__(exc)
    return members if type(members) is tuple else None


def _exception_notes(exc: BaseException) -> list[str]:
    """The ``__notes__`` of an exception, read from its ``__dict__``; only
    strings, as the stdlib prints them (anything else is summarised)."""
    try:
        notes = _EXC_DICT(exc).get("__notes__")
    except Exception:
        return []
    if type(notes) is not list and type(notes) is not tuple:
        return []
    return [_clip(n if type(n) is str else summarize_value(n), MAX_MESSAGE_CHARS) for n in notes[:20]]


def build_chain(exc: BaseException, tb, show_hidden: bool, seen: set, depth: int = 0):
    """[(ExceptionInfo, divider-after or None)] oldest first (see _walk_chain)."""
    return [(ExceptionInfo(e, e_tb, show_hidden, seen, depth), divider)
            for e, e_tb, divider in reversed(_walk_chain(exc, tb, seen))]


class Traceback:
    """An error as the debugger keeps it: the chain, the text, the frames."""

    def __init__(self, exc: BaseException, tb=None, show_hidden: bool = False):
        tb = app_traceback(exc, tb)
        self.exc = exc
        self.tb = tb
        self.chain = build_chain(exc, tb, show_hidden, set())
        self.groups = [info for info in self.exceptions() if info.members]  # by index: the group's key
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The plain-text traceback, as the standard library prints it (made
        when first needed: a logged error's is on the terminal already)."""
        if self._text is None:
            self._text = format_exception_text(self.exc, self.tb)
        return self._text

    @property
    def top(self) -> ExceptionInfo:
        """The newest exception of the chain (the one the app raised)."""
        return self.chain[-1][0]

    def exceptions(self):
        """Every ExceptionInfo of the chain and of its groups, depth first."""
        todo = [info for info, _ in reversed(self.chain)]
        while todo:
            info = todo.pop()
            yield info
            for chain in reversed(info.members):
                todo.extend(i for i, _ in reversed(chain))

    def frames(self) -> list[FrameInfo]:
        """Every frame of the chain and of its groups."""
        return [f for info, _ in self.chain for f in info.all_frames()]

    def last_frame_id(self) -> int | None:
        """The id of the frame that raised the newest exception."""
        frames = self.top.frames
        return frames[-1].id if frames else None


def app_traceback(exc: BaseException, tb=None):
    """The traceback of an app error without wsgidebug's frames in front of
    it (where the middleware caught it): they are not the user's business."""
    if tb is None:
        tb = _EXC_TRACEBACK(exc)
    codes = _middleware_codes()
    while tb is not None and tb.tb_frame.f_code in codes and (
            tb.tb_next is not None or tb.tb_frame.f_code in codes[-2:]):
        tb = tb.tb_next
    return tb


def _middleware_codes() -> tuple:
    """Code objects of wsgidebug's frames in front of an app error: the
    middleware's, and the stand-in for a target that does not import."""
    cls, door = DebuggedApplication, DebuggedASGIApplication
    return (cls.__call__.__code__, cls._iterate.__code__, door.__call__.__code__, door._websocket.__code__,
            _raise_import_error.__code__, _raise_import_error_asgi.__code__)


def format_exception_text(exc: BaseException, tb) -> str:
    """The traceback as ``traceback.format_exception`` prints it.

    An exception whose class would run app code while the stdlib reads it
    (a metaclass with attribute hooks), or that the stdlib cannot format
    (a broken ``__notes__``), gets the same layout made by our own reader.
    """
    import traceback

    if not any(_class_runs_code_on_access(type(e)) for e in _chain_members(exc)):
        try:
            # Lines are looked up when a frame is formatted, not for every
            # frame: a RecursionError prints 3 of its ~1000 (same text).
            summary_class = _fold_first_summary()
            if summary_class is None:  # 3.9, 3.10: the stdlib folds before it formats
                return "".join(traceback.TracebackException(type(exc), exc, tb, lookup_lines=False).format())
            te = traceback.TracebackException(type(exc), exc, tb, compact=True, lookup_lines=False)  # novermin: 3.11+
            todo: list = [te]
            seen: set = set()
            while todo:  # every exception of the chain and of its groups
                t = todo.pop()
                if t is None or id(t) in seen:
                    continue
                seen.add(id(t))
                t.stack.__class__ = summary_class
                todo += [t.__cause__, t.__context__] + list(getattr(t, "exceptions", None) or ())
            return "".join(te.format())
        except Exception:  # nosec B110 - a hostile object: our own text below
            pass
    return _own_traceback_text(exc, tb)


_FOLD_FIRST: list = []


def _fold_first_summary():
    """A ``traceback.StackSummary`` whose ``format`` applies the repeat rule
    ("[Previous line repeated N more times]") before formatting a frame,
    not after: the same text, without formatting the ~1000 frames of a
    RecursionError that are then dropped (3.11+ formats each frame first,
    compiling its line to place the carets).  None before 3.11."""
    import traceback

    if not _FOLD_FIRST:
        if not hasattr(traceback.StackSummary, "format_frame_summary") or sys.version_info < (3, 11):
            _FOLD_FIRST.append(None)
        else:
            class FoldFirstSummary(traceback.StackSummary):
                def format(self, **kwargs):
                    cutoff = traceback._RECURSIVE_CUTOFF
                    result: list[str] = []
                    last = None
                    count = 0
                    for fs in self:
                        key = (fs.filename, fs.lineno, fs.name)
                        if key != last:
                            if count > cutoff:
                                result.append(_repeat_line(count - cutoff))
                            last, count = key, 0
                        count += 1
                        if count > cutoff:
                            continue
                        formatted = self.format_frame_summary(fs, **kwargs)
                        if formatted is not None:
                            result.append(formatted)
                    if count > cutoff:
                        result.append(_repeat_line(count - cutoff))
                    return result

                def format_frame_summary(self, frame_summary, **kwargs):
                    return _frame_text(frame_summary, kwargs, super().format_frame_summary)

            _FOLD_FIRST.append(FoldFirstSummary)
    return _FOLD_FIRST[0]


MAX_FRAME_TEXTS = 4000  # frames' formatted text remembered; all forgotten past that
_FRAME_TEXTS: dict = {}


def _frame_text(fs, kwargs: dict, format_frame_summary) -> str:
    """The stdlib's text for one frame, remembered by its place (file, lines,
    columns, name) while linecache holds the same text of the file: the
    same frames come back with every error, and 3.11+ compiles each line
    to place the carets."""
    import linecache

    entry = linecache.cache.get(fs.filename)
    lines = entry[2] if entry is not None and len(entry) > 2 else None
    if not lines or fs.locals:
        return format_frame_summary(fs, **kwargs)
    key = (fs.filename, fs.lineno, fs.end_lineno, fs.colno, fs.end_colno, fs.name, fs.line,
           tuple(sorted(kwargs.items())))
    try:
        known = _FRAME_TEXTS.get(key)
    except TypeError:  # an argument of a later Python that cannot be a key: not remembered
        return format_frame_summary(fs, **kwargs)
    if known is not None and known[0] is lines:
        return known[1]
    text = format_frame_summary(fs, **kwargs)
    if len(_FRAME_TEXTS) >= MAX_FRAME_TEXTS:
        _FRAME_TEXTS.clear()
    _FRAME_TEXTS[key] = (lines, text)
    return text


def _repeat_line(count: int) -> str:
    return "  [Previous line repeated %d more time%s]\n" % (count, "s" if count > 1 else "")


def _walk_chain(exc: BaseException, tb, seen: set) -> list:
    """[(exception, traceback, divider)] newest first, following
    ``__cause__``, then ``__context__`` unless suppressed; a cycle stops
    the walk.  Each divider is the sentence printed after that exception."""
    newest_first: list = []
    divider = None
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        newest_first.append((exc, tb, divider))
        cause, context = _EXC_CAUSE(exc), _EXC_CONTEXT(exc)
        if cause is not None:
            exc, divider = cause, CAUSE_MESSAGE
        elif context is not None and not _EXC_SUPPRESS_CONTEXT(exc):
            exc, divider = context, CONTEXT_MESSAGE
        else:
            break
        tb = _EXC_TRACEBACK(exc)
    return newest_first


def _chain_members(exc: BaseException, limit: int = 200):
    """Every exception of a chain and of its groups' chains (bounded)."""
    todo: list = [exc]
    seen: set = set()
    while todo and len(seen) < limit:
        for e, _, _ in _walk_chain(todo.pop(), None, seen):
            yield e
            todo.extend((_group_members(e) or ())[:MAX_GROUP_MEMBERS])


def _own_traceback_text(exc: BaseException, tb) -> str:
    """The stdlib's layout for a chain, made without reading the classes."""
    import traceback

    parts = []
    for e, e_tb, divider in reversed(_walk_chain(exc, tb, set())):
        if e_tb is not None:
            parts.append("Traceback (most recent call last):\n")
            try:
                parts.extend(traceback.format_list(traceback.extract_tb(e_tb)))
            except Exception:  # nosec B110 - the frames are optional here
                parts.append("  (frames could not be read)\n")
        message = _safe_str(e)
        name = type_name(type(e))
        parts.append("%s: %s\n" % (name, message) if message else name + "\n")
        if divider:
            parts.append("\n%s\n\n" % divider)
    return "".join(parts)


def clip_text_lines(text: str) -> str:
    """Bound a plain-text traceback for the page: long lines and the total."""
    if len(text) > MAX_TEXT_CHARS:
        text = text[: MAX_TEXT_CHARS // 2] + "\n[... %d characters left out ...]\n" % (
            len(text) - MAX_TEXT_CHARS) + text[-MAX_TEXT_CHARS // 2:]
    lines = text.split("\n")
    if any(len(line) > MAX_TEXT_LINE_CHARS for line in lines):
        text = "\n".join(_clip(line, MAX_TEXT_LINE_CHARS) for line in lines)
    return text


# -- reading source ----------------------------------------------------------

def read_source_window(filename: str, lineno: int, radius: int, module_globals=None):
    """[(lineno, text)] for lines ``lineno-radius .. lineno+radius``.

    Through linecache (which knows zip imports and loaders, and which the
    standard library's traceback text has filled already): a file is read
    once, however big, not again for every error.  An undecodable file
    shows with replacement characters.
    """
    if lineno <= 0:
        return []
    import linecache

    first, last = max(1, lineno - radius), lineno + radius
    try:
        all_lines = linecache.getlines(filename, module_globals)
    except Exception:
        all_lines = []
    if not all_lines and os.path.isfile(filename):  # not UTF-8 (linecache gives up): bytes, leniently
        all_lines = _lines_leniently(filename, last)
    return [(n, _clip_source(all_lines[n - 1])) for n in range(first, min(last, len(all_lines)) + 1)]


def _lines_leniently(filename: str, last: int) -> list[str]:
    """Lines 1..last of a file that is not valid source text, decoded leniently."""
    out = []
    try:
        with open(filename, "rb") as f:
            for n, raw in enumerate(f, 1):
                if n > last:
                    break
                out.append(raw[: MAX_SOURCE_LINE_CHARS * 4].decode("utf-8", "replace"))
    except OSError:
        return []
    return out


def _clip_source(line: str) -> str:
    return _clip(line.rstrip("\r\n"), MAX_SOURCE_LINE_CHARS)


_FUNCTION_TYPES = (type(_clip), type(len))
class _MethodProbe:
    def method(self):
        """Only its type is used."""


_METHOD_TYPE = type(_MethodProbe().method)
_MODULE_TYPE = type(sys)
# Types compared by identity (``t in (list, ...)`` would call a metaclass __eq__).
_PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes)
_PLAIN_CONTAINERS = (list, tuple, dict, set, frozenset, bytearray)


def _is_one_of(t: type, types: tuple) -> bool:
    for candidate in types:
        if t is candidate:
            return True
    return False


def _plain_name(value, t) -> str | None:
    """``<function f>``, ``<class m.C>``, ``<module m>``: names that are
    slots of these builtin types (no user code runs)."""
    if t is _METHOD_TYPE:
        value = value.__func__  # a slot of the builtin method type
        if not _is_one_of(type(value), _FUNCTION_TYPES):
            return "<method>"
        return "<method %s>" % _clip(value.__qualname__, MAX_NAME_CHARS)
    if _is_one_of(t, _FUNCTION_TYPES):
        return "<function %s>" % _clip(value.__qualname__, MAX_NAME_CHARS)
    if issubclass(t, type):
        return "<class %s>" % type_name(value)
    if t is _MODULE_TYPE:
        name = value.__dict__.get("__name__")
        return "<module %s>" % (_clip(name, MAX_NAME_CHARS) if type(name) is str else "?")
    return None


def summarize_value(value) -> str:
    """A short description of a value that runs none of its code.

    Builtin scalars show their (cut) repr, containers their length, other
    objects their type: the page must never call a user ``__repr__``,
    ``__eq__``, property or metaclass method.
    """
    t = type(value)
    if value is None or t is bool or t is float or t is complex:
        return repr(value)
    if t is int:
        if value.bit_length() > 128:
            return "<int of %d bits>" % value.bit_length()
        return repr(value)
    if t is str or t is bytes:
        head = mask_url_passwords(value[:200]) if t is str else value[:200]
        if len(value) > 60:
            return repr(head[:60])[:-1] + "...%s (%d %s)" % (
                repr(value[:1])[-1], len(value), "chars" if t is str else "bytes")
        return repr(head)
    if _is_one_of(t, _PLAIN_CONTAINERS):
        return "%s of %d item%s" % (type_name(t), len(value), "" if len(value) == 1 else "s")
    try:
        named = _plain_name(value, t)
    except Exception:
        named = None
    return named or "<%s object>" % type_name(t)


# -- what an object holds: its instance attributes, read without its code --------

MAX_READ_ATTRIBUTES = 200  # instance attributes read to pick the shown ones
_GETSET_TYPE = type(type.__dict__["__dict__"])  # the builtin __dict__ slot of instances
_MEMBER_TYPE = type(_Site.__dict__["filename"])  # a __slots__ member
_SLOT_WRAPPER_TYPE = type(object.__dict__["__getattribute__"])  # a builtin type's own method (tuple's, ...)
#: Libraries whose model classes define __getattr__ only for names their
#: instance dictionary lacks: their __dict__ is still read as it is.
_FIELD_TABLE_BASES = ("pydantic.main.BaseModel", "pydantic.v1.main.BaseModel")


def object_attributes(value, sensitive=DEFAULT_SENSITIVE_NAMES) -> tuple[list, int] | None:
    """([(name, summary)], how many more) of an object's instance
    attributes, one level deep: public names first, at most
    MAX_ATTRIBUTES_SHOWN, sensitive ones masked.  None for a value that
    is not such an object, or whose class customises attribute access
    (then only its type is shown).  Nothing of the app's code runs: the
    attributes come from the instance ``__dict__`` and ``__slots__``
    through the builtin descriptors, and a NamedTuple's fields by index."""
    t = type(value)
    if _is_one_of(t, _PLAIN_SCALARS) or _is_one_of(t, _PLAIN_CONTAINERS) or _is_one_of(t, _FUNCTION_TYPES):
        return None
    try:
        mro = _TYPE_MRO(t)
        if issubclass(t, type) or t is _MODULE_TYPE or t is _METHOD_TYPE:
            return None
        found = _instance_items(value, t, mro)
    except Exception:
        return None
    if found is None:
        return None
    items, unread = found
    public = [(k, v) for k, v in items if not k.startswith("_")]
    private = [(k, v) for k, v in items if k.startswith("_")]
    ordered = (public + private)
    shown = [(_clip(k, MAX_NAME_CHARS), masked_summary(k, v, sensitive)) for k, v in ordered[:MAX_ATTRIBUTES_SHOWN]]
    return shown, max(0, len(ordered) - MAX_ATTRIBUTES_SHOWN) + unread


def _instance_items(value, t: type, mro) -> tuple[list, int] | None:
    """([(name, value)] of an instance's own attributes, how many more were
    not read), or None."""
    dict_slot = None
    slots: list = []
    field_table = any("%s.%s" % (_TYPE_MODULE(k), _TYPE_QUALNAME(k)) in _FIELD_TABLE_BASES for k in mro)
    for klass in mro:
        if klass is object:
            continue
        d = _TYPE_DICT(klass)
        if "__getattribute__" in d and type(d["__getattribute__"]) is not _SLOT_WRAPPER_TYPE:  # the class's own
            return None
        if "__getattr__" in d and not field_table:
            return None
        if dict_slot is None and "__dict__" in d:
            dict_slot = d["__dict__"]
        declared = d.get("__slots__")
        if type(declared) is str:
            declared = (declared,)
        if type(declared) is tuple or type(declared) is list:  # anything else would run code to iterate
            for name in declared[:MAX_READ_ATTRIBUTES]:
                member = d.get(name) if type(name) is str else None
                if type(member) is _MEMBER_TYPE:
                    slots.append((name, member))
    items: list = []
    if issubclass(t, tuple):
        fields = None
        for klass in mro:
            fields = _TYPE_DICT(klass).get("_fields")
            if fields is not None:
                break
        if type(fields) is not tuple:
            return None
        items = [(name, tuple.__getitem__(value, i)) for i, name in enumerate(fields[:MAX_READ_ATTRIBUTES])
                 if type(name) is str and i < tuple.__len__(value)]
    if dict_slot is not None:
        if type(dict_slot) is not _GETSET_TYPE:  # a __dict__ of the class's own making: not read
            return None
        own = dict_slot.__get__(value, t)
        if type(own) is not dict:
            return None
        items.extend((k, v) for k, v in itertools.islice(own.items(), MAX_READ_ATTRIBUTES) if type(k) is str)
        unread = max(0, len(own) - MAX_READ_ATTRIBUTES)
    else:
        unread = 0
    for name, member in slots:
        if name.startswith("__"):  # a library's own bookkeeping (pydantic's __pydantic_extra__, ...)
            continue
        try:
            items.append((name, member.__get__(value, t)))
        except AttributeError:  # a slot never set
            continue
    if not items and dict_slot is None and not slots:
        return None
    return items, unread


# -- masking --------------------------------------------------------------------

_SENSITIVE_PATTERNS: dict = {}
_SENSITIVE_ANSWERS: dict = {}  # (words, name) -> bool: the same names come back with every error


def is_sensitive_name(name: str, sensitive=DEFAULT_SENSITIVE_NAMES) -> bool:
    """Whether a name's value must be masked: its lower-case form (dashes
    read as underscores) contains one of ``sensitive`` or ends in ``_key``."""
    key = tuple(sensitive)
    answer = _SENSITIVE_ANSWERS.get((key, name))
    if answer is not None:
        return answer
    pattern = _SENSITIVE_PATTERNS.get(key)
    if pattern is None:
        import re

        if len(_SENSITIVE_PATTERNS) > 32:  # lists edited again and again: start over
            _SENSITIVE_PATTERNS.clear()
        words = [re.escape(w.lower()) for w in key if w] + ["_key$"]
        pattern = _SENSITIVE_PATTERNS[key] = re.compile("|".join(words))
    answer = pattern.search(name.lower().replace("-", "_")) is not None
    if len(_SENSITIVE_ANSWERS) > 4096:
        _SENSITIVE_ANSWERS.clear()
    _SENSITIVE_ANSWERS[(key, name)] = answer
    return answer


_URL_PASSWORD = None


def mask_url_passwords(text: str) -> str:
    """``scheme://user:password@host`` shown as ``scheme://user:********@host``."""
    global _URL_PASSWORD
    if "://" not in text or "@" not in text:
        return text
    if _URL_PASSWORD is None:
        import re

        _URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s@/]+(@)")
    return _URL_PASSWORD.sub(r"\g<1>" + MASK + r"\g<2>", text)


#: The PINs of this process's middlewares, as typed and as digits only: a
#: value that contains one is never shown (see remember_pin, hide_pins).
_PIN_VALUES: tuple = ()


def remember_pin(pin: str | None) -> None:
    """Add a PIN to those no page, fragment, Markdown or JSON may show."""
    global _PIN_VALUES
    if not pin:
        return
    forms = {pin, normalize_pin(pin)}
    _PIN_VALUES = tuple(sorted(set(_PIN_VALUES) | {f for f in forms if len(f) >= 4}, key=len, reverse=True))


def shows_pin(text: str) -> bool:
    """Whether a text about to be shown contains a PIN of this process."""
    return any(pin in text for pin in _PIN_VALUES) if _PIN_VALUES else False


def hide_pins(text: str) -> str:
    """The text with every PIN of this process replaced by the mask: the
    last guard of every answer the debugger draws."""
    if _PIN_VALUES:
        for pin in _PIN_VALUES:
            if pin in text:
                text = text.replace(pin, MASK)
    return text


def masked_summary(name: str, value, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """summarize_value, or the mask for a sensitive name, a PIN variable
    or a value that shows a PIN; a string that carries a query
    (``/path?token=...``) has its sensitive values masked."""
    if is_sensitive_name(name, sensitive) or name in PIN_ENV_KEYS:
        t = type(value)
        if _is_one_of(t, _PLAIN_SCALARS) or _is_one_of(t, _PLAIN_CONTAINERS) or isinstance(value, (str, bytes, int, float)):
            return MASK
        return "<%s object>" % type_name(t)  # a Session, a middleware: its type tells, its content stays hidden
    if type(value) is str:
        head = value[:MAX_PANEL_VALUE_CHARS * 4]  # a 50 MB string is not searched: what is shown is its head
        if "?" in head and "=" in head:
            value = mask_url_query(head, sensitive)
    summary = summarize_value(value)
    return MASK if _PIN_VALUES and shows_pin(summary) else summary


def mask_url_query(text: str, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """A URL or path with the values of its sensitive query names masked."""
    head, sep, query = text.partition("?")
    return head + sep + masked_query(query, sensitive) if sep else text


_SOURCE_TOKENS = None


def names_in_source(text: str) -> list[str]:
    """The variable names a piece of source reads, in order, at most 20:
    no keywords, attributes (``.name``), keyword arguments or assignment
    targets (``name =``), nothing inside strings."""
    global _SOURCE_TOKENS
    known = _NAMES_SEEN.get(text)
    if known is not None:  # the same failing lines come back with every error
        return known
    import keyword

    if _SOURCE_TOKENS is None:
        import re

        _SOURCE_TOKENS = re.compile(
            r"""(?P<prefix>[rRbBuUfF]{0,2})(?P<string>'(?:\\.|[^'\\])*'?|"(?:\\.|[^"\\])*"?)"""  # maybe cut
            r"|(?P<comment>#.*)|(?P<name>[^\W\d]\w*)|(?P<op>==|!=|<=|>=|:=|\S)")
    tokens = []
    for m in _SOURCE_TOKENS.finditer(text[:MAX_SOURCE_LINE_CHARS * 4]):
        if m.group("comment"):
            break
        if m.group("string") is not None:
            if "f" in m.group("prefix").lower():  # an f-string: the names of its replacement fields count
                tokens.extend((name, None) for name in _fstring_names(m.group("string")))
            tokens.append((None, "'"))
            continue
        tokens.append((m.group("name"), m.group("op")))
    names: list[str] = []
    for i, (name, _) in enumerate(tokens):
        if name is None or keyword.iskeyword(name) or name in names:
            continue
        before = tokens[i - 1][1] if i else None
        after = tokens[i + 1][1] if i + 1 < len(tokens) else None
        if before == "." or after == "=":
            continue
        names.append(name)
        if len(names) >= 20:
            break
    if len(_NAMES_SEEN) > 4096:
        _NAMES_SEEN.clear()
    _NAMES_SEEN[text] = names
    return names


_NAMES_SEEN: dict[str, list[str]] = {}


def _fstring_names(literal: str) -> list[str]:
    """The names an f-string's replacement fields read (``{user.name!r:>10}``
    gives ``user``), the format specs and conversions left out."""
    body = literal[1:-1] if len(literal) > 1 and literal[-1] == literal[0] else literal[1:]
    names: list[str] = []
    depth, start, i = 0, 0, -1
    while i + 1 < len(body):
        i += 1
        c = body[i]
        if depth == 0 and body[i:i + 2] in ("{{", "}}"):  # a literal brace
            i += 1
            continue
        if c == "{":
            if depth == 0:
                start = i + 1
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                field = body[start:i]
                for stop in ("!", ":"):  # a conversion or a format spec ends the expression
                    cut = field.find(stop)
                    if cut > 0 and field[cut:cut + 2] != "!=":
                        field = field[:cut]
                names.extend(n for n in names_in_source(field) if n not in names)
    return names


# -- the request, the process and hints ------------------------------------------
#
# What the page shows besides the traceback is read once, when the error
# happens, into plain rows of text (masked and bounded): the request's
# environ may change afterwards, and a kept error is drawn again later.

MAX_PANEL_ROWS = 150        # rows in one table of the request panel
MAX_PANEL_VALUE_CHARS = 300  # one header or query value

#: environ keys shown as the request line, headers and query, not again.
_REQUEST_KEYS = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE",
                 "CONTENT_LENGTH", "REMOTE_ADDR", "REMOTE_PORT", "SERVER_NAME", "SERVER_PORT",
                 "SERVER_PROTOCOL", "wsgi.url_scheme", BODY_KEY, TIMELINE_KEY, STARTED_KEY)


class RequestInfo:
    """The failing request, as rows of masked, bounded text.  The body is
    never read."""

    def __init__(self, environ, sensitive=DEFAULT_SENSITIVE_NAMES):
        self.present = bool(environ)  # False: an error kept outside any request (a thread's, say)
        self.method = _clip(str(environ.get("REQUEST_METHOD") or "GET"), 20) if environ else ""
        self.path = _clip(request_path(environ, sensitive), 2000) if environ else ""
        self.url = _clip(request_url(environ, sensitive), 2000) if environ else ""
        client = environ.get("REMOTE_ADDR") or ""
        port = environ.get("REMOTE_PORT")
        self.client = _clip("%s:%s" % (client, port) if client and port else str(client), 100)
        self.protocol = _clip(str(environ.get("SERVER_PROTOCOL") or ""), 20)
        self.headers = self._headers(environ, sensitive)
        self.query = self._query(environ.get("QUERY_STRING") or "", sensitive)
        self.cookies = [_clip(name, MAX_NAME_CHARS) for name in
                        parse_cookies(environ.get("HTTP_COOKIE") or "")][:MAX_PANEL_ROWS]
        self.content_type = _clip(str(environ.get("CONTENT_TYPE") or ""), MAX_PANEL_VALUE_CHARS)
        self.content_length = _clip(str(environ.get("CONTENT_LENGTH") or ""), 30)
        self.environ = self._other_keys(environ, sensitive)
        recorder = body_recorder(environ) if environ else None
        self.body = describe_body(recorder, self.content_type, sensitive) if recorder is not None else None

    @property
    def line(self) -> str:
        """``GET /path?query``: the request line as the page names it
        (empty outside a request)."""
        return "%s %s" % (self.method, _clip(self.path, 200)) if self.present else ""

    @staticmethod
    def _headers(environ, sensitive) -> list[tuple[str, str]]:
        rows = []
        for key in sorted(k for k in environ if type(k) is str and k.startswith("HTTP_")):
            name = "-".join(part.capitalize() for part in key[5:].split("_"))
            value = environ[key]
            text = value if type(value) is str else summarize_value(value)
            if name.lower() in SENSITIVE_HEADERS or is_sensitive_name(name, sensitive) or shows_pin(text):
                shown = MASK
            else:
                shown = _clip(mask_url_passwords(mask_url_query(text[:MAX_PANEL_VALUE_CHARS * 4], sensitive)),
                              MAX_PANEL_VALUE_CHARS)
            rows.append((_clip(name, MAX_NAME_CHARS), shown))
        return _bounded_rows(rows)

    @staticmethod
    def _query(qs: str, sensitive) -> list[tuple[str, str]]:
        if not qs:
            return []
        from urllib.parse import parse_qsl

        rows = []
        for name, value in parse_qsl(qs[:100_000], keep_blank_values=True)[:MAX_PANEL_ROWS + 1]:
            shown = MASK if is_sensitive_name(name, sensitive) or shows_pin(value) else _clip(
                mask_url_passwords(value), MAX_PANEL_VALUE_CHARS)
            rows.append((_clip(name, MAX_NAME_CHARS), shown))
        return _bounded_rows(rows)

    @staticmethod
    def _other_keys(environ, sensitive) -> list[tuple[str, str]]:
        rows = []
        asgi = "asgi.type" in environ  # the scope's own keys only: the wsgi.* ones are the adapter's
        for key in sorted(k for k in environ if type(k) is str and not k.startswith("HTTP_")
                          and k not in _REQUEST_KEYS and k not in PRESERVE_CONTEXT_KEYS
                          and not (asgi and k.startswith("wsgi."))):
            rows.append((_clip(key, MAX_NAME_CHARS), masked_summary(key, environ[key], sensitive)))
        return _bounded_rows(rows)


# -- the body the app read ---------------------------------------------------------
#
# The middleware records what the app reads of its request's body (WSGI: its
# wsgi.input, only when the request has one; ASGI: its http.request messages,
# for methods that carry a body), and the page describes it: JSON
# pretty-printed, forms as rows, multipart parts by name and size, text as
# text, anything else by type and size; masked as the rest of the page.

MAX_BODY_TEXT = 16 * 1024  # characters of a body shown on the page
MAX_BODY_NODES = 5000  # JSON values walked to mask a body


class BodyRecorder:
    """What the app read of its request's body: the first MAX_KEPT_BODY
    bytes, and how many there were in all."""

    __slots__ = ("kept", "size")

    def __init__(self):
        self.kept = bytearray()
        self.size = 0

    def add(self, data) -> None:
        """Note a piece of the body the app read."""
        if type(data) is not bytes and type(data) is not bytearray:
            return
        self.size += len(data)
        room = MAX_KEPT_BODY - len(self.kept)
        if room > 0 and data:
            self.kept += memoryview(data)[:room]  # no copy of the piece itself


class RecordingInput:
    """``wsgi.input`` as the app reads it, each read noted in a BodyRecorder;
    everything else is the server's stream's own."""

    __slots__ = ("stream", "recorder")

    def __init__(self, stream, recorder: BodyRecorder):
        self.stream, self.recorder = stream, recorder

    def read(self, *args):
        data = self.stream.read(*args)
        self.recorder.add(data)
        return data

    def readline(self, *args):
        line = self.stream.readline(*args)
        self.recorder.add(line)
        return line

    def readlines(self, *args):
        lines = self.stream.readlines(*args)
        for line in lines:
            self.recorder.add(line)
        return lines

    def __iter__(self):
        for line in self.stream:
            self.recorder.add(line)
            yield line

    def __getattr__(self, name):
        return getattr(self.stream, name)


def _note_body(environ) -> None:
    """Note what the app reads of its request's body, if it has one."""
    length = environ.get("CONTENT_LENGTH")
    stream = environ.get("wsgi.input")
    if stream is not None and ((length and length != "0") or "HTTP_TRANSFER_ENCODING" in environ):
        environ["wsgi.input"] = RecordingInput(stream, BodyRecorder())  # no key added: the app's environ stays its own


def body_recorder(environ) -> BodyRecorder | None:
    """What noted the body the app read: the WSGI input the middleware
    gave it, or the recorder in an ASGI request's scope."""
    stream = environ.get("wsgi.input")
    if type(stream) is RecordingInput:
        return stream.recorder
    recorder = environ.get(BODY_KEY)
    return recorder if type(recorder) is BodyRecorder else None


def describe_body(recorder: BodyRecorder, content_type: str, sensitive=DEFAULT_SENSITIVE_NAMES) -> dict | None:
    """What the page shows of a body the app read: ``kind`` (json, form,
    multipart, text, binary), ``type``, ``size``, ``kept`` and ``text`` or
    ``rows``, masked and bounded; None when the app read nothing."""
    if recorder.size == 0:
        return None
    data = bytes(recorder.kept)
    ctype = content_type.split(";")[0].strip().lower()
    info: dict = {"type": ctype or None, "size": recorder.size, "kept": len(data),
                  "complete": recorder.size == len(data)}
    try:
        if ctype == "application/json" or ctype.endswith("+json"):
            info.update(_json_body(data, info["complete"], sensitive))
        elif ctype == "application/x-www-form-urlencoded":
            info.update(kind="form", rows=_form_rows(data, sensitive))
        elif ctype == "multipart/form-data":
            info.update(kind="multipart", rows=_multipart_rows(data, content_type, sensitive))
        else:
            info.update(_text_body(data, ctype, sensitive))
    except Exception:  # a body the parsers choke on: its size only
        info.update(kind="binary")
    return info


def _json_body(data: bytes, complete: bool, sensitive) -> dict:
    import json

    if complete:
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            value = _MISSING
        if value is not _MISSING:
            budget = [MAX_BODY_NODES]
            text = json.dumps(_masked_json(value, sensitive, budget, 0), indent=2, ensure_ascii=False)
            return {"kind": "json", "text": _clip(hide_pins(text), MAX_BODY_TEXT)}
    found = _text_body(data, "application/json", sensitive)
    found["note"] = "not valid JSON" if complete else "cut at %d bytes" % len(data)
    return found


def _masked_json(value, sensitive, budget: list, depth: int):
    """A parsed JSON value with the values of sensitive keys masked, at
    any depth, and strings that show a PIN masked; bounded."""
    budget[0] -= 1
    if budget[0] < 0 or depth > 40:
        return "..."
    if type(value) is dict:
        return {k: (MASK if is_sensitive_name(k, sensitive) else _masked_json(v, sensitive, budget, depth + 1))
                for k, v in value.items()}
    if type(value) is list:
        return [_masked_json(v, sensitive, budget, depth + 1) for v in value]
    if type(value) is str:
        return MASK if shows_pin(value) else value
    return value


_BODY_SECRETS = None


def _masked_text(text: str, sensitive) -> str:
    """Text whose ``"key": value`` and ``key=value`` pairs with a sensitive
    key have their value masked (a cut JSON or a form read as text)."""
    global _BODY_SECRETS
    if _BODY_SECRETS is None:
        import re

        _BODY_SECRETS = re.compile(r'("([^"\\]{1,100})"\s*:\s*)("(?:\\.|[^"\\])*"?|[^,}\]\s]+)'
                                   r'|((?:^|(?<=[&\s;]))([\w.\-]{1,100})=)([^&\s;]*)')

    def mask(m):
        if m.group(1) is not None:
            return m.group(1) + ('"%s"' % MASK if is_sensitive_name(m.group(2), sensitive) else m.group(3))
        return m.group(4) + (MASK if is_sensitive_name(m.group(5), sensitive) else m.group(6))

    return hide_pins(_BODY_SECRETS.sub(mask, text))


def _text_body(data: bytes, ctype: str, sensitive) -> dict:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(data) - 4:  # not text (a cut multi-byte character at the very end is)
            return {"kind": "binary"}
        text = data[:e.start].decode("utf-8")
    if "\x00" in text[:4096] or not (ctype.startswith("text/") or ctype in _TEXT_BODY_TYPES or not ctype):
        return {"kind": "binary"}
    return {"kind": "text", "text": _clip(_masked_text(text, sensitive), MAX_BODY_TEXT)}


_TEXT_BODY_TYPES = ("application/xml", "application/javascript", "application/graphql", "application/x-ndjson",
                    "application/json")


def _form_rows(data: bytes, sensitive) -> list:
    from urllib.parse import parse_qsl

    rows = []
    for name, value in parse_qsl(data.decode("utf-8", "replace"), keep_blank_values=True)[:MAX_PANEL_ROWS + 1]:
        shown = MASK if is_sensitive_name(name, sensitive) or shows_pin(value) else _clip(value, MAX_PANEL_VALUE_CHARS)
        rows.append((_clip(name, MAX_NAME_CHARS), shown))
    return _bounded_rows(rows)


def _multipart_rows(data: bytes, content_type: str, sensitive) -> list:
    """(field name, value) of a multipart body's parts: a file as its name
    and size, never its content; a cut last part says so."""
    import re

    m = re.search(r'boundary="?([^";,]{1,200})"?', content_type, re.I)
    if not m:
        return []
    delimiter = b"--" + m.group(1).encode("latin-1")
    rows = []
    pieces = data.split(delimiter)
    for n, piece in enumerate(pieces[1:MAX_PANEL_ROWS + 1]):
        if piece.startswith(b"--"):
            break  # the closing delimiter
        head, sep, content = piece.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = piece.partition(b"\n\n")
        complete = n + 2 < len(pieces)
        if complete and content.endswith(b"\r\n"):
            content = content[:-2]
        headers = head.decode("utf-8", "replace")
        name = re.search(r'\bname="([^"]*)"', headers)
        filename = re.search(r'\bfilename="([^"]*)"', headers)
        field = _clip(name.group(1) if name else "?", MAX_NAME_CHARS)
        size = "%d bytes" % len(content) if complete else "at least %d bytes (cut)" % len(content)
        if filename is not None:
            rows.append((field, "file %s, %s" % (_clip(filename.group(1), MAX_NAME_CHARS), size)))
        elif is_sensitive_name(field, sensitive):
            rows.append((field, MASK))
        else:
            value = content.decode("utf-8", "replace")
            rows.append((field, MASK if shows_pin(value) else _clip(value, MAX_PANEL_VALUE_CHARS)))
    parts = len(pieces) - 1 - (pieces[-1].startswith(b"--"))  # the preamble and the closing delimiter are none
    if parts > MAX_PANEL_ROWS:
        rows.append(("...", "%d more parts" % (parts - MAX_PANEL_ROWS)))
    return rows


# -- what the request did: its timeline ------------------------------------------------
#
# While a request runs, the middleware's hooks note what it does: the logging
# records it emits (Logger.handle, after the app's handlers ran), the SQL it
# runs (SQLAlchemy's engine events, Django's execute wrappers), in a Timeline
# kept in its environ (or ASGI scope), made at its first entry.  A report
# takes a copy when the error happens.

MAX_TIMELINE_ENTRIES = 200  # entries kept for one request (the rest counted)
MAX_TIMELINE_TEXT = 1024  # characters of one entry's text


class Timeline:
    """What one request did, in order: (seconds since it started, kind,
    text, detail, exception) entries, at most MAX_TIMELINE_ENTRIES; kinds
    are ``request``, ``log``, ``sql``, ``response`` and ``error``."""

    __slots__ = ("start", "entries", "left_out", "lock")

    def __init__(self, start: float):
        import threading

        self.start = start
        self.entries: list = []
        self.left_out = 0
        self.lock = threading.Lock()  # a request's threads may note at once

    def add(self, kind: str, text: str, detail: str = "", exc=None, when: float | None = None) -> None:
        """Note an entry (past the limit, count it)."""
        with self.lock:
            if len(self.entries) >= MAX_TIMELINE_ENTRIES:
                self.left_out += 1
                return
            self.entries.append(((_now() if when is None else when) - self.start, kind,
                                 _clip(text, MAX_TIMELINE_TEXT), detail, exc))


def timeline_of(scope) -> Timeline:
    """The Timeline of an ASGI request's scope (made the first time)."""
    timeline = scope.get(TIMELINE_KEY)
    if timeline is None:
        timeline = scope[TIMELINE_KEY] = Timeline(scope.get(STARTED_KEY) or _now())
    return timeline


def timeline_rows(started: float | None, timeline: Timeline | None, environ, when: float,
                  error: BaseException | None, store=None) -> dict | None:
    """A report's copy of its request's timeline: ``entries`` (``ms``,
    ``kind``, ``text``, ``detail``, ``error_id`` of a logged exception that
    is kept), ``left_out``; the request's start first, the error last.
    None outside a request (``started`` None)."""
    if started is None:
        return None
    entries = list(timeline.entries) if timeline is not None else []
    rows = [{"ms": 0.0, "kind": "request", "text": "%s %s" % (
        environ.get("REQUEST_METHOD") or "GET", _clip(request_path(environ), 200)), "detail": "", "error_id": None}]
    for offset, kind, text, detail, exc in entries:
        kept = store.kept_for(exc) if store is not None and exc is not None else None
        rows.append({"ms": round(offset * 1000, 3), "kind": kind, "text": text, "detail": detail,
                     "error_id": kept.report.id if kept is not None else None})
    if error is not None:
        rows.append({"ms": round((when - started) * 1000, 3), "kind": "error",
                     "text": _clip("%s: %s" % (type_name(type(error)), _safe_str(error)), MAX_TIMELINE_TEXT),
                     "detail": "", "error_id": None})
    return {"entries": rows, "left_out": timeline.left_out if timeline is not None else 0}


def record_text(record, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """A logging record's message as its handlers made it (``record.message``),
    else its format with the arguments summarised: no ``__str__`` of the
    app's runs for it; masked and bounded."""
    made = record.__dict__.get("message")
    if type(made) is not str:
        msg = record.__dict__.get("msg")
        args = record.__dict__.get("args")
        text = msg[:MAX_TIMELINE_TEXT * 2] if type(msg) is str else summarize_value(msg)
        if args:
            values = args.values() if type(args) is dict else args if type(args) is tuple else (args,)
            text += " % (" + ", ".join(summarize_value(a) for a in list(values)[:20]) + ")"
        made = text
    return _clip(mask_url_passwords(_masked_text(made[:MAX_TIMELINE_TEXT * 4], sensitive)), MAX_TIMELINE_TEXT)


def sql_parameters(parameters, statement: str = "", sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """A statement's parameters, summarised (no ``__repr__`` of the app's)
    and masked: by name for a mapping, by the column a positional one goes
    to where the statement says it (``password = %s``, ``INSERT ...
    (email, password) VALUES (?, ?)``), and a value that shows a PIN always."""
    try:
        if type(parameters) is dict:
            shown = ["%s=%s" % (_clip(str(k), 60), masked_summary(str(k), v, sensitive))
                     for k, v in list(parameters.items())[:20]]
        elif type(parameters) in (list, tuple):
            if parameters and type(parameters[0]) in (list, tuple, dict):  # executemany
                return "%d rows of parameters" % len(parameters)
            values = list(parameters)[:20]
            names = positional_columns(statement, len(values)) if type(statement) is str else [None] * len(values)
            shown = [masked_summary(names[i] or "", v, sensitive) for i, v in enumerate(values)]
        elif parameters is None:
            return ""
        else:
            return summarize_value(parameters)
    except Exception:
        return "?"
    return _clip("(" + ", ".join(shown) + ")", MAX_TIMELINE_TEXT)


_SQL_PATTERNS: list = []


def positional_columns(statement: str, count: int) -> list:
    """The column each of a statement's first ``count`` positional
    placeholders (``%s``, ``?``, ``$1``) goes to, where the statement says
    it, else None: what masks a password passed by position."""
    if not _SQL_PATTERNS:
        import re

        _SQL_PATTERNS.extend((
            re.compile(r"\binsert\s+(?:or\s+\w+\s+)?into\s+[^\s(]+\s*\(([^)]*)\)\s*values\s*\(([^)]*)\)", re.I | re.S),
            re.compile(r"%s|\?|\$\d+"),
            re.compile(r"([A-Za-z_][\w]*)[\"`\]]?\s*(?:=|<>|!=|<=|>=|<|>|\blike\b|\bin\s*\()\s*$", re.I),
        ))
    insert, placeholder, before = _SQL_PATTERNS
    names: list = [None] * count
    text = statement[:MAX_TIMELINE_TEXT * 8]
    m = insert.search(text)
    if m:
        columns = [c.strip().strip('"`[]') for c in m.group(1).split(",")]
        slots = [v.strip() for v in m.group(2).split(",")]
        k = 0
        for column, slot in zip(columns, slots):  # noqa: B905 - as many as both have (3.9: no strict=)
            if placeholder.fullmatch(slot) and k < count:
                names[k] = column
                k += 1
        return names
    for i, found in enumerate(placeholder.finditer(text)):
        if i >= count:
            break
        hit = before.search(text[max(0, found.start() - 100):found.start()])
        if hit:
            names[i] = hit.group(1)
    return names


def loop_tasks(loop, current=None) -> dict:
    """The event loop's other tasks when an error happened: name, coroutine
    and where each is suspended (at most 50), and on Python 3.14+ the tasks
    awaiting the failing one.  Read from the tasks' and coroutines' own
    slots: no code of the app's runs."""
    asyncio = sys.modules.get("asyncio")
    out: dict = {"tasks": [], "left_out": 0, "awaited_by": []}
    if asyncio is None or loop is None:
        return out
    try:
        tasks = [t for t in list(asyncio.all_tasks(loop)) if t is not current]
    except Exception:
        return out
    for task in tasks[:50]:
        try:
            out["tasks"].append(_task_row(task))
        except Exception:  # nosec B112 - a task the debugger cannot read: left out
            continue
    out["left_out"] = max(0, len(tasks) - 50)
    graph = getattr(asyncio, "capture_call_graph", None)  # 3.14+
    if graph is not None and current is not None:
        try:
            node = graph(current)
            while node is not None and node.awaited_by and len(out["awaited_by"]) < 20:
                node = node.awaited_by[0]
                out["awaited_by"].append(_clip(str(node.future.get_name()), MAX_NAME_CHARS))
        except Exception:  # nosec B110 - no graph: the list stays empty
            pass
    return out


_COROUTINE_TYPES = None


def _task_row(task) -> dict:
    global _COROUTINE_TYPES
    if _COROUTINE_TYPES is None:
        import types

        _COROUTINE_TYPES = (types.CoroutineType, types.GeneratorType)
    asyncio = sys.modules["asyncio"]
    if type(task) is not asyncio.Task and type(task) is not getattr(asyncio.tasks, "_PyTask", None):
        # a task class of the app's (a custom task factory): its methods are its code, not read
        return {"name": "<%s object>" % type_name(type(task)), "coroutine": "?", "where": ""}
    name = task.get_name()
    coro = task.get_coro()
    row = {"name": _clip(name if type(name) is str else "?", MAX_NAME_CHARS), "coroutine": "?", "where": ""}
    if type(coro) not in _COROUTINE_TYPES:
        row["coroutine"] = "<%s object>" % type_name(type(coro))
        return row
    row["coroutine"] = _clip(coro.__qualname__, MAX_NAME_CHARS)
    inner = coro
    for _ in range(100):  # down the awaits to the innermost coroutine
        awaited = inner.cr_await if type(inner) is _COROUTINE_TYPES[0] else inner.gi_yieldfrom
        if type(awaited) not in _COROUTINE_TYPES:
            break
        inner = awaited
    frame = inner.cr_frame if type(inner) is _COROUTINE_TYPES[0] else inner.gi_frame
    if frame is not None:
        row["where"] = "%s:%d in %s" % (_clip(frame.f_code.co_filename, MAX_NAME_CHARS), frame.f_lineno,
                                       _clip(frame.f_code.co_name, MAX_NAME_CHARS))
    return row


def _bounded_rows(rows: list) -> list:
    if len(rows) > MAX_PANEL_ROWS:
        rows = rows[:MAX_PANEL_ROWS] + [("...", "%d more" % (len(rows) - MAX_PANEL_ROWS))]
    return rows


def request_path(environ, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """SCRIPT_NAME + PATH_INFO (+ ``?query``, sensitive values masked)."""
    path = (environ.get("SCRIPT_NAME") or "") + (environ.get("PATH_INFO") or "/")
    qs = environ.get("QUERY_STRING")
    return path + ("?" + masked_query(qs, sensitive) if qs else "")


def request_url(environ, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """The full URL of a request, path quoted as a browser would send it,
    sensitive query values and URL passwords masked."""
    from urllib.parse import quote

    scheme = environ.get("wsgi.url_scheme") or "http"
    host = environ.get("HTTP_HOST") or "%s:%s" % (environ.get("SERVER_NAME", ""), environ.get("SERVER_PORT", ""))
    path = quote((environ.get("SCRIPT_NAME") or "") + (environ.get("PATH_INFO") or "/"), safe="/;=,:@!$&'()*+~")
    qs = environ.get("QUERY_STRING")
    return "%s://%s%s%s" % (scheme, host, path, "?" + masked_query(qs, sensitive) if qs else "")


def masked_query(qs: str, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """A raw query string with the values of sensitive names masked."""
    from urllib.parse import unquote_plus

    parts = []
    for part in qs[:100_000].split("&"):
        name, sep, value = part.partition("=")
        shown = unquote_plus(value)
        if sep and is_sensitive_name(unquote_plus(name), sensitive):
            value = MASK
        elif mask_url_passwords(shown) != shown:
            value = mask_url_passwords(shown)
        parts.append(name + sep + value)
    return "&".join(parts)


_PROCESS_FACTS: list | None = None


def _process_facts() -> list[tuple[str, str]]:
    """Facts of this process that do not change: read once."""
    global _PROCESS_FACTS
    if _PROCESS_FACTS is None:
        import platform

        venv = os.environ.get("VIRTUAL_ENV") or (sys.prefix if sys.prefix != sys.base_prefix else "")
        _PROCESS_FACTS = [
            ("Python", "%s %s" % (platform.python_implementation(), sys.version.split()[0])),
            ("Executable", sys.executable or "?"),
            ("Virtual environment", venv or "none"),
            ("Platform", "%s %s (%s)" % (platform.system(), platform.release(), platform.machine())),
            ("Process id", str(os.getpid())),
            ("wsgidebug", __version__),
        ]
    return _PROCESS_FACTS


_DIST_VERSIONS: dict[str, str | None] = {}


def distribution_version(module: str) -> tuple[str, str] | None:
    """(distribution name, version) of an installed top-level module, or None."""
    if module not in _DIST_VERSIONS:
        found = None
        try:
            from importlib import metadata

            for name in (module, module.replace("_", "-"), PIP_NAMES.get(module, "")):
                if not name:
                    continue
                try:
                    found = "%s %s" % (metadata.metadata(name)["Name"] or name, metadata.version(name))
                    break
                except Exception:  # nosec B112 - not that name: try the next
                    continue
        except ImportError:
            pass
        _DIST_VERSIONS[module] = found
    found = _DIST_VERSIONS[module]
    if found is None:
        return None
    name, _, version = found.rpartition(" ")
    return name, version


class EnvironmentInfo:
    """Where the error happened: the interpreter, the machine, the server,
    and the installed distributions that have a frame in the traceback."""

    def __init__(self, environ, tb: Traceback, when: float):
        import time

        self.when = when
        rows = list(_process_facts())
        rows.insert(5, ("Working directory", _clip(os.getcwd(), MAX_NAME_CHARS)))
        rows.insert(6, ("Time of the error", time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(when))))
        rows.insert(7, ("Server", _clip(str(environ.get("SERVER_SOFTWARE") or "?"), MAX_NAME_CHARS)))
        self.rows = rows
        self.distributions = self._distributions(tb)

    @staticmethod
    def _distributions(tb: Traceback) -> list[tuple[str, str]]:
        seen: dict[str, tuple[str, str]] = {}
        for frame in tb.frames():
            if frame.is_app or not any(p in frame.filename for p in _PACKAGE_DIRS):
                continue
            name = frame.globals.get("__name__") if isinstance(frame.globals, dict) else None
            top = name.split(".")[0] if type(name) is str else ""
            if top and top not in seen and len(seen) < 30:
                found = distribution_version(top)
                if found:
                    seen[top] = found
        return sorted(set(seen.values()))


#: Import names whose distribution on PyPI is named otherwise.
PIP_NAMES = {
    "yaml": "PyYAML", "PIL": "Pillow", "cv2": "opencv-python", "sklearn": "scikit-learn",
    "bs4": "beautifulsoup4", "dateutil": "python-dateutil", "jwt": "PyJWT", "dotenv": "python-dotenv",
    "magic": "python-magic", "Crypto": "pycryptodome", "OpenSSL": "pyOpenSSL", "psycopg2": "psycopg2-binary",
    "MySQLdb": "mysqlclient", "attr": "attrs", "google.protobuf": "protobuf", "serial": "pyserial",
    "usb": "pyusb", "docx": "python-docx", "pptx": "python-pptx", "slugify": "python-slugify",
}


class TemplateError:
    """Where a template failed, as Django records it on the exception
    (``exc.template_debug``): the template's name, the line, the source
    around it and the failing token.  Read from the exception's own
    ``__dict__``; nothing of Django is imported."""

    __slots__ = ("name", "line", "message", "lines", "before", "during", "after")

    def __init__(self, name: str, line: int, message: str, lines: list, before: str, during: str, after: str):
        self.name, self.line, self.message, self.lines = name, line, message, lines
        self.before, self.during, self.after = before, during, after

    @classmethod
    def of(cls, exc: BaseException) -> TemplateError | None:
        """The template error an exception carries, or None."""
        try:
            if _class_runs_code_on_access(type(exc)):
                return None
            debug = _EXC_DICT(exc).get("template_debug")
            if type(debug) is not dict:
                return None
            name, line, rows = debug.get("name"), debug.get("line"), debug.get("source_lines")
            if type(line) is not int or type(rows) is not list:
                return None
            lines = [(n, _clip(_clip_source(t), MAX_SOURCE_LINE_CHARS)) for n, t in
                     [r for r in rows[:50] if type(r) is tuple and len(r) == 2][:50]
                     if type(n) is int and type(t) is str and abs(n - line) <= 10]
            parts = [debug.get(k) for k in ("before", "during", "after")]
            parts = [p if type(p) is str else "" for p in parts]
            message = debug.get("message")
            return cls(_clip(name if type(name) is str else "?", MAX_NAME_CHARS), line,
                       _clip(message if type(message) is str else "", MAX_MESSAGE_CHARS), lines,
                       _clip(parts[0], 2000), _clip(parts[1], 2000), _clip(parts[2], 2000))
        except Exception:
            return None

    def as_json(self) -> dict:
        """The template error as JSON-ready data."""
        return {"name": self.name, "line": self.line, "message": self.message, "token": self.during,
                "source": [{"line": n, "text": t} for n, t in self.lines]}


def template_error_of(tb: Traceback) -> TemplateError | None:
    """The template error of the newest exception in the chain that carries one."""
    for info, _ in reversed(tb.chain):
        found = TemplateError.of(info.exc)
        if found is not None:
            return found
    return None


def hints_for(info: ExceptionInfo, frame: FrameInfo | None) -> list[str]:
    """Short advice, as plain text, for a few common errors (no network)."""
    exc = info.exc
    if issubclass(type(exc), ImportError):
        return _import_hint(exc)
    if type(exc) is KeyError and frame is not None:
        return _key_error_hint(exc, frame)
    return []


def _import_hint(exc: BaseException) -> list[str]:
    name = ImportError.__dict__["name"].__get__(exc)
    if type(name) is not str or not name or name.startswith("."):
        return []
    top = name.split(".")[0]
    package = PIP_NAMES.get(name) or PIP_NAMES.get(top) or top
    venv = os.environ.get("VIRTUAL_ENV") or (sys.prefix if sys.prefix != sys.base_prefix else "")
    where = ("its virtual environment is %s" % venv) if venv else "it runs outside any virtual environment"
    found = distribution_version(top)
    lines = ["The server runs %s; %s." % (sys.executable or "python", where)]
    if found and issubclass(type(exc), ModuleNotFoundError):
        lines.append("%s %s is installed, but has no module %s." % (found[0], found[1], name))
    elif not found:
        lines.append("To install %s into it: %s -m pip install %s" % (top, sys.executable or "python", package))
    return [_clip(line, 1000) for line in lines]


def _key_error_hint(exc: KeyError, frame: FrameInfo) -> list[str]:
    """Close matches among the keys of a plain dict local that the failing
    expression subscripts (``name[``)."""
    import difflib

    args = BaseException.__dict__["args"].__get__(exc)
    if len(args) != 1 or type(args[0]) is not str:
        return []
    missing = args[0]
    source = frame.failing_source()
    try:
        local_ns = frame.frame.f_locals
    except Exception:
        return []
    for name in names_in_source(source)[:5]:
        value = local_ns.get(name) if name + "[" in source.replace(" ", "") else None
        if type(value) is not dict or is_sensitive_name(name):
            continue
        keys = [k for k in itertools.islice(value, 5000) if type(k) is str]
        close = difflib.get_close_matches(missing, keys, n=3, cutoff=0.6)
        if close:
            return [_clip("%s has no key %r. Close matches: %s" % (
                name, missing, ", ".join(repr(k) for k in close)), 1000)]
        return [_clip("%s has no key %r; it has %d keys." % (name, missing, len(value)), 1000)]
    return []


class ErrorReport:
    """One error as every output (page, text, Markdown, JSON) renders it:
    the traceback model, the request and the environment read when it
    happened, and hints.  Sensitive values are masked here, once."""

    def __init__(self, exc: BaseException | None, environ, show_hidden: bool = False,
                 sensitive=DEFAULT_SENSITIVE_NAMES, error_id: int | None = None, traceback=None):
        import time

        self.id = error_id
        self.when = time.time()
        self.source = "request"  # or "websocket", "after_response", "logged", "thread": where it came from
        self.origin = ""  # for "logged" and "thread": "logged by <logger>", "thread <name>"
        self.cut_short: str | None = None  # "the 200 response was cut short after N bytes"
        self.timeline: dict | None = None  # what the request did before it failed (see timeline_rows)
        self.tasks: dict | None = None  # an ASGI error: the event loop's other tasks (see loop_tasks)
        self.repeats = 1  # how many times this error happened (see ErrorStore.keep)
        self.first_seen = self.when
        self.log_message = ""  # for "logged": the record's message
        self.sensitive = tuple(sensitive)
        if traceback is None:
            assert exc is not None, "an ErrorReport needs an exception or a Traceback"
            traceback = Traceback(exc, show_hidden=show_hidden)
        self.traceback = traceback
        self.request = RequestInfo(environ, self.sensitive)
        self.environment = EnvironmentInfo(environ, self.traceback, self.when)
        top = self.traceback.top
        self.hints = hints_for(top, top.frames[-1] if top.frames else None)
        self.template = template_error_of(self.traceback)

    @property
    def signature(self) -> tuple:
        """What makes two errors the same one, repeated: the source, the
        type, the message and the app frame that raised."""
        top = self.traceback.top
        frames = top.frames
        raised = next((f for f in reversed(frames) if f.is_app), frames[-1] if frames else None)
        where = (raised.filename, raised.lineno, raised.function) if raised else ()
        return (self.source, self.origin, top.type_name, top.message) + where

    @property
    def headline(self) -> str:
        """Where the error came from, as the page's first line says it."""
        if self.source == "logged":
            return "Logged by %s" % self.origin[len("logged by "):]
        if self.source == "thread":
            return "Raised in %s" % self.origin
        if self.source == "websocket":
            return "WebSocket error"
        if self.source == "after_response":
            return "Error after the response"
        if self.cut_short:
            return self.cut_short[0].upper() + self.cut_short[1:]
        return "500 Internal Server Error"


# =============================================================================
# 3. Rendering: reprs, the page, the text
# =============================================================================

# -- debug_repr: HTML reprs for the console ----------------------------------

REPR_INLINE_CHARS = 80      # string characters shown before the expander
REPR_EXPANDED_CHARS = 4000  # ... and at most this many behind it
REPR_INLINE_ITEMS = 8       # container items shown before the expander
REPR_EXPANDED_ITEMS = 200   # ... and at most this many behind it
REPR_MAX_DEPTH = 4


class _HTMLRepr:
    """Builds coloured, bounded, recursion-safe HTML reprs."""

    def __init__(self):
        self._active: set[int] = set()

    def repr(self, obj, depth: int = 0) -> str:
        t = type(obj)
        if obj is None or t is bool or obj is Ellipsis or obj is NotImplemented:
            return '<span class="r-kw">%s</span>' % _escape(repr(obj))
        if t is int or t is float or t is complex:
            return '<span class="r-num">%s</span>' % _escape(self._number(obj))
        if isinstance(obj, (str, bytes, bytearray)) and _has_builtin_repr(obj):
            return self._string(obj)
        if _is_pattern(obj):
            return 're.compile(%s)' % self._string(obj.pattern)
        container = _container_kind(obj)
        if container is not None:
            return self._container(obj, container, depth)
        return self._object(obj)

    def _number(self, value) -> str:
        if type(value) is int and value.bit_length() > 4000:
            return "<int of %d bits>" % value.bit_length()
        return repr(value)

    def _string(self, obj) -> str:
        prefix = _type_prefix(obj, (str, bytes, bytearray))
        text = obj[:REPR_EXPANDED_CHARS]
        r = repr(bytes(text) if type(obj) is bytearray else text)
        if type(obj) is bytearray:
            r = "bytearray(%s)" % r
        rest = len(obj) - len(text)
        head, tail = r[:REPR_INLINE_CHARS], r[REPR_INLINE_CHARS:]
        out = '<span class="r-str">%s%s</span>' % (_escape(head), _expander(_escape(tail)) if tail else "")
        if rest:
            out += '<span class="r-more"> ... %d more characters</span>' % rest
        return prefix + out + (")" if prefix else "")

    def _container(self, obj, kind, depth) -> str:
        opening, closing, empty, is_map = kind
        prefix = _type_prefix(obj, (list, tuple, dict, set, frozenset))
        if id(obj) in self._active:
            return prefix + '<span class="r-kw">%s...%s</span>' % (opening, closing) + (")" if prefix else "")
        if len(obj) == 0:
            return prefix + empty + (")" if prefix else "")
        if depth >= REPR_MAX_DEPTH:
            return prefix + '%s<span class="r-more">... %d items</span>%s' % (opening, len(obj), closing) + (")" if prefix else "")
        self._active.add(id(obj))
        try:
            parts = []
            items = iter(obj.items()) if is_map else iter(obj)
            for i, item in enumerate(items):
                if i >= REPR_EXPANDED_ITEMS:
                    break
                if is_map:
                    parts.append("%s: %s" % (self.repr(item[0], depth + 1), self.repr(item[1], depth + 1)))
                else:
                    parts.append(self.repr(item, depth + 1))
        except Exception as e:  # mutated while iterating, broken __iter__
            parts = [_broken(e)]
        finally:
            self._active.discard(id(obj))
        trailing = "," if opening == "(" and len(obj) == 1 and not prefix else ""
        inline = ", ".join(parts[:REPR_INLINE_ITEMS])
        hidden = ", " + ", ".join(parts[REPR_INLINE_ITEMS:]) if len(parts) > REPR_INLINE_ITEMS else ""
        more = len(obj) - len(parts)
        body = inline + (_expander(hidden) if hidden else "") + trailing
        if more > 0:
            body += '<span class="r-more">, ... %d more</span>' % more
        return prefix + opening + body + closing + (")" if prefix else "")

    def _object(self, obj) -> str:
        try:
            text = repr(obj)
        except Exception as e:
            return _broken(e)
        if not isinstance(text, str):
            return _broken(TypeError("__repr__ returned non-string"))
        visible = text[:REPR_INLINE_CHARS * 2]
        hidden = text[REPR_INLINE_CHARS * 2:REPR_EXPANDED_CHARS]
        out = '<span class="r-obj">%s%s</span>' % (_escape(visible), _expander(_escape(hidden)) if hidden else "")
        if len(text) > REPR_EXPANDED_CHARS:
            out += '<span class="r-more"> ... %d more characters</span>' % (len(text) - REPR_EXPANDED_CHARS)
        return out


def _has_builtin_repr(obj) -> bool:
    t = type(obj)
    return t in (str, bytes, bytearray) or t.__repr__ in (str.__repr__, bytes.__repr__, bytearray.__repr__)


def _is_pattern(obj) -> bool:
    re = sys.modules.get("re")
    return re is not None and isinstance(obj, re.Pattern)


def _container_kind(obj):
    """(opening, closing, empty form, is mapping) for containers we draw ourselves."""
    t = type(obj)
    for base, kind in _CONTAINER_KINDS:
        if isinstance(obj, base) and (t is base or t.__repr__ is base.__repr__ or t.__module__ == "collections"):
            return kind
    deque = getattr(sys.modules.get("collections"), "deque", None)
    if deque is not None and isinstance(obj, deque):
        return ("[", "]", "[]", False)
    return None


_CONTAINER_KINDS = (
    (dict, ("{", "}", "{}", True)),
    (list, ("[", "]", "[]", False)),
    (tuple, ("(", ")", "()", False)),
    (set, ("{", "}", "set()", False)),
    (frozenset, ("{", "}", "frozenset()", False)),
)


def _type_prefix(obj, plain_types) -> str:
    """``module.Name(`` for subclasses and frozensets, else nothing."""
    t = type(obj)
    if t in plain_types and t is not frozenset:
        return ""
    if t is frozenset:
        return "frozenset("
    return '<span class="r-type">%s</span>(' % _escape(type_name(t))


def _expander(hidden_html: str) -> str:
    return (
        '<span class="r-expand"><button type="button" class="r-toggle" '
        'aria-label="show the rest" title="show the rest">+</button>'
        '<span class="r-rest">%s</span></span>' % hidden_html
    )


def _broken(exc: BaseException) -> str:
    msg = _clip(_safe_str(exc), 200)
    return '<span class="r-broken">&lt;broken repr (%s: %s)&gt;</span>' % (
        _escape(type(exc).__name__), _escape(msg))


def debug_repr(obj: object) -> str:
    """The console's HTML repr of ``obj``: escaped, coloured, bounded.

    Never raises: whatever the object does wrong shows as a broken repr.
    """
    try:
        return _HTMLRepr().repr(obj)
    except Exception as e:  # a hostile __len__, __iter__, __eq__ ...
        return _broken(e)


# -- dump(): tables of variables and attributes -------------------------------

def render_dump_table(title: str, items: list[tuple[str, object]], empty: str = "(none)") -> str:
    """A table of names and their HTML reprs (the names never wrap)."""
    rows = "".join(
        '<tr><th scope="row">%s</th><td>%s</td></tr>' % (_escape(_clip(name, MAX_NAME_CHARS)), debug_repr(value))
        for name, value in items
    ) or '<tr><td class="r-more">%s</td></tr>' % _escape(empty)
    return '<table class="dump"><caption>%s</caption>%s</table>' % (_escape(title), rows)


def dump_items_of(obj: object) -> list[tuple[str, object]]:
    """The attributes of an object (or the items of a mapping), bounded."""
    if isinstance(obj, dict):
        pairs = list(obj.items())[:500]
        return sorted(((k if isinstance(k, str) else repr(k)), v) for k, v in pairs)
    out = []
    try:
        names = sorted(dir(obj))[:500]
    except Exception as e:
        return [("dir() failed", e)]
    names.sort(key=lambda n: (n.startswith("__") and n.endswith("__"), n))  # dunder names last
    for name in names:
        try:
            out.append((name, getattr(obj, name)))
        except Exception as e:
            out.append((name, _BrokenAttribute(e)))
    return out


class _BrokenAttribute:
    def __init__(self, exc):
        self.exc = exc

    def __repr__(self):
        return "<attribute raised %s: %s>" % (type(self.exc).__name__, _safe_str(self.exc))


# -- templates: every style and script of the pages, in one place ------------
#
# Readable here, sent compacted (wire_css, wire_js) in the parts a page
# needs: CSS_PAGE and JS_BASE always; JS_TRACEBACK on error pages; the
# console's (CSS_CONSOLE, JS_CONSOLE) inline on the standalone console, else
# loaded with the first console opened (console_script); the list's
# (CSS_HISTORY, JS_HISTORY) on the list of kept errors.  The HTML is made by
# the functions of the next part, which escape everything the app controls.


CSS_PAGE = r"""
:root {
  color-scheme: light dark;
  --bg: #fbfbfd; --fg: #1d2330; --muted: #5d6677; --line: #d9dde6;
  --panel: #ffffff; --code-bg: #f4f6fa; --accent: #2359c4; --accent-soft: #e6eeff;
  --error: #b3261e; --error-soft: #fdecea; --current: #fff3c4; --mark: #ffd86b;
  --lib: #f1f2f5; --good: #1f7a3a;
  --r-str: #0b7a3e; --r-num: #1450b8; --r-kw: #8a2bb5; --r-type: #99540f; --r-broken: #b3261e;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #15181e; --fg: #e4e7ee; --muted: #9aa3b5; --line: #2d333f;
    --panel: #1c2028; --code-bg: #11141a; --accent: #7aa7ff; --accent-soft: #1d2a45;
    --error: #ff8a80; --error-soft: #3a1c1c; --current: #3b3416; --mark: #7a5d00;
    --lib: #191c23; --good: #6fd08f;
    --r-str: #7fd69b; --r-num: #8fb8ff; --r-kw: #d6a1f5; --r-type: #f0b46a; --r-broken: #ff8a80;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px; }
a { color: var(--accent); }
button { font: inherit; color: inherit; }
.wrap { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
header.summary { background: var(--error-soft); border-bottom: 1px solid var(--line); padding: 22px 0 18px; }
header.summary.neutral { background: var(--accent-soft); }
.brand { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
.brand strong { color: var(--error); }
h1 { margin: 0; font-size: 26px; line-height: 1.25; word-break: break-word; }
h1 a, .exc-msg a { color: inherit; text-decoration: none; }
h1 a:hover, .exc-msg a:hover { text-decoration: underline; }
.exc-type { color: var(--error); }
.exc-msg { margin: 6px 0 0; font-size: 17px; white-space: pre-wrap; word-break: break-word; }
.notes { margin: 8px 0 0; padding-left: 20px; color: var(--muted); white-space: pre-wrap; }
.notice { margin: 14px 0 0; padding: 8px 12px; border-radius: 6px; background: var(--panel); border: 1px solid var(--line); font-size: 14px; }
.notice.off { border-color: var(--error); }
main { padding: 18px 0 40px; }
.tb-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 6px 0 12px; }
.tb-head h2 { margin: 0; font-size: 18px; }
.tb-toggle { background: none; border: 0; padding: 0; cursor: pointer; font-weight: 600; }
.tb-toggle:hover { text-decoration: underline; }
.tb-toggle small { color: var(--muted); font-weight: 400; }
.btn { border: 1px solid var(--line); background: var(--panel); border-radius: 6px; padding: 3px 10px; cursor: pointer; font-size: 13px; }
.btn:hover, .btn:focus-visible { border-color: var(--accent); }
.legend { margin-left: auto; color: var(--muted); font-size: 13px; }
.legend .sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: middle; }
.legend .sw.app { background: var(--accent); }
.legend .sw.lib { background: var(--line); }
.divider { margin: 18px 0; padding: 8px 0; color: var(--muted); font-style: italic; border-top: 1px dashed var(--line); }
.frame { position: relative; margin: 8px 0; border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 6px; background: var(--lib); }
.frame.app { border-left-color: var(--accent); background: var(--panel); }
.frame:target { outline: 2px solid var(--error); }
.frame-head { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 8px; padding: 6px 10px; }
.frame-toggle { flex: 0 1 auto; min-width: 0; text-align: left; background: none; border: 0; padding: 0; cursor: pointer; overflow-wrap: anywhere; }
.frame-head .file { flex: 1 1 20em; min-width: 0; color: var(--muted); cursor: pointer; overflow-wrap: anywhere; }
.frame-head a.path { color: inherit; text-decoration: underline dotted; }
.frame-head a.path:hover { color: var(--accent); }
.frame-toggle .func { font-weight: 600; }
.frame.lib .frame-toggle { color: var(--muted); }
.tag { font-size: 11px; border-radius: 3px; padding: 0 5px; border: 1px solid var(--line); color: var(--muted); white-space: nowrap; }
.frame.app .tag { border-color: var(--accent); color: var(--accent); }
.open-console { opacity: 0; border: 1px solid var(--line); background: var(--panel); border-radius: 5px; padding: 0 7px; cursor: pointer; font-family: ui-monospace, monospace; font-size: 13px; }
.frame:hover .open-console, .frame:focus-within .open-console, .open-console.active { opacity: 1; }
.open-console:focus-visible { outline: 2px solid var(--accent); }
html:not(.js) .open-console, html:not(.js) #copy-text, html:not(.js) .notice.js-only { display: none; }
pre.source { margin: 0; padding: 4px 0; background: var(--code-bg); border-top: 1px solid var(--line); overflow-x: auto; cursor: pointer; }
.source .l { display: block; padding: 0 10px; white-space: pre; }
.source i { font-style: normal; display: inline-block; width: 4.5em; color: var(--muted); user-select: none; text-align: right; padding-right: 1em; }
.source .cur { background: var(--current); }
.source mark { background: var(--mark); color: inherit; border-radius: 2px; }
.js .frame:not(.expanded) .source .x { display: none; }
.frame-info { margin: 0; padding: 6px 10px; border-top: 1px solid var(--line); white-space: pre-wrap; font-size: 13px; }
table.locals { border-collapse: collapse; margin: 0; width: 100%; border-top: 1px solid var(--line); font-size: 13px; }
table.locals th, table.locals td { text-align: left; padding: 2px 10px; vertical-align: top; }
table.locals th { width: 14em; font-weight: 500; color: var(--muted); }
table.locals table.attrs { border-collapse: collapse; margin: 2px 0 4px; font-size: 12px; }
table.locals table.attrs th { width: auto; padding: 0 10px 0 14px; font-weight: 400; white-space: nowrap; }
table.locals table.attrs td { padding: 0; word-break: break-word; }
.js .frame:not(.expanded) table.locals { display: none; }
.repeat { margin: 6px 0 6px 12px; color: var(--muted); font-style: italic; }
details.lib-run { margin: 8px 0; }
details.lib-run > summary { cursor: pointer; color: var(--muted); font-size: 13px; padding: 4px 10px; border: 1px dashed var(--line); border-radius: 6px; background: var(--lib); list-style-position: inside; }
details.lib-run > summary .mods { font-family: ui-monospace, monospace; font-size: 12px; }
details.lib-run[open] > summary { margin-bottom: 4px; }
.exc-line { margin: 10px 0 0; padding: 10px 12px; background: var(--error-soft); border-radius: 6px; white-space: pre-wrap; word-break: break-word; }
.group { margin: 12px 0 0 12px; padding-left: 12px; border-left: 3px solid var(--error); }
details.member > summary { cursor: pointer; margin: 8px 0 4px; }
details.member > summary h3 { display: inline; margin: 0; font-size: 15px; color: var(--error); }
details.member > summary .member-exc { font-family: ui-monospace, monospace; font-size: 13px; word-break: break-word; }
.js .no-js { display: none; }
.plain-wrap { display: none; }
.plain-wrap h2 { font-size: 18px; }
html:not(.js) .plain-wrap, .text-mode .plain-wrap { display: block; }
.text-mode .chain { display: none; }
pre.plain.body { max-height: 420px; overflow: auto; white-space: pre-wrap; word-break: break-word; }
pre.plain { padding: 12px; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; white-space: pre; }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding: 14px 0 30px; }
.muted { color: var(--muted); }
.hints { margin: 12px 0 0; padding: 8px 12px; border-radius: 6px; background: var(--panel); border: 1px solid var(--accent); font-size: 14px; }
.hints ul { margin: 2px 0 0; padding-left: 20px; }
.hints li { white-space: pre-wrap; word-break: break-word; }
.source .vals { display: block; padding: 1px 10px 3px calc(4.5em + 20px); white-space: normal; background: var(--current); font-size: 12px; cursor: auto; }
.source .vals .v { display: inline-block; margin-right: 16px; white-space: pre; }
.source .vals b { font-weight: 600; color: var(--accent); }
.frame-head .frame-toggle:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.frame.kb, summary.kb { box-shadow: 0 0 0 2px var(--accent); }
.only-mine .frame.lib, .only-mine details.lib-run { display: none; }
#only-mine[aria-pressed="true"] { border-color: var(--accent); background: var(--accent-soft); }
html:not(.js) #only-mine, html:not(.js) #show-keys, html:not(.js) #copy-markdown { display: none; }
.editor-choice { font-size: 13px; color: var(--muted); }
.editor-choice select { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 2px 4px; }
.brand a { color: inherit; }
@media (max-width: 600px) {
  .wrap { padding: 0 12px; }
  h1 { font-size: 22px; }
  .exc-msg { font-size: 15px; }
  .tb-head h2 { flex: 1 0 100%; }
  .legend { margin-left: 0; }
  .legend .sw:first-child { margin-left: 0; }
  .frame-head { padding: 6px 8px; }
  table.locals th { width: 40%; }
  .source i { width: 3.5em; }
}
table.timeline, table.tasks { border-collapse: collapse; width: 100%; font-size: 13px; }
table.timeline td, table.tasks td, table.tasks th { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); vertical-align: top; word-break: break-word; }
table.timeline td.ms { white-space: nowrap; color: var(--muted); width: 7em; }
table.timeline td.kind { white-space: nowrap; width: 14em; }
table.timeline tr.t-error td { color: var(--error); font-weight: 600; }
table.timeline tr.t-request td, table.timeline tr.t-response td { color: var(--muted); }
table.timeline code.sql { white-space: pre-wrap; }
.template-error { margin: 6px 0 18px; border: 1px solid var(--error); border-radius: 6px; background: var(--panel); overflow: hidden; }
.template-error h2 { margin: 0; padding: 8px 12px; font-size: 16px; }
.template-error .exc-line { margin: 0 12px 8px; }
details.panel { margin: 22px 0 0; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); }
details.panel > summary { cursor: pointer; padding: 8px 12px; list-style-position: inside; }
details.panel > summary h2 { display: inline; font-size: 18px; margin: 0 8px 0 0; }
details.panel > summary code { color: var(--muted); }
.panel-body { padding: 0 12px 10px; border-top: 1px solid var(--line); }
.panel-body h3 { font-size: 14px; margin: 14px 0 4px; }
.panel-body p { margin: 8px 0; font-size: 13px; }
table.kv { border-collapse: collapse; width: 100%; font-size: 13px; }
table.kv th, table.kv td { text-align: left; vertical-align: top; padding: 2px 10px 2px 0; border-bottom: 1px solid var(--line); }
table.kv th { width: 16em; font-weight: 500; color: var(--muted); white-space: nowrap; }
table.kv td { word-break: break-all; font-family: ui-monospace, monospace; }
.keys { position: fixed; right: 20px; bottom: 20px; z-index: 10; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; box-shadow: 0 4px 18px rgba(0, 0, 0, .18); }
.keys h2 { margin: 0 0 6px; font-size: 15px; }
.keys dl { display: grid; grid-template-columns: auto auto; gap: 4px 14px; margin: 0; font-size: 13px; }
.keys dd { margin: 0; }
kbd { font-family: ui-monospace, monospace; font-size: 12px; border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 5px; background: var(--bg); }
"""

CSS_CONSOLE = r"""
.console { border-top: 1px solid var(--line); background: var(--code-bg); padding: 6px 10px 8px; }
.console .transcript { max-height: 420px; overflow-y: auto; }
.console .entry, .console .in { white-space: pre-wrap; word-break: break-word; }
.console .prompt { color: var(--muted); user-select: none; }
.console form { display: flex; align-items: center; gap: 6px; margin: 2px 0 0; }
.console form { align-items: flex-start; }
.console textarea { flex: 1; resize: none; overflow: hidden; min-height: 1.6em; font-family: ui-monospace, monospace; font-size: 13px; line-height: 1.5; background: transparent; border: 0; border-bottom: 1px solid var(--line); color: var(--fg); padding: 0; }
.console textarea:focus { outline: none; border-bottom-color: var(--accent); }
.console .stop { padding: 0 8px; border-color: var(--error); color: var(--error); }
.console .completions { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0 0 2.5em; }
.console .choice { font-family: ui-monospace, monospace; font-size: 12px; border: 1px solid var(--line); background: var(--panel); border-radius: 4px; padding: 0 6px; cursor: pointer; }
.console .choice:hover, .console .choice:focus { border-color: var(--accent); }
.out { margin: 0 0 2px; white-space: pre-wrap; word-break: break-word; }
.out.traceback, .out.error { color: var(--error); }
.r-str { color: var(--r-str); } .r-num { color: var(--r-num); } .r-kw { color: var(--r-kw); }
.r-type { color: var(--r-type); } .r-broken { color: var(--r-broken); font-style: italic; }
.r-more { color: var(--muted); font-style: italic; }
.r-toggle { border: 1px solid var(--line); background: var(--panel); border-radius: 3px; padding: 0 4px; margin: 0 3px; cursor: pointer; font-size: 11px; line-height: 1.2; }
.r-expand:not(.open) .r-rest { display: none; }
.r-expand.open > .r-toggle { display: none; }
table.dump { border-collapse: collapse; margin: 4px 0; font-size: 13px; }
table.dump caption { text-align: left; font-weight: 600; padding: 2px 0; }
table.dump th, table.dump td { text-align: left; padding: 1px 10px 1px 0; vertical-align: top; border-bottom: 1px solid var(--line); }
table.dump th { font-weight: 500; color: var(--muted); white-space: nowrap; }
table.dump caption + tbody th { min-width: 6em; }
table.dump + table.dump { margin-top: 10px; }
.pin-box { border-top: 1px solid var(--line); padding: 10px; background: var(--panel); }
.pin-box p { margin: 0 0 6px; }
.pin-box form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.pin-box input { font-family: ui-monospace, monospace; font-size: 15px; padding: 3px 6px; width: 12em; border: 1px solid var(--line); border-radius: 5px; background: var(--bg); color: var(--fg); }
.pin-box .msg { color: var(--error); margin-top: 6px; }
.pin-box .msg:empty { display: none; }
.standalone .console { border: 1px solid var(--line); border-radius: 6px; }
.standalone .console .transcript { max-height: none; }
"""

CSS_HISTORY = r"""
table.history { border-collapse: collapse; width: 100%; font-size: 14px; }
table.history th, table.history td { text-align: left; padding: 6px 10px 6px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
table.history th { color: var(--muted); font-weight: 500; }
table.history td { overflow-wrap: anywhere; }
table.history td:first-child, table.history.workers td:nth-child(2) { white-space: nowrap; }
table.history tr.new { background: var(--accent-soft); }
@media (max-width: 600px) {
  table.history thead { display: none; }
  table.history tr { display: block; padding: 8px 0; border-bottom: 1px solid var(--line); }
  table.history td { display: inline; border: 0; padding: 0 10px 0 0; }
  table.history td:nth-last-child(2), table.history td:last-child { display: block; padding-top: 2px; }
  table.history.workers td:nth-child(2)::before { content: "worker "; color: var(--muted); }
}
table.history .count { display: inline-block; padding: 0 6px; margin-right: 4px; border-radius: 9px; background: var(--accent-soft); font-weight: 600; }
.list-tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 12px; }
.clear-pin input { width: 9em; margin: 0 6px; }
"""

# The page's scripts, in parts: every page gets JS_BASE, then what it shows
# needs (wire_js puts them together in one strict function).

JS_BASE = r"""
  document.documentElement.classList.add("js");
  var config = JSON.parse(document.getElementById("wsgidebug-config").textContent);

  // The PIN token binds the PIN cookie to this origin: it lives in this
  // origin's storage and travels as a header, which no other origin can send.
  var TOKEN_KEY = "wsgidebug-token";
  function storedToken() {
    try { return window.localStorage.getItem(TOKEN_KEY) || ""; } catch (e) { return ""; }
  }
  function storeToken(token) {
    try { window.localStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: ask again next time */ }
  }

  var NONCE = document.currentScript ? document.currentScript.nonce : "";

  // Always a URL relative to this page ("?..."): it cannot reach another origin.
  function api(cmd, params, body) {
    var query = new URLSearchParams(params || {});
    query.set("__debugger__", "yes");
    query.set("cmd", cmd);
    if (config.secret) query.set("s", config.secret);
    var headers = {"Content-Type": "application/x-www-form-urlencoded"};
    var token = storedToken();
    if (token) headers["X-Debugger-Token"] = token;
    return fetch("?" + query.toString(), {
      method: "POST",
      credentials: "same-origin",
      headers: headers,
      body: new URLSearchParams(body || {}).toString()
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    area.remove();
  }

  // What the console part gets (see JS_CONSOLE).
  var shared = {config: config, api: api, storedToken: storedToken, storeToken: storeToken, nonce: NONCE};

  // Values cut short in a console open in place.
  document.addEventListener("click", function (event) {
    var expander = event.target.closest(".r-toggle");
    if (expander) expander.parentNode.classList.add("open");
  });
"""

JS_TRACEBACK = r"""
  // -- the plain-text view and the Copy button ------------------------------
  var toggle = document.getElementById("tb-toggle");
  var traceback = document.getElementById("traceback");
  if (toggle && traceback) {
    toggle.addEventListener("click", function () {
      var on = traceback.classList.toggle("text-mode");
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  var copy = document.getElementById("copy-text");
  if (copy) {
    copy.addEventListener("click", function () {
      var text = document.getElementById("plain-text").textContent;
      var done = function () { copy.textContent = "Copied"; setTimeout(function () { copy.textContent = "Copy"; }, 1500); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
      } else { fallbackCopy(text); done(); }
    });
  }
  // -- frames fold and unfold ----------------------------------------------
  function setExpanded(frame, on) {
    frame.classList.toggle("expanded", on);
    var button = frame.querySelector(".frame-toggle");
    if (button) button.setAttribute("aria-expanded", on ? "true" : "false");
    if (on && frame.hasAttribute("data-lazy") && config.error_url) loadSource(frame);
  }
  // The full source window of a frame comes from the kept error when needed.
  function loadSource(frame) {
    frame.removeAttribute("data-lazy");
    fetch(config.error_url + "/frames/" + frame.getAttribute("data-frm"), {credentials: "same-origin"})
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var old = frame.querySelector("pre.source");
        Array.prototype.forEach.call(frame.querySelectorAll(".frame-info"), function (e) { e.remove(); });
        var console = frame.querySelector(".console, .pin-box");
        while (holder.firstChild) frame.insertBefore(holder.firstChild, console ? console : null);
        var full = frame.querySelector("pre.source + pre.source, pre.source ~ pre.source");
        if (old && full) old.remove();
      })
      .catch(function () {
        var note = document.createElement("p");
        note.className = "frame-info";
        note.textContent = "The rest of the source is gone: this error is no longer kept.";
        frame.querySelector("pre.source").after(note);
      });
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    var head = target.closest(".frame-toggle, pre.source, .frame-head .file");
    if (head && !target.closest("a")) {
      if (window.getSelection && String(window.getSelection()).length) return;
      var frame = head.closest(".frame");
      setExpanded(frame, !frame.classList.contains("expanded"));
      return;
    }
    var jump = target.closest("a.jump");
    if (jump) {
      var last = document.getElementById(jump.getAttribute("href").slice(1));
      if (last) setExpanded(last, true);
    }
  });

  // -- "Only my code": hide library frames, remembered in this browser ------
  var ONLY_MINE_KEY = "wsgidebug-only-mine";
  var onlyMine = document.getElementById("only-mine");
  function setOnlyMine(on) {
    if (!traceback || !onlyMine) return;
    traceback.classList.toggle("only-mine", on);
    onlyMine.setAttribute("aria-pressed", on ? "true" : "false");
    try { window.localStorage.setItem(ONLY_MINE_KEY, on ? "1" : "0"); } catch (e) { /* not kept */ }
  }
  if (onlyMine) {
    window.setTimeout(function () {  // after the first paint: storage can be slow to open
      var kept = "0";
      try { kept = window.localStorage.getItem(ONLY_MINE_KEY) || "0"; } catch (e) { /* not kept */ }
      if (kept === "1") setOnlyMine(true);
    }, 0);
    onlyMine.addEventListener("click", function () {
      setOnlyMine(onlyMine.getAttribute("aria-pressed") !== "true");
    });
  }

  // -- keyboard: j/k between frames, Enter unfolds, c console, ? the list ---
  var keys = document.getElementById("keys");
  var showKeys = document.getElementById("show-keys");
  function toggleKeys(show) {
    if (!keys) return;
    keys.hidden = show === undefined ? !keys.hidden : !show;
  }
  if (showKeys) showKeys.addEventListener("click", function () { toggleKeys(); });
  // The stops of j/k, in page order: each frame that shows, and the line of
  // each closed fold (library run, group member) instead of the frames in it.
  function inClosedFold(el) {
    var fold = el.parentElement && el.parentElement.closest("details");
    for (; fold; fold = fold.parentElement && fold.parentElement.closest("details")) {
      if (!fold.open) return true;
    }
    return false;
  }
  function visibleFrames() {
    var all = document.querySelectorAll(".chain .frame, .chain details > summary");
    return Array.prototype.filter.call(all, function (el) {
      if (el.tagName === "SUMMARY" && el.parentElement.open) return false;
      var box = el.tagName === "SUMMARY" ? el.parentElement : el;
      return box.offsetParent !== null && !inClosedFold(box);
    });
  }
  function currentFrame() {
    var active = document.activeElement;
    if (!active || !active.closest) return null;
    return active.tagName === "SUMMARY" ? active : active.closest(".frame");
  }
  function focusFrame(frame) {
    Array.prototype.forEach.call(document.querySelectorAll(".kb"), function (f) { f.classList.remove("kb"); });
    frame.classList.add("kb");
    var button = frame.tagName === "SUMMARY" ? frame : frame.querySelector(".frame-toggle");
    if (button) button.focus({preventScroll: true});
    frame.scrollIntoView({block: "nearest"});
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
    var key = event.key;
    if (key === "?") { toggleKeys(); event.preventDefault(); return; }
    if (key === "Escape") { toggleKeys(false); return; }
    if (key !== "j" && key !== "k" && key !== "c") return;
    var frames = visibleFrames();
    if (!frames.length) return;
    var current = currentFrame();
    var index = frames.indexOf(current);
    if (key === "c") {
      var frame = current || frames[frames.length - 1];
      var opener = frame.querySelector(".open-console");
      if (opener) { opener.click(); event.preventDefault(); }
      return;
    }
    if (index === -1 && current) {  // not a stop (the line of a fold just opened): go on from where it is
      index = frames.filter(function (f) {
        return current.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_PRECEDING;
      }).length - (key === "j" ? 1 : 0);
    } else if (index === -1) {
      index = key === "j" ? -1 : frames.length;
    }
    index = key === "j" ? Math.min(index + 1, frames.length - 1) : Math.max(index - 1, 0);
    focusFrame(frames[index]);
    event.preventDefault();
  });

  // -- Copy as Markdown: fetched from the kept error (or carried in the page) --
  var copyMarkdown = document.getElementById("copy-markdown");
  function markdownText() {
    var carried = document.getElementById("markdown");
    if (carried) return Promise.resolve(carried.textContent);
    return fetch(config.error_url, {headers: {"Accept": "text/markdown"}, credentials: "same-origin"})
      .then(function (r) {
        if (!r.ok) throw new Error("this error is no longer kept (" + r.status + ")");
        return r.text();
      });
  }
  if (copyMarkdown) {
    copyMarkdown.addEventListener("click", function () {
      var label = "Copy as Markdown";
      var say = function (text) {
        copyMarkdown.textContent = text;
        setTimeout(function () { copyMarkdown.textContent = label; }, 2000);
      };
      markdownText().then(function (text) {
        copyMarkdown.setAttribute("data-copied", String(text.length));
        if (navigator.clipboard && window.isSecureContext) {
          return navigator.clipboard.writeText(text).catch(function () { fallbackCopy(text); });
        }
        fallbackCopy(text);
      }).then(function () { say("Copied"); }, function (e) { say(String(e.message || e)); });
    });
  }

  // -- editor links: the browser's choice wins over the server's -----------
  var EDITOR_KEY = "wsgidebug-editor";
  function editorUrl(template, path, line) {
    path = path.replace(/\\/g, "/");
    if (path.charAt(0) !== "/") path = "/" + path;
    var encoded = encodeURIComponent(path).replace(/%2F/g, "/").replace(/%3A/g, ":");
    return template.split("{path}").join(encoded).split("{line}").join(String(line));
  }
  function applyEditor(name) {
    var template = name === "none" ? null : (name && config.editors[name]) || config.editor;
    Array.prototype.forEach.call(document.querySelectorAll(".frame[data-line]"), function (frame) {
      var old = frame.querySelector(".frame-head .path");
      if (!old) return;
      var next = document.createElement(template ? "a" : "span");
      next.className = "path";
      next.textContent = old.textContent;
      var path = frame.getAttribute("data-path") || old.textContent;  // data-path: mapped by path_map
      if (template) next.href = editorUrl(template, path, frame.getAttribute("data-line"));
      old.replaceWith(next);
    });
  }
  var tbHead = document.querySelector(".tb-head");
  // Made after the first paint: a <select> costs more than the rest of the page's script.
  if (tbHead && config.editors) window.setTimeout(makeEditorChooser, 0);
  function makeEditorChooser() {
    var chosen = "";
    try { chosen = window.localStorage.getItem(EDITOR_KEY) || ""; } catch (e) { /* not kept */ }
    var label = document.createElement("label");
    label.className = "editor-choice";
    label.textContent = "Editor ";
    var select = document.createElement("select");
    select.id = "editor-choice";
    var names = [["", config.editor ? "server's choice" : "no links"], ["none", "no links"]];
    if (!config.editor) names.pop();
    Object.keys(config.editors).forEach(function (name) { names.push([name, name]); });
    names.forEach(function (pair) {
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      select.appendChild(option);
    });
    select.value = chosen in config.editors || chosen === "none" ? chosen : "";
    select.addEventListener("change", function () {
      try { window.localStorage.setItem(EDITOR_KEY, select.value); } catch (e) { /* not kept */ }
      applyEditor(select.value);
    });
    label.appendChild(select);
    tbHead.insertBefore(label, tbHead.querySelector(".legend"));
    if (select.value) applyEditor(select.value);
  }

  // -- consoles: the code comes with the first one opened -------------------
  var openConsole = null, loading = null;
  function loadConsole() {
    loading = loading || new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.nonce = NONCE;
      script.src = config.console_script;
      script.onload = resolve;
      script.onerror = function () { loading = null; reject(new Error("the console could not be loaded")); };
      document.head.appendChild(script);
    });
    return loading;
  }
  function withConsole(then) {
    if (openConsole) { then(); return; }
    if (!window.wsgidebugConsole && config.console_script) {
      loadConsole().then(function () { withConsole(then); }, function (e) { window.alert(e.message); });
      return;
    }
    if (window.wsgidebugConsole) { openConsole = window.wsgidebugConsole(shared); then(); }
  }
  // Fetched ahead once the page is drawn and idle, so that the first console
  // opens at once (the browser keeps it: its URL names its digest).
  if (config.console_script && document.querySelector(".open-console")) {
    window.addEventListener("load", function () {
      var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 300); };
      idle(function () {
        loadConsole().then(function () { withConsole(function () { /* installed: its styles too */ }); },
                           function () { /* tried again when opened */ });
      });
    });
  }
  document.addEventListener("click", function (event) {
    var opener = event.target.closest(".open-console");
    if (opener) withConsole(function () { openConsole(opener.closest(".frame"), opener); });
  });

  // -- the members of a group past the first come when opened --------------
  document.addEventListener("toggle", function (event) {
    var member = event.target;
    if (!member.classList || !member.classList.contains("member") || !member.open) return;
    if (!member.hasAttribute("data-url") || member.hasAttribute("data-done")) return;
    member.setAttribute("data-done", "1");
    fetch(member.getAttribute("data-url"), {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      member.insertAdjacentHTML("beforeend", html);
    }).catch(function () {
      member.insertAdjacentText("beforeend", "This is gone: the error is no longer kept (the plain text has it).");
    });
  }, true);
"""

JS_CONSOLE = r"""
  // The console, installed by window.wsgidebugConsole(shared): carried in
  // the page, or loaded on the first console opened (see console_script).
  window.wsgidebugConsole = function (shared) {
  var config = shared.config, api = shared.api, storedToken = shared.storedToken, storeToken = shared.storeToken;
  if (shared.css) {
    var style = document.createElement("style");
    style.nonce = shared.nonce;
    style.textContent = shared.css;
    document.head.appendChild(style);
  }

  // -- the PIN prompt ------------------------------------------------------
  var trusted = !config.pin_required || (config.trusted && storedToken() !== "");
  function askPin(frame, then) {
    var box = frame.querySelector(".pin-box");
    if (box) { box.querySelector("input").focus(); return; }
    box = document.createElement("div");
    box.className = "pin-box";
    box.innerHTML =
      '<p><strong>Console locked.</strong> Enter the PIN printed on the terminal where the server runs.</p>' +
      '<form><label>PIN <input name="pin" autocomplete="off" inputmode="numeric" aria-label="Debugger PIN"></label>' +
      '<button class="btn" type="submit">Unlock</button>' +
      '<button class="btn print-pin" type="button">Print the PIN again</button></form>' +
      '<div class="msg" role="alert"></div>';
    frame.appendChild(box);
    var input = box.querySelector("input");
    var msg = box.querySelector(".msg");
    input.focus();
    box.querySelector(".print-pin").addEventListener("click", function () {
      api("printpin").then(function (r) {
        msg.textContent = r.ok ? "The PIN was printed on the server's terminal."
                               : "The server refused (" + r.status + "): reload the page.";
      }, function () { msg.textContent = "The server did not answer."; });
    });
    box.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      api("pinauth", {}, {pin: input.value}).then(function (r) {
        if (!r.ok) throw new Error("the server refused: " + r.status);
        return r.json();
      }).then(function (answer) {
        if (answer.auth) { storeToken(answer.token || ""); trusted = true; box.remove(); then(); return; }
        msg.textContent = answer.exhausted
          ? "Too many wrong PINs: restart the server to try again."
          : "Wrong PIN. Look again at the terminal.";
        input.select();
      }).catch(function (e) { msg.textContent = String(e.message || e); });
    });
  }

  // -- consoles --------------------------------------------------------------
  function openConsole(frame, opener) {
    if (!trusted) { askPin(frame, function () { openConsole(frame, opener); }); return; }
    var existing = frame.querySelector(".console");
    if (existing) {
      existing.hidden = !existing.hidden;
      if (opener) opener.classList.toggle("active", !existing.hidden);
      if (!existing.hidden) existing.querySelector("textarea").focus();
      return;
    }
    var console = makeConsole(frame.getAttribute("data-frm"));
    frame.appendChild(console);
    if (opener) opener.classList.add("active");
    console.querySelector("textarea").focus();
  }

  function makeConsole(frm) {
    var box = document.createElement("div");
    box.className = "console";
    box.innerHTML =
      '<div class="transcript mono" aria-live="polite"></div>' +
      '<form class="mono"><span class="prompt">&gt;&gt;&gt;</span>' +
      '<textarea rows="1" autocomplete="off" spellcheck="false" ' +
      'aria-label="Python input for frame ' + frm + '"></textarea>' +
      '<button type="button" class="btn stop" hidden title="Stop the running input (Ctrl+C)">Stop</button></form>' +
      '<div class="completions" role="listbox" hidden></div>';
    var transcript = box.querySelector(".transcript");
    var form = box.querySelector("form");
    var prompt = box.querySelector(".prompt");
    var input = box.querySelector("textarea");
    var stop = box.querySelector(".stop");
    var choices = box.querySelector(".completions");
    var history = [], position = 0, pending = 0;

    function show(html) {
      transcript.insertAdjacentHTML("beforeend", html);
      transcript.scrollTop = transcript.scrollHeight;
    }
    function note(text) {
      var line = document.createElement("div");
      line.className = "out error";
      line.textContent = text;
      transcript.appendChild(line);
      transcript.scrollTop = transcript.scrollHeight;
    }
    function grow() {  // the input grows with its text
      input.style.height = "auto";
      input.style.height = input.scrollHeight + "px";
    }
    function setValue(text) { input.value = text; grow(); }
    function busy(delta) {
      pending += delta;
      stop.hidden = pending === 0;
    }
    function run() {
      var code = input.value;
      if (code.trim()) history.push(code);
      position = history.length;
      setValue("");
      hideChoices();
      busy(1);
      api("eval", {frm: frm}, {code: code}).then(function (r) {
        return r.text().then(function (text) { return {status: r.status, text: text}; });
      }).then(function (answer) {
        busy(-1);
        if (answer.status === 200) {
          show(answer.text);
          var last = transcript.lastElementChild;
          var more = last && last.getAttribute("data-more") === "1";
          prompt.textContent = more ? "..." : ">>>";
        } else {
          note(answer.text);
          if (answer.status === 403 && config.pin_required) { trusted = false; }
        }
      }).catch(function (e) {
        busy(-1);
        note("The server did not answer: " + (e.message || e));
      });
    }
    function interrupt() {
      api("interrupt", {frm: frm}).then(function (r) { return r.json(); }).then(function (answer) {
        if (!answer.interrupted) note(answer.message);
      }).catch(function (e) { note("The server did not answer: " + (e.message || e)); });
    }
    stop.addEventListener("click", interrupt);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

    // -- completion: Tab asks the frame's namespace ------------------------
    function wordBefore(text) { return (/[A-Za-z0-9_.]*$/.exec(text) || [""])[0]; }
    function insert(completion) {
      var before = input.value.slice(0, input.selectionStart);
      var after = input.value.slice(input.selectionEnd);
      var word = wordBefore(before);
      setValue(before.slice(0, before.length - word.length) + completion + after);
      var caret = before.length - word.length + completion.length;
      input.setSelectionRange(caret, caret);
      hideChoices();
      input.focus();
    }
    function hideChoices() { choices.hidden = true; choices.textContent = ""; }
    function commonPrefix(words) {
      var prefix = words[0];
      words.forEach(function (w) { while (w.indexOf(prefix) !== 0) prefix = prefix.slice(0, -1); });
      return prefix;
    }
    function complete() {
      var before = input.value.slice(0, input.selectionStart);
      var word = wordBefore(before);
      api("complete", {frm: frm}, {code: before}).then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(t); });
        return r.json();
      }).then(function (answer) {
        var found = answer.completions;
        if (!found.length) return;
        if (found.length === 1) { insert(found[0]); return; }
        var prefix = commonPrefix(found);
        if (prefix.length > word.length) insert(prefix);
        choices.textContent = "";
        found.forEach(function (name) {
          var item = document.createElement("button");
          item.type = "button";
          item.className = "choice";
          item.setAttribute("role", "option");
          item.textContent = name;
          item.addEventListener("click", function () { insert(name); });
          choices.appendChild(item);
        });
        choices.hidden = false;
      }).catch(function (e) { note(String(e.message || e)); });
    }

    input.addEventListener("input", grow);
    input.addEventListener("keydown", function (event) {
      var key = event.key;
      var firstLine = input.value.lastIndexOf("\n", input.selectionStart - 1) === -1;
      var lastLine = input.value.indexOf("\n", input.selectionEnd) === -1;
      if (key === "Enter" && !event.shiftKey) {
        event.preventDefault(); run();
      } else if (key === "Tab" && !event.shiftKey) {
        event.preventDefault();
        var before = input.value.slice(0, input.selectionStart);
        if (/(^|\n)\s*$/.test(before)) insert("    ");  // indentation
        else complete();
      } else if (key === "Escape") {
        hideChoices();
      } else if (key === "c" && event.ctrlKey && pending && input.selectionStart === input.selectionEnd) {
        event.preventDefault(); interrupt();
      } else if (key === "ArrowUp" && firstLine && position > 0) {
        position -= 1; setValue(history[position]); event.preventDefault();
      } else if (key === "ArrowDown" && lastLine && position < history.length) {
        position += 1;
        setValue(position < history.length ? history[position] : "");
        event.preventDefault();
      } else if (key === "l" && event.ctrlKey) {
        transcript.innerHTML = ""; event.preventDefault();
      }
    });
    return box;
  }

  var standalone = document.getElementById("frame-0");
  if (standalone && config.secret) openConsole(standalone, null);
  return openConsole;
  };
"""

# The standalone console page opens its console at once.
JS_CONSOLE_NOW = r"""
  window.wsgidebugConsole(shared);
"""

JS_HISTORY = r"""
  // -- the list of kept errors keeps itself current ------------------------
  var history = document.getElementById("history");
  if (history) {
    var shown = function () {
      return Array.prototype.map.call(history.querySelectorAll("tbody tr"), function (r) { return r.getAttribute("data-id"); }).join(",");
    };
    var cell = function (row, text, cls) {
      var td = document.createElement("td");
      if (cls) td.className = cls;
      if (text !== null) td.textContent = text;
      row.appendChild(td);
      return td;
    };
    var refresh = function () {
      fetch(window.location.pathname, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var ids = data.errors.map(function (e) { return String(e.id); }).join(",");
          if (ids === shown()) return;
          var before = shown().split(",");
          var body = document.createElement("tbody");
          data.errors.forEach(function (e) {
            var row = document.createElement("tr");
            row.setAttribute("data-id", e.id);
            if (before.indexOf(String(e.id)) === -1) row.className = "new";
            cell(row, e.time.slice(11, 19), "mono");
            if (history.classList.contains("workers")) cell(row, String(e.worker), "mono");
            cell(row, e.label, "mono");
            var what = cell(row, null);
            if (e.count > 1) {
              var count = document.createElement("span");
              count.className = "count";
              count.title = "first at " + e.first_time.slice(11, 19);
              count.textContent = "\u00d7" + e.count;
              what.appendChild(count);
              what.appendChild(document.createTextNode(" "));
            }
            var link = document.createElement("a");
            link.href = e.url;
            var strong = document.createElement("strong");
            strong.textContent = e.type;
            link.appendChild(strong);
            what.appendChild(link);
            what.appendChild(document.createTextNode(" " + e.message));
            cell(row, e.file ? e.file + ":" + e.line + " in " + e.function : "", "mono");
            body.appendChild(row);
          });
          history.replaceChild(body, history.querySelector("tbody"));
          var empty = document.getElementById("no-errors");
          if (empty && data.errors.length) empty.remove();
        })
        .catch(function () { /* the server is restarting: try again */ });
    };
    setInterval(refresh, 1500);
    // Clear: a POST with the secret and, with a PIN, the token (asked here if missing).
    var clearButton = document.getElementById("clear-errors");
    var clearNote = document.getElementById("clear-note");
    var clearPin = document.getElementById("clear-pin");
    var clearList = function () {
      clearNote.textContent = "";
      api("clear").then(function (r) {
        return r.text().then(function (text) {
          if (r.ok) {
            var cleared = JSON.parse(text).cleared;
            clearNote.textContent = "Cleared " + cleared + (cleared === 1 ? " error." : " errors.");
            history.querySelector("tbody").textContent = "";
            return;
          }
          clearNote.textContent = text;
          if (r.status === 403 && config.pin_required) {
            clearPin.hidden = false;
            clearPin.querySelector("input").focus();
          }
        });
      }).catch(function (e) { clearNote.textContent = "The server did not answer: " + (e.message || e); });
    };
    clearButton.addEventListener("click", clearList);
    clearPin.addEventListener("submit", function (event) {
      event.preventDefault();
      api("pinauth", {}, {pin: clearPin.querySelector("input").value}).then(function (r) {
        if (!r.ok) throw new Error("the server refused: " + r.status);
        return r.json();
      }).then(function (answer) {
        if (!answer.auth) {
          clearNote.textContent = answer.exhausted ? "Too many wrong PINs: restart the server to try again."
                                                   : "Wrong PIN. Look again at the terminal.";
          return;
        }
        storeToken(answer.token || "");
        clearPin.hidden = true;
        clearList();
      }).catch(function (e) { clearNote.textContent = String(e.message || e); });
    });
  }
"""


# -- the page ------------------------------------------------------------------

class PageContext:
    """What the page says about the console (on, off and why, the secret)
    and which names it masks."""

    def __init__(self, evalex: bool, secret: str | None, pin_required: bool,
                 trusted: bool, off_reason: str | None = None, request_line: str = "",
                 sensitive=DEFAULT_SENSITIVE_NAMES, editor: str | None = None, path_map=(),
                 error_url: str | None = None, history_url: str | None = None):
        self.nonce = os.urandom(16).hex()  # allows this response's own <style> and <script>
        del request_line  # 0.1's argument: the page takes the request from the report now
        self.evalex = evalex
        self.secret = secret
        self.pin_required = pin_required
        self.trusted = trusted
        self.off_reason = off_reason
        self.sensitive = sensitive
        self.editor = editor            # a URL template with {path} and {line}, or None
        self.path_map = path_map        # [(remote prefix, local prefix)], longest first
        self.error_url = error_url      # this error's page in the history (same origin)
        self.groups: list | None = None  # the Traceback's groups, by key (set by render_page)
        self.history_url = history_url  # the list of kept errors
        self.console_frame = 0          # the standalone console's frame id
        self.workers = False            # the list has the errors of several worker processes
        self.worker = 0                 # the pid of the worker process that holds this error, if one of several


def render_page(report: ErrorReport, ctx: PageContext) -> str:
    """The whole HTML page for one error (everything inline).  A bare
    Traceback (0.1's argument) is drawn without a request."""
    if isinstance(report, Traceback):
        report = ErrorReport(None, {}, traceback=report)
    tb = report.traceback
    ctx.groups = tb.groups
    top = tb.top
    last_id = tb.last_frame_id()
    anchor = "#frame-%d" % last_id if last_id is not None else "#traceback"
    title = _clip(top.summary_line, 200)
    parts = [
        '<header class="summary"><div class="wrap">',
        '<p class="brand"><strong>%s</strong> %s &middot; wsgidebug%s%s</p>'
        % (_escape(report.headline), _escape(report.request.line),
           " &middot; worker process %d" % ctx.worker if ctx.worker else "",
           ' &middot; <a href="%s">recent errors</a>' % _escape(ctx.history_url) if ctx.history_url else ""),
        '<h1><a class="jump" href="%s"><span class="exc-type">%s</span></a></h1>' % (anchor, _escape(top.type_name)),
    ]
    if top.message:
        parts.append('<p class="exc-msg"><a class="jump" href="%s">%s</a></p>' % (anchor, _escape(top.message)))
    parts.append(_render_notes(top.notes))
    if report.log_message:
        parts.append('<p class="logged">The record: <code>%s</code></p>' % _escape(_clip(report.log_message, 500)))
    parts.append(_render_hints(report.hints))
    parts.append(_render_console_notice(ctx) if report.traceback.frames() else "")  # not for a SyntaxError on import
    parts.append("</div></header>")
    parts.append('<main class="wrap">')
    if report.template is not None:
        parts.append(_render_template_error(report.template))
    parts.append('<section id="traceback">')
    parts.append(
        '<div class="tb-head"><h2><button type="button" id="tb-toggle" class="tb-toggle" aria-pressed="false" '
        'title="Switch to the plain text and back">Traceback '
        '<small>(most recent call last)</small></button></h2>'
        '<button type="button" id="copy-text" class="btn">Copy</button>'
        '<button type="button" id="copy-markdown" class="btn">Copy as Markdown</button>'
        '<button type="button" id="only-mine" class="btn" aria-pressed="false" '
        'title="Hide library frames">Only my code</button>'
        '<button type="button" id="show-keys" class="btn" title="Keys">?</button>'
        '<span class="legend"><span class="sw app"></span>your code<span class="sw lib"></span>libraries</span></div>'
    )
    parts.append('<div class="chain">')
    parts.append(_render_chain(tb.chain, ctx))
    parts.append("</div>")
    parts.append(
        '<div class="plain-wrap"><h2 class="plain-title">Plain-text traceback</h2>'
        '<pre class="plain" id="plain-text">%s</pre></div>' % _escape(clip_text_lines(tb.text))
    )
    parts.append("</section>")
    if not ctx.error_url:  # no history to fetch it from: carried in the page
        parts.append('<script type="text/markdown" id="markdown">%s</script>'
                     % render_markdown(report).replace("</", "<\\/"))
    if report.timeline:
        parts.append(_render_timeline(report.timeline, ctx.history_url))
    if report.tasks and (report.tasks["tasks"] or report.tasks["awaited_by"]):
        parts.append(_render_tasks(report.tasks))
    if report.request.present:
        parts.append(_render_request(report.request))
    parts.append(_render_environment(report.environment))
    parts.append(KEYS_DIALOG)
    parts.append("</main>")
    if ctx.evalex and not ctx.off_reason and not ctx.history_url:  # nowhere to load it from: inline
        return _page_shell(title, "".join(parts), ctx, "", (JS_TRACEBACK, JS_CONSOLE), (CSS_CONSOLE,))
    return _page_shell(title, "".join(parts), ctx, "", (JS_TRACEBACK,))


def _render_template_error(template: TemplateError) -> str:
    """The failing template: its name, the line, the source around it with
    the failing token marked (Django's ``template_debug``)."""
    lines = []
    for n, text in template.lines:
        if n == template.line and template.during and template.during in text:
            start = text.index(template.during)
            body = "%s<mark>%s</mark>%s" % (_escape(text[:start]), _escape(template.during),
                                            _escape(text[start + len(template.during):]))
            lines.append('<span class="l cur"><i>%d</i>%s</span>' % (n, body))
        else:
            lines.append('<span class="l%s"><i>%d</i>%s</span>' % (" cur" if n == template.line else "", n, _escape(text)))
    return (
        '<section class="template-error" id="template"><h2>Template error in <code>%s</code>, line %d</h2>'
        '<p class="exc-line">%s</p><pre class="source">%s</pre></section>'
        % (_escape(template.name), template.line, _escape(template.message), "".join(lines)))


KEYS_DIALOG = (
    '<div id="keys" class="keys" role="dialog" aria-label="Keyboard shortcuts" hidden>'
    "<h2>Keyboard</h2><dl>"
    "<dt><kbd>j</kbd> / <kbd>k</kbd></dt><dd>next / previous frame</dd>"
    "<dt><kbd>Enter</kbd></dt><dd>unfold or fold the frame</dd>"
    "<dt><kbd>c</kbd></dt><dd>open the frame's console</dd>"
    "<dt><kbd>?</kbd></dt><dd>show or hide this list</dd>"
    "<dt><kbd>Esc</kbd></dt><dd>close it</dd></dl></div>"
)


def _render_hints(hints: list[str]) -> str:
    if not hints:
        return ""
    return '<div class="hints"><strong>Hint</strong><ul>%s</ul></div>' % "".join(
        "<li>%s</li>" % _escape(h) for h in hints)


def _render_rows(rows, caption: str = "") -> str:
    if not rows:
        return ""
    head = "<h3>%s</h3>" % caption if caption else ""
    return '%s<table class="kv">%s</table>' % (head, "".join(
        "<tr><th>%s</th><td>%s</td></tr>" % (_escape(k), _escape(v)) for k, v in rows))


def _render_request(request: RequestInfo) -> str:
    first = [("Method", request.method), ("URL", request.url), ("Client", request.client or "?"),
             ("Protocol", request.protocol or "?")]
    if request.content_type:
        first.append(("Content-Type", request.content_type))
    if request.content_length:
        first.append(("Content-Length", request.content_length))
    cookies = ('<h3>Cookies</h3><p class="mono cookie-names">%s <span class="muted">(values hidden)</span></p>'
               % _escape(", ".join(request.cookies)) if request.cookies else "")
    return (
        '<details class="panel" id="request"%s><summary><h2>Request</h2> <code>%s</code></summary>'
        '<div class="panel-body">%s%s%s%s%s%s</div></details>'
        % (" open" if request.body else "", _escape(_clip(request.line, 120)), _render_rows(first),
           _render_body(request.body), _render_rows(request.headers, "Headers"),
           _render_rows(request.query, "Query"), cookies, _render_rows(request.environ, "Other environ keys"))
    )


def body_heading(body: dict) -> str:
    """``Body: application/json, 1,234 bytes read by the app``."""
    what = body["type"] or "no Content-Type"
    text = "%s, %s byte%s read by the app" % (what, format(body["size"], ","), "" if body["size"] == 1 else "s")
    if not body["complete"]:
        text += " (the first %s kept)" % format(body["kept"], ",")
    if body.get("note"):
        text += "; " + body["note"]
    return text


def _render_body(body: dict | None) -> str:
    """The body the app read: as text, rows, or its type and size only."""
    if not body:
        return '<p class="muted">No body was read by the app (the debugger reads none itself).</p>'
    head = '<h3>Body <span class="muted">%s</span></h3>' % _escape(body_heading(body))
    if body.get("rows") is not None:
        return head + _render_rows(body["rows"])
    if body.get("text") is not None:
        return head + '<pre class="plain body">%s</pre>' % _escape(body["text"])
    return head + '<p class="muted">Not shown: not text.</p>'



def timeline_label(entry: dict) -> str:
    """An entry's kind as the timeline shows it: ``request``, ``WARNING
    app.payments``, ``SQL 1.20 ms``, ``response``, ``error``."""
    if entry["kind"] == "log":
        return entry["detail"]
    if entry["kind"] == "sql":
        return "SQL " + entry["detail"].split(" (", 1)[0].split(" ms", 1)[0] + " ms"
    return entry["kind"]


def _render_timeline(timeline: dict, history_url: str | None) -> str:
    """What the request did before it failed, in order, with the time since it started."""
    rows = []
    for e in timeline["entries"]:
        text = _escape(e["text"])
        if e["kind"] == "sql":
            params = e["detail"].split(" ms", 1)[1].strip() if " ms" in e["detail"] else ""
            text = '<code class="sql">%s</code>%s' % (text, ' <span class="muted">%s</span>' % _escape(params)
                                                      if params else "")
        if e["error_id"] is not None and history_url:
            text += ' <a href="%s/%d">its error</a>' % (_escape(history_url), e["error_id"])
        rows.append('<tr class="t-%s"><td class="mono ms">+%.1f ms</td><td class="mono kind">%s</td><td>%s</td></tr>'
                    % (_escape(e["kind"]), e["ms"], _escape(timeline_label(e)), text))
    if timeline["left_out"]:
        rows.append('<tr><td></td><td></td><td class="muted">... %d more entries not kept</td></tr>'
                    % timeline["left_out"])
    shown = len(timeline["entries"]) - 2 + timeline["left_out"]
    summary = "%d log record%s and statement%s before the error" % (max(0, shown), "" if shown == 1 else "s",
                                                                      "" if shown == 1 else "s")
    return ('<details class="panel" id="timeline"%s><summary><h2>Timeline</h2> <span class="muted">%s</span>'
            '</summary><div class="panel-body"><table class="timeline">%s</table></div></details>'
            % (" open" if shown > 0 else "", _escape(summary), "".join(rows)))


def _render_tasks(tasks: dict) -> str:
    """An ASGI error: the event loop's other tasks, and what awaited the failing one."""
    rows = "".join('<tr><td class="mono">%s</td><td class="mono">%s</td><td class="mono">%s</td></tr>' % (
        _escape(t["name"]), _escape(t["coroutine"]), _escape(t["where"])) for t in tasks["tasks"])
    if tasks["left_out"]:
        rows += '<tr><td colspan="3" class="muted">... %d more tasks</td></tr>' % tasks["left_out"]
    awaited = ('<p>Awaited by: <code>%s</code></p>' % _escape(" \u2190 ".join(tasks["awaited_by"]))
               if tasks["awaited_by"] else "")
    return ('<details class="panel" id="tasks"><summary><h2>Tasks</h2> <span class="muted">%d other task%s of the '
            'event loop</span></summary><div class="panel-body">%s<table class="tasks"><tr><th>Task</th>'
            '<th>Coroutine</th><th>Suspended at</th></tr>%s</table></div></details>'
            % (len(tasks["tasks"]) + tasks["left_out"], "" if len(tasks["tasks"]) == 1 else "s", awaited, rows))


def _render_environment(env: EnvironmentInfo) -> str:
    dists = _render_rows(env.distributions, "Distributions in the traceback")
    return (
        '<details class="panel" id="environment"><summary><h2>Environment</h2> <span class="muted">%s</span></summary>'
        '<div class="panel-body">%s%s</div></details>'
        % (_escape("%s · %s" % (env.rows[0][1], env.rows[3][1])), _render_rows(env.rows), dists)
    )


def _page_shell(title: str, body: str, ctx: PageContext, body_class: str = "", scripts=(), styles=()) -> str:
    config: dict = {
        "secret": ctx.secret,
        "evalex": ctx.evalex,
        "pin_required": ctx.pin_required,
        "trusted": ctx.trusted,
        "editor": ctx.editor,
        "error_url": ctx.error_url,
        "history_url": ctx.history_url,
    }
    if ctx.evalex and not ctx.off_reason and ctx.history_url:
        config["console_script"] = "%s/console.js?v=%s" % (ctx.history_url, console_script_version())
    if JS_TRACEBACK in scripts:
        config["editors"] = EDITOR_PRESETS
    return "".join((
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        "<title>%s // wsgidebug</title>" % _escape(title),
        '<style nonce="%s">%s</style></head>' % (ctx.nonce, wire_css(*styles)),
        '<body class="%s">' % body_class,
        body,
        '<footer><div class="wrap">wsgidebug %s &middot; Python %s &middot; '
        "the debugger runs code on this machine: never enable it in production.</div></footer>"
        % (__version__, "%d.%d.%d" % sys.version_info[:3]),
        '<script type="application/json" id="wsgidebug-config">%s</script>' % _json_for_html(config),
        '<script nonce="%s">%s</script>' % (ctx.nonce, wire_js(*scripts)),
        "</body></html>\n",
    ))


_WIRE: dict[str, str] = {}


def wire_css(*parts: str) -> str:
    """CSS_PAGE and the given parts as sent: indentation and the spaces
    around punctuation dropped (the source stays readable; made once per mix)."""
    key = "css:" + ",".join(str(id(part)) for part in parts)
    if key not in _WIRE:
        lines = (line.strip() for line in "\n".join((CSS_PAGE,) + parts).splitlines())
        text = "\n".join(line for line in lines if line)
        for spaced, tight in (("; ", ";"), (": ", ":"), (" { ", "{"), ("{ ", "{"), (" }", "}"), (", ", ",")):
            text = text.replace(spaced, tight)
        _WIRE[key] = text
    return _WIRE[key]


def wire_js(*parts: str) -> str:
    """The page's script: JS_BASE and the given parts in one strict function,
    indentation and whole-line comments dropped (made once per mix)."""
    key = "js:" + ",".join(str(id(part)) for part in parts)
    if key not in _WIRE:
        text = "(function () {\n\"use strict\";\n%s\n})();" % "\n".join((JS_BASE,) + parts)
        lines = (line.strip() for line in text.splitlines())
        _WIRE[key] = "\n".join(line for line in lines if line and not line.startswith("//"))
    return _WIRE[key]


def console_script() -> str:
    """The console's code and styles as one script, for pages that load it
    when their first console opens (``history_path/console.js``)."""
    if "console.js" not in _WIRE:
        css = to_json(wire_css(CSS_CONSOLE)[len(wire_css()):].strip("\n"))
        _WIRE["console.js"] = "(function () {\n\"use strict\";\nvar css = %s;\n%s\nvar install = window.wsgidebugConsole;\n" \
            "window.wsgidebugConsole = function (shared) { shared.css = css; return install(shared); };\n})();" % (
                css, "\n".join(line.strip() for line in JS_CONSOLE.splitlines()
                               if line.strip() and not line.strip().startswith("//")))
    return _WIRE["console.js"]


def console_script_version() -> str:
    """A digest of console_script(): its URL changes whenever its text does,
    so browsers may keep it (a page loads it ahead, when idle)."""
    if "console.js-version" not in _WIRE:
        import hashlib

        _WIRE["console.js-version"] = hashlib.sha256(console_script().encode("utf-8")).hexdigest()[:16]
    return _WIRE["console.js-version"]


def _json_for_html(value) -> str:
    import json

    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _render_notes(notes: list[str]) -> str:
    if not notes:
        return ""
    return '<ul class="notes">%s</ul>' % "".join("<li>%s</li>" % _escape(n) for n in notes)


def _render_console_notice(ctx: PageContext) -> str:
    if ctx.off_reason:
        return '<p class="notice off">%s</p>' % ctx.off_reason
    if not ctx.evalex:
        return ""
    pin = (" The first console asks for the PIN printed on the server's terminal."
           if ctx.pin_required and not ctx.trusted else "")
    return ('<p class="notice js-only">Hover a frame (or tab to it) and click <code>&gt;_</code> '
            "to run Python in it.%s</p>" % pin)


def _render_chain(chain, ctx: PageContext) -> str:
    out = []
    for info, divider in chain:
        out.append(_render_exception(info, ctx))
        if divider:
            out.append('<p class="divider">%s</p>' % _escape(divider))
    return "".join(out)


def _render_exception(info: ExceptionInfo, ctx: PageContext) -> str:
    out = ['<section class="exception">']
    for run in fold_library_runs(_bounded_items(info.items)):
        if isinstance(run, list):
            modules = _run_summary(run)
            out.append('<details class="lib-run"><summary>%d library frames <span class="mods">%s</span></summary>%s</details>'
                       % (len(run), _escape(modules), "".join(_render_frame(f, ctx, folded=True) for f in run)))
        elif isinstance(run, Repeat):
            out.append('<p class="repeat">%s</p>' % run.text())
        else:
            out.append(_render_frame(run, ctx))
    out.append('<pre class="exc-line">%s</pre>' % _escape(_exception_only_text(info)))
    if info.members:
        out.append(_render_group(info, ctx))
    elif info.members_left_out:
        out.append('<p class="repeat">%d nested sub-exceptions not shown (too deep)</p>' % info.members_left_out)
    out.append("</section>")
    return "".join(out)


GROUP_MEMBERS_SHOWN = 1  # members of an ExceptionGroup carried in the page; the others when opened
MAX_FRAMES_SHOWN = 200   # frames of one exception in the page: the first and last half


class LeftOut(Repeat):
    """Frames in the middle of a very deep stack that the page leaves out."""

    def text(self) -> str:
        """The line the page shows for the frames left out."""
        return "[%d frames left out here: the plain-text traceback has them]" % self.count


def _bounded_items(items: list) -> list:
    """The items of an exception with at most MAX_FRAMES_SHOWN frames: the
    first and the last ones, a LeftOut marker between them."""
    if len(items) <= MAX_FRAMES_SHOWN:
        return items
    half = MAX_FRAMES_SHOWN // 2
    return items[:half] + [LeftOut(len(items) - 2 * half)] + items[-half:]


def _render_group(info: ExceptionInfo, ctx: PageContext) -> str:
    """The members of an ExceptionGroup, one line each (``Sub-exception 2
    of 15: KeyError: 'x'``) that unfolds to its traceback; the first one
    unfolded.  A kept error carries the first GROUP_MEMBERS_SHOWN in the
    page and fetches the others when opened (the plain text has them all)."""
    total = len(info.members) + info.members_left_out
    carried = len(info.members)
    if ctx.error_url and ctx.groups is not None:
        carried = min(carried, GROUP_MEMBERS_SHOWN)
        url = "%s/groups/%d/" % (_escape(ctx.error_url), ctx.groups.index(info))
    out = ['<div class="group">']
    for n, chain in enumerate(info.members):
        summary = ('<summary><h3>Sub-exception %d of %d</h3> <span class="member-exc">%s</span></summary>'
                   % (n + 1, total, _escape(_clip(chain[-1][0].summary_line, 300))))
        if n < carried:
            out.append('<details class="member"%s>%s%s</details>'
                       % (" open" if n == 0 else "", summary, _render_chain(chain, ctx)))
        else:
            out.append('<details class="member" data-url="%s%d">%s<p class="repeat no-js">In the plain-text '
                       'traceback below.</p></details>' % (url, n, summary))
    if info.members_left_out:
        out.append('<p class="repeat">and %d more sub-exceptions</p>' % info.members_left_out)
    out.append("</div>")
    return "".join(out)


def render_member(info: ExceptionInfo, ctx: PageContext, n: int) -> str:
    """Member ``n`` of an ExceptionGroup: its chain, as the page draws it."""
    return _render_chain(info.members[n], ctx)


LIBRARY_RUN_FOLD = 3  # consecutive library frames folded into one line


def fold_library_runs(items: list) -> list:
    """Items with runs of library frames gathered into lists.

    A run of at least LIBRARY_RUN_FOLD library frames becomes one list; the
    exception's last frame (where it was raised) always stays visible.
    """
    last = items[-1] if items else None
    out: list = []
    run: list = []

    def flush():
        if len(run) >= LIBRARY_RUN_FOLD:
            out.append(list(run))
        else:
            out.extend(run)
        run.clear()

    for item in items:
        if isinstance(item, FrameInfo) and not item.is_app and item is not last:
            run.append(item)
        else:
            flush()
            out.append(item)
    flush()
    return out


def _run_summary(frames: list) -> str:
    """The packages a folded run goes through, e.g. "django, asgiref"."""
    names: list[str] = []
    for frame in frames:
        name = frame.globals.get("__name__") if isinstance(frame.globals, dict) else None
        top = (name or os.path.basename(frame.filename)).split(".")[0]
        if top not in names:
            names.append(top)
    return ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")


def _exception_only_text(info: ExceptionInfo) -> str:
    """The last lines the stdlib prints for an exception (SyntaxError caret, notes)."""
    import traceback

    exc = info.exc
    try:
        if _class_runs_code_on_access(type(exc)):
            raise TypeError("read it without the stdlib")
        text = "".join(traceback.format_exception_only(type(exc), exc))
    except Exception:
        text = info.summary_line + "\n"
    if info.notes and hasattr(exc, "__notes__") and sys.version_info < (3, 11):
        text += "".join(n + "\n" for n in info.notes)  # 3.9/3.10 don't print notes
    return clip_text_lines(text.rstrip("\n"))


def _render_frame(frame: FrameInfo, ctx: PageContext, folded: bool = False) -> str:
    """A frame of the page.  In a kept error, one inside a folded library
    run is only its heading and failing line: the rest comes when unfolded
    (a framework's stack is dozens of such frames)."""
    lazy = bool(ctx.error_url)
    folded = folded and lazy
    # What the place in the code decides is drawn once per site and page settings.
    key = ("frame", lazy, folded, bool(ctx.evalex and not ctx.off_reason), ctx.editor, tuple(ctx.path_map))
    opening, after = frame.site.memo(key, lambda: _draw_frame_parts(frame, ctx, folded), frame.globals)
    head = '<div class="frame %s" id="frame-%d" data-frm="%d"%s' % (
        "app" if frame.is_app else "lib", frame.id, frame.id, opening)
    if folded:
        return "%s%s</div>" % (head, after or "")
    values = _render_values(frame.failing_values(ctx.sensitive)) if after is not None else ""
    if lazy:
        # A kept error sends two lines each side and the values the failing
        # line uses; the rest of the source and the locals come when unfolded.
        return "%s%s%s%s</div>" % (head, values, after or "", _render_frame_info(frame))
    return "%s%s%s%s%s</div>" % (head, values, after or "", _render_frame_info(frame),
                                 _render_locals(frame, ctx.sensitive))


def _draw_frame_parts(frame: FrameInfo, ctx: PageContext, folded: bool = False) -> tuple[str, str | None]:
    """The parts of a frame's HTML that depend only on its place in the code
    and the page's settings: the rest of the opening tag, the heading and
    the source up to the failing line's values; the source after them
    (None: no values there)."""
    button = ""
    if ctx.evalex and not ctx.off_reason:
        button = ('<button type="button" class="open-console" aria-label="Open a Python console in %s">'
                  "&gt;_</button>" % _escape(frame.function))
    local_path = map_path(frame.filename, ctx.path_map)
    link = editor_url(ctx.editor, local_path, frame.lineno) if ctx.editor else None
    path = ('<a class="path" href="%s">%s</a>' % (_escape(link), breakable_path(frame.filename)) if link
            else '<span class="path">%s</span>' % breakable_path(frame.filename))
    head = (
        '<div class="frame-head"><button type="button" class="frame-toggle" aria-expanded="false">'
        '<code class="func">%s</code></button> <span class="file">in %s, line %d</span>'
        '%s%s</div>'
        % (breakable_name(frame.function), path, frame.lineno,
           "" if folded else '<span class="tag">%s</span>' % (
               "template" if frame.is_template else "your code" if frame.is_app else "library"), button)
    )
    mapped = ' data-path="%s"' % _escape(local_path) if local_path != frame.filename else ""
    lazy = ' data-lazy' if ctx.error_url else ""
    before, after = _source_parts(frame, 0 if folded else CONTEXT_LINES if ctx.error_url else EXPANDED_CONTEXT_LINES)
    return '%s data-line="%d"%s>%s%s' % (mapped, frame.lineno, lazy, head, before), after


def breakable_path(path: str) -> str:
    """A file path as HTML that a narrow column wraps after a slash
    (``<wbr>``), not inside a folder's name."""
    return _escape(path).replace("/", "/<wbr>").replace("\\", "\\<wbr>")


def breakable_name(name: str) -> str:
    """A qualified name as HTML that wraps after a dot, not inside a name."""
    return _escape(name).replace(".", ".<wbr>")


def render_frame_details(frame: FrameInfo, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    """What an unfolded frame shows: 21 lines of source (16 folded away
    until then), its ``__traceback_info__`` and its locals."""
    return (_render_source(frame, sensitive) + _render_frame_info(frame) + _render_locals(frame, sensitive))


def _render_source(frame: FrameInfo, sensitive=DEFAULT_SENSITIVE_NAMES,
                   radius: int = EXPANDED_CONTEXT_LINES) -> str:
    """The source around the failing line (``radius`` lines each side),
    the failing expression marked and the values it uses below it."""
    before, after = frame.site.memo(("source", radius), lambda: _source_parts(frame, radius), frame.globals)
    if after is None:
        return before
    return before + _render_values(frame.failing_values(sensitive)) + after


def _source_parts(frame: FrameInfo, radius: int) -> tuple[str, str | None]:
    """The HTML of the source window, cut where the failing line's values
    go: (before, after), or (whole, None) when there is no source."""
    window = frame.source_window(radius)
    if not window:
        return ('<pre class="source"><span class="l cur"><i>%d</i>(source not available)</span></pre>'
                % frame.lineno, None)
    before: list[str] = ['<pre class="source">']
    after: list[str] = []
    lines = before
    for n, text in window:
        if n == frame.lineno:
            lines.append('<span class="l cur"><i>%d</i>%s</span>' % (n, _mark_expression(text, frame.positions)))
            lines = after
        else:
            extra = " x" if abs(n - frame.lineno) > CONTEXT_LINES else ""  # x: shown when unfolded
            lines.append('<span class="l%s"><i>%d</i>%s</span>' % (extra, n, _escape(text)))
    if lines is before:  # the failing line is not in the file (it changed): no values
        return "".join(before) + "</pre>", None
    return "".join(before), "".join(after) + "</pre>"


def _mark_expression(line: str, positions) -> str:
    """Escape a source line, wrapping the failing expression in <mark>."""
    if not positions:
        return _escape(line)
    raw = line.encode("utf-8")
    start_col, end_col = positions
    start = len(raw[:start_col].decode("utf-8", "ignore"))
    end = len(line) if end_col < 0 else len(raw[:end_col].decode("utf-8", "ignore"))
    if start >= end or (line[:start].strip() == "" and line[end:].strip() == ""):
        return _escape(line)  # the whole line: nothing to point at
    return "%s<mark>%s</mark>%s" % (_escape(line[:start]), _escape(line[start:end]), _escape(line[end:]))


def _render_frame_info(frame: FrameInfo) -> str:
    if not frame.info:
        return ""
    return '<pre class="frame-info">__traceback_info__: %s</pre>' % _escape(frame.info)


def _render_values(values: list[tuple[str, str]]) -> str:
    """The names the failing expression uses, under the failing line."""
    if not values:
        return ""
    return '<span class="vals">%s</span>' % "".join(
        '<span class="v"><b>%s</b> = %s</span>' % (_escape(k), _escape(v)) for k, v in values)


def _render_locals(frame: FrameInfo, sensitive=DEFAULT_SENSITIVE_NAMES) -> str:
    items = frame.local_summaries(sensitive)
    if not items:
        return ""
    attributes = frame.local_attributes(sensitive)
    rows = "".join('<tr><th scope="row">%s</th><td class="mono">%s%s</td></tr>' % (
        _escape(k), _escape(v), _render_attributes(attributes.get(k))) for k, v in items)
    return '<table class="locals" aria-label="locals">%s</table>' % rows


def _render_attributes(attributes) -> str:
    """An object's attributes under its type, as a small table."""
    if not attributes:
        return ""
    shown, more = attributes
    rows = "".join('<tr><th scope="row">.%s</th><td>%s</td></tr>' % (_escape(k), _escape(v)) for k, v in shown)
    if more:
        rows += '<tr><th scope="row">...</th><td>%d more</td></tr>' % more
    return '<table class="attrs">%s</table>' % rows


def render_console_page(ctx: PageContext) -> str:
    """The standalone console page (``console_path``)."""
    if ctx.off_reason:
        notice = '<p class="notice off">%s</p>' % ctx.off_reason
    elif ctx.pin_required and not ctx.trusted:
        notice = '<p class="notice">Unlock it with the PIN printed on the server\'s terminal.</p>'
    else:
        notice = ""
    body = (
        '<header class="summary neutral"><div class="wrap"><p class="brand">wsgidebug</p>'
        '<h1>Interactive console</h1>'
        '<p class="exc-msg">Python runs here, in the server process. '
        '<code>dump()</code> lists the names, <code>help(obj)</code> explains an object.</p>'
        "%s</div></header>"
        '<main class="wrap standalone"><div class="frame app standalone" id="frame-0" data-frm="%d"></div></main>'
        % (notice, ctx.console_frame)
    )
    return _page_shell("Console", body, ctx, "standalone", (JS_CONSOLE, JS_CONSOLE_NOW), (CSS_CONSOLE,))


# -- editor links ----------------------------------------------------------------

#: URL templates of the editors a page can link frames to.  ``{path}`` is
#: the absolute path with forward slashes, always starting with ``/``
#: (``/C:/src/app.py`` on Windows), percent-encoded; ``{line}`` the line.
EDITOR_PRESETS = {
    "vscode": "vscode://file{path}:{line}",
    "vscode-insiders": "vscode-insiders://file{path}:{line}",
    "vscodium": "vscodium://file{path}:{line}",
    "cursor": "cursor://file{path}:{line}",
    "windsurf": "windsurf://file{path}:{line}",
    "zed": "zed://file{path}:{line}",
    "pycharm": "pycharm://open?file={path}&line={line}",
    "idea": "idea://open?file={path}&line={line}",
    "sublime": "subl://open?url=file://{path}&line={line}",
    "textmate": "txmt://open?url=file://{path}&line={line}",
    "macvim": "mvim://open?url=file://{path}&line={line}",
    "emacs": "emacs://open?url=file://{path}&line={line}",
}

_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "blob:")


def editor_template(editor: str | None) -> str | None:
    """The URL template of a preset name or a template of one's own (with
    ``{path}`` and ``{line}``); None for nothing, or a template that is not
    a plain URL (``javascript:`` and friends are refused)."""
    if not editor:
        return None
    editor = editor.strip()
    template = EDITOR_PRESETS.get(editor.lower(), editor)
    head = template.split("{", 1)[0].lower().replace(" ", "")
    if "{path}" not in template or ":" not in head or head.startswith(_UNSAFE_SCHEMES):
        return None
    return template


def editor_url(template: str, path: str, line: int) -> str:
    """An editor link: the path percent-encoded, so no file name can leave
    its place in the URL (or the page's attribute)."""
    from urllib.parse import quote

    path = path.replace("\\", "/")
    if not path.startswith("/"):
        path = "/" + path
    return template.replace("{path}", quote(path, safe="/:")).replace("{line}", str(int(line)))


def parse_path_map(value) -> list[tuple[str, str]]:
    """``remote=local`` pairs (a comma-separated string or a dict), longest
    remote prefix first."""
    if isinstance(value, dict):
        pairs = [(str(k), str(v)) for k, v in value.items()]
    else:
        pairs = []
        for item in (value or "").split(","):
            remote, sep, local = item.partition("=")
            if sep and remote.strip():
                pairs.append((remote.strip(), local.strip()))
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def map_path(path: str, path_map) -> str:
    """A path as the developer's machine knows it (the longest prefix wins)."""
    for remote, local in path_map:
        if path == remote or path.startswith(remote.rstrip("/\\") + "/") or path.startswith(remote.rstrip("/\\") + "\\"):
            return local.rstrip("/\\") + path[len(remote.rstrip("/\\")):]
    return path


# -- Markdown: the error for an issue or an assistant ------------------------------

MAX_MARKDOWN_BYTES = 50_000
MAX_MARKDOWN_FRAMES = 60  # app frames with source in one Markdown text


def render_markdown(report: ErrorReport, url: str | None = None) -> str:
    """The error as Markdown: heading, request, the chain with app frames
    (source around the failing line, the values it uses), library runs as
    one line each, and the environment; masked; at most 50 KB."""
    tb = report.traceback
    out = ["# " + _md_text(tb.top.summary_line, 300), ""]
    if report.request.present:
        out.append("- Request: `%s`" % _md_code(report.request.line))
    if report.origin:
        out.append("- Origin: %s" % _md_text(report.origin, 300))
    if report.log_message:
        out.append("- Record: `%s`" % _md_code(_clip(report.log_message, 500)))
    out.append("- Time: %s" % _iso_time(report.when))
    if url:
        out.append("- Debugger: <%s>" % _md_code(url))
    for hint in report.hints:
        out.append("- Hint: %s" % _md_text(hint, 1000))
    out.append("")
    if report.request.body:
        _md_body(report.request.body, out)
    if report.template is not None:
        _md_template(report.template, out)
    budget = [MAX_MARKDOWN_FRAMES]
    _md_chain(tb.chain, out, report.sensitive, budget, 2)
    if report.timeline:
        _md_timeline(report.timeline, out)
    if report.tasks and report.tasks["tasks"]:
        out.append("## Tasks")
        out.append("")
        for t in report.tasks["tasks"]:
            out.append("- `%s`: `%s` at `%s`" % (_md_code(t["name"]), _md_code(t["coroutine"]), _md_code(t["where"])))
        out.append("")
    out.append("## Environment")
    out.append("")
    rows = dict(report.environment.rows)
    out.append("- Python: %s (%s)" % (_md_text(rows.get("Python", "?"), 100), _md_text(rows.get("Platform", "?"), 200)))
    out.append("- Server: %s; wsgidebug %s" % (_md_text(rows.get("Server", "?"), 200), __version__))
    if report.environment.distributions:
        out.append("- Distributions: " + ", ".join(
            "%s %s" % (_md_text(n, 100), _md_text(v, 50)) for n, v in report.environment.distributions))
    text = "\n".join(out) + "\n"
    return _bounded_markdown(text)


MAX_MARKDOWN_BODY = 4096  # characters of the request's body in the Markdown


def _md_body(body: dict, out: list) -> None:
    out.append("## Request body")
    out.append("")
    out.append(_md_text(body_heading(body), 300))
    out.append("")
    if body.get("rows") is not None:
        text = "\n".join("%s = %s" % (k, v) for k, v in body["rows"])
    else:
        text = body.get("text")
    if text:
        if len(text) > MAX_MARKDOWN_BODY:
            text = text[:MAX_MARKDOWN_BODY] + "\n... (%d more characters)" % (len(text) - MAX_MARKDOWN_BODY)
        fence = "`" * max(3, _longest_backtick_run(text) + 1)
        out.extend([fence + ("json" if body["kind"] == "json" else ""), text, fence, ""])


def _md_timeline(timeline: dict, out: list) -> None:
    out.append("## Timeline")
    out.append("")
    for e in timeline["entries"][:60]:
        line = "- +%.1f ms %s: `%s`" % (e["ms"], _md_text(timeline_label(e), 100), _md_code(_clip(e["text"], 300)))
        if e["kind"] == "sql" and " ms " in e["detail"]:
            line += " %s" % _md_text(e["detail"].split(" ms ", 1)[1], 300)
        if e["error_id"] is not None:
            line += " (kept error %d)" % e["error_id"]
        out.append(line)
    more = len(timeline["entries"]) - 60 + timeline["left_out"]
    if more > 0:
        out.append("- ... %d more entries" % more)
    out.append("")


def _md_template(template: TemplateError, out: list) -> None:
    out.append("## Template error in `%s`, line %d" % (_md_code(template.name), template.line))
    out.append("")
    if template.message:
        out.append(_md_text(template.message, 1000))
        out.append("")
    if template.lines:
        width = len(str(template.lines[-1][0]))
        lines = ["%s %*d | %s" % (">" if n == template.line else " ", width, n, t) for n, t in template.lines]
        fence = "`" * max(3, _longest_backtick_run("\n".join(lines)) + 1)
        out.extend([fence + "django"] + lines + [fence, ""])
    if template.during:
        out.extend(["Failing token: `%s`" % _md_code(template.during), ""])


def _md_chain(chain, out: list, sensitive, budget: list, level: int) -> None:
    for info, divider in chain:
        _md_exception(info, out, sensitive, budget, level)
        if divider:
            out.append("_%s_" % divider)
            out.append("")


def _md_exception(info: ExceptionInfo, out: list, sensitive, budget: list, level: int) -> None:
    out.append("%s %s" % ("#" * min(level, 6), _md_text(info.summary_line, 300)))
    out.append("")
    for note in info.notes:
        out.append("> " + _md_text(note, 500))
    if info.notes:
        out.append("")
    run: list = []
    for item in info.items + [None]:
        if isinstance(item, FrameInfo) and not item.is_app:
            run.append(item)
            continue
        if run:
            out.append("_%d library frame%s: %s_" % (len(run), "s" if len(run) > 1 else "", _md_text(_run_summary(run), 200)))
            out.append("")
            run = []
        if isinstance(item, Repeat):
            out.append("_%s_" % item.text())
            out.append("")
        elif isinstance(item, FrameInfo):
            _md_frame(item, out, sensitive, budget)
    if info.members:
        total = len(info.members) + info.members_left_out
        for n, member in enumerate(info.members, 1):
            out.append("%s Sub-exception %d of %d" % ("#" * min(level + 1, 6), n, total))
            out.append("")
            _md_chain(member, out, sensitive, budget, level + 2)


def _md_frame(frame: FrameInfo, out: list, sensitive, budget: list) -> None:
    out.append("**`%s`** in `%s`, line %d (frame %d)" % (_md_code(frame.function), _md_code(frame.filename),
                                                           frame.lineno, frame.id))
    out.append("")
    if budget[0] <= 0:
        return
    budget[0] -= 1
    window = frame.source_window(CONTEXT_LINES)
    if window:
        width = len(str(window[-1][0]))
        lines = ["%s %*d | %s" % (">" if n == frame.lineno else " ", width, n, text) for n, text in window]
        fence = "`" * max(3, _longest_backtick_run("\n".join(lines)) + 1)
        out.extend([fence + "python"] + lines + [fence])
    values = frame.failing_values(sensitive)
    if values:
        out.append("")
        out.append("Values: " + ", ".join("`%s` = `%s`" % (_md_code(k), _md_code(v)) for k, v in values))
        attributes = frame.local_attributes(sensitive)
        for name, _ in values:
            if name in attributes:
                shown, more = attributes[name]
                out.append("`%s`: %s%s" % (_md_code(name), ", ".join(
                    "`.%s` = `%s`" % (_md_code(k), _md_code(v)) for k, v in shown), ", %d more" % more if more else ""))
    out.append("")


def _md_text(text: str, limit: int) -> str:
    """Text for a Markdown line: cut, on one line, markup characters escaped."""
    text = _clip(text, limit).replace("\r", " ").replace("\n", " ")
    for c in "\\`*_[]<>#|":
        text = text.replace(c, "\\" + c)
    return text


def _md_code(text: str) -> str:
    """Text for an inline code span (no backticks can close it early)."""
    return _clip(text, 500).replace("`", "'").replace("\n", " ").replace("\r", " ")


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for c in text:
        run = run + 1 if c == "`" else 0
        longest = max(longest, run)
    return longest


def _bounded_markdown(text: str) -> str:
    data = text.encode("utf-8")
    if len(data) <= MAX_MARKDOWN_BYTES:
        return text
    note = "\n\n_[... cut: the whole text is %d bytes; see the debugger page for the rest]_\n" % len(data)
    cut = data[: MAX_MARKDOWN_BYTES - len(note) - 8].decode("utf-8", "ignore")
    if cut.count("```") % 2:
        cut += "\n```"
    return cut + note


def _iso_time(when: float) -> str:
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(when))


# -- JSON: the error and the list, for tools ------------------------------------------

def report_json(report: ErrorReport, url: str | None = None) -> dict:
    """The error as JSON-ready data: request, chain (oldest first), environment."""
    return {
        "id": report.id,
        "url": url,
        "time": _iso_time(report.when),
        "source": report.source,
        "origin": report.origin or None,
        "log_message": report.log_message or None,
        "request": {"method": report.request.method, "url": report.request.url, "path": report.request.path,
                    "line": report.request.line, "body": _body_json(report.request.body)},
        "hints": report.hints,
        "template": report.template.as_json() if report.template is not None else None,
        "timeline": report.timeline,
        "tasks": report.tasks,
        "chain": [_exception_json(info, divider, report.sensitive, 0) for info, divider in report.traceback.chain],
        "environment": dict(report.environment.rows, distributions=[
            {"name": n, "version": v} for n, v in report.environment.distributions]),
    }


def _body_json(body: dict | None) -> dict | None:
    """The body the app read, as the JSON of an error gives it (rows as
    objects with a name and a value)."""
    if not body:
        return None
    out = {k: v for k, v in body.items() if k != "rows"}
    if body.get("rows") is not None:
        out["fields"] = [{"name": k, "value": v} for k, v in body["rows"]]
    return out


def _exception_json(info: ExceptionInfo, divider, sensitive, depth: int) -> dict:
    frames = []
    folded = 0
    for item in info.items:
        if isinstance(item, Repeat):
            folded += item.count
            continue
        frames.append({
            "id": item.id, "file": item.filename, "line": item.lineno, "function": item.function,
            "is_app": item.is_app,
            "source": [{"line": n, "text": t} for n, t in item.source_window(5)],
            "locals": dict(item.local_summaries(sensitive)),
            "attributes": {k: dict(shown) for k, (shown, _) in item.local_attributes(sensitive).items()},
            "values": dict(item.failing_values(sensitive)),
        })
    out = {"type": info.type_name, "message": info.message, "notes": info.notes, "frames": frames,
           "folded_repeats": folded, "divider": divider}
    if info.members or info.members_left_out:
        out["members"] = [[_exception_json(i, d, sensitive, depth + 1) for i, d in chain] for chain in info.members]
        out["members_left_out"] = info.members_left_out
    return out


def cut_short_label(status, sent_bytes) -> str:
    """``the 200 response was cut short after 120 bytes``: what the client
    of a response that an error stopped midway got (either part may be
    unknown: None)."""
    what = "the %s response" % status if status else "the response"
    if sent_bytes is None:
        return what + " was cut short"
    return "%s was cut short after %d byte%s" % (what, sent_bytes, "" if sent_bytes == 1 else "s")


def history_entry(report: ErrorReport, url: str) -> dict:
    """One line of the list of kept errors."""
    top = report.traceback.top
    frames = top.frames
    raised = next((f for f in reversed(frames) if f.is_app), frames[-1] if frames else None)
    return {
        "id": report.id, "url": url, "time": _iso_time(report.when), "method": report.request.method,
        "path": report.request.path, "type": top.type_name, "message": _clip(top.message, 500),
        "file": raised.filename if raised else None, "line": raised.lineno if raised else None,
        "function": raised.function if raised else None, "source": report.source,
        "label": history_label(report), "count": report.repeats, "first_time": _iso_time(report.first_seen),
        "timestamp": round(report.when, 6),
    }


def merge_repeats(entries: list[dict]) -> list[dict]:
    """The rows of several workers' lists (newest first), an error that
    repeats in several of them made one row: the newest, with the counts
    added up and the first time of all."""
    rows: list = []
    seen: dict = {}
    for e in entries:
        key = (e.get("source"), e.get("type"), e.get("message"), e.get("file"), e.get("line"), e.get("function"))
        row = seen.get(key)
        if row is None:
            seen[key] = e
            rows.append(e)
        elif type(e.get("count")) is int and type(e.get("first_time")) is str:
            row["count"] += e["count"]
            row["first_time"] = min(row["first_time"], e["first_time"])
    return rows


def history_label(report: ErrorReport) -> str:
    """The list's "Request" column: ``GET /path``, ``websocket /chat``,
    ``logged by django.request: <message>``, ``thread worker-1``."""
    if report.source == "logged":
        return "%s: %s" % (report.origin, _clip(report.log_message, 200))
    if report.source == "thread":
        return report.origin
    kind = report.request.method if report.source == "request" else report.source.replace("_", " ")
    label = "%s %s" % (kind, _clip(report.request.path, 200))
    return label + ": " + report.cut_short if report.cut_short else label


def to_json(value) -> str:
    """JSON text, non-ASCII kept as it is."""
    import json

    return json.dumps(value, ensure_ascii=False)


# -- the list of kept errors -------------------------------------------------------------

def render_history_page(entries: list[dict], ctx: PageContext) -> str:
    """The kept errors, newest first; the page's script keeps it current."""
    rows = "".join(_history_row(e, ctx.workers) for e in entries)
    empty = "" if entries else '<p class="muted" id="no-errors">No error yet: this list updates itself.</p>'
    body = (
        '<header class="summary neutral"><div class="wrap"><p class="brand">wsgidebug</p>'
        "<h1>Recent errors</h1>"
        '<p class="exc-msg">The last %d errors of %s, newest first; an error that repeats is one '
        "row with its count. The list updates itself; each links to its page, with consoles while its frames "
        "are kept.</p></div></header>"
        '<main class="wrap"><div class="list-tools"><button class="btn" type="button" id="clear-errors">Clear'
        '</button><form id="clear-pin" class="clear-pin" hidden><label>PIN <input name="pin" autocomplete="off" '
        'inputmode="numeric" aria-label="Debugger PIN"></label><button class="btn" type="submit">Unlock and clear'
        '</button></form><span class="muted" id="clear-note" role="status"></span></div>'
        '<table class="history%s" id="history"><thead><tr><th>Time</th>%s<th>Request</th>'
        "<th>Error</th><th>Raised in</th></tr></thead><tbody>%s</tbody></table>%s</main>"
        % (DebuggedApplication.max_kept_tracebacks, "each worker process" if ctx.workers else "this process",
           " workers" if ctx.workers else "",
           '<th title="the process id of the worker process that holds it">Worker</th>' if ctx.workers else "",
           rows, empty)
    )
    return _page_shell("Recent errors", body, ctx, "history-page", (JS_HISTORY,), (CSS_HISTORY,))


def _history_row(e: dict, workers: bool = False) -> str:
    where = ("%s:%s in %s" % (e["file"], e["line"], e["function"])) if e["file"] else ""
    worker = '<td class="mono">%d</td>' % e["worker"] if workers else ""
    count = ('<span class="count" title="first at %s">&times;%d</span> ' % (_escape(e["first_time"][11:19]), e["count"])
             if e["count"] > 1 else "")
    return (
        '<tr data-id="%d"><td class="mono">%s</td>%s<td class="mono">%s</td>'
        '<td>%s<a href="%s"><strong>%s</strong></a> %s</td><td class="mono">%s</td></tr>'
        % (e["id"], _escape(e["time"][11:19]), worker, _escape(e["label"]), count,
           _escape(e["url"]), _escape(e["type"]), _escape(_clip(e["message"], 200)), _escape(where))
    )


def render_gone_page(ctx: PageContext, list_url: str, message: str | None = None) -> str:
    """The page for an error id that is unknown or no longer kept
    (``message``: why, when known)."""
    body = (
        '<header class="summary neutral"><div class="wrap"><p class="brand">wsgidebug</p>'
        "<h1>This error is gone</h1>"
        '<p class="exc-msg">%s '
        '<a href="%s">See the list of recent errors</a>.</p></div></header>'
        % (_escape(message or "Only the most recent errors are kept."), _escape(list_url))
    )
    return _page_shell("Error gone", body, ctx)


def render_text(tb: Traceback) -> str:
    """The plain-text answer for clients that do not ask for HTML."""
    return clip_text_lines(tb.text)


WITHHELD_TEXT = """\
Internal Server Error

The application raised an error. Its traceback is on the terminal where the
server runs.

Details are withheld: this request named a host that the debugger does not
trust, and a page that any host name can read would hand the app's source and
data to a site that points its name at this machine (DNS rebinding).

To see the details from this host, trust it: add it to
DebuggedApplication.trusted_hosts, run with --trusted-host NAME, or set
WSGIDEBUG_TRUSTED_HOSTS=NAME.
"""


def render_withheld(environ, plain: bool, nonce: str = "") -> tuple[str, str]:
    """(body, content type) for an error on an untrusted host: that an error
    happened and how to see it, and nothing the app controls."""
    if plain:
        return WITHHELD_TEXT, "text/plain; charset=utf-8"
    name = host_name_of(environ.get("HTTP_HOST") or "")
    host = "<code>%s</code>" % _escape(_clip(name, 100)) if name else "a host name"
    body = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex"><title>Internal Server Error</title>'
        '<style nonce="%s">%s</style></head><body>'
        '<header class="summary"><div class="wrap"><p class="brand"><strong>500 Internal Server Error</strong>'
        ' &middot; wsgidebug</p><h1>The application raised an error</h1>'
        '<p class="exc-msg">Its traceback is on the terminal where the server runs.</p></div></header>'
        '<main class="wrap"><p>Details are withheld: this request was made to %s, which the debugger '
        'does not trust. A page that any host name can read would hand the app&#x27;s source and data to '
        'a site that points its name at this machine (<em>DNS rebinding</em>).</p>'
        '<p>To see the details from this host, trust it: add it to '
        '<code>DebuggedApplication.trusted_hosts</code>, run with <code>--trusted-host NAME</code>, '
        'or set <code>WSGIDEBUG_TRUSTED_HOSTS=NAME</code>.</p></main></body></html>\n'
        % (nonce, wire_css(), host))
    return body, "text/html; charset=utf-8"


# =============================================================================
# 4. The console
# =============================================================================
#
# Each frame has a Console: a namespace made of the frame's globals and
# locals (a copy: the real frame is read, never changed), a buffer for
# unfinished multi-line input, and `_`.  Output is caught per thread: while
# any eval runs, sys.stdout is a router that sends a thread's writes to that
# thread's capture, and everyone else's to the real stream.

_capture_state = None  # threading.local, created on first use


def _thread_state():
    global _capture_state
    if _capture_state is None:
        import threading

        _capture_state = threading.local()
    return _capture_state


class _StdoutRouter:
    """sys.stdout while evals run: captures per thread, passes others through."""

    def __init__(self, original):
        self._original = original

    def write(self, text):
        out = getattr(_thread_state(), "output", None)
        if out is None:
            return self._original.write(text)
        out.write_text(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        if getattr(_thread_state(), "output", None) is None:
            self._original.flush()

    def __getattr__(self, name):
        return getattr(self._original, name)


class _RouterInstall:
    """Reference-counted installation of the stdout router around evals."""

    lock = None
    users = 0
    router: _StdoutRouter | None = None

    @classmethod
    def enter(cls):
        import threading

        if cls.lock is None:
            cls.lock = threading.Lock()
        with cls.lock:
            if cls.users == 0 or sys.stdout is not cls.router:
                cls.router = _StdoutRouter(sys.stdout)
                sys.stdout = cls.router
            cls.users += 1

    @classmethod
    def exit(cls):
        with cls.lock:
            cls.users -= 1
            if cls.users == 0 and sys.stdout is cls.router:
                sys.stdout = cls.router._original
                cls.router = None


class ConsoleOutput:
    """What one eval produced, in order: text and HTML pieces (``plain``:
    text only, for MCP)."""

    MAX_TEXT = 200_000

    def __init__(self, plain: bool = False):
        self.pieces: list[str] = []
        self.text: list[str] = []
        self.text_size = 0
        self.plain = plain

    def write_text(self, text: str) -> None:
        if not isinstance(text, str):
            text = _safe_str(text)
        room = self.MAX_TEXT - self.text_size
        if room <= 0:
            return
        if len(text) > room:
            text = text[:room] + "\n[... output cut at %d characters]\n" % self.MAX_TEXT
        self.text_size += len(text)
        self.text.append(text)

    def write_html(self, html_text: str) -> None:
        self._flush_text()
        self.pieces.append(html_to_text(html_text) if self.plain else html_text)

    def write_value(self, value) -> None:
        """The value of an input's last expression."""
        if self.plain:
            self._flush_text()
            self.pieces.append(_plain_repr(value) + "\n")
        else:
            self.write_html('<div class="out value">%s</div>' % debug_repr(value))

    def write_error(self, text: str) -> None:
        """A traceback (or a syntax error) of an input."""
        if self.plain:
            self._flush_text()
            self.pieces.append(text.rstrip("\n") + "\n")
        else:
            self.write_html('<pre class="out traceback">%s</pre>' % _escape(text))

    def _flush_text(self):
        if self.text:
            text = "".join(self.text)
            self.pieces.append(text if self.plain else '<pre class="out stdout">%s</pre>' % _escape(text))
            self.text = []

    def html(self) -> str:
        """What the input produced: HTML, or text when ``plain``."""
        self._flush_text()
        return "".join(self.pieces)


def html_to_text(fragment: str) -> str:
    """A fragment the console drew (a help text, dump()'s tables) as plain
    text: rows on lines, cells apart, tags dropped, entities read."""
    import html
    import re

    fragment = re.sub(r"</(tr|div|pre|p|h\d|table)>", "\n", fragment)
    fragment = re.sub(r"</t[dh]>", "  ", fragment)
    text = html.unescape(re.sub(r"<[^>]*>", "", fragment))
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


def _plain_repr(value, limit: int = 20_000) -> str:
    """``repr(value)`` for a plain-text transcript, cut at ``limit``; a
    broken ``__repr__`` says so."""
    try:
        text = repr(value)
    except Exception as e:
        return "<%s object: repr() failed: %s>" % (type_name(type(value)), _safe_str(e))
    if type(text) is not str:
        return "<%s object>" % type_name(type(value))
    return text if len(text) <= limit else text[:limit] + "... [%d characters more]" % (len(text) - limit)


class _ConsoleHelp:
    """``help`` inside the console: pydoc text into the transcript."""

    def __repr__(self):
        return "Type help(object) for help about object."

    def __call__(self, topic=_MISSING):
        out = getattr(_thread_state(), "output", None)
        if topic is _MISSING:
            text = repr(self)
        else:
            import pydoc

            try:
                text = pydoc.render_doc(topic, "Help on %s:", renderer=pydoc.plaintext)
            except Exception as e:  # ImportError for an unknown topic string
                text = "No help for %r (%s)" % (topic, _safe_str(e))
        html_text = '<pre class="out help">%s</pre>' % _escape(text)
        if out is not None:
            out.write_html(html_text)
        else:
            sys.stdout.write(text + "\n")


def dump(obj=_MISSING) -> None:
    """In a console: the frame's locals, then the module's globals (no
    argument), or an object's repr and then its attributes, dunder names last."""
    state = _thread_state()
    out = getattr(state, "output", None)
    if obj is _MISSING:
        console = getattr(state, "console", None)
        if console is None:
            table = render_dump_table("Names", [])
        else:
            local_items, global_items = console.names_by_kind()
            table = (render_dump_table("Local variables", local_items) +
                     render_dump_table("Module globals", global_items))
    else:
        table = ('<div class="out value">%s</div>' % debug_repr(obj) +
                 render_dump_table("Attributes of %s" % _clip(summarize_value(obj), 80), dump_items_of(obj)))
    if out is not None:
        out.write_html(table)
    else:
        sys.stdout.write(table + "\n")


def _is_console_helper(value) -> bool:
    """The names the console adds itself (dump, help): not the user's."""
    return value is dump or isinstance(value, _ConsoleHelp)


class Console:
    """A Python console bound to one namespace (a frame's, or the standalone one)."""

    def __init__(self, namespace: dict, module_globals: dict | None = None):
        self.namespace = namespace
        self.module_globals = module_globals if module_globals is not None else {}
        namespace.setdefault("__builtins__", sys.modules["builtins"])
        namespace["dump"] = dump
        namespace["help"] = _ConsoleHelp()
        self.buffer: list[str] = []
        import threading

        self.lock = threading.Lock()          # one input at a time
        self._running_lock = threading.Lock()  # guards `running`, also for interrupt()
        self.running: int | None = None       # the thread running an input now
        self._interrupted = False             # an interrupt was raised in the running input
        self.local_names: set = set()
        self.loop = None     # an ASGI error's event loop: where a top-level await runs
        self.context = None  # an ASGI error's context variables, in effect while an input runs

    @classmethod
    def for_frame(cls, frame) -> Console:
        """A console in a frame: its globals and locals, copied."""
        namespace = dict(frame.f_globals)
        local_names: set = set()
        try:
            local_names = set(frame.f_locals)
            namespace.update(frame.f_locals)
        # A hostile locals mapping: the globals still serve.
        except Exception:  # nosec B110
            pass
        console = cls(namespace, frame.f_globals)
        console.local_names = local_names
        return console

    def names_by_kind(self) -> tuple[list, list]:
        """(locals, module globals) as sorted (name, value) pairs: a name is
        local if the frame had it or the console made it."""
        local_items: list = []
        global_items: list = []
        for name, value in self.namespace.items():
            if not isinstance(name, str) or name.startswith("__") or _is_console_helper(value):
                continue
            is_global = name in self.module_globals and name not in self.local_names and \
                self.module_globals.get(name) is value
            (global_items if is_global else local_items).append((name, value))
        local_items.sort(key=lambda item: item[0])
        global_items.sort(key=lambda item: item[0])
        return local_items[:500], global_items[:500]

    def run(self, source: str, contexts=(), plain: bool = False) -> str:
        """Run one input (a line or a block); the transcript fragment as
        HTML, or as plain text (``plain``: the echo, then what it printed,
        its value or its traceback)."""
        with self.lock:
            try:
                if self.context is not None:  # a copy: a context is entered in one thread at a time
                    return self.context.copy().run(self._run_locked, source, contexts, plain)
                return self._run_locked(source, contexts, plain)
            except KeyboardInterrupt:  # an interrupt that landed just as the input ended
                return "KeyboardInterrupt\n" if plain else _entry('<pre class="out traceback">KeyboardInterrupt</pre>')

    def complete(self, text: str) -> list[str]:
        """Completions of the name or attribute before the cursor (see complete_word)."""
        with self.lock:
            return complete_word(self.namespace, completion_word(text))

    def interrupt(self, thread: int | None = None) -> bool:
        """Raise KeyboardInterrupt in the thread running this console's input
        (``thread``: only if that one runs it); False when nothing runs.
        Raises RuntimeError where the interpreter cannot do it."""
        with self._running_lock:
            if self.running is None or (thread is not None and self.running != thread):
                return False
            _async_raise(self.running, KeyboardInterrupt)
            self._interrupted = True
            return True

    def _start_running(self) -> None:
        import threading

        with self._running_lock:
            self.running = threading.get_ident()

    def _stop_running(self) -> None:
        with self._running_lock:
            ident, self.running = self.running, None
            if ident is not None and self._interrupted:
                self._interrupted = False
                try:
                    _async_raise(ident, None)  # drop an interrupt that came too late
                except RuntimeError:
                    pass

    def _run_locked(self, source, contexts, plain: bool = False) -> str:
        prompt = "... " if self.buffer and not plain else ">>> "
        output = ConsoleOutput(plain)
        if plain:
            echo = "".join((prompt if n == 0 else "... ") + line + "\n" for n, line in enumerate(source.split("\n")))
        else:
            echo = '<div class="in"><span class="prompt">%s</span>%s</div>' % (_escape(prompt), _escape(source))
        if not plain:  # a line of the page's console: maybe part of a block
            self.buffer.append(source)
        try:
            if plain:  # a whole program (an agent's): parsed as a file is, never waiting for more lines
                with _AST_LOCK:
                    import ast

                    tree = ast.parse(source, "<console>", "exec")
            else:
                tree = _parse_input("\n".join(self.buffer))
        except (SyntaxError, OverflowError, ValueError) as e:
            self.buffer = [] if not plain else self.buffer
            output.write_error(_format_syntax_error(e))
            return echo + output.html() if plain else _entry(echo + output.html())
        if tree is None:
            return _entry(echo, more=True)
        if not plain:
            self.buffer = []
        state = _thread_state()
        state.output, state.console = output, self
        _RouterInstall.enter()
        self._start_running()
        try:
            self._execute(tree, output, contexts)
        finally:
            self._stop_running()
            _RouterInstall.exit()
            state.output = state.console = None
        return echo + output.html() if plain else _entry(echo + output.html())

    def _execute(self, tree, output: ConsoleOutput, contexts) -> None:
        """Run a parsed input; show the value of a final expression."""
        import ast
        import contextlib

        value = None
        try:
            shows_value = bool(tree.body) and isinstance(tree.body[-1], ast.Expr)
            if shows_value:  # the last expression's value goes to a name the input cannot see
                last = tree.body.pop()
                tree.body.append(ast.copy_location(ast.Assign(
                    targets=[ast.Name(_VALUE_NAME, ast.Store())], value=last.value), last))
                ast.fix_missing_locations(tree)
            with contextlib.ExitStack() as stack:
                for cm in contexts:
                    stack.enter_context(cm)
                # Running the user's code is the console's purpose; only requests
                # that passed the host, secret and PIN checks get here.
                with _AST_LOCK:  # see _AST_LOCK
                    code = compile(tree, "<console>", "exec", _TOP_LEVEL_AWAIT)
                if code.co_flags & _CO_COROUTINE:  # one coroutine: every statement runs on the loop
                    self._await(eval(code, self.namespace), output)  # nosec B307
                else:
                    exec(code, self.namespace)  # nosec B102
            value = self.namespace.pop(_VALUE_NAME, None)
            if value is not None:
                self.namespace["_"] = value
                output.write_value(value)
        except BaseException as e:  # noqa: B036 - SystemExit and friends are shown, not obeyed
            self.namespace.pop(_VALUE_NAME, None)
            output.write_error(_format_console_error(e))


    def _await(self, coro, output: ConsoleOutput):
        """Run an input's top-level ``await``: on the event loop of the ASGI
        request that failed, or, for a WSGI frame, on a new event loop of
        its own for this input.  This thread waits; Stop cancels the task."""
        import asyncio
        import threading

        loop = self.loop
        if loop is None:  # its own loop, in a thread: this one may run a loop already
            own = asyncio.new_event_loop()
            runner = threading.Thread(target=own.run_forever, name="wsgidebug-await", daemon=True)
            runner.start()
            try:
                return _wait_on_loop(own, coro, output)
            finally:
                own.call_soon_threadsafe(own.stop)
                runner.join(5)
                if not own.is_running():
                    own.close()
        if loop.is_closed() or not loop.is_running():
            coro.close()
            raise RuntimeError("the event loop that ran this request has stopped: nothing can be awaited "
                               "on it any more")
        return _wait_on_loop(loop, coro, output)


def _wait_on_loop(loop, coro, output: ConsoleOutput):
    """Run a console input's coroutine on ``loop`` (another thread's) and
    wait for its value; an interrupt (Stop) cancels its task."""
    import asyncio
    import concurrent.futures

    future = asyncio.run_coroutine_threadsafe(_printing_to(output, coro), loop)
    try:
        while True:  # a timed wait: an interrupt reaches this thread between waits
            try:
                return future.result(timeout=0.05)
            except concurrent.futures.TimeoutError:
                continue
    except KeyboardInterrupt:
        future.cancel()  # cancels the task on the loop
        raise asyncio.CancelledError("Stopped: the awaited task was cancelled") from None


#: compile() flags for a console input: a top-level ``await`` is allowed
#: (its code is then a coroutine's, flagged CO_COROUTINE).
_TOP_LEVEL_AWAIT = 0x2000  # ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, without importing ast at import time
#: Where a console input's last expression leaves its value for a moment.
_VALUE_NAME = "__wsgidebug_value__"
_CO_COROUTINE = 0x80  # inspect.CO_COROUTINE


async def _printing_to(output: ConsoleOutput, coro):
    """Await ``coro`` on the loop's thread with its prints in the console."""
    state = _thread_state()
    state.output = output
    try:
        return await coro
    finally:
        state.output = None


def _parse_input(source: str):
    """The input as an ``ast.Module``, or None while it needs more lines.

    A single line that parses and opens no block is complete (the common
    case, decided with one parse); anything else is judged the way the
    interactive REPL judges it.  Raises SyntaxError for invalid input.
    """
    import ast

    if "\n" not in source and not source.rstrip().endswith((":", "\\")):
        try:
            with _AST_LOCK:
                return ast.parse(source, "<console>", "exec")
        except SyntaxError:
            pass  # maybe incomplete (an open bracket): ask codeop
    if not _is_complete(source):
        return None
    with _AST_LOCK:
        return ast.parse(source, "<console>", "exec")


def _make_ast_lock():
    import threading

    return threading.Lock()


#: Parsing to an AST and compiling one, one console at a time: CPython 3.11
#: shares the AST converter's recursion count between threads, and two
#: inputs parsed at once can fail with "SystemError: AST constructor
#: recursion depth mismatch" (python/cpython#106905).  A parse takes
#: microseconds; the input itself runs outside the lock.
_AST_LOCK = _make_ast_lock()


def _is_complete(source: str) -> bool:
    """False while input needs more lines, as the interactive REPL decides."""
    import codeop

    judge = codeop.CommandCompiler()
    judge.compiler.flags |= _TOP_LEVEL_AWAIT  # an await is fine at the top level
    try:
        return judge(source, "<console>", "single") is not None
    except SyntaxError:
        compile(source, "<console>", "exec", _TOP_LEVEL_AWAIT)  # a pasted block of statements is fine
        return True


def _entry(inner: str, more: bool = False) -> str:
    return '<div class="entry" data-more="%d">%s</div>' % (1 if more else 0, inner)


def _format_syntax_error(exc: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception_only(type(exc), exc))


MAX_COMPLETIONS = 200


def completion_word(text: str) -> str:
    """The dotted name being typed at the end of ``text`` (``foo(bar.ba`` -> ``bar.ba``)."""
    i = len(text)
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_."):
        i -= 1
    return text[i:]


_KEYWORD_SUFFIX = {"finally": ":", "try": ":", "else": ":", "False": "", "None": "", "True": "",
                   "break": "", "continue": "", "pass": ""}


def complete_word(namespace: dict, word: str) -> list[str]:
    """Completions of ``word`` as rlcompleter finds them (keywords, the
    namespace, builtins; ``obj.attr`` chains; ``_`` names only when asked
    for; ``(`` after callables), sorted, at most MAX_COMPLETIONS.

    Unlike rlcompleter on 3.11+, it never calls ``inspect.signature`` or a
    property: only the dotted expression before the last dot is evaluated,
    as rlcompleter does, and attributes are read statically."""
    import keyword

    found: set[str] = set()
    if "." in word:
        import inspect
        import re

        expr, _, prefix = word.rpartition(".")
        if not re.fullmatch(r"[^\W\d]\w*(\.[^\W\d]\w*)*", expr):
            return []
        try:
            # The console's purpose is to run the developer's code; this is a
            # dotted name only, as rlcompleter evaluates it.
            obj = eval(expr, namespace)  # nosec B307
            names = dir(obj)
        except Exception:
            return []
        for name in names:
            if type(name) is not str or not name.startswith(prefix):
                continue
            if name.startswith("_") and not prefix.startswith("_"):
                continue
            if name.startswith("__") and not prefix.startswith("__"):
                continue
            try:
                value = inspect.getattr_static(obj, name)
            except Exception:
                value = None
            found.add("%s.%s%s" % (expr, name, "(" if callable(value) else ""))
            if len(found) > 5000:
                break
    else:
        for name in keyword.kwlist:
            if name.startswith(word):
                found.add(name + _KEYWORD_SUFFIX.get(name, " "))
        builtins = namespace.get("__builtins__", sys.modules["builtins"])
        builtins = builtins if isinstance(builtins, dict) else getattr(builtins, "__dict__", {})
        for space in (namespace, builtins):
            for name, value in list(space.items()):
                if type(name) is str and name.startswith(word) and name != "__builtins__":
                    if name.startswith("_") and not word.startswith("_"):
                        continue
                    found.add(name + ("(" if callable(value) else ""))
    return sorted(found)[:MAX_COMPLETIONS]


def _async_raise(thread_id: int, exc_type) -> None:
    """Raise ``exc_type`` in another thread at its next bytecode (None:
    cancel a pending one).  RuntimeError where this interpreter cannot."""
    try:
        import ctypes

        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        raise RuntimeError("this Python cannot interrupt another thread") from None
    # No argtypes: None must reach C as NULL (cancel), not as the object None.
    thread = ctypes.c_ulong(thread_id)
    changed = set_async_exc(thread, ctypes.py_object(exc_type) if exc_type is not None else None)
    if changed > 1:  # more than one thread: undo, as the C API asks
        set_async_exc(thread, None)
        raise RuntimeError("interrupting the console's thread failed")


def _format_console_error(exc: BaseException) -> str:
    """A traceback of console input, without the debugger's own frames."""
    import traceback

    tb = exc.__traceback__
    first = tb
    while first is not None and first.tb_frame.f_code.co_filename != "<console>":
        first = first.tb_next  # an awaited input's error also passes through concurrent.futures
    if first is not None:
        tb = first
    while tb is not None and tb.tb_frame.f_globals is _MODULE_GLOBALS:
        tb = tb.tb_next
    return clip_text_lines("".join(traceback.format_exception(type(exc), exc, tb)))


# =============================================================================
# 5. Security: PIN, cookie, trusted hosts, secret
# =============================================================================

def _env_pin() -> tuple[bool, str | None]:
    """(was set, value) from WSGIDEBUG_PIN, else WERKZEUG_DEBUG_PIN.

    ``off`` gives (True, None); ``random`` a random PIN for this process;
    digits with dashes give the PIN; anything else is ignored with a warning.
    """
    for name in ("WSGIDEBUG_PIN", "WERKZEUG_DEBUG_PIN"):
        value = os.environ.get(name)
        if value is None or not value.strip():
            continue
        value = value.strip()
        if value.lower() == "off":
            return True, None
        if value.lower() == "random":
            return True, _process_random_pin()
        if value.replace("-", "").isdigit():
            return True, value
        _log("warning", " * %s=%r is neither 'off', 'random' nor digits: ignored", name, value)
    return False, None


_RANDOM_PIN: str | None = None


def _process_random_pin() -> str:
    """A PIN drawn once per process (WSGIDEBUG_PIN=random, or no key file)."""
    global _RANDOM_PIN
    if _RANDOM_PIN is None:
        import secrets

        number = "%09d" % secrets.randbelow(10**9)
        _RANDOM_PIN = "-".join((number[0:3], number[3:6], number[6:9]))
    return _RANDOM_PIN


def normalize_pin(pin: str) -> str:
    """A PIN entry without surrounding whitespace and dashes."""
    return "".join(pin.split()).replace("-", "")


def _username() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # no name for this uid, as in some containers
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def _machine_id() -> str:
    """A stable id of this machine (and container), or '' where none is found."""
    if sys.platform.startswith("linux"):
        value = ""
        for path in ("/etc/machine-id", "/proc/sys/kernel/random/boot_id"):
            try:
                with open(path, "rb") as f:
                    value = f.readline().strip().decode("ascii", "replace")
            except OSError:
                continue
            if value:
                break
        try:  # the container a process runs in
            with open("/proc/self/cgroup", "rb") as f:
                value += f.readline().strip().rpartition(b"/")[2].decode("ascii", "replace")
        except OSError:
            pass
        return value
    if sys.platform == "darwin":
        # A fixed command, no user input.
        import subprocess  # nosec B404

        try:
            out = subprocess.run(["/usr/sbin/ioreg", "-c", "IOPlatformExpertDevice", "-d", "2"],  # nosec B603
                                 capture_output=True, timeout=5).stdout
            for line in out.splitlines():
                if b'"IOPlatformUUID"' in line:
                    return line.split(b'"')[-2].decode("ascii", "replace")
        except (OSError, ValueError):
            pass
        return ""
    if sys.platform == "win32":
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SOFTWARE\Microsoft\Cryptography", 0,
                                winreg.KEY_READ | winreg.KEY_WOW64_64KEY) as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            pass
    return ""


def _node_id() -> str:
    """A network hardware address, read without running programs where possible."""
    try:
        for name in sorted(os.listdir("/sys/class/net")):
            if name == "lo":
                continue
            with open("/sys/class/net/%s/address" % name) as f:
                address = f.read().strip()
            if address and address != "00:00:00:00:00:00":
                return address
    except OSError:
        pass
    try:
        import uuid

        return str(uuid.getnode())
    except Exception:
        return ""


def _cache_dir() -> str:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "wsgidebug")


_LOCAL_KEY: bytes | None = None
_LOCAL_KEY_PROBLEM: str | None = None  # why no key file is kept (the key is this process's own), if so


def local_pin_key() -> bytes:
    """A random value made once per user, kept in a file only they can read.

    It makes the PIN and the cookie key unguessable from facts others can
    read about the machine.  The file is used only when it is a regular
    file (not a link) owned by this user with no group or other permission
    bits, in a folder with the same properties; a file that is not is
    replaced by a new key.  Where no key can be kept (the folder belongs to
    someone else, nothing can be written), the key is random for this
    process, so the PIN is too; the log says why.
    """
    global _LOCAL_KEY, _LOCAL_KEY_PROBLEM
    if _LOCAL_KEY is not None:
        return _LOCAL_KEY
    folder = _cache_dir()
    path = os.path.join(folder, "pin-key")
    problem = _private_folder_problem(folder)
    key = b""
    if problem is None:
        problem = _private_file_problem(path)
        if problem is None:
            key = _read_key(path)
        elif problem != "it does not exist":
            _log("warning", " * The PIN key file %s is not used (%s): a new key is made.", path, problem)
        if len(key) < 32:
            key, problem = _write_new_key(path, replace=problem != "it does not exist")
    if not key:
        _log("warning", " * No PIN key can be kept in %s (%s): the PIN is random for this process.",
             folder, problem)
        key = os.urandom(32).hex().encode("ascii")
        _LOCAL_KEY_PROBLEM = "no key file can be kept in %s (%s)" % (folder, problem)
    _LOCAL_KEY = key
    return key


def _owner_problem(st) -> str | None:
    """Why a stat result is not private to this user (POSIX), else None."""
    if not hasattr(os, "getuid"):
        return None  # Windows: the profile folder is private already
    if st.st_uid != os.getuid():
        return "it belongs to user id %d, not %d" % (st.st_uid, os.getuid())
    if st.st_mode & 0o077:
        return "its mode %o lets other users in" % (st.st_mode & 0o777)
    return None


def _private_folder_problem(folder: str) -> str | None:
    """Make the key folder if missing; why it cannot hold a key, else None."""
    import stat

    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError as e:
        return "%s: %s" % (type(e).__name__, e.strerror or e)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        return "it is not a plain folder"
    return _owner_problem(st)


def _private_file_problem(path: str) -> str | None:
    """Why the key file must not be used, else None."""
    import stat

    try:
        st = os.lstat(path)
    except OSError:
        return "it does not exist"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a regular file"
    return _owner_problem(st)


def _read_key(path: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as f:
            return f.read(128).strip()
    except OSError:
        return b""


def _write_new_key(path: str, replace: bool = False) -> tuple[bytes, str | None]:
    """Write a fresh key (mode 0600) where there is none (``replace``: in
    place of a file that cannot be used): (key, None) or (b"", why).  Processes that start together (the workers of a server)
    agree on one key: the file appears whole (a hard link of a written
    file) and only if there is none yet; a process that loses the race
    reads the winner's."""
    new = os.urandom(32).hex().encode("ascii")
    tmp = "%s.tmp%d" % (path, os.getpid())
    try:
        if replace:
            try:
                os.unlink(path)
            except FileNotFoundError:  # another process replaced it already
                pass
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(new)
        try:
            os.link(tmp, path)
        except FileExistsError:  # another process made it first: theirs is the key
            new = _read_key(path) if _private_file_problem(path) is None else b""
            if len(new) < 32:
                return b"", "another process wrote a key file that cannot be used"
        except (AttributeError, NotImplementedError, PermissionError):  # no hard links here
            os.replace(tmp, path)
    except OSError as e:
        return b"", "it could not be written: %s" % (e.strerror or e)
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return new, None


def _pin_facts(app) -> tuple[list[str], list[str]]:
    """(public facts, private facts) that the PIN and cookie name come from."""
    modname = getattr(app, "__module__", None) or type(app).__module__
    mod = sys.modules.get(modname)
    filename = app.module_file if isinstance(app, _PinIdentity) else getattr(mod, "__file__", None)
    public = [
        _username(),
        modname,
        getattr(app, "__name__", type(app).__name__),
        str(filename),
    ]
    private = [_node_id(), _machine_id(), local_pin_key().decode("ascii", "replace")]
    return public, private


def get_pin_and_cookie_name(app) -> tuple[str | None, str | None]:
    """The PIN (or None when off) and the cookie name for a WSGI app.

    Stable for the same app, user and machine across processes; set by
    WSGIDEBUG_PIN / WERKZEUG_DEBUG_PIN ('off' or digits).
    """
    import hashlib

    public, private = _pin_facts(app)
    h = hashlib.sha256()
    for fact in public + private:
        h.update(fact.encode("utf-8", "replace") + b"\0")
    cookie_name = "__wsgidebug_" + h.hexdigest()[:20]
    was_set, env_value = _env_pin()
    if was_set:
        return env_value, cookie_name
    h.update(b"pin")
    number = "%09d" % (int(h.hexdigest(), 16) % 10**9)
    return "-".join((number[0:3], number[3:6], number[6:9])), cookie_name


def _cookie_key(app) -> bytes:
    import hashlib

    _, private = _pin_facts(app)
    return hashlib.sha256(b"cookie\0" + "\0".join(private).encode("utf-8", "replace")).digest()


def make_pin_cookie(key: bytes, pin: str, now: float) -> str:
    """``<timestamp>|<HMAC(key, pin|timestamp)>``: no PIN in the clear."""
    import hmac

    stamp = str(int(now))
    mac = hmac.new(key, ("%s|%s" % (normalize_pin(pin), stamp)).encode(), "sha256").hexdigest()
    return "%s|%s" % (stamp, mac)


def check_pin_cookie(key: bytes, pin: str, value: str, now: float) -> bool | None:
    """True if the cookie is for this PIN and fresh; False if stale or
    malformed; None if it was made for another PIN (a failed attempt)."""
    import hmac

    stamp, sep, mac = value.partition("|")
    if not sep or not stamp.isdigit() or len(stamp) > 12:
        return False
    expected = make_pin_cookie(key, pin, int(stamp)).partition("|")[2]
    if not hmac.compare_digest(expected.encode(), mac.encode("ascii", "replace")):
        return None
    age = now - int(stamp)
    return -60 <= age <= PIN_COOKIE_MAX_AGE


def parse_cookies(header: str) -> dict[str, str]:
    """The cookies of a Cookie header, the first of each name."""
    cookies = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name not in cookies:
            cookies[name] = value.strip().strip('"')
    return cookies


def host_name_of(host_header: str) -> str | None:
    """The lower-cased name of a Host header without its port; None if malformed."""
    host = host_header.strip().lower()
    if not host or len(host) > 255 or any(c.isspace() or c in "/\\@?#%" for c in host):
        return None
    if host.startswith("["):
        end = host.find("]")
        if end == -1:
            return None
        name, rest = host[: end + 1], host[end + 1:]
        if not all(c in "0123456789abcdef:." for c in name[1:-1]) or not name[1:-1]:
            return None
    else:
        name, _, rest = host.partition(":")
        rest = ":" + rest if _ else ""
        if not name or not all(c.isalnum() and c.isascii() or c in "-._" for c in name):
            return None
    if rest and (not rest.startswith(":") or not rest[1:].isdigit()):
        return None
    return name.rstrip(".")


_TRUSTED_ANSWERS: dict = {}


def host_is_trusted(host_header: str | None, trusted_hosts) -> bool:
    """Whether a Host header names a trusted host (see DEFAULT_TRUSTED_HOSTS);
    answers are remembered for the same header and the same list."""
    if not host_header:
        return False
    key = (host_header, tuple(trusted_hosts))
    answer = _TRUSTED_ANSWERS.get(key)
    if answer is None:
        if len(_TRUSTED_ANSWERS) > 256:  # many names (a scan): start over
            _TRUSTED_ANSWERS.clear()
        answer = _TRUSTED_ANSWERS[key] = _host_is_trusted(host_header, trusted_hosts)
    return answer


def _host_is_trusted(host_header: str, trusted_hosts) -> bool:
    name = host_name_of(host_header)
    if name is None:
        return False
    for entry in trusted_hosts:
        entry = entry.lower()
        if entry.startswith("."):
            if name == entry[1:] or name.endswith(entry):
                return True
        elif name == entry:
            return True
    return False


def own_origin(environ) -> str | None:
    """The request's own origin, ``scheme://host[:port]`` as a browser
    writes it (lower case, default port left out); None without a valid Host."""
    scheme = (environ.get("wsgi.url_scheme") or "http").lower()
    host = (environ.get("HTTP_HOST") or "").strip().lower()
    if host_name_of(host) is None:
        return None
    default = {"http": ":80", "https": ":443"}.get(scheme)
    if default and host.endswith(default):
        host = host[: -len(default)]
    return "%s://%s" % (scheme, host.rstrip("."))


def origin_is_allowed(environ) -> bool:
    """A browser request must come from the page's own origin: an
    ``Origin`` header, if any, equal to it (scheme, host and port), and
    ``Sec-Fetch-Site`` absent, ``same-origin`` or ``none``."""
    site = environ.get("HTTP_SEC_FETCH_SITE")
    if site is not None and site.strip().lower() not in ("same-origin", "none"):
        return False
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return True
    own = own_origin(environ)
    return own is not None and origin.strip().lower() == own


def pin_token(key: bytes, origin: str, cookie_value: str) -> str:
    """The token that binds a PIN cookie to the origin it was given to."""
    import hmac

    message = ("token\0%s\0%s" % (origin, cookie_value)).encode("utf-8", "replace")
    return hmac.new(key, message, "sha256").hexdigest()


class PinGuard:
    """Counts failed PIN attempts; locks for good after PIN_MAX_FAILURES.

    An attempt is compared and counted under one lock, so that parallel
    requests cannot squeeze in more guesses than the limit allows.  With
    ``shared`` (a file in the private folder of a server's workers) the
    count is that of every worker process together, under a file lock.
    """

    failure_delay = 0.5        # seconds each failure is held back
    late_failure_delay = 3.0   # ... after half the attempts are used

    def __init__(self, shared: str | None = None):
        import threading

        self._lock = threading.Lock()
        self._failures = 0
        self.shared = shared

    @property
    def failures(self) -> int:
        """The failed attempts so far (settable)."""
        with self._counting():
            return self._failures

    @failures.setter
    def failures(self, value: int) -> None:
        with self._counting(write=True):
            self._failures = value

    @property
    def exhausted(self) -> bool:
        """Whether no attempt is left until the process restarts."""
        return self.failures >= PIN_MAX_FAILURES

    def attempt(self, is_right, environ) -> bool | None:
        """Run ``is_right()`` as one attempt: its answer, or None when no
        attempt is left.  A wrong answer counts, and its answer is held back
        (see fail)."""
        with self._counting(write=True):
            if self._failures >= PIN_MAX_FAILURES:
                return None
            right = bool(is_right())
            delay = 0.0 if right else self._count_failure()
        hold_back(environ, delay)
        return right

    def fail(self, environ) -> None:
        """Count one failure and hold its answer back to slow guessing; once
        locked, a failure is refused at once (nothing is left to guess)."""
        with self._counting(write=True):
            delay = 0.0 if self._failures >= PIN_MAX_FAILURES else self._count_failure()
        hold_back(environ, delay)

    def _count_failure(self) -> float:
        """Count a failure (the lock is held); how long its answer waits."""
        self._failures += 1
        return self.late_failure_delay if self._failures > PIN_MAX_FAILURES // 2 else self.failure_delay

    def _counting(self, write: bool = False):
        """A context in which ``_failures`` is the count of this process or,
        when shared, of every worker (read from its file, written back)."""
        import contextlib

        @contextlib.contextmanager
        def counting():
            with self._lock:
                if self.shared is None:
                    yield
                    return
                import fcntl

                fd = os.open(self.shared, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    text = os.read(fd, 32).strip()
                    self._failures = int(text) if text.isdigit() else 0
                    before = self._failures
                    yield
                    if write and self._failures != before:
                        os.lseek(fd, 0, os.SEEK_SET)
                        os.ftruncate(fd, 0)
                        os.write(fd, b"%d" % self._failures)
                finally:
                    os.close(fd)  # the lock goes with it

        return counting()


#: The environ key where the core leaves how long a refused answer must wait.
_HOLD_BACK_KEY = "wsgidebug.hold_back"


def hold_back(environ, seconds: float) -> None:
    """Ask the door that answers ``environ`` to wait ``seconds`` before
    sending the answer: the WSGI door sleeps in its request's thread, the
    ASGI door on its loop (no pool thread is held)."""
    if seconds > 0:
        environ[_HOLD_BACK_KEY] = max(seconds, environ.get(_HOLD_BACK_KEY, 0.0))


# =============================================================================
# 6. The middleware
# =============================================================================
#
# Three jobs, three classes, and two doors:
#
#   DebuggerCore         routes the debugger's own requests (the console page,
#                        the kept errors, the debugger API) and turns app
#                        errors into answers; it holds the PIN state and the
#                        settings.  DebuggedApplication (WSGI) and
#                        DebuggedASGIApplication (ASGI, further down) are its
#                        doors: they only carry requests in and answers out.
#   ErrorStore           keeps the most recent errors: their reports for the
#                        list and their pages, their frames for the consoles.
#   DebuggerAPI          answers the ``?__debugger__=yes`` commands, after the
#                        refusals in the order SPEC.md gives.
#   WorkerGroup          the worker processes of one server: where the core
#                        sends a request for another worker's error or frame.
#   MCPEndpoint          the MCP server for coding agents: the same kept
#                        errors, renderers and consoles, behind a token.

#: Occurrences of one repeating error kept with their frames (the page open
#: in a tab, the browser's /favicon.ico that failed the same way, one more);
#: older ones make room, and the list shows only the newest, with the count.
MAX_KEPT_REPEATS = 3
#: Ids of repeated errors remembered, so that a link to one leads to its newest repeat.
MAX_REMEMBERED_REPEATS = 1000

#: The commands that run in a frame (``frm``): answered by the worker holding it.
_FRAME_COMMANDS = ("eval", "complete", "interrupt")
_DEBUGGER_COMMANDS = {"pinauth": "POST", "printpin": "POST", "eval": "POST", "complete": "POST", "interrupt": "POST",
                      "clear": "POST"}


class KeptError:
    """One recent error: its report, the frame ids registered for consoles,
    the context managers its request asked to preserve and, for an ASGI
    error, the event loop that ran it and its context variables."""

    __slots__ = ("report", "frame_ids", "contexts", "loop", "context")

    def __init__(self, report: ErrorReport, frame_ids: list, contexts, loop=None, context=None):
        self.report = report
        self.frame_ids = frame_ids
        self.contexts = contexts
        self.loop = loop
        self.context = context


class _KeptFrame:
    __slots__ = ("frame", "record", "console")

    def __init__(self, frame, record):
        self.frame = frame
        self.record = record
        self.console = None


class ErrorStore:
    """The most recent errors, newest last, at most ``limit`` of them.

    Evicting an error forgets its report and frees its frames' locals.
    Thread-safe: the server may fail in several threads at once.
    """

    def __init__(self):
        import threading
        from collections import OrderedDict

        self._lock = threading.Lock()
        self.errors: OrderedDict[int, KeptError] = OrderedDict()
        self.frames: dict[int, _KeptFrame] = {}
        self.by_exception: dict[int, int] = {}  # id() of a kept exception -> its error id: one entry each
        self.by_signature: dict[tuple, list] = {}  # ErrorReport.signature -> its kept occurrences' ids, oldest first
        self.newer: dict[int, tuple] = {}  # id of a forgotten occurrence of a repeating error -> its signature
        self._next_id = itertools.count(1).__next__
        self.console_id = 0  # the standalone console's frame id

    def new_id(self) -> int:
        """The id of the next error (1, 2, 3, ...)."""
        return self._next_id()

    def use_ids_from(self, first: int) -> None:
        """Number the errors kept from now on from ``first`` on."""
        self._next_id = itertools.count(first).__next__

    def keep(self, report: ErrorReport, contexts, limit: int, with_consoles: bool, loop=None,
             context=None) -> None:
        """Keep an error (its frames too, for consoles); forget the oldest.
        A report with the id of a kept error replaces it (the same exception,
        logged first, then caught by the middleware)."""
        frames = report.traceback.frames() if with_consoles else []
        record = KeptError(report, [f.id for f in frames], contexts, loop, context)
        evicted: list = []
        signature = report.signature
        with self._lock:
            replaced = self.errors.pop(report.id, None)  # type: ignore[arg-type]
            if replaced is not None:  # the same frames: not cleared, only registered anew
                for i in replaced.frame_ids:
                    self.frames.pop(i, None)
                report.repeats, report.first_seen = replaced.report.repeats, replaced.report.first_seen
                self._unlist(replaced)
            occurrences = self.by_signature.setdefault(signature, [])
            if occurrences:  # it happened before: one row, the newest, counted
                newest = self.errors[occurrences[-1]].report
                report.repeats, report.first_seen = newest.repeats + 1, newest.first_seen
            occurrences.append(report.id)
            while len(occurrences) > MAX_KEPT_REPEATS:  # the oldest occurrences make room
                old = self.errors[occurrences[0]]
                self._forget(old)
                evicted.append(old)
                self.newer[old.report.id] = signature  # type: ignore[index]
                while len(self.newer) > MAX_REMEMBERED_REPEATS:
                    self.newer.pop(next(iter(self.newer)))
            for f in frames:
                self.frames[f.id] = _KeptFrame(f.frame, record)
            self.errors[report.id] = record  # type: ignore[index]
            self.by_exception[id(report.traceback.exc)] = report.id  # type: ignore[assignment]
            while len(self.errors) > max(1, limit):
                old = next(iter(self.errors.values()))
                self._forget(old)
                evicted.append(old)
        for old in evicted:
            for frame in old.report.traceback.frames():
                _clear_frame(frame.frame)

    def _forget(self, old: KeptError) -> None:
        """Drop a kept error and its frames (under the lock)."""
        self.errors.pop(old.report.id, None)  # type: ignore[arg-type]
        self.by_exception.pop(id(old.report.traceback.exc), None)
        self._unlist(old)
        for i in old.frame_ids:
            self.frames.pop(i, None)

    def _unlist(self, old: KeptError) -> None:
        """Take a kept error out of its signature's occurrences."""
        occurrences = self.by_signature.get(old.report.signature)
        if occurrences and old.report.id in occurrences:
            occurrences.remove(old.report.id)
            if not occurrences:
                del self.by_signature[old.report.signature]

    def clear(self) -> int:
        """Forget every kept error (the list's Clear): how many rows the
        list had."""
        with self._lock:
            rows = len(self.by_signature)
            gone = list(self.errors.values())
            for old in gone:
                self._forget(old)
            self.newer.clear()
        for old in gone:
            for frame in old.report.traceback.frames():
                _clear_frame(frame.frame)
        return rows

    def newest_repeat_of(self, error_id: int) -> int | None:
        """The id of the newest occurrence of an error that repeated, if kept."""
        with self._lock:
            occurrences = self.by_signature.get(self.newer.get(error_id))  # type: ignore[arg-type]
            return occurrences[-1] if occurrences else None

    def get(self, error_id: int | None) -> KeptError | None:
        """A kept error by id (None: the newest), or None."""
        with self._lock:
            if error_id is None:
                return next(reversed(self.errors.values()), None)
            return self.errors.get(error_id)

    def kept_for(self, exc: BaseException) -> KeptError | None:
        """The kept error of this exception object, or None."""
        with self._lock:
            error_id = self.by_exception.get(id(exc))
            kept = self.errors.get(error_id) if error_id is not None else None
            return kept if kept is not None and kept.report.traceback.exc is exc else None

    def newest_first(self, grouped: bool = False) -> list[KeptError]:
        """The kept errors, newest first; ``grouped``: only the newest
        occurrence of an error that repeats (the list's rows)."""
        with self._lock:
            kept = list(reversed(self.errors.values()))
            if grouped:
                kept = [e for e in kept if self.by_signature.get(e.report.signature, [None])[-1] == e.report.id]
            return kept

    def console_for(self, frame_id: int, standalone_namespace):
        """(Console, preserved contexts) for a frame id, or (None, ()) if it is
        not kept; frame 0 (or ``console_id``) is the standalone console."""
        if frame_id == 0 or frame_id == self.console_id:
            with self._lock:
                kept = self.frames.get(0)
                if kept is None:
                    kept = self.frames[0] = _KeptFrame(None, None)
            if kept.console is None:
                kept.console = Console(standalone_namespace())
            return kept.console, ()
        with self._lock:
            kept = self.frames.get(frame_id)
            if kept is None:
                return None, ()
            if kept.console is None:
                kept.console = Console.for_frame(kept.frame)
                kept.console.loop, kept.console.context = kept.record.loop, kept.record.context
            return kept.console, kept.record.contexts


# -- errors no middleware sees: logged records, threads; post-mortem --------------
#
# One logging hook (on logging.Logger.handle, so every logger counts, also one
# that does not propagate) and one threading.excepthook serve every middleware
# of the process that has keep_logged; neither is installed before the first
# such middleware.  A record goes to the middleware serving the request it was
# logged in (found on the stack: nothing is paid by requests that log
# nothing), else to the newest one.

_KEEPERS: list = []  # weak references to the middlewares with keep_logged, oldest first
_KEEPING = None  # a threading.local: a record logged while one is kept is not kept again
#: The attribute of a Thread that holds the request it was started in.
_THREAD_REQUEST = "_wsgidebug_request"
#: A threading.local: ``environ`` and ``started``, the WSGI request the thread
#: serves and when it started (set by the WSGI door: no key is added to the
#: app's environ), and ``timeline``, made at its first entry, for
#: ``timeline_for``.  Made with the first keeping middleware.
_THREAD_REQUESTS: Any = None
#: The attribute of a Thread that holds the Timeline of the request it was started in.
_THREAD_TIMELINE = "_wsgidebug_timeline"


def watch_unseen_errors(middleware) -> None:
    """Let ``middleware`` keep the logged errors and the threads' errors of
    the process: install the logging hook and ``threading.excepthook`` the
    first time."""
    import threading
    import weakref

    global _KEEPING, _THREAD_REQUESTS
    _KEEPERS[:] = [ref for ref in _KEEPERS if ref() is not None]
    _KEEPERS.append(weakref.ref(middleware))
    if _KEEPING is None:
        _KEEPING = threading.local()
        _THREAD_REQUESTS = threading.local()
        _install_logging_hook()
        _install_thread_hook()
    hook_sql_libraries()


def _install_logging_hook() -> None:
    """Wrap the Logger methods that log at ERROR and above (``error``,
    ``exception``, ``critical``, ``fatal``, ``log``): ``info()`` and the
    others pay nothing.  Each calls the original first, so the record is
    out before its URL."""
    import logging

    cls = logging.Logger
    error, exception, critical, log = cls.error, cls.exception, cls.critical, cls.log

    def error_(self, msg, *args, **kwargs):
        error(self, msg, *args, **kwargs)
        if kwargs.get("exc_info"):
            _keep_logged(self, 40, msg, args, kwargs["exc_info"])

    def exception_(self, msg, *args, exc_info=True, **kwargs):
        exception(self, msg, *args, exc_info=exc_info, **kwargs)
        if exc_info:
            _keep_logged(self, 40, msg, args, exc_info)

    def critical_(self, msg, *args, **kwargs):
        critical(self, msg, *args, **kwargs)
        if kwargs.get("exc_info"):
            _keep_logged(self, 50, msg, args, kwargs["exc_info"])

    def log_(self, level, msg, *args, **kwargs):
        log(self, level, msg, *args, **kwargs)
        if kwargs.get("exc_info") and type(level) is int and level >= 40:
            _keep_logged(self, level, msg, args, kwargs["exc_info"])

    handle = cls.handle

    def handle_(self, record):
        try:
            return handle(self, record)  # the app's handlers first: its output is what it was
        finally:  # noted also when a handler of the app's raised
            _note_record(self, record)

    for name, wrapper, original in (("error", error_, error), ("exception", exception_, exception),
                                    ("critical", critical_, critical), ("log", log_, log),
                                    ("handle", handle_, handle)):
        wrapper.__name__, wrapper.__qualname__, wrapper.__doc__ = name, "Logger." + name, original.__doc__
        wrapper.__wrapped__ = original  # type: ignore[attr-defined,union-attr]
        setattr(cls, name, wrapper)
    if cls.__dict__.get("fatal") is critical:  # an alias up to Python 3.12
        cls.fatal = critical_  # type: ignore[method-assign]


def _install_thread_hook() -> None:
    import threading

    previous = threading.excepthook

    def excepthook(args):
        previous(args)  # the thread's traceback on stderr, as without the debugger
        if isinstance(args.exc_value, Exception):
            name = args.thread.name if args.thread is not None else "?"
            _keep_unseen(args.exc_value, "thread", "thread %s" % _clip(str(name), 200), "", None)

    threading.excepthook = excepthook
    start = threading.Thread.start

    def start_(self):
        """Thread.start, noting the request the thread was started in."""
        target = getattr(self, "_target", None)
        if getattr(target, "__module__", None) != "concurrent.futures.thread":  # a pool's worker serves many
            try:
                request = _request_in(sys._getframe(1))
                if request is not None:
                    setattr(self, _THREAD_REQUEST, request)
                    setattr(self, _THREAD_TIMELINE, current_timeline())
            except Exception:  # nosec B110 - never in the way of the app's thread
                pass
        return start(self)

    start_.__wrapped__ = start  # type: ignore[attr-defined]
    threading.Thread.start = start_  # type: ignore[method-assign]


def current_timeline(create: bool = True) -> Timeline | None:
    """The Timeline of the request this code runs for (made the first
    time): the ASGI request of this task, else the WSGI request of this
    thread, else the request that started this thread; or None."""
    for ref in reversed(_KEEPERS):  # an ASGI request's task, or a thread it started (asyncio.to_thread)
        var = getattr(ref(), "request_var", None)
        scope = var.get() if var is not None else None
        if scope is not None:
            return timeline_of(scope) if create else scope.get(TIMELINE_KEY)
    state = _THREAD_REQUESTS.__dict__ if _THREAD_REQUESTS is not None else {}
    environ = state.get("environ")
    if environ is not None:
        if state.get("timeline_of") is not environ:
            if not create:
                return None
            state["timeline"], state["timeline_of"] = Timeline(state["started"]), environ
        return state["timeline"]
    import threading

    return getattr(threading.current_thread(), _THREAD_TIMELINE, None)


def timeline_for(environ) -> tuple:
    """(when it started, its Timeline or None) of the request an environ
    is: an ASGI one's from its scope, a WSGI one's from the thread serving
    it, or from the request that started this thread; (None, None) when
    unknown (outside a request)."""
    if not environ:
        return None, None
    if STARTED_KEY in environ:  # ASGI
        return environ[STARTED_KEY], environ.get(TIMELINE_KEY)
    state = _THREAD_REQUESTS.__dict__ if _THREAD_REQUESTS is not None else {}
    if state.get("environ") is environ:
        return state["started"], state.get("timeline") if state.get("timeline_of") is environ else None
    import threading

    timeline = getattr(threading.current_thread(), _THREAD_TIMELINE, None)
    return (timeline.start, timeline) if timeline is not None else (None, None)


def _note_record(logger, record) -> None:
    """Logger.handle ran: note the record in its request's timeline."""
    try:
        if logger.name == "wsgidebug" or logger.name.startswith("wsgidebug."):
            return  # the debugger's own lines
        timeline = current_timeline()
        if timeline is None:
            return
        info = record.__dict__.get("exc_info")
        exc = info[1] if type(info) is tuple and len(info) == 3 else None
        level, name = record.__dict__.get("levelname"), record.__dict__.get("name")
        timeline.add("log", record_text(record), "%s %s" % (
            level if type(level) is str else "?", _clip(name if type(name) is str else "?", MAX_NAME_CHARS)), exc)
    except Exception:  # nosec B110 - never in the way of the app's logging
        pass


_SQL_HOOKED: set = set()


def hook_sql_libraries() -> None:
    """Note the SQL the app runs in its requests' timelines: through
    SQLAlchemy's engine events and Django's execute wrappers, when the app
    has imported them (the module imports neither); once each."""
    if "sqlalchemy" not in _SQL_HOOKED and "sqlalchemy.event" in sys.modules and "sqlalchemy.engine" in sys.modules:
        try:
            _hook_sqlalchemy(sys.modules["sqlalchemy.event"], sys.modules["sqlalchemy.engine"].Engine)
            _SQL_HOOKED.add("sqlalchemy")
        except Exception as e:
            _log("warning", " * wsgidebug cannot follow SQLAlchemy's statements: %s", _safe_str(e))
    if "django" not in _SQL_HOOKED and "django.db" in sys.modules:
        try:
            import importlib

            signals = importlib.import_module("django.db.backends.signals")  # a part of the Django the app imported
            _hook_django(signals, sys.modules["django.db"].connections)
            _SQL_HOOKED.add("django")
        except Exception as e:
            _log("warning", " * wsgidebug cannot follow Django's queries: %s", _safe_str(e))


def _note_sql(started: float, statement, parameters, failed: BaseException | None = None) -> None:
    timeline = current_timeline()
    if timeline is None:
        return
    took = (_now() - started) * 1000
    detail = "%.2f ms%s" % (took, " " + sql_parameters(parameters, statement) if parameters else "")
    if failed is not None:
        detail += " (failed: %s)" % type_name(type(failed))
    text = statement if type(statement) is str else summarize_value(statement)
    timeline.add("sql", hide_pins(text[:MAX_TIMELINE_TEXT * 2]), hide_pins(detail), when=started)


def _named_parameters(context, parameters):
    """A statement's parameters by name when SQLAlchemy compiled it (so
    that sensitive names are masked), else as the driver got them."""
    compiled = getattr(context, "compiled_parameters", None) if context is not None else None
    if type(compiled) is list and len(compiled) == 1 and type(compiled[0]) is dict:
        return compiled[0]
    return parameters


def _hook_sqlalchemy(event, engine_class) -> None:
    def before(conn, cursor, statement, parameters, context, executemany):
        if current_timeline() is not None:  # a request runs: its statement is timed
            conn.info.setdefault("wsgidebug.started", []).append(_now())

    def after(conn, cursor, statement, parameters, context, executemany):
        stack = conn.info.get("wsgidebug.started")
        if stack:
            _note_sql(stack.pop(), statement, _named_parameters(context, parameters))

    def failed(context):
        conn = context.connection
        stack = conn.info.get("wsgidebug.started") if conn is not None else None
        if stack:
            _note_sql(stack.pop(), context.statement, _named_parameters(context.execution_context, context.parameters),
                      context.original_exception)

    event.listen(engine_class, "before_cursor_execute", before)
    event.listen(engine_class, "after_cursor_execute", after)
    event.listen(engine_class, "handle_error", failed)


def _hook_django(signals, connections) -> None:
    def wrapper(execute, sql, params, many, context):
        if current_timeline() is None:  # outside any request
            return execute(sql, params, many, context)
        started = _now()
        try:
            result = execute(sql, params, many, context)
        except Exception as e:
            _note_sql(started, sql, params, e)
            raise
        _note_sql(started, sql, params)
        return result

    def install(sender=None, connection=None, **kwargs):
        wrappers = getattr(connection, "execute_wrappers", None)
        if type(wrappers) is list and wrapper not in wrappers:
            wrappers.append(wrapper)

    signals.connection_created.connect(install, weak=False)
    try:
        existing = connections.all(initialized_only=True)  # Django 4.1+
    except TypeError:
        existing = []
    for connection in existing:
        install(connection=connection)


def _keep_logged(logger, level: int, msg, args, exc_info) -> None:
    """A record with a traceback was logged at ERROR or above: keep its exception."""
    if not logger.isEnabledFor(level):  # no record was made
        return
    exc: BaseException | None
    if isinstance(exc_info, BaseException):
        exc = exc_info
    elif isinstance(exc_info, tuple):
        exc = exc_info[1] if len(exc_info) == 3 else None
    else:
        exc = sys.exc_info()[1]
    if not isinstance(exc, BaseException):
        return
    import logging

    try:  # the record's message, as its handlers made it
        message = logging.LogRecord(logger.name, level, "", 0, msg, args, None).getMessage()
    except Exception:  # the app's own broken format: its handler said so already
        message = _safe_str(msg)
    _keep_unseen(exc, "logged", "logged by %s" % _clip(str(logger.name), 200), message, sys._getframe(2))


def _keep_unseen(exc: BaseException, source: str, origin: str, message: str, frame) -> None:
    """Keep an error no middleware caught, in the middleware serving the
    request it happened in (else the newest); never fail the caller."""
    if getattr(_KEEPING, "busy", False):
        return
    _KEEPING.busy = True  # type: ignore[union-attr]
    try:
        middleware, environ = _serving_middleware(frame)
        if middleware is not None:
            middleware.keep_unseen(exc, environ, source, origin, message, **_running_loop_and_context())
    except Exception as failure:  # the debugger's own failure: said, never raised into the app
        sys.stderr.write("wsgidebug: could not keep a %s error: %s\n" % (source, _safe_str(failure)))
    finally:
        _KEEPING.busy = False  # type: ignore[union-attr]


def _serving_middleware(frame) -> tuple:
    """(middleware, request dict or None): the middleware serving the
    request an error happened in, with its request (see _request_in), else
    the newest middleware with keep_logged and no request."""
    found = _request_in(frame)
    if found is None:
        import threading

        found = getattr(threading.current_thread(), _THREAD_REQUEST, None)  # a thread a request started
    if found is not None:
        return found
    for ref in reversed(_KEEPERS):
        middleware = ref()
        if middleware is not None and middleware.keep_logged:
            return middleware, None
    return None, None


def _request_in(frame) -> tuple | None:
    """(middleware, request dict) of the request being served where
    ``frame`` runs: the innermost middleware with keep_logged on the stack,
    else the ASGI request of this task's context; (None, None) when served
    by middlewares that keep nothing; None outside any request."""
    codes = _serving_codes()
    depth = 0
    served = False  # by a middleware, which may keep none (keep_logged=False): then nobody does
    while frame is not None and depth < 400:
        kind = codes.get(frame.f_code)
        if kind is not None:
            served = True
            local = frame.f_locals
            middleware = local.get("self")
            if getattr(middleware, "keep_logged", False) and kind in local:
                request = local[kind]
                return middleware, asgi_environ(request) if kind == "scope" else request
        frame = frame.f_back
        depth += 1
    if served:
        return None, None
    for ref in reversed(_KEEPERS):  # a task or a thread (asyncio.to_thread) an ASGI request started
        middleware = ref()
        var = getattr(middleware, "request_var", None)
        scope = var.get() if var is not None else None
        if scope is not None and middleware.keep_logged:
            return middleware, asgi_environ(scope)
    return None


def _serving_codes() -> dict:
    """The middleware's code objects that serve a request -> the name of
    their local holding it."""
    wsgi, door = DebuggedApplication, DebuggedASGIApplication
    return {wsgi.__call__.__code__: "environ", wsgi._iterate.__code__: "environ",
            door.__call__.__code__: "scope", door._websocket.__code__: "scope"}


def _current_task():
    """The asyncio task running this code, or None."""
    asyncio = sys.modules.get("asyncio")
    try:
        return asyncio.current_task() if asyncio is not None else None
    except RuntimeError:  # no running loop in this thread
        return None


def _running_loop_and_context() -> dict:
    """The event loop running in this thread, if any, and a copy of the
    context variables: what a console awaiting in these frames needs."""
    asyncio = sys.modules.get("asyncio")
    loop = asyncio._get_running_loop() if asyncio is not None else None
    if loop is None:
        return {}
    import contextvars

    return {"loop": loop, "context": contextvars.copy_context()}


_POSTMORTEM_LOCK = None  # one post-mortem session at a time


def open_postmortem(exc: BaseException) -> None:
    """Open ``exc``'s traceback in the terminal's post-mortem debugger, in a
    thread of its own (the server keeps serving), after any session that is
    open has ended: the ``post_mortem`` of the module ``PYTHONBREAKPOINT``
    names, else ``pdb.post_mortem``."""
    import threading

    global _POSTMORTEM_LOCK
    if _POSTMORTEM_LOCK is None:
        _POSTMORTEM_LOCK = threading.Lock()
    tb = app_traceback(exc)

    def session():
        with _POSTMORTEM_LOCK:  # type: ignore[union-attr]
            debugger = postmortem_debugger()
            sys.stderr.write("wsgidebug: post-mortem of %s\n" % terminal_safe(
                _clip("%s: %s" % (type_name(type(exc)), _safe_str(exc)), 300)))
            try:
                debugger(tb)
            except Exception as failure:
                sys.stderr.write("wsgidebug: the post-mortem debugger failed: %s\n" % _safe_str(failure))

    threading.Thread(target=session, name="wsgidebug-postmortem", daemon=True).start()


def postmortem_debugger():
    """The ``post_mortem`` function to open a traceback in: that of the
    module ``PYTHONBREAKPOINT`` names (``ipdb.set_trace`` -> ``ipdb``), if it
    has one, else ``pdb.post_mortem``."""
    hook = os.environ.get("PYTHONBREAKPOINT", "").strip()
    if hook and hook != "0":
        import importlib

        module_name = hook.rpartition(".")[0] or "builtins"
        try:
            debugger = getattr(importlib.import_module(module_name), "post_mortem", None)
        except Exception as e:
            sys.stderr.write("wsgidebug: PYTHONBREAKPOINT=%s: cannot import %s (%s); using pdb\n"
                             % (terminal_safe(hook), terminal_safe(module_name), _safe_str(e)))
            debugger = None
        if callable(debugger):
            return debugger
    import pdb

    return pdb.post_mortem


# -- several worker processes: one group, each request answered where its error is --
#
# gunicorn -w 4, uvicorn --workers 4, hypercorn -w 4 and uWSGI --processes 4
# run the app in several processes, and any of them may get a request.  The
# workers of one server (the children of one process) form a WorkerGroup:
# error and frame ids that name the worker holding them (its pid), one page
# secret, one PIN lockout, and a Unix socket each in a private folder.  The
# core's routing (DebuggerCore.debugger_handler) sends a request for another
# worker's error or frame there (_Forward), and that worker answers it as if
# it had come in itself, making every access decision.  The model, the
# console and the doors know nothing of processes.

#: A worker's error ids are ``pid * ERROR_ID_SPAN + n``, its frame ids
#: ``pid * FRAME_ID_SPAN + n`` (its standalone console is ``n = 0``): any
#: worker knows from an id which one holds it.  Decimal, as in one process.
ERROR_ID_SPAN = 10 ** 6
FRAME_ID_SPAN = 10 ** 9
#: How long a worker has to take a forwarded request (the input itself may run longer).
FORWARD_TIMEOUT = 1.0
#: The largest answer taken from another worker; and requests forwarded at once, each way.
MAX_FORWARDED_ANSWER = 8 << 20
MAX_FORWARDS = 64
#: Connections to another worker kept open for the next request, and for how long (seconds);
#: connections a worker takes from the others at once (each has a thread).
MAX_IDLE_FORWARD_CONNECTIONS = 4
IDLE_FORWARD_CONNECTION = 60.0
MAX_FORWARD_CONNECTIONS = 256
#: The environ key of a request another worker forwarded (its pid): answered here, never sent on.
_FORWARDED_KEY = "wsgidebug.forwarded_by"
#: The request fields sent along with a forwarded request (and the HTTP_* headers).
_FORWARDED_FIELDS = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "SERVER_NAME",
                     "SERVER_PORT", "SERVER_PROTOCOL", "REMOTE_ADDR", "REMOTE_PORT", "wsgi.url_scheme")
_UNIX_PATH_LIMIT = 100  # bytes of a socket's path: 108 on Linux, 104 on macOS, with room to spare


def server_worker_count(argv=None, env=None) -> int:
    """How many worker processes the command line that started this process
    (``-w``/``--workers``, uWSGI's ``-p``/``--processes``) or
    ``WEB_CONCURRENCY`` asks for; 1 when neither says."""
    argv = sys.argv if argv is None else argv
    env = os.environ if env is None else env
    values = [env.get("WEB_CONCURRENCY", ""), env.get("UVICORN_WORKERS", "")]
    for i, arg in enumerate(argv[1:], 1):
        if arg in ("-w", "--workers", "-p", "--processes") and i + 1 < len(argv):
            values.append(argv[i + 1])
        elif arg.startswith(("--workers=", "--processes=")):
            values.append(arg.partition("=")[2])
        elif arg.startswith("-w"):
            values.append(arg[2:])
    return max([int(v) for v in values if v.strip().isdigit() and len(v) < 6] + [1])


_SEVERAL_ASGI_PROCESSES: bool | None = None


def asgi_several_processes() -> bool:
    """Whether the ASGI server running this process serves the app from
    several worker processes (no scope says so, as ``wsgi.multiprocess``
    does in WSGI): under gunicorn's workers always, under uvicorn and
    Hypercorn when told to start more than one."""
    global _SEVERAL_ASGI_PROCESSES
    if _SEVERAL_ASGI_PROCESSES is None:
        modules = sys.modules
        _SEVERAL_ASGI_PROCESSES = "gunicorn.workers.base" in modules or (
            ("uvicorn" in modules or "hypercorn" in modules) and server_worker_count() > 1)
    return _SEVERAL_ASGI_PROCESSES


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # there, but not ours to signal
    return True


def worker_folder(parent: int) -> tuple[str | None, str | None]:
    """(the private folder of the workers whose parent process is
    ``parent``, None) or (None, why there can be none).  It passes the key
    file's checks (owned by this user, no group or other bits) and is short
    enough for a socket's path; the folders of servers that have exited
    are removed."""
    import socket

    if getattr(socket, "AF_UNIX", None) is None:
        return None, "this Python has no Unix domain sockets (AF_UNIX)"
    try:
        import fcntl  # noqa: F401 - the shared PIN lockout needs file locks
    except ImportError:
        return None, "this Python has no file locks (fcntl)"
    if _LOCAL_KEY_PROBLEM is not None or not local_pin_key():
        return None, _LOCAL_KEY_PROBLEM
    import tempfile

    problems = []
    uid = os.getuid() if hasattr(os, "getuid") else 0
    for base in (os.path.join(_cache_dir(), "workers"),
                 os.path.join(tempfile.gettempdir(), "wsgidebug-%d" % uid)):
        folder = os.path.join(base, str(parent))
        if len(os.fsencode(folder)) + len("/4194304.sock") > _UNIX_PATH_LIMIT:
            problems.append("%s: too long a path for a Unix socket" % folder)
            continue
        problem = _private_folder_problem(base) or _private_folder_problem(folder)
        if problem is None:
            _remove_exited_groups(base)
            return folder, None
        problems.append("%s: %s" % (folder, problem))
    return None, "; ".join(problems)


def _remove_exited_groups(base: str) -> None:
    """Remove the workers' folders of servers that have exited."""
    import shutil

    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        if name.isdigit() and not _pid_alive(int(name)):
            shutil.rmtree(os.path.join(base, name), ignore_errors=True)


def _send_message(sock, header: dict, body: bytes = b"") -> None:
    """One message between workers: two lengths, a JSON header, a body."""
    import json
    import struct

    head = json.dumps(header).encode("utf-8")
    sock.sendall(struct.pack(">II", len(head), len(body)) + head + body)


def _receive_exactly(sock, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the other worker closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _receive_message(sock, limit: int) -> tuple[dict, bytes]:
    """A message (see _send_message) whose body is at most ``limit`` bytes."""
    import json
    import struct

    head_size, body_size = struct.unpack(">II", _receive_exactly(sock, 8))
    if head_size > MAX_REQUEST_BODY or body_size > limit:
        raise OverflowError("a message of %d bytes, over the bound of %d" % (head_size + body_size, limit))
    header = json.loads(_receive_exactly(sock, head_size).decode("utf-8"))
    if type(header) is not dict:
        raise ValueError("not a message")
    return header, _receive_exactly(sock, body_size)


def forwarded_fields(environ) -> dict:
    """What a forwarded request carries of its request: the CGI fields and
    the headers (the owner decides on them as on its own requests)."""
    return {k: v for k, v in environ.items()
            if type(v) is str and (k in _FORWARDED_FIELDS or k.startswith("HTTP_"))}


def forwarded_environ(fields: dict, body: bytes, sender: int) -> dict:
    """The request dict of a request another worker forwarded."""
    import io

    environ = forwarded_fields(fields)  # what the other worker sent, filtered as it filtered
    environ.update({
        "wsgi.version": (1, 0), "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.url_scheme": "https" if environ.get("wsgi.url_scheme") == "https" else "http",
        "CONTENT_LENGTH": str(len(body)), _FORWARDED_KEY: sender,
    })
    environ.setdefault("REQUEST_METHOD", "GET")
    environ.setdefault("PATH_INFO", "/")
    environ.setdefault("QUERY_STRING", "")
    return environ


class WorkerGroup:
    """The worker processes of one server (the children of one process):
    their private folder, the page secret and PIN lockout they share, and
    this worker's Unix socket, opened when it first keeps an error.
    ``problem``: why the workers cannot reach each other here (the console
    is then off), else None."""

    def __init__(self, parent: int | None = None):
        import threading

        self.pid = os.getpid()
        self.parent = os.getppid() if parent is None else parent
        self.folder, self.problem = worker_folder(self.parent)
        self.listener = None
        self._lock = threading.Lock()
        self.forwards = threading.BoundedSemaphore(MAX_FORWARDS)  # requests sent to other workers at once
        self._idle: dict = {}  # pid -> connections to that worker, open for the next request
        self._publishing = threading.Lock()  # one writer of this worker's rows at a time
        self._read_rows: dict = {}  # pid -> (the version of its file, its rows), as last read
        self.answering = threading.BoundedSemaphore(MAX_FORWARDS)  # and taken from them
        self.connections = threading.BoundedSemaphore(MAX_FORWARD_CONNECTIONS)  # open to this one, idle or not
        self.secret = self.failures_file = None
        if self.folder is not None:
            import hmac

            run = hmac.new(local_pin_key(), b"workers\0" + os.fsencode(self.folder), "sha256").hexdigest()[:16]
            self.secret = page_secret(run)  # the same in every worker; another after a restart
            self.failures_file = os.path.join(self.folder, "pin-failures")

    def first_to(self, what: str) -> bool:
        """Whether this is the first worker of the group to do ``what``
        (once per server, whichever worker gets there first)."""
        path = os.path.join(self.folder or "", "done-" + "".join(c for c in what if c.isalnum()))
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            return False
        except OSError:
            return True  # cannot tell: better twice than never
        return True

    def socket_path(self, pid: int) -> str:
        """The socket of worker ``pid``."""
        return os.path.join(self.folder or "", "%d.sock" % pid)

    def peers(self) -> list[int]:
        """The other workers that have opened their socket (kept an error),
        oldest first; the sockets of workers that have exited are removed."""
        try:
            names = os.listdir(self.folder or "")
        except OSError:
            return []
        pids = []
        for name in names:
            pid = name[:-5]
            if name.endswith(".sock") and pid.isdigit() and int(pid) != self.pid:
                if _pid_alive(int(pid)):
                    pids.append(int(pid))
                else:
                    self._forget(int(pid))
        return sorted(pids)

    def _forget(self, pid: int) -> None:
        """A worker has exited: close the connections kept to it, remove
        its socket and its rows."""
        with self._lock:
            idle = self._idle.pop(pid, [])
            self._read_rows.pop(pid, None)
        for sock in idle:
            sock.close()
        self._remove_socket(pid)

    def _remove_socket(self, pid: int) -> None:
        """Remove a worker's socket and its published rows."""
        for path in (self.socket_path(pid), os.path.join(self.folder or "", "%d.list" % pid)):
            try:
                os.unlink(path)
            except OSError:
                pass

    # -- this worker's side: answering what the others forward ----------------

    def listen(self, answer) -> None:
        """Open this worker's socket, once: ``answer(fields, body, sender)``
        gives (status, headers, body, hold back) of a forwarded request."""
        if self.listener is not None or self.folder is None:
            return
        import socket
        import threading

        with self._lock:
            if self.listener is not None:
                return
            path = self.socket_path(self.pid)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self._remove_socket(self.pid)  # a stale one of an earlier process with this pid
                sock.bind(path)
                os.chmod(path, 0o600)
                sock.listen(MAX_FORWARDS)
            except OSError as e:
                sock.close()
                self.problem = "its socket %s cannot be opened: %s" % (path, e.strerror or e)
                _log("warning", " * wsgidebug: the other workers cannot reach this one: %s", self.problem)
                return
            self.listener = sock
        import atexit

        atexit.register(self._remove_socket, self.pid)
        threading.Thread(target=self._accept, args=(sock, answer), name="wsgidebug-workers", daemon=True).start()

    def _accept(self, sock, answer) -> None:
        import threading

        while True:
            try:
                conn, _ = sock.accept()
            except OSError:  # closed
                return
            if not self._same_user(conn) or not self.connections.acquire(blocking=False):
                conn.close()  # another user (the folder keeps them out already), or too many at once
                continue
            threading.Thread(target=self._answer, args=(conn, answer), name="wsgidebug-forwarded",
                             daemon=True).start()

    @staticmethod
    def _same_user(conn) -> bool:
        """Whether the process at the other end runs as this user (Linux's
        SO_PEERCRED; elsewhere the private folder is the only door)."""
        import socket
        import struct

        option = getattr(socket, "SO_PEERCRED", None)
        if option is None or not hasattr(os, "getuid"):
            return True
        try:
            _, uid, _ = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
        except OSError:
            return False
        return uid == os.getuid()

    def _answer(self, conn, answer) -> None:
        """Answer the requests another worker sends on one connection, one
        after the other, until it closes it (or leaves it idle a minute)."""
        import socket

        try:
            while True:
                conn.settimeout(IDLE_FORWARD_CONNECTION)
                try:
                    header, body = _receive_message(conn, MAX_REQUEST_BODY)
                except (ConnectionError, socket.timeout):
                    return  # closed, or idle too long: the other side connects again
                conn.sendall(b"A")  # taken: what follows may take as long as the input runs
                fields, sender = header.get("environ"), header.get("sender")
                if type(fields) is not dict or type(sender) is not int:
                    raise ValueError("not a forwarded request")
                if not self.answering.acquire(blocking=False):
                    status, headers, data, hold = _plain_answer(503, "This worker process is answering too many "
                                                                     "requests of the others: try again.")
                else:
                    try:
                        conn.settimeout(None)
                        status, headers, data, hold = answer(fields, body, sender)
                    finally:
                        self.answering.release()
                conn.settimeout(10.0)
                _send_message(conn, {"status": status, "headers": headers, "hold": hold}, data)
        except Exception as e:  # a broken or vanished forwarder: its request ends here
            _log("debug", " * wsgidebug: a forwarded request failed: %s", _safe_str(e))
        finally:
            conn.close()
            self.connections.release()

    # -- the asking side ------------------------------------------------------

    def forward(self, pid: int, environ, body: bytes = b"", path: str | None = None):
        """Have worker ``pid`` answer a request: (status, headers, body,
        hold back); None when it holds nothing (it kept no error), EXITED
        when it has exited.  A worker that does not take the request within
        FORWARD_TIMEOUT, or answers too much, gets an answer that says so."""
        if not _pid_alive(pid):
            self._forget(pid)
            return EXITED
        if not self.forwards.acquire(blocking=False):
            return 503, [("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "1")], (
                b"Too many requests are waiting for other worker processes: try again."), 0.0
        fields = forwarded_fields(environ)
        if path is not None:
            fields["PATH_INFO"] = path
        header = {"environ": fields, "sender": self.pid}
        try:
            with self._lock:
                idle = self._idle.get(pid)
                sock = idle.pop() if idle else None
            if sock is not None:
                answer = self._exchange(pid, sock, header, body, reused=True)
                if answer is not None:
                    return answer  # else the other side had closed it: once more, afresh
            sock, refusal = self._connect(pid)
            if sock is None:
                return refusal
            return self._exchange(pid, sock, header, body, reused=False)
        finally:
            self.forwards.release()

    def _connect(self, pid: int) -> tuple:
        """(a new connection to worker ``pid``, None), or (None, what
        forward answers instead)."""
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(FORWARD_TIMEOUT)
        try:
            sock.connect(self.socket_path(pid))
            return sock, None
        except FileNotFoundError:
            refusal = None  # that worker kept nothing: it has no socket
        except ConnectionRefusedError:  # its socket is left, nobody listens
            refusal = EXITED
        except socket.timeout:
            refusal = _not_answering(pid)
        except OSError as e:
            refusal = _plain_answer(502, "The worker process that holds this (pid %d) cannot be reached (%s)."
                                    % (pid, e.strerror or e))
        sock.close()
        return None, refusal

    def _exchange(self, pid: int, sock, header: dict, body: bytes, reused: bool):
        """Send one request on a connection and take its answer; None when a
        reused connection turns out closed before the request was taken."""
        import socket

        taken = False
        try:
            sock.settimeout(FORWARD_TIMEOUT)
            _send_message(sock, header, body)
            if _receive_exactly(sock, 1) != b"A":
                raise ConnectionError("no answer")
            taken = True
            sock.settimeout(None)  # taken: the input runs as long as it runs (Stop ends it)
            answer, data = _receive_message(sock, MAX_FORWARDED_ANSWER)
            headers = [(str(k), str(v)) for k, v in answer.get("headers") or () if "\n" not in str(k) + str(v)]
            hold = answer.get("hold")
        except socket.timeout:
            sock.close()
            return _not_answering(pid)
        except OverflowError:
            sock.close()
            return _plain_answer(502, "The answer of the worker process that holds this (pid %d) is over %d MB."
                                 % (pid, MAX_FORWARDED_ANSWER >> 20))
        except (OSError, ValueError) as e:
            sock.close()
            if reused and not taken:
                return None
            if not _pid_alive(pid):
                return EXITED
            return _plain_answer(502, "The worker process that holds this (pid %d) failed to answer (%s)."
                                 % (pid, type_name(type(e))))
        with self._lock:  # kept for the next request to that worker
            idle = self._idle.setdefault(pid, [])
            if len(idle) < MAX_IDLE_FORWARD_CONNECTIONS:
                idle.append(sock)
                sock = None
        if sock is not None:
            sock.close()
        return int(answer.get("status") or 502), headers, data, float(hold) if type(hold) in (int, float) else 0.0

    # -- the list: each worker publishes its rows, every worker reads them -------

    def publish(self, entries: list[dict]) -> None:
        """Write this worker's rows of the list (see history_entry) where
        the others read them: a file in the folder, replaced whole."""
        import json

        path = os.path.join(self.folder or "", "%d.list" % self.pid)
        with self._publishing:
            tmp = "%s.tmp" % path
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(entries, f)
                os.replace(tmp, path)
            except OSError as e:
                _log("warning", " * wsgidebug: the other workers cannot list this one's errors: %s", e)

    def published(self) -> list[tuple[int, list]]:
        """[(pid, its rows)] of the other live workers that kept errors; the
        rows of workers that have exited are removed."""
        import json

        rows = []
        for pid in self.peers():
            path = os.path.join(self.folder or "", "%d.list" % pid)
            try:
                st = os.stat(path)
                version, entries = self._read_rows.get(pid, (None, None))
                if version != (st.st_mtime_ns, st.st_size, st.st_ino):  # read again only when rewritten
                    with open(path, encoding="utf-8") as f:
                        entries = json.load(f)
                    entries = [e for e in entries if type(e) is dict and type(e.get("id")) is int] \
                        if type(entries) is list else []
                    self._read_rows[pid] = (st.st_mtime_ns, st.st_size, st.st_ino), entries
            except (OSError, ValueError):
                continue
            rows.append((pid, [dict(e) for e in entries]))  # type: ignore[union-attr]
        return rows

    def ask_all(self, environ, body: bytes = b"", path: str | None = None) -> list[tuple[int, tuple]]:
        """Forward a request to every other worker that has kept errors, at
        once: [(pid, its answer)] of those that answered."""
        import threading

        peers = self.peers()
        answers: dict = {}

        def ask(pid):
            answers[pid] = self.forward(pid, environ, body, path)

        threads = [threading.Thread(target=ask, args=(pid,), daemon=True) for pid in peers[1:]]
        for t in threads:
            t.start()
        if peers:
            ask(peers[0])
        for t in threads:
            t.join()
        return [(pid, answers[pid]) for pid in peers if type(answers.get(pid)) is tuple]


def _not_answering(pid: int) -> tuple:
    return _plain_answer(504, "The worker process that holds this (pid %d) did not answer within %g s."
                         % (pid, FORWARD_TIMEOUT))


def command_line_port(argv=None) -> int:
    """The port the command line that started this process binds (uvicorn's
    ``--port``, gunicorn's and Hypercorn's ``-b``/``--bind``, uWSGI's
    ``--http``), else 8000, their default."""
    argv = sys.argv if argv is None else argv
    for i, arg in enumerate(argv[1:], 1):
        name, eq, value = arg.partition("=")
        if not eq:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        if name == "--port" and value.isdigit():
            return int(value)
        if name in ("-b", "--bind", "--http", "--http-socket") and value.rpartition(":")[2].isdigit():
            return int(value.rpartition(":")[2])
    return 8000


def _plain_answer(status: int, message: str) -> tuple:
    return status, [("Content-Type", "text/plain; charset=utf-8")], message.encode("utf-8"), 0.0


def gone_worker_message(pid: int) -> str:
    """What a request for an error of a worker that has exited is told."""
    return "This error is gone: the worker process that held it (pid %d) has exited." % pid


#: What WorkerGroup.forward answers for a worker that has exited.
EXITED = "exited"


_FRAME_IDS_OF = 0  # the pid whose frame ids _next_frame_id gives, once a worker group numbers them


def use_worker_ids(store, pid: int) -> None:
    """Make the ids of the errors and frames kept from now on name this
    worker (see ERROR_ID_SPAN)."""
    global _next_frame_id, _FRAME_IDS_OF
    if _FRAME_IDS_OF != pid:  # once per process: a second middleware here numbers on
        _next_frame_id = itertools.count(pid * FRAME_ID_SPAN + 1).__next__
        _FRAME_IDS_OF = pid
    store.use_ids_from(pid * ERROR_ID_SPAN + 1)
    store.console_id = pid * FRAME_ID_SPAN


def id_owner(digits: str | None, span: int, group) -> int | None:
    """The pid of the worker that holds an error or frame id, when another
    worker of the group than this one; else None (answered here)."""
    if group is None or not digits or not digits.isdigit() or len(digits) > 18:
        return None
    pid = int(digits) // span
    return pid if pid and pid != group.pid else None


class _OffLoop:
    """A debugger request that may wait on other worker processes or on
    code it runs (the list, ``latest``, Clear, MCP): the ASGI door runs it
    in a thread of its own, off its loop, unless ``waits(environ, body)``
    says this one will not."""

    def __init__(self, handler, waits=None):
        self.handler = handler
        if waits is not None:
            self.waits = waits

    def waits(self, environ, body: bytes) -> bool:
        """Whether this request may wait: always, unless told otherwise."""
        return True

    def __call__(self, environ, start_response):
        return self.handler(environ, start_response)


class _Forward(_OffLoop):
    """A debugger request for an error or frame another worker holds: sent
    there and its answer passed on (it waits on that worker: off the ASGI
    door's loop)."""

    def __init__(self, group: WorkerGroup, pid: int, gone, path: str | None = None):
        self.group, self.pid, self.gone, self.path = group, pid, gone, path

    def __call__(self, environ, start_response):
        body = _read_body(environ)
        if body is None:
            return _plain(start_response, "413 PAYLOAD TOO LARGE", "A debugger request body is at most 1 MB.")
        answer = self.group.forward(self.pid, environ, body, self.path)
        if answer is None:  # that worker kept nothing
            return self.gone(environ, start_response)
        if answer is EXITED:
            return self.gone(environ, start_response, gone_worker_message(self.pid))
        status, headers, data, hold = answer
        hold_back(environ, hold)
        start_response("%d %s" % (status, reason_phrase(status)), headers)
        return [data]


class DebuggerCore:
    """What both middlewares are: the settings, the PIN state, the kept
    errors, the routing of the debugger's own requests and the answers to
    errors.  It speaks the CGI-style request dict of PEP 3333 (``environ``)
    and ``start_response``: the WSGI door passes its own, the ASGI door
    fills one in from the scope (asgi_environ) and collects the answer.
    """

    max_kept_tracebacks = MAX_KEPT_TRACEBACKS

    def __init__(self, app, evalex: bool = False, console_path: str = "/console",
                 console_init_func=None, show_hidden_frames: bool = False, pin_security: bool = True,
                 pin_logging: bool = True, history_path: str | None = "/__debugger__",
                 editor: str | None = None, path_map=None, keep_logged: bool = True,
                 postmortem: bool = False, mcp: bool = True):
        self.app = app
        self.evalex = evalex
        self.console_path = console_path
        self.console_init_func = console_init_func
        self.show_hidden_frames = show_hidden_frames
        self.pin_security = pin_security
        self.pin_logging = pin_logging
        self.history_path = history_path.rstrip("/") if history_path else None
        self.editor = editor if editor is not None else os.environ.get("WSGIDEBUG_EDITOR")
        self.path_map = path_map if path_map is not None else os.environ.get("WSGIDEBUG_PATH_MAP", "")
        self._secret: str | None = None  # made when first needed (see secret)
        self.trusted_hosts = list(DEFAULT_TRUSTED_HOSTS)
        self.sensitive_names = list(DEFAULT_SENSITIVE_NAMES)
        self.store = ErrorStore()
        self.api = DebuggerAPI(self)
        self.mcp = mcp  # the MCP server for coding agents at history_path + "/mcp"
        self.mcp_endpoint = MCPEndpoint(self)
        self._mcp_token: str | None = None
        self._pin_guard = PinGuard()
        self._workers: WorkerGroup | None = None  # set when several worker processes serve the app
        import threading

        self._workers_lock = threading.Lock()

        self.input_slots = threading.BoundedSemaphore(MAX_RUNNING_INPUTS)
        self._pin: object = _MISSING
        self._pin_cookie_name: str | None = None
        self._pin_logged = False
        self._cookie_key_value: bytes | None = None
        self.pin_identity = None  # what the PIN comes from, when not the app (see target_identity)
        self.base_url: str | None = None  # the server's own URL, for errors kept outside a request
        self.keep_logged = keep_logged
        self.postmortem = postmortem
        if keep_logged:
            watch_unseen_errors(self)
        for name in PIN_ENV_KEYS:  # shown nowhere, even while this middleware has not used it
            value = os.environ.get(name, "").strip()
            if value.replace("-", "").isdigit():
                remember_pin(value)

    @property
    def secret(self) -> str:
        """The secret every page's requests carry (``s=``): 48 hex digits,
        new in each process, signed with the local key (see
        page_secret); settable."""
        if self._secret is None:
            self._secret = page_secret(os.urandom(8).hex())
        return self._secret

    @secret.setter
    def secret(self, value: str) -> None:
        self._secret = value

    @property
    def mcp_token(self) -> str:
        """The bearer token of the MCP server (see mcp_token); settable."""
        if self._mcp_token is None:
            self._mcp_token = mcp_token(self.pin_identity or self.app)
            remember_pin(self._mcp_token)  # shown nowhere but the terminal
        return self._mcp_token

    @mcp_token.setter
    def mcp_token(self, value: str) -> None:
        self._mcp_token = value
        remember_pin(value)

    @property
    def frames(self) -> dict:
        """Frame id -> kept frame, for the consoles (see ErrorStore)."""
        return self.store.frames

    # -- PIN state -----------------------------------------------------------

    @property
    def pin(self) -> str | None:
        """The PIN (None: no PIN needed); settable."""
        if self._pin is _MISSING:
            if not self.pin_security:
                self._pin = None
            else:
                self._pin, self._pin_cookie_name = get_pin_and_cookie_name(self.pin_identity or self.app)
                remember_pin(self._pin)  # type: ignore[arg-type]
        return self._pin  # type: ignore[return-value]

    @pin.setter
    def pin(self, value: str | None) -> None:
        self._pin = value
        remember_pin(value)

    @property
    def pin_cookie_name(self) -> str:
        """The name of the cookie that keeps PIN trust."""
        if self._pin_cookie_name is None:
            self._pin_cookie_name = get_pin_and_cookie_name(self.pin_identity or self.app)[1] or "__wsgidebug"
        return self._pin_cookie_name

    @property
    def _cookie_key(self) -> bytes:
        if self._cookie_key_value is None:
            self._cookie_key_value = _cookie_key(self.pin_identity or self.app)
        return self._cookie_key_value

    def log_pin(self, force: bool = False, environ=None) -> None:
        """Show the PIN (or that it is off) and the MCP server's address and
        token on the terminal, once unless forced."""
        if not self.pin_logging or (self._pin_logged and not force):
            return
        if not self.evalex and not (self.mcp and self.history_path):
            return
        self._pin_logged = True
        group = self._workers
        if not force and group is not None and group.problem is None and not group.first_to("show the PIN"):
            return  # another worker of this server has shown it
        if self.evalex and self.pin is None:
            _log("warning", " * Debugger PIN disabled. The console is UNSECURED: "
                 "anyone who can reach this server can run code on this machine.")
        elif self.evalex:
            _log("info", " * Debugger PIN: %s", self.pin)
        if self.mcp and self.history_path:
            self._log_mcp(environ)

    def _log_mcp(self, environ=None) -> None:
        """The MCP server's address and token, with the lines that add it
        to Claude Code and to ``.mcp.json``-style configurations."""
        url, token = self.mcp_url(environ), self.mcp_token
        config = to_json({"mcpServers": {"wsgidebug": {"type": "http", "url": url,
                                                       "headers": {"Authorization": "Bearer " + token}}}})
        _log("info", " * MCP server for coding agents: %s (Authorization: Bearer %s)\n"
             "   Claude Code: claude mcp add --transport http wsgidebug %s --header \"Authorization: Bearer %s\"\n"
             "   .mcp.json, Cursor: %s", url, token, url, token, config.replace("\n", "").replace("  ", ""))

    def mcp_url(self, environ=None) -> str:
        """The MCP server's URL: on this server's own address when known
        (the request's, the built-in server's, the command line's)."""
        base = self.base_url
        if base is None and environ and environ.get("HTTP_HOST"):
            base = "%s://%s%s" % (environ.get("wsgi.url_scheme") or "http", environ["HTTP_HOST"],
                                  environ.get("SCRIPT_NAME") or "")
        if base is None:
            base = "http://127.0.0.1:%d" % command_line_port()
        return "%s%s/mcp" % (base, self.history_path)

    def pin_trust(self, environ, need_token: bool = False) -> bool | None:
        """True if the request carries a valid PIN cookie (or no PIN is needed);
        None if its cookie was made for another PIN.

        With ``need_token`` (commands that run code) the ``X-Debugger-Token``
        header must also match the cookie and the request's own origin, so a
        cookie read by a page on another port is useless alone.
        """
        pin = self.pin
        if pin is None:
            return True
        value = parse_cookies(environ.get("HTTP_COOKIE", "")).get(self.pin_cookie_name)
        if not value:
            return False
        import time

        valid = check_pin_cookie(self._cookie_key, pin, value, time.time())
        if valid is not True or not need_token:
            return valid
        return self._token_matches(environ, value)

    def _token_matches(self, environ, cookie_value: str) -> bool:
        import hmac

        given = environ.get("HTTP_X_DEBUGGER_TOKEN") or ""
        origin = own_origin(environ)
        if not given or origin is None:
            return False
        expected = pin_token(self._cookie_key, origin, cookie_value)
        return hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected.encode())

    # -- routing -------------------------------------------------------------

    def debugger_handler(self, path: str, query_string: str, several: bool = False):
        """The debugger's own handler of a request, called as
        ``handler(environ, start_response)``, or None: the request is the
        app's.  Its own are ``?__debugger__=yes`` (the API), the kept
        errors at ``history_path`` and, with evalex, the console page.
        ``several``: several worker processes serve the app (the door
        knows): a request for an error or frame another worker holds is
        sent there (_Forward), and the list, ``latest`` and Clear ask every
        worker (_OffLoop)."""
        group = self.worker_group(several)
        if group is not None and group.problem is not None:
            group = None  # the workers cannot reach each other: each answers alone, with no console
        if "__debugger__" in query_string:
            query = _parse_query(query_string)
            if query.get("__debugger__") == "yes":
                cmd = query.get("cmd")
                owner = id_owner(query.get("frm"), FRAME_ID_SPAN, group) if cmd in _FRAME_COMMANDS else None
                if owner is not None:
                    return _Forward(group, owner, _frame_gone_answer)  # type: ignore[arg-type]
                handler = lambda environ, start_response: self.api.handle(environ, start_response, query)  # noqa: E731
                return _OffLoop(handler) if group is not None and cmd == "clear" else handler
        history = self.history_path
        if history and history in path and path.startswith(history):  # `in` first: the cheap test
            rest = path[len(history):]
            if not rest or rest[0] == "/":
                rest = rest.strip("/")
                if rest == "mcp":  # the MCP server, or (mcp=False) the app's own path
                    return _OffLoop(self.mcp_endpoint.handle, self.mcp_endpoint.waits) if self.mcp else None
                handler = lambda environ, start_response: self.history_request(environ, start_response, rest)  # noqa: E731
                if group is None:
                    return handler
                error_part = rest.partition("/")[0]
                owner = id_owner(error_part, ERROR_ID_SPAN, group)
                if owner is not None:
                    return _Forward(group, owner, self._error_gone)
                return _OffLoop(handler) if error_part in ("", "latest") else handler
        if self.evalex and path == self.console_path:
            return self.console_page
        return None

    # -- several worker processes ----------------------------------------------

    def worker_group(self, several: bool = False) -> WorkerGroup | None:
        """The group of worker processes this process serves the app with,
        made when a request first says there are several (``several``);
        None in a single process.  Its workers share the page secret, the
        PIN lockout and the ids' form (see WorkerGroup)."""
        group = self._workers
        if group is not None and group.pid == os.getpid():
            return group
        if not several:
            return None
        with self._workers_lock:  # a threaded worker's first requests come at once: one group, made once
            group = self._workers
            if group is not None and group.pid == os.getpid():
                return group
            group = WorkerGroup()
            if group.problem is None:
                self.secret = group.secret  # type: ignore[assignment]
                self._pin_guard = PinGuard(shared=group.failures_file)
                use_worker_ids(self.store, group.pid)
            elif self.evalex:
                _log("warning", " * wsgidebug: several worker processes serve this app and cannot reach each "
                     "other (%s): the console is off.", group.problem)
            self._workers = group  # seen by other threads only now, with the ids its errors and frames need
        return group

    def answer_forwarded(self, fields: dict, body: bytes, sender: int) -> tuple:
        """Answer a request another worker forwarded, as if it had come in
        here: (status, headers, body, how long the answer must wait)."""
        environ = forwarded_environ(fields, body, sender)
        handler = self.debugger_handler(environ["PATH_INFO"], environ["QUERY_STRING"])
        if handler is None or isinstance(handler, _Forward):
            return _plain_answer(404, "Not a request for this worker.")
        status, headers, data = _collect(handler, environ)
        return status, headers, data, environ.get(_HOLD_BACK_KEY, 0.0)

    def _asking_peers(self, environ) -> WorkerGroup | None:
        """The group whose other workers a request asks too (the list,
        ``latest``, Clear), or None: one process, or a request another
        worker forwarded (it asks them itself)."""
        group = self._workers
        if group is None or group.problem is not None or group.pid != os.getpid() or _FORWARDED_KEY in environ:
            return None
        return group

    # -- errors ------------------------------------------------------------

    def keep_after_start(self, environ, exc: BaseException, contexts, complete: bool,
                         sent: tuple = (None, None), **kept) -> None:
        """Log and keep an error that came after the response started (it is
        cut short: source "request") or after it was complete (work after
        the last body message, or the body's ``close()``: "after_response"),
        and mark it logged (``environ["wsgidebug.logged"]``) for the server
        it is re-raised to.  ``sent``: (the status, the body bytes sent)."""
        if complete:
            note, cut_short = "wsgidebug: error after the response was sent:\n", None
        else:
            cut_short = cut_short_label(*sent)
            note = "wsgidebug: error after the response started; %s:\n" % cut_short
        report = self.record_error(environ, exc, contexts, "after_response" if complete else "request", note,
                                   **kept)[0]
        if report is not None:
            report.cut_short = cut_short
        environ[LOGGED_KEY] = exc
        if self.postmortem:
            open_postmortem(exc)

    def log_error(self, environ, exc: BaseException, after_start: bool = False) -> None:
        """Write an error that needs no page (after the body started) to
        wsgi.errors, and mark it logged (``environ["wsgidebug.logged"]``) so
        that the server, to which it is re-raised, does not log it again."""
        note = "wsgidebug: error after the response started; the response was cut short:\n" if after_start else ""
        self.log_error_text(environ, note + format_exception_text(exc, app_traceback(exc)))
        environ[LOGGED_KEY] = exc

    def record_error(self, environ, exc: BaseException, contexts=(), source: str = "request",
                     note: str = "", **kept) -> tuple[ErrorReport | None, str | None, str]:
        """Log an error and keep it: (report, its URL, its text).  From an
        untrusted host only the terminal learns about it: (None, None, text),
        no report, nothing kept.  ``kept``: what the console of an ASGI
        error needs (its event loop and context variables)."""
        failed_at = _now()
        watch_failed_import(exc)  # for the reloader, if one runs
        self.worker_group(environ.get("wsgi.multiprocess"))  # before its ids are made
        if self.keep_logged:
            hook_sql_libraries()  # a library the app imported since the middleware was made: followed from now on
        if not host_is_trusted(environ.get("HTTP_HOST"), self.trusted_hosts):
            text = format_exception_text(exc, app_traceback(exc))
            self.log_error_text(environ, note + text)
            return None, None, text
        logged_first = self.store.kept_for(exc)  # logged by the app, then raised on: one entry
        error_id = logged_first.report.id if logged_first is not None else (
            self.store.new_id() if self.history_path else None)
        report = ErrorReport(exc, environ, self.show_hidden_frames, self.sensitive_names, error_id)
        report.source = source
        report.timeline = timeline_rows(*timeline_for(environ), environ, failed_at, exc, self.store)
        if kept.get("loop") is not None:
            report.tasks = loop_tasks(kept["loop"], _current_task())
        text = report.traceback.text
        self.log_error_text(environ, note + text)
        if self.history_path or self.evalex:
            self._keep(report, contexts, environ, kept)
        url = self.error_url(environ, report.id)
        if url:
            self.log_error_text(environ, " * Debugger: %s\n" % url)
        return report, url, text

    def keep_unseen(self, exc: BaseException, environ, source: str, origin: str, message: str = "",
                    **kept) -> ErrorReport | None:
        """Keep an error that no middleware caught: one the app logged
        (source ``"logged"``) or a thread's (``"thread"``), or one the app
        turned into its own 500.  Its traceback is on the terminal already
        (the logger or the thread hook wrote it): only its URL is added.
        ``environ``: the request being served when it happened, or None.
        An exception kept already is not kept twice."""
        if self.store.kept_for(exc) is not None or not (self.history_path or self.evalex):
            return None
        if environ is None:
            environ = {}
        elif not host_is_trusted(environ.get("HTTP_HOST"), self.trusted_hosts):
            return None  # nothing of an untrusted request is kept
        self.worker_group(environ.get("wsgi.multiprocess"))  # before its ids are made
        report = ErrorReport(exc, environ, self.show_hidden_frames, self.sensitive_names,
                             self.store.new_id() if self.history_path else None)
        report.source, report.origin = source, origin
        report.timeline = timeline_rows(*timeline_for(environ), environ, _now(), exc, self.store)
        report.log_message = _clip(mask_url_passwords(hide_pins(message)), 2000)
        self._keep(report, (), environ, kept)
        url = self.error_url(environ, report.id)
        if url:
            self.log_error_text(environ, " * Debugger: %s\n" % url)
        return report

    def error_response(self, environ, start_response, exc: Exception, contexts, **kept) -> list[bytes]:
        """Log the error, keep it, then answer: the page (or plain text, or
        Markdown) to a trusted host, a short notice without details to any
        other.  If drawing the page fails, the answer is the plain-text
        traceback and the failure is logged."""
        headers = _security_headers()
        text = None
        try:
            report, url, text = self.record_error(environ, exc, contexts, **kept)
            if report is None:
                nonce = os.urandom(16).hex()
                body, ctype = render_withheld(environ, _preferred_format(environ) != "html", nonce)
                headers.append(("Content-Security-Policy", _csp(nonce)))
            else:
                if url:
                    headers.append(("X-Debugger-Url", url))
                body, ctype = self._error_body(environ, report, url, headers)
        except Exception as failure:
            body, ctype = self._page_failed(environ, exc, text, failure), "text/plain; charset=utf-8"
            headers = _security_headers()
        data = hide_pins(body).encode("utf-8", "replace")
        headers.append(("Content-Type", ctype))
        headers.append(("Content-Length", str(len(data))))
        try:
            start_response("500 INTERNAL SERVER ERROR", headers, (type(exc), exc, _EXC_TRACEBACK(exc)))
        except Exception:
            # The server re-raised exc_info.  Before any byte was sent (the
            # test clients of Werkzeug and Flask do this) the page is still
            # served; after, the response has started: end here.
            try:
                start_response("500 INTERNAL SERVER ERROR", headers)
            except Exception:
                self.log_error_text(environ, "wsgidebug: the response had started; no debugger page was "
                                    "sent and the response was cut short.\n")
                environ[LOGGED_KEY] = exc
                raise exc  # noqa: B904 - the app's own error, unchanged
        if self.postmortem and kept.get("loop") is None:  # ASGI opens it once the page is sent
            return _ThenPostMortem(data, exc)  # type: ignore[return-value]
        return [data]

    def _error_body(self, environ, report: ErrorReport, url: str | None, headers: list) -> tuple[str, str]:
        """(body, content type) of a failing request from a trusted host."""
        kind = _preferred_format(environ)
        if kind == "markdown":
            return render_markdown(report, url), "text/markdown; charset=utf-8"
        if kind != "html":
            tail = "\nDebug it in a browser: %s\n" % url if url else ""
            return render_text(report.traceback) + tail, "text/plain; charset=utf-8"
        ctx = self._page_context(environ, report)
        if ctx.evalex and not ctx.off_reason or self.mcp:
            self.log_pin(environ=environ)
        headers.append(("Content-Security-Policy", _csp(ctx.nonce)))
        return render_page(report, ctx), "text/html; charset=utf-8"

    def _keep(self, report: ErrorReport, contexts, environ, kept: dict) -> None:
        """Keep an error; the first one kept opens this worker to the others."""
        self.store.keep(report, contexts, self.max_kept_tracebacks, self._consoles_on(environ), **kept)
        group = self._workers
        if group is not None and group.listener is None and group.problem is None and group.pid == os.getpid():
            group.listen(self.answer_forwarded)
        self._publish_rows()

    def _consoles_on(self, environ) -> bool:
        """Whether this error's frames are kept for consoles."""
        return self.evalex and self._workers_problem(environ) is None

    def _workers_problem(self, environ) -> str | None:
        """Why several worker processes cannot share their consoles here,
        when several serve this request; else None."""
        group = self.worker_group(environ.get("wsgi.multiprocess"))
        return None if group is None else group.problem

    def error_url(self, environ, error_id: int | None) -> str | None:
        """``<scheme>://<Host><history_path>/N`` of a kept error, or None."""
        if not self.history_path or error_id is None:
            return None
        if not environ:  # kept outside any request: the server's own URL, if known
            return "%s%s/%d" % (self.base_url or "", self.history_path, error_id)
        return "%s://%s%s%s/%d" % (
            environ.get("wsgi.url_scheme") or "http", environ.get("HTTP_HOST") or "localhost",
            environ.get("SCRIPT_NAME") or "", self.history_path, error_id)

    def _page_failed(self, environ, exc: BaseException, text: str | None, failure: BaseException) -> str:
        """Log a failure of the debugger itself; the plain-text answer instead
        of the page (details only for a trusted host)."""
        if text is None:
            text = format_exception_text(exc, app_traceback(exc))
            self.log_error_text(environ, text)
        self.log_error_text(environ, "wsgidebug: the debugger failed while drawing the error page:\n"
                            + format_exception_text(failure, _EXC_TRACEBACK(failure)))
        if host_is_trusted(environ.get("HTTP_HOST"), self.trusted_hosts):
            return clip_text_lines(text)
        return WITHHELD_TEXT

    def log_error_text(self, environ, text: str) -> None:
        """Write to ``wsgi.errors`` (stderr if the server gave none), with
        control characters escaped: app text must not drive the terminal."""
        stream = environ.get("wsgi.errors") or sys.stderr
        try:
            stream.write(terminal_safe(text))
            stream.flush()
        # A broken error stream must not break the error page.
        except Exception:  # nosec B110
            pass

    def _page_context(self, environ, report: ErrorReport | None = None) -> PageContext:
        settings: dict = dict(sensitive=tuple(self.sensitive_names), editor=editor_template(self.editor),
                              path_map=parse_path_map(self.path_map))
        if report is not None and report.id is not None and self.history_path:
            base = (environ.get("SCRIPT_NAME") or "") + self.history_path
            settings.update(error_url="%s/%d" % (base, report.id), history_url=base)
        reason = self._console_off_reason(environ) if self.evalex else None
        if not self.evalex or reason:
            ctx = PageContext(self.evalex, None, False, False, reason, **settings)
        else:
            ctx = PageContext(True, self.secret, self.pin is not None, self.pin_trust(environ) is True, None,
                              **settings)
            ctx.console_frame = self.store.console_id
        group = self._workers
        if group is not None and group.problem is None and group.pid == os.getpid():
            ctx.worker = group.pid  # one of several: the page says which
        return ctx

    def _console_off_reason(self, environ) -> str | None:
        problem = self._workers_problem(environ)
        if problem is not None:
            return ("The console is off: this server runs several worker processes, and they cannot reach each "
                    "other here (%s). Run one worker (gunicorn -w 1, uvicorn without --workers) or "
                    "python -m wsgidebug to debug." % _escape(problem))
        return None

    # -- the kept errors -------------------------------------------------------

    def history_request(self, environ, start_response, rest: str):
        """``GET history_path`` (the list), ``history_path/N`` (one error
        again, ``latest`` the newest: HTML, JSON, Markdown or text),
        ``history_path/N/frames/F`` and ``history_path/N/groups/K/M`` (what a
        page fetches when unfolded) and ``history_path/console.js``."""
        refusal = _page_refusal(environ, start_response, self.trusted_hosts)
        if refusal is not None:
            return refusal
        if rest == "console.js":
            # The same text for everyone (no secret in it): kept by the browser
            # when asked for by its digest, as the pages do.
            current = "v=%s" % console_script_version() == environ.get("QUERY_STRING")
            return _answer(start_response, "200 OK", console_script(), "text/javascript; charset=utf-8",
                           cache="private, max-age=31536000, immutable" if current else None)
        if not rest:
            return self._history_list(environ, start_response)
        error_part, sep, sub = rest.partition("/")
        if error_part == "latest" and not sep and self._asking_peers(environ) is not None:
            newest = next(iter(self.error_entries(environ)), None)  # of every worker
            if newest is not None and newest["worker"] != os.getpid():
                return _Forward(self._workers, newest["worker"], self._error_gone,  # type: ignore[arg-type]
                                "%s/%d" % (self.history_path, newest["id"]))(environ, start_response)
        kept = self._kept(error_part)
        if kept is not None and sep:
            kind, _, index = sub.partition("/")
            if kind == "frames":
                return self._frame_source(start_response, kept, index)
            if kind == "groups":
                return self._group_members(environ, start_response, kept, index)
            kept = None  # no such part of an error
        if kept is None:
            newer = self.store.newest_repeat_of(int(error_part)) if error_part.isdigit() and not sep else None
            if newer is not None:  # an error that repeated: its newest occurrence
                location = "%s%s/%d" % (environ.get("SCRIPT_NAME") or "", self.history_path, newer)
                return _plain(start_response, "303 SEE OTHER", "This error repeated: see its newest occurrence.",
                              [("Location", location)])
            return self._error_gone(environ, start_response)
        return self._kept_error(environ, start_response, kept)

    def _kept(self, error_part: str) -> KeptError | None:
        """The kept error an id (or ``latest``) names, or None."""
        if error_part == "latest":
            return self.store.get(None)
        if error_part.isdigit() and len(error_part) < 19:
            return self.store.get(int(error_part))
        return None

    def error_entries(self, environ) -> list[dict]:
        """The list's rows (see history_entry), newest first, each with the
        process id of the worker holding it (``worker``): this worker's
        and, under several, every other's."""
        pid = os.getpid()
        entries = []
        for e in self.store.newest_first(grouped=True):
            entry = history_entry(e.report, self.error_url(environ, e.report.id) or "")
            entry["worker"] = pid
            entries.append(entry)
        group = self._asking_peers(environ)
        if group is None:
            return entries
        for worker, theirs in group.published():
            for e in theirs:
                e["worker"], e["url"] = worker, self.error_url(environ, e["id"]) or ""
                entries.append(e)
        entries.sort(key=lambda e: e.get("timestamp") or 0, reverse=True)
        return merge_repeats(entries)

    def _publish_rows(self) -> None:
        """Under several workers, let the others list this one's errors."""
        group = self._workers
        if group is not None and group.listener is not None and group.pid == os.getpid():
            group.publish([history_entry(e.report, "") for e in self.store.newest_first(grouped=True)])

    def _history_list(self, environ, start_response):
        entries = self.error_entries(environ)
        if _preferred_format(environ) == "json":
            return _answer(start_response, "200 OK", to_json({"errors": entries}), "application/json")
        ctx = self._page_context(environ)
        ctx.secret = self.secret  # for Clear, also without a console
        ctx.workers = len({e["worker"] for e in entries}) > 1 or self._asking_peers(environ) is not None
        return _answer(start_response, "200 OK", render_history_page(entries, ctx), "text/html; charset=utf-8",
                       ctx.nonce)

    def _error_gone(self, environ, start_response, message: str | None = None):
        """404 for an unknown or evicted error (``message``: why, when
        known), with a link to the list."""
        list_url = (environ.get("SCRIPT_NAME") or "") + (self.history_path or "")
        kind = _preferred_format(environ)
        if kind == "json":
            return _answer(start_response, "404 NOT FOUND", to_json(
                {"error": message or "unknown or evicted error", "list": list_url}), "application/json")
        if kind != "html":
            return _plain(start_response, "404 NOT FOUND", message or "This error is gone: only the most recent "
                          "errors are kept. The list: %s" % list_url)
        ctx = self._page_context(environ)
        return _answer(start_response, "404 NOT FOUND", render_gone_page(ctx, list_url, message),
                       "text/html; charset=utf-8", ctx.nonce)

    def _kept_error(self, environ, start_response, kept: KeptError):
        """A kept error again, in the form the Accept header asks for."""
        report = kept.report
        url = self.error_url(environ, report.id)
        kind = _preferred_format(environ)
        if kind == "json":
            return _answer(start_response, "200 OK", to_json(report_json(report, url)), "application/json")
        if kind == "markdown":
            return _answer(start_response, "200 OK", render_markdown(report, url), "text/markdown; charset=utf-8")
        if kind == "text":
            return _answer(start_response, "200 OK", render_text(report.traceback), "text/plain; charset=utf-8")
        ctx = self._page_context(environ, report)
        if not kept.frame_ids and ctx.evalex and not ctx.off_reason:
            ctx.off_reason = ("The console is off for this error: its frames were not kept "
                              "(it happened in a multi-process server).")
        return _answer(start_response, "200 OK", render_page(report, ctx), "text/html; charset=utf-8", ctx.nonce)

    def _group_members(self, environ, start_response, kept: KeptError, part: str):
        """One member of an ExceptionGroup of a kept error (``K/M``: group K,
        member M), as HTML: what a member's line fetches when opened."""
        groups = kept.report.traceback.groups
        group, _, member = part.partition("/")
        if not (group.isdigit() and member.isdigit() and len(group) < 6 and len(member) < 6
                and int(group) < len(groups) and int(member) < len(groups[int(group)].members)):
            return _plain(start_response, "404 NOT FOUND", "No such group member in this error.")
        ctx = self._page_context(environ, kept.report)
        ctx.groups = groups
        body = render_member(groups[int(group)], ctx, int(member))
        return _answer(start_response, "200 OK", body, "text/html; charset=utf-8")

    def _frame_source(self, start_response, kept: KeptError, frame_part: str):
        """The full source window and the locals of one frame of a kept error (HTML)."""
        frame = None
        if frame_part.isdigit() and len(frame_part) < 19:
            frame = next((f for f in kept.report.traceback.frames() if f.id == int(frame_part)), None)
        if frame is None:
            return _plain(start_response, "404 NOT FOUND", "No such frame in this error.")
        body = render_frame_details(frame, kept.report.sensitive)
        return _answer(start_response, "200 OK", body, "text/html; charset=utf-8")

    # -- the standalone console page -----------------------------------------

    def console_page(self, environ, start_response):
        """``GET console_path``: the standalone console (trusted hosts only)."""
        refusal = _page_refusal(environ, start_response, self.trusted_hosts)
        if refusal is not None:
            return refusal
        self.log_pin()
        ctx = self._page_context(environ)
        return _answer(start_response, "200 OK", render_console_page(ctx), "text/html; charset=utf-8", ctx.nonce)

    def standalone_namespace(self) -> dict:
        """The standalone console's namespace: console_init_func() plus app."""
        namespace = dict(self.console_init_func() if self.console_init_func else {})
        namespace.setdefault("app", self.app)
        namespace.setdefault("__name__", "__console__")
        return namespace

    def _console_for(self, frame_id: int):
        return self.store.console_for(frame_id, self.standalone_namespace)


class DebuggedApplication(DebuggerCore):
    """Wrap a WSGI app: errors become debugger pages; with ``evalex`` a console.

    Only a request whose query string has ``__debugger__=yes``, the console
    page and the kept errors (``history_path``) are the debugger's; every
    other request goes to the app untouched.
    """

    def __init__(self, app, evalex: bool = False, request_key: str = "werkzeug.request",
                 console_path: str = "/console", console_init_func=None,
                 show_hidden_frames: bool = False, pin_security: bool = True,
                 pin_logging: bool = True, history_path: str | None = "/__debugger__",
                 editor: str | None = None, path_map=None, keep_logged: bool = True,
                 postmortem: bool = False, mcp: bool = True):
        super().__init__(app, evalex, console_path, console_init_func, show_hidden_frames, pin_security,
                         pin_logging, history_path, editor, path_map, keep_logged, postmortem, mcp)
        self.request_key = request_key  # accepted for compatibility; unused

    def __call__(self, environ, start_response):
        if _PRESERVE_KEY_OWN in environ:  # a debugger around this one serves the request: one PIN, one page
            return self.app(environ, start_response)
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        history = self.history_path
        if "__debugger__" in query or (history and history in path) or path == self.console_path:
            handler = self.debugger_handler(path, query, environ.get("wsgi.multiprocess"))  # cheap tests first
            if handler is not None:
                answer = handler(environ, start_response)
                if _HOLD_BACK_KEY in environ:  # a failed PIN: its answer waits, in this request's thread
                    import time

                    time.sleep(environ[_HOLD_BACK_KEY])
                return answer
        contexts: list = []
        if self.evalex:
            environ[_PRESERVE_KEY_WERKZEUG] = environ[_PRESERVE_KEY_OWN] = contexts.append
        if "CONTENT_LENGTH" in environ or "HTTP_TRANSFER_ENCODING" in environ:  # maybe a body
            _note_body(environ)
        if self.keep_logged:  # the timeline: which request this thread serves, since when
            state = _THREAD_REQUESTS.__dict__
            state["started"], state["environ"] = _now(), environ
        try:
            app_iter = self.app(environ, start_response)
        except Exception as e:
            return self.error_response(environ, start_response, e, contexts)
        if type(app_iter) is list or type(app_iter) is tuple:
            return app_iter  # nothing can fail while iterating, nothing to close
        return _GuardedBody(self, app_iter, environ, start_response, contexts)

    def _iterate(self, body: _GuardedBody, environ, start_response, contexts):
        """Pass the body through; an error before the first byte becomes the page."""
        sent = 0  # body bytes passed on
        error = None
        try:
            for chunk in body.app_iter:
                if chunk:
                    if not sent:
                        timeline = current_timeline(create=False)
                        if timeline is not None:
                            timeline.add("response", "the response started")
                    sent += len(chunk)
                yield chunk
        except Exception as e:
            error = e
        except BaseException:  # GeneratorExit (closed early), KeyboardInterrupt, ...
            body.close_app_iter(environ, after_start=sent)
            raise
        close_error = body.close_app_iter(environ, after_start=sent, log=error is not None)
        if error is None and close_error is not None:
            if sent:  # the whole body was sent: it stays complete
                self.keep_after_start(environ, close_error, contexts, complete=True)
                return
            error = close_error
        if error is None:
            return
        if sent:  # re-raised, so that every server cuts the response short
            if environ.get(LOGGED_KEY) is not error:  # an inner middleware logged it already
                self.keep_after_start(environ, error, contexts, False, (_server_status(start_response), sent))
            raise error
        yield from self.error_response(environ, start_response, error, contexts)

class DebuggerAPI:
    """The ``?__debugger__=yes`` commands of one DebuggedApplication."""

    def __init__(self, mw: DebuggerCore):
        self.mw = mw

    def refusal(self, environ, query) -> tuple | None:
        """The checks that need no body, in the order SPEC.md gives: (status,
        message, extra headers) of the refusal, or None.  Both doors make
        them before a body is read."""
        mw = self.mw
        untrusted = untrusted_request(environ, mw.trusted_hosts)
        if untrusted is not None:
            return untrusted + ((),)
        cmd = query.get("cmd")
        method = _DEBUGGER_COMMANDS.get(cmd or "")
        if method is None:
            return "404 NOT FOUND", "Unknown debugger command.", ()
        if environ.get("REQUEST_METHOD") != method:
            return "405 METHOD NOT ALLOWED", "Use %s." % method, [("Allow", method)]
        if not _secret_matches(query.get("s"), mw.secret):
            if secret_of_earlier_run(query.get("s")):
                return "410 GONE", RESTARTED_MESSAGE, ()
            return "403 FORBIDDEN", "Wrong or missing debugger secret: reload the page.", ()
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if method == "POST" and ctype not in ("", "application/x-www-form-urlencoded"):
            return "400 BAD REQUEST", "The body must be form-encoded (at most 1 MB).", ()
        return None

    def handle(self, environ, start_response, query):
        """Check in the order SPEC.md gives, then run the command.  A
        failure of the debugger itself is a short 500 and a logged
        traceback, never the server's."""
        try:
            return self._handle(environ, start_response, query)
        except Exception as failure:
            self.mw.log_error_text(environ, "wsgidebug: the debugger failed on a %s command:\n%s" % (
                printable(str(query.get("cmd"))[:20]), format_exception_text(failure, _EXC_TRACEBACK(failure))))
            return _plain(start_response, "500 INTERNAL SERVER ERROR",
                          "The debugger failed on this request (%s): its traceback is on the terminal."
                          % type_name(type(failure)))

    def _handle(self, environ, start_response, query):
        refused = self.refusal(environ, query)
        if refused is not None:
            return _plain(start_response, *refused)
        cmd = query.get("cmd")
        mw = self.mw
        form = _read_form(environ)
        if form is None:
            return _plain(start_response, "400 BAD REQUEST", "The body must be form-encoded (at most 1 MB).")
        if cmd == "pinauth":
            return self.pin_auth(environ, start_response, form)
        if cmd == "printpin":
            if mw.pin_logging and mw.evalex:
                mw.log_pin(force=True)
            return _plain(start_response, "200 OK", "")
        if cmd == "complete":
            return self.complete_command(environ, start_response, query, form)
        if cmd == "interrupt":
            return self.interrupt_command(environ, start_response, query, form)
        if cmd == "clear":
            return self.clear_command(environ, start_response)
        return self.eval_command(environ, start_response, query, form)

    def pin_auth(self, environ, start_response, form):
        """``cmd=pinauth``: check a PIN; on success the cookie and the origin's token."""
        if "pin" not in form:
            return _plain(start_response, "400 BAD REQUEST", "Missing pin.")
        mw = self.mw
        pin = mw.pin
        guard = mw._pin_guard
        auth = no_attempt_left = False
        if pin is None:
            auth = True
        elif not guard.exhausted:
            if mw.pin_trust(environ) is None:
                guard.fail(environ)  # a cookie for another PIN counts against the guesser
            import hmac

            entered = normalize_pin(form["pin"]).encode("utf-8", "replace")
            expected = normalize_pin(pin).encode()
            answer = guard.attempt(lambda: hmac.compare_digest(entered, expected), environ)
            auth = answer is True
            no_attempt_left = answer is None
        headers = [("Content-Type", "application/json")] + _security_headers()
        answer = {"auth": auth, "exhausted": guard.exhausted or no_attempt_left}
        if auth:
            answer["token"] = ""
        if auth and pin is not None:
            import time

            value = make_pin_cookie(mw._cookie_key, pin, time.time())
            cookie = "%s=%s; Max-Age=%d; Path=/; HttpOnly; SameSite=Strict" % (
                mw.pin_cookie_name, value, PIN_COOKIE_MAX_AGE)
            if environ.get("wsgi.url_scheme") == "https":
                cookie += "; Secure"
            headers.append(("Set-Cookie", cookie))
            answer["token"] = pin_token(mw._cookie_key, own_origin(environ) or "", value)
        body = to_json(answer).encode()
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [body]

    def _console_refusal(self, environ, start_response, query, form, field: str | None = "code"):
        """The refusals shared by the commands that run in a frame (steps 5
        to 7 but the last), or None when the command may go on."""
        mw = self.mw
        frm = query.get("frm", "")
        if not frm.isdigit() or len(frm) > 18 or (field is not None and field not in form):
            return _plain(start_response, "400 BAD REQUEST", "This command needs a numeric frm%s." % (
                " and a %s field" % field if field else ""))
        if not mw.evalex:
            return _plain(start_response, "403 FORBIDDEN", "The console is disabled (evalex=False).")
        if self.mw._workers_problem(environ) is not None:
            return _plain(start_response, "403 FORBIDDEN", "The console is off: this server's worker processes "
                          "cannot reach each other here.")
        trust = mw.pin_trust(environ, need_token=True)
        if trust is not True:
            if trust is None:
                mw._pin_guard.fail(environ)
            return _plain(start_response, "403 FORBIDDEN", "The console is locked: enter the PIN first.")
        return None

    def _frame_console(self, environ, start_response, query, form, field: str | None = "code"):
        """(console, contexts, None) for a command in a frame, or (None,
        None, the answer) when it is refused (steps 5 to 7)."""
        refusal = self._console_refusal(environ, start_response, query, form, field)
        if refusal is not None:
            return None, None, refusal
        console, contexts = self.mw._console_for(int(query["frm"]))
        if console is None:
            return None, None, _frame_gone(start_response)
        return console, contexts, None

    def eval_command(self, environ, start_response, query, form):
        """``cmd=eval``: run an input in a frame's console (at most
        MAX_RUNNING_INPUTS at once: past that a refusal, never a queue)."""
        console, contexts, refused = self._frame_console(environ, start_response, query, form)
        if refused is not None:
            return refused
        if not self.mw.input_slots.acquire(blocking=False):
            return _too_many_inputs(start_response)
        try:
            page = console.run(form["code"], contexts)
        finally:
            self.mw.input_slots.release()
        return _answer(start_response, "200 OK", page, "text/html; charset=utf-8")

    def complete_command(self, environ, start_response, query, form):
        """``cmd=complete``: the completions of the text before the cursor."""
        console, _, refused = self._frame_console(environ, start_response, query, form)
        if refused is not None:
            return refused
        if console.running is not None:
            found: list[str] = []  # the namespace is busy: no completion meanwhile
        elif not self.mw.input_slots.acquire(blocking=False):
            return _too_many_inputs(start_response)
        else:
            try:
                found = console.complete(form["code"][-1000:])
            finally:
                self.mw.input_slots.release()
        return _answer(start_response, "200 OK", to_json({"completions": found}), "application/json")

    def interrupt_command(self, environ, start_response, query, form):
        """``cmd=interrupt``: KeyboardInterrupt in the thread running that
        frame's input."""
        console, _, refused = self._frame_console(environ, start_response, query, form, field=None)
        if refused is not None:
            return refused
        try:
            done = console.interrupt()
            message = "Interrupted." if done else "Nothing is running in this console."
        except RuntimeError as e:
            done, message = False, "This Python cannot stop a running input: %s." % e
        return _answer(start_response, "200 OK", to_json({"interrupted": done, "message": message}),
                       "application/json")


    def clear_command(self, environ, start_response):
        """``cmd=clear``: forget every kept error (the list's Clear); with a
        console and a PIN, only for a request that holds the PIN's token."""
        mw = self.mw
        if mw.evalex:
            trust = mw.pin_trust(environ, need_token=True)
            if trust is not True:
                if trust is None:
                    mw._pin_guard.fail(environ)
                return _plain(start_response, "403 FORBIDDEN", "Clearing the list needs the PIN: enter it first.")
        cleared = mw.store.clear()
        mw._publish_rows()
        group = mw._asking_peers(environ)
        if group is not None:  # and every other worker's, each deciding as on its own requests
            import json

            for _, (status, _, data, _) in group.ask_all(environ):
                try:
                    cleared += int(json.loads(data.decode("utf-8"))["cleared"]) if status == 200 else 0
                except (ValueError, KeyError, TypeError):
                    pass
        return _answer(start_response, "200 OK", to_json({"cleared": cleared}), "application/json")


# -- coding agents: the MCP server at history_path + "/mcp" ---------------------
#
# A second protocol over the same core: the tools call what the pages call
# (the kept errors, the Markdown and JSON renderers, a frame's console), and
# a request for another worker's error or frame goes there as a page's does.
# Streamable HTTP with JSON answers only: the handshake era (initialize,
# 2025-06-18 and 2025-11-25) and the stateless 2026-07-28 revision
# (server/discover, every request's _meta and the headers that mirror it).

#: The protocol revisions served: the stateless one, then the handshake ones.
MCP_MODERN_VERSIONS = ("2026-07-28",)
MCP_HANDSHAKE_VERSIONS = ("2025-11-25", "2025-06-18", "2025-03-26")
#: Seconds an ``eval`` runs before it is interrupted, unless it says; and at most.
MCP_EVAL_TIMEOUT = 30.0
MAX_MCP_EVAL_TIMEOUT = 3600.0
_MCP_META_VERSION = "io.modelcontextprotocol/protocolVersion"
_MCP_META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities"
_MCP_META_SERVER = "io.modelcontextprotocol/serverInfo"
_MCP_INSTRUCTIONS = (
    "wsgidebug keeps the recent errors of this web app with their frames. list_errors lists them (newest first); "
    "get_error gives one as Markdown (or JSON), with each frame's id; eval runs Python in a frame of a kept error, "
    "in the same namespace as the developer's console for that frame, to check a premise before you change code. "
    "Secrets in values are masked.")

MCP_TOOLS = (
    {"name": "list_errors", "title": "List the kept errors",
     "description": "The errors this app raised recently, newest first: id, time, source, method and path, "
                    "exception type and message, the app frame that raised, the worker process, how often.",
     "inputSchema": {"type": "object", "properties": {}, "additionalProperties": False},
     "annotations": {"readOnlyHint": True, "idempotentHint": True, "openWorldHint": False}},
    {"name": "get_error", "title": "Get one error",
     "description": "One kept error as the debugger page's Markdown (or JSON): the exception chain, every frame "
                    "with its id, source and values, the request, what it logged and queried before it failed. "
                    "Without id: the newest.",
     "inputSchema": {"type": "object", "properties": {
         "id": {"type": "integer", "description": "The error's id (from list_errors); the newest if left out."},
         "format": {"type": "string", "enum": ["markdown", "json"], "default": "markdown"}},
         "additionalProperties": False},
     "annotations": {"readOnlyHint": True, "idempotentHint": True, "openWorldHint": False}},
    {"name": "eval", "title": "Run Python in a failing frame",
     "description": "Run Python code in one frame of a kept error, as the developer's console on the error page "
                    "does (the same namespace: names set here stay for the next input; top-level await works in "
                    "frames of async apps). Answers the transcript as plain text: what the code printed, the "
                    "value of a last expression, or its traceback. Past timeout seconds the input is interrupted.",
     "inputSchema": {"type": "object", "properties": {
         "error_id": {"type": "integer", "description": "The error's id."},
         "frame": {"type": "integer", "description": "The frame's id (get_error names them)."},
         "code": {"type": "string", "description": "Python: a line or a block."},
         "timeout": {"type": "number", "description": "Seconds before the input is interrupted.",
                     "default": MCP_EVAL_TIMEOUT}},
         "required": ["error_id", "frame", "code"], "additionalProperties": False},
     "annotations": {"readOnlyHint": False, "destructiveHint": True, "idempotentHint": False,
                     "openWorldHint": True}},
)


class MCPError(Exception):
    """A JSON-RPC error to answer: its code, message, HTTP status and data."""

    def __init__(self, code: int, message: str, status: int = 400, data=None):
        super().__init__(message)
        self.code, self.message, self.status, self.data = code, message, status, data


def mcp_token(app) -> str:
    """The bearer token agents use: ``WSGIDEBUG_MCP_TOKEN``, else made from
    the PIN's key (the key file and the app): stable across restarts and
    reloads of the same app, as the PIN is, and the same in every worker."""
    import hmac

    given = os.environ.get("WSGIDEBUG_MCP_TOKEN", "").strip()
    if given:
        return given
    return hmac.new(_cookie_key(app), b"mcp token", "sha256").hexdigest()


def jsonrpc_error(request_id, code: int, message: str, data=None) -> dict:
    """A JSON-RPC error response (``request_id`` None: it has none)."""
    error: dict = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    out = {"jsonrpc": "2.0", "error": error}
    if request_id is not None:
        out["id"] = request_id
    return out


def _header_value(value: str | None) -> str | None:
    """A mirrored header's value, its Base64 form (``=?base64?...?=``) read."""
    if value is None or not (value.startswith("=?base64?") and value.endswith("?=")):
        return value
    import base64
    import binascii

    try:
        return base64.b64decode(value[9:-2], validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def check_arguments(schema: dict, arguments: dict) -> str | None:
    """Why ``arguments`` do not fit a tool's input schema (its properties'
    types, enums and required names; no other names), else None."""
    properties = schema.get("properties", {})
    for name in schema.get("required", ()):
        if name not in arguments:
            return "missing argument %r" % name
    for name, value in arguments.items():
        spec = properties.get(name)
        if spec is None:
            return "unknown argument %r" % _clip(str(name), 100)
        kind = spec.get("type")
        fits = {"integer": type(value) is int, "string": type(value) is str,
                "number": type(value) in (int, float)}.get(kind, True)
        if not fits:
            return "argument %r must be a%s %s, not %s" % (name, "n" if kind == "integer" else "", kind,
                                                           type_name(type(value)))
        if "enum" in spec and value not in spec["enum"]:
            return "argument %r must be one of %s" % (name, ", ".join(spec["enum"]))
    return None


def _tool_result(text: str, is_error: bool = False, structured=None) -> dict:
    result: dict = {"content": [{"type": "text", "text": text}], "isError": is_error}
    if structured is not None:
        result["structuredContent"] = structured
    return result


def error_lines(entries: list[dict]) -> str:
    """The list of kept errors as text, one error a line."""
    if not entries:
        return "No error has been kept yet."
    lines = []
    for e in entries:
        where = " (%s:%s in %s)" % (e["file"], e["line"], e["function"]) if e.get("file") else ""
        count = " x%d since %s" % (e["count"], e["first_time"]) if e.get("count", 1) > 1 else ""
        lines.append("%s  id %d  %s  %s: %s%s%s  [worker %s]" % (
            e["time"], e["id"], e["label"], e["type"], _clip(e["message"], 300), where, count, e.get("worker")))
    return "\n".join(lines)


class MCPEndpoint:
    """The MCP server of one middleware at ``history_path + "/mcp"``: a
    POST of one JSON-RPC message, answered with JSON.  Every request needs
    the trusted Host, no foreign Origin and ``Authorization: Bearer
    <token>``; then the tools run what the debugger's pages run."""

    def __init__(self, mw: DebuggerCore):
        import threading

        self.mw = mw
        self._pool = None
        self._pool_lock = threading.Lock()

    def handle(self, environ, start_response):
        """Answer one POST; a failure of the debugger itself is a JSON-RPC
        internal error and a logged traceback, never the server's 500."""
        try:
            status, body, extra = self._answer(environ)
        except Exception as failure:
            self.mw.log_error_text(environ, "wsgidebug: the MCP endpoint failed:\n%s" % format_exception_text(
                failure, _EXC_TRACEBACK(failure)))
            status, extra = 500, ()
            body = jsonrpc_error(None, -32603, "The debugger failed on this request (%s): its traceback is on "
                                               "the terminal." % type_name(type(failure)))
        headers = _security_headers("no-store") + list(extra)
        if type(body) is bytes:  # another worker's answer, passed on
            data = body
        elif body is None:
            data = b""
        else:
            data = hide_pins(to_json(body)).encode("utf-8")
            headers.append(("Content-Type", "application/json"))
        headers.append(("Content-Length", str(len(data))))
        start_response("%d %s" % (status, reason_phrase(status)), headers)
        return [data]

    def waits(self, environ, body: bytes) -> bool:
        """Whether answering this request may wait (on code it runs, or on
        other worker processes): what the ASGI door answers off its loop.
        Only a well-formed call of another tool than ``eval``, in one
        process, is known not to."""
        import json

        if self.mw._asking_peers(environ) is not None:
            return True
        try:
            message = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return False  # answered with a parse error
        if type(message) is not dict or message.get("method") != "tools/call":
            return False
        params = message.get("params")
        return type(params) is not dict or params.get("name") not in ("list_errors", "get_error")

    def refusal(self, environ) -> tuple | None:
        """(status, JSON-RPC error, headers) for a request refused before its
        body is read, or None."""
        untrusted = untrusted_request(environ, self.mw.trusted_hosts)
        if untrusted is not None:
            return int(untrusted[0][:3]), jsonrpc_error(None, -32600, untrusted[1]), ()
        if environ.get("REQUEST_METHOD") != "POST":
            return 405, jsonrpc_error(None, -32600, "The MCP endpoint takes POST only: one JSON-RPC message each, "
                                                    "answered with JSON (no event stream, no session)."), \
                [("Allow", "POST")]
        names = {k.lower() for k in _parse_query(environ.get("QUERY_STRING") or "")}
        if names & {"token", "access_token", "auth", "authorization", "key"}:
            return 400, jsonrpc_error(None, -32600, "A credential in the URL is refused (URLs are logged): send "
                                                    "it as Authorization: Bearer <token>."), ()
        if not self._authorized(environ.get("HTTP_AUTHORIZATION")):
            hold_back(environ, PinGuard.failure_delay)
            return 401, jsonrpc_error(None, -32600, "This MCP server needs Authorization: Bearer <token>, the token "
                                                    "printed on the server's terminal with the PIN."), \
                [("WWW-Authenticate", 'Bearer realm="wsgidebug"')]
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return 415, jsonrpc_error(None, -32600, "The body must be JSON (Content-Type: application/json)."), ()
        return None

    def _authorized(self, header: str | None) -> bool:
        import hmac

        scheme, _, given = (header or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            return False
        return hmac.compare_digest(given.strip().encode("utf-8", "replace"), self.mw.mcp_token.encode("utf-8"))

    def _answer(self, environ) -> tuple:
        import json

        refused = self.refusal(environ)
        if refused is not None:
            return refused
        raw = _read_body(environ)
        if raw is None:
            return 413, jsonrpc_error(None, -32600, "A request body is at most 1 MB."), ()
        try:
            message = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return 400, jsonrpc_error(None, -32700, "Parse error: the body is not JSON."), ()
        if type(message) is list:
            return 400, jsonrpc_error(None, -32600, "Batches are not supported: send one message a POST."), ()
        if type(message) is not dict or message.get("jsonrpc") != "2.0" or type(message.get("method")) is not str:
            return 400, jsonrpc_error(None, -32600, "Not a JSON-RPC 2.0 request or notification."), ()
        if "id" not in message:
            return 202, None, ()  # a notification: taken, nothing to say
        request_id = message["id"]
        if type(request_id) not in (str, int):
            return 400, jsonrpc_error(None, -32600, "A request's id is a string or an integer."), ()
        try:
            result = self.dispatch(environ, message["method"], message.get("params"), raw)
        except MCPError as e:
            return e.status, jsonrpc_error(request_id, e.code, e.message, e.data), ()
        if type(result) is tuple:  # answered by another worker
            return result
        return 200, {"jsonrpc": "2.0", "id": request_id, "result": result}, ()

    def dispatch(self, environ, method: str, params, raw: bytes):
        """The result of one request (a dict), or (status, body, headers)
        of another worker's answer; MCPError for a JSON-RPC error."""
        if params is None:
            params = {}
        if type(params) is not dict:
            raise MCPError(-32602, "params must be an object.")
        meta = params.get("_meta")
        requested = meta.get(_MCP_META_VERSION) if type(meta) is dict else None
        header = environ.get("HTTP_MCP_PROTOCOL_VERSION")
        if requested is not None or header in MCP_MODERN_VERSIONS or method == "server/discover":
            self._check_modern(environ, method, params, meta, requested, header)
            result = self._modern(environ, method, params, raw)
            if type(result) is dict:
                result.setdefault("resultType", "complete")
                result.setdefault("_meta", {})[_MCP_META_SERVER] = self._server_info()
            return result
        if header is not None and header not in MCP_HANDSHAKE_VERSIONS:
            raise MCPError(-32600, "Unsupported MCP-Protocol-Version %r: this server speaks %s." % (
                _clip(header, 40), ", ".join(MCP_MODERN_VERSIONS + MCP_HANDSHAKE_VERSIONS)))
        if method == "initialize":
            wanted = params.get("protocolVersion")
            return {"protocolVersion": wanted if wanted in MCP_HANDSHAKE_VERSIONS else MCP_HANDSHAKE_VERSIONS[0],
                    "capabilities": {"tools": {"listChanged": False}}, "serverInfo": self._server_info(),
                    "instructions": _MCP_INSTRUCTIONS}
        if method == "ping":
            return {}
        if method == "tools/list":
            return {"tools": self.tools()}
        if method == "tools/call":
            return self.call_tool(environ, params, raw)
        raise MCPError(-32601, "Method not found: %s" % _clip(method, 100), 200)

    def _check_modern(self, environ, method, params, meta, requested, header) -> None:
        """The 2026-07-28 request checks: its _meta, and the headers that
        mirror the body (MCP-Protocol-Version, Mcp-Method, Mcp-Name)."""
        if type(meta) is not dict or type(requested) is not str or type(meta.get(_MCP_META_CAPABILITIES)) is not dict:
            raise MCPError(-32602, "A request of MCP %s carries _meta with %s and %s." % (
                MCP_MODERN_VERSIONS[0], _MCP_META_VERSION, _MCP_META_CAPABILITIES))
        if requested not in MCP_MODERN_VERSIONS:
            raise MCPError(-32022, "Unsupported protocol version", data={
                "supported": list(MCP_MODERN_VERSIONS + MCP_HANDSHAKE_VERSIONS), "requested": _clip(requested, 40)})
        mirrored = [("MCP-Protocol-Version", header, requested),
                    ("Mcp-Method", environ.get("HTTP_MCP_METHOD"), method)]
        if method == "tools/call":
            mirrored.append(("Mcp-Name", _header_value(environ.get("HTTP_MCP_NAME")), params.get("name")))
        for name, given, body in mirrored:
            if given is None:
                raise MCPError(-32020, "Header mismatch: the %s header is missing." % name)
            if given != body:
                raise MCPError(-32020, "Header mismatch: the %s header does not match the body." % name)

    def _modern(self, environ, method: str, params: dict, raw: bytes):
        if method == "server/discover":
            return {"supportedVersions": list(MCP_MODERN_VERSIONS + MCP_HANDSHAKE_VERSIONS),
                    "capabilities": {"tools": {}}, "instructions": _MCP_INSTRUCTIONS,
                    "ttlMs": 60000, "cacheScope": "private"}
        if method == "tools/list":
            return {"tools": self.tools(), "ttlMs": 60000, "cacheScope": "private"}
        if method == "tools/call":
            return self.call_tool(environ, params, raw)
        raise MCPError(-32601, "Method not found: %s" % _clip(method, 100), 404)

    def _server_info(self) -> dict:
        return {"name": "wsgidebug", "title": "wsgidebug: the errors of this app", "version": __version__}

    def tools(self) -> list[dict]:
        """The tools offered: ``eval`` only with evalex."""
        return [t for t in MCP_TOOLS if t["name"] != "eval" or self.mw.evalex]

    def call_tool(self, environ, params: dict, raw: bytes):
        """``tools/call``: a bad call is a JSON-RPC error; a call that cannot
        do what it asks (no such error, a wrong argument) a tool error."""
        name, arguments = params.get("name"), params.get("arguments")
        arguments = {} if arguments is None else arguments
        if type(name) is not str or type(arguments) is not dict:
            raise MCPError(-32602, "tools/call needs a tool name and an arguments object.")
        tool = next((t for t in self.tools() if t["name"] == name), None)
        if tool is None:
            raise MCPError(-32602, "Unknown tool: %s" % _clip(name, 100))
        problem = check_arguments(tool["inputSchema"], arguments)
        if problem is not None:
            return _tool_result("Invalid arguments for %s: %s." % (name, problem), is_error=True)
        mw = self.mw
        group = mw._asking_peers(environ)
        if name == "list_errors":
            entries = mw.error_entries(environ)
            return _tool_result(error_lines(entries), structured={"errors": entries})
        if name == "get_error":
            owner = self._owner_of_newest(environ) if "id" not in arguments and group is not None else \
                id_owner(str(arguments.get("id", "")), ERROR_ID_SPAN, group)
            if owner is not None:
                return self._forwarded(group, owner, environ, raw)
            return self.get_error(environ, arguments.get("id"), arguments.get("format", "markdown"))
        owner = id_owner(str(arguments["frame"]), FRAME_ID_SPAN, group)
        if owner is not None:
            return self._forwarded(group, owner, environ, raw)
        return self.eval(arguments["error_id"], arguments["frame"], arguments["code"],
                         arguments.get("timeout", MCP_EVAL_TIMEOUT))

    def _owner_of_newest(self, environ) -> int | None:
        newest = next(iter(self.mw.error_entries(environ)), None)
        return newest["worker"] if newest is not None and newest["worker"] != os.getpid() else None

    def _forwarded(self, group: WorkerGroup, pid: int, environ, raw: bytes):
        """Another worker's answer to the same request, or a tool error."""
        answer = group.forward(pid, environ, raw)
        if answer is EXITED:
            return _tool_result(gone_worker_message(pid), is_error=True)
        if answer is None:
            return _tool_result("No such error: the worker process %d has kept none." % pid, is_error=True)
        status, headers, data, hold = answer
        hold_back(environ, hold)
        return status, data, [(k, v) for k, v in headers if k.lower() in ("content-type", "www-authenticate")]

    def get_error(self, environ, error_id: int | None, form: str) -> dict:
        """``get_error``: the kept error's Markdown or JSON, as at
        ``history_path/N``."""
        store = self.mw.store
        kept = store.get(error_id)
        if kept is None and error_id is not None:
            newer = store.newest_repeat_of(error_id)  # an older occurrence of an error that repeats
            kept = store.get(newer) if newer is not None else None
        if kept is None:
            if error_id is None:
                return _tool_result("No error has been kept yet.", is_error=True)
            return _tool_result("No error %d: it is unknown, or it was evicted (only the %d newest errors are "
                                "kept). list_errors lists those kept." % (error_id, self.mw.max_kept_tracebacks),
                                is_error=True)
        report = kept.report
        url = self.mw.error_url(environ, report.id)
        if form == "json":
            return _tool_result(to_json(report_json(report, url)))
        return _tool_result(render_markdown(report, url))

    def eval(self, error_id: int, frame_id: int, code: str, timeout) -> dict:
        """``eval``: run ``code`` in a frame's console (the page's, for that
        frame), interrupted as Stop does past ``timeout`` seconds."""
        import threading

        mw = self.mw
        kept = mw.store.get(error_id)
        if kept is None:
            return _tool_result("No error %d: it is unknown, or it was evicted." % error_id, is_error=True)
        if frame_id not in kept.frame_ids:
            return _tool_result("Frame %d is not a frame of error %d with a console; its frames are %s." % (
                frame_id, error_id, ", ".join(map(str, kept.frame_ids)) or "none (not kept)"), is_error=True)
        console, contexts = mw._console_for(frame_id)
        if console is None:
            return _tool_result("This frame is gone: only the most recent errors are kept.", is_error=True)
        if not mw.input_slots.acquire(blocking=False):
            return _tool_result("Too many inputs are running (%d): wait for one to end." % MAX_RUNNING_INPUTS,
                                is_error=True)
        timeout = min(max(float(timeout), 0.0), MAX_MCP_EVAL_TIMEOUT) if timeout == timeout else MCP_EVAL_TIMEOUT
        done: list = []
        finished = threading.Lock()  # held until the input ends: a cheaper wake-up than an Event's
        finished.acquire()
        runner: list = []

        def run():
            runner.append(threading.get_ident())
            try:
                done.append(console.run(code, contexts, plain=True))
            except BaseException as e:  # noqa: B036 - the console catches the input's own; this is its failure
                done.append("The console failed: %s\n" % type_name(type(e)))
            finally:
                mw.input_slots.release()
                finished.release()

        self._runners().submit(run)  # one of MAX_RUNNING_INPUTS threads, as the slots allow
        note = ""
        if not finished.acquire(timeout=timeout):
            try:
                console.interrupt(runner[0] if runner else None)
            except RuntimeError as e:
                note = "This Python cannot stop a running input: %s.\n" % e
            note += "Interrupted after %g s (the timeout), as Stop does.\n" % timeout
            if not finished.acquire(timeout=5.0):
                return _tool_result(note + "The input did not stop (it waits outside Python): it still runs, and "
                                    "this frame's next input waits for it.", is_error=True)
        return _tool_result(done[0] + note if done else note)

    def _runners(self):
        """The threads ``eval`` inputs run in (at most one per input slot,
        which is taken first), so that the request's own thread can answer
        at the timeout."""
        if self._pool is None:
            with self._pool_lock:
                if self._pool is None:
                    self._pool = SpareThreads("wsgidebug-mcp")
        return self._pool


class SpareThreads:
    """Daemon threads that each take a submitted job at once: an idle one,
    else a new one, so that nothing ever queues behind a job that waits
    (on another worker process, on an input).  A thread idle for
    ``idle_seconds`` ends."""

    idle_seconds = 30.0

    def __init__(self, name: str):
        import queue
        import threading

        self.jobs: Any = queue.SimpleQueue()
        self.name, self.idle, self.started = name, 0, 0
        self._lock = threading.Lock()

    def submit(self, job) -> None:
        """Run ``job()`` now, in an idle thread or a new one."""
        import threading

        with self._lock:
            if self.idle:
                self.idle -= 1  # that thread is this job's: it takes it from the queue
                self.jobs.put(job)
                return
            self.started += 1
            name = "%s-%d" % (self.name, self.started)
        threading.Thread(target=self._work, args=(job,), name=name, daemon=True).start()

    def _work(self, job) -> None:
        import queue

        while True:
            try:
                job()
            except BaseException:  # nosec B110 - a job reports its own failure
                pass
            job = None
            with self._lock:
                self.idle += 1
            try:
                job = self.jobs.get(timeout=self.idle_seconds)
            except queue.Empty:
                with self._lock:
                    try:
                        job = self.jobs.get_nowait()  # given to this thread as it timed out
                    except queue.Empty:
                        self.idle -= 1
                        return


def _too_many_inputs(start_response):
    return _plain(start_response, "503 SERVICE UNAVAILABLE",
                  "Too many inputs are running (%d): stop one first." % MAX_RUNNING_INPUTS,
                  [("Retry-After", "1")])


def _frame_gone(start_response, message: str | None = None):
    return _plain(start_response, "404 NOT FOUND", message or (
                  "This frame is gone: only the most recent errors are kept. "
                  "Reload the page to debug a newer error."))


def _frame_gone_answer(environ, start_response, message: str | None = None):
    return _frame_gone(start_response, message)


def _server_status(start_response) -> int | None:
    """The status code the app started its response with, as the WSGI
    server's own response object holds it (ours, wsgiref, gunicorn,
    waitress: ``start_response.__self__.status``, or the ``self`` its
    closure holds), or None.  Read after the fact, so that the success path
    pays nothing to note it."""
    owner = getattr(start_response, "__self__", None)
    code, cells = getattr(start_response, "__code__", None), getattr(start_response, "__closure__", None)
    if owner is None and code is not None and cells and "self" in code.co_freevars:
        try:
            owner = cells[code.co_freevars.index("self")].cell_contents
        except (ValueError, IndexError):  # an empty cell
            owner = None
    status = getattr(owner, "status", None)
    if isinstance(status, int):
        return status
    if isinstance(status, str) and status[:3].isdigit():
        return int(status[:3])
    return None


class _GuardedBody:
    """The app's body as the server sees it: iterated through the
    middleware's guard, and the app iterable's ``close()`` called exactly
    once, whether the body is read to the end, fails, or is closed unread."""

    __slots__ = ("app_iter", "_middleware", "_args", "_iterator", "_closed")

    def __init__(self, middleware, app_iter, environ, start_response, contexts):
        self.app_iter = app_iter
        self._middleware = middleware
        self._args = (environ, start_response, contexts)
        self._iterator = None
        self._closed = False

    def __iter__(self):
        if self._iterator is None:
            self._iterator = self._middleware._iterate(self, *self._args)
        return self._iterator

    def close_app_iter(self, environ, after_start: bool, log: bool = True) -> Exception | None:
        """Close the app iterable once; the Exception its close() raised
        (logged unless the caller handles it)."""
        if self._closed:
            return None
        self._closed = True
        close = getattr(self.app_iter, "close", None)
        if close is None:
            return None
        try:
            close()
        except Exception as e:
            if log:
                self._middleware.log_error(environ, e, after_start=after_start)
            return e
        return None

    def close(self):
        if self._iterator is not None:
            self._iterator.close()  # a suspended guard closes the app iterable itself
        self.close_app_iter(self._args[0], after_start=False)


class _ThenPostMortem:
    """The error page's body; once it was sent (the server asks for more,
    or closes it), the traceback opens in the post-mortem debugger."""

    def __init__(self, data: bytes, exc: BaseException):
        self._data = data
        self._exc: BaseException | None = exc

    def __iter__(self):
        yield self._data
        self.close()

    def close(self) -> None:
        exc, self._exc = self._exc, None
        if exc is not None:
            open_postmortem(exc)


def _clear_frame(frame) -> None:
    """Free a finished frame's locals (an evicted error's memory)."""
    try:
        frame.clear()
    except RuntimeError:  # still executing (a generator suspended in it)
        pass


def _parse_query(qs: str, errors: str = "replace") -> dict[str, str]:
    """The first value of each name in a query string (or form body)."""
    out: dict[str, str] = {}
    if "%" not in qs and "+" not in qs:  # nothing to unquote (the debugger's own calls): split it
        for part in qs.split("&"):
            if part:
                name, _, value = part.partition("=")
                out.setdefault(name, value)
        return out
    from urllib.parse import parse_qsl

    for k, v in parse_qsl(qs, keep_blank_values=True, encoding="utf-8", errors=errors):
        out.setdefault(k, v)
    return out


def _body_length(environ) -> int | None:
    """How many bytes a debugger request's body has: -1 for a body without
    Content-Length (chunked) where the server says the input ends with it
    (``wsgi.input_terminated``), None when over MAX_REQUEST_BODY or
    unreadable."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length < 0 or length > MAX_REQUEST_BODY:
        return None
    if length == 0 and not environ.get("CONTENT_LENGTH") and environ.get("wsgi.input_terminated") \
            and environ.get("REQUEST_METHOD") == "POST":
        return -1
    return length


def _read_body(environ, length: int | None = _MISSING) -> bytes | None:  # type: ignore[assignment]
    """A debugger request's body (see _body_length), or None."""
    if length is _MISSING:
        length = _body_length(environ)
    if not length:
        return None if length is None else b""
    try:
        raw = environ["wsgi.input"].read(length if length > 0 else MAX_REQUEST_BODY + 1)
    except (OSError, ValueError):
        return None
    return raw if len(raw) <= MAX_REQUEST_BODY else None


def _read_form(environ) -> dict[str, str] | None:
    """The url-encoded POST body as a dict; None if it is not one or too big."""
    length = _body_length(environ)
    if not length:
        return None if length is None else {}
    if (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        return None
    raw = _read_body(environ, length)
    try:
        return None if raw is None else _parse_query(raw.decode("ascii"), errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None


def page_secret(run: str) -> str:
    """A page secret: a run's 16 random hex digits, then 32 of their HMAC
    under the local key, so that a secret from an earlier run of this
    server (a restart, a reload) is told apart from a wrong one."""
    import hmac

    return run + hmac.new(local_pin_key(), b"page secret\0" + run.encode("ascii"), "sha256").hexdigest()[:32]


def secret_of_earlier_run(given: str | None) -> bool:
    """Whether ``given`` is a page secret this server made in an earlier
    run (a page drawn before it restarted)."""
    import hmac

    if not given or len(given) != 48 or not all(c in "0123456789abcdef" for c in given):
        return False
    return hmac.compare_digest(page_secret(given[:16]).encode("ascii"), given.encode("ascii"))


def _secret_matches(given: str | None, secret: str) -> bool:
    import hmac

    if not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("ascii"))


def _preferred_format(environ) -> str:
    """"html", "markdown", "json" or "text", from the Accept header: no
    header, or one naming text/html, means HTML."""
    accept = environ.get("HTTP_ACCEPT")
    if accept is None:
        return "html"
    accept = accept.lower()
    if "text/html" in accept:
        return "html"
    if "text/markdown" in accept:
        return "markdown"
    if "application/json" in accept:
        return "json"
    return "text"


def _security_headers(cache: str | None = None) -> list[tuple[str, str]]:
    return [
        ("Cache-Control", cache or "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
    ]


def _csp(nonce: str) -> str:
    return (
        "default-src 'none'; script-src 'nonce-%s'; style-src 'nonce-%s'; img-src data:; "
        "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'" % (nonce, nonce)
    )


def _answer(start_response, status: str, body: str, ctype: str, nonce: str | None = None, extra=(),
            cache: str | None = None):
    """A whole answer of the debugger's own (a CSP with ``nonce`` for pages;
    ``cache``: a Cache-Control other than no-store)."""
    data = hide_pins(body).encode("utf-8", "replace")
    headers = _security_headers(cache) + [("Content-Type", ctype), ("Content-Length", str(len(data)))] + list(extra)
    if nonce:
        headers.append(("Content-Security-Policy", _csp(nonce)))
    start_response(status, headers)
    return [data]


def _plain(start_response, status: str, message: str, extra=()):
    """A short plain-text answer (refusals, 404s)."""
    return _answer(start_response, status, message + "\n" if message else "", "text/plain; charset=utf-8",
                   extra=extra)


def untrusted_request(environ, trusted_hosts, pages_only: bool = False) -> tuple | None:
    """(status, message) refusing a debugger request whose Host is not
    trusted (400) or, unless ``pages_only``, that comes from another origin
    (403: the page API, MCP); None when neither.  The first check of every
    debugger request, whatever its protocol."""
    if not host_is_trusted(environ.get("HTTP_HOST"), trusted_hosts):
        return "400 BAD REQUEST", "This host is not trusted by the debugger."
    if not pages_only and not origin_is_allowed(environ):
        return "403 FORBIDDEN", "Requests from another origin to the debugger are refused."
    return None


def _page_refusal(environ, start_response, trusted_hosts):
    """The refusal of a debugger page (console, kept errors), or None:
    400 for an untrusted host, 405 for anything but GET and HEAD."""
    untrusted = untrusted_request(environ, trusted_hosts, pages_only=True)
    if untrusted is not None:
        return _plain(start_response, *untrusted)
    if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
        return _plain(start_response, "405 METHOD NOT ALLOWED", "Use GET.", [("Allow", "GET, HEAD")])
    return None


# -- the ASGI door -------------------------------------------------------------
#
# DebuggedASGIApplication is the same core behind an ASGI 3 door: the
# debugger's own requests and the error answers are the core's, reached
# through asgi_environ (the scope as the CGI-style dict the core speaks)
# and _collect (the core's answer as status, headers and body).  What is
# the door's own: holding a 5xx response until the app returns or raises,
# cutting a started stream short, closing a failed websocket, reading a
# debugger request's body within its bound, and running the debugger's
# answers (consoles above all) in threads of its own, off the event loop.

#: Scope keys the Request panel shows in rows of their own (or leaves out).
_SCOPE_SHOWN = frozenset(("type", "method", "path", "raw_path", "root_path", "query_string", "headers",
                          "client", "server", "scheme", "http_version", "asgi", _PRESERVE_KEY_OWN, LOGGED_KEY, BODY_KEY,
                          TIMELINE_KEY, STARTED_KEY))


class _LogStream:
    """``wsgi.errors`` of an ASGI request: each write is a record of the
    ``wsgidebug`` logger (stderr unless the app configured logging)."""

    def write(self, text: str) -> None:
        text = text.rstrip("\n")
        if text:
            _log("error", "%s", text)

    def flush(self) -> None:
        """Nothing is buffered."""


_ASGI_ERRORS = _LogStream()


#: The server software of this process's ASGI server, once known: set by
#: ASGIServer when it starts, else found among the servers imported.
_ASGI_SERVER_SOFTWARE: list = []
_KNOWN_ASGI_SERVERS = ("uvicorn", "hypercorn", "daphne", "granian")


def asgi_server_software() -> str:
    """``name/version`` of the ASGI server this process runs under (an ASGI
    scope does not say): ours, else uvicorn, Hypercorn, Daphne or Granian
    if imported, else "ASGI server"."""
    if _ASGI_SERVER_SOFTWARE:
        return _ASGI_SERVER_SOFTWARE[0]
    for name in _KNOWN_ASGI_SERVERS:
        module = sys.modules.get(name)
        if module is not None:
            version = getattr(module, "__version__", None)
            if not isinstance(version, str):
                try:  # Hypercorn has no __version__: what installed it says
                    from importlib.metadata import version as installed_version

                    version = installed_version(name)
                except Exception:
                    version = None
            found = "%s/%s" % (name, version) if version else name
            _ASGI_SERVER_SOFTWARE.append(found)
            return found
    return "ASGI server"


def asgi_environ(scope, body: bytes = b"") -> dict:
    """The CGI-style request dict (PEP 3333 keys) that the debugger's core
    reads, made from an ASGI scope: method, path under ``root_path``, query,
    headers, client, server and scheme (``ws``/``wss`` read as
    ``http``/``https``), ``body`` as the input, and the scope's other keys
    (``asgi.*``) for the Request panel."""
    import io

    root = scope.get("root_path") or ""
    path = scope.get("path") or "/"
    if root and path.startswith(root):
        path = path[len(root):]
    scheme = scope.get("scheme") or ("ws" if scope.get("type") == "websocket" else "http")
    server = scope.get("server") or ("localhost", None)
    client = scope.get("client") or ("", None)
    http_version = scope.get("http_version") or "1.1"
    environ: dict = {
        "REQUEST_METHOD": scope.get("method") or "GET",
        "SCRIPT_NAME": root,
        "PATH_INFO": path,
        "QUERY_STRING": (scope.get("query_string") or b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or ""),
        "SERVER_PROTOCOL": "HTTP/" + str(http_version),
        "REMOTE_ADDR": str(client[0] or ""),
        "REMOTE_PORT": str(client[1] or ""),
        "wsgi.url_scheme": "https" if scheme in ("https", "wss") else "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": _ASGI_ERRORS,
        "wsgi.multithread": True,
        "wsgi.multiprocess": asgi_several_processes(),
        "asgi.type": str(scope.get("type")),
        "SERVER_SOFTWARE": asgi_server_software(),
    }
    for key in (BODY_KEY, TIMELINE_KEY, STARTED_KEY):
        if key in scope:
            environ[key] = scope[key]
    for name, value in scope.get("headers") or ():
        name = bytes(name).decode("latin-1")
        if "_" in name:
            continue  # X_Forwarded_For must not pass for X-Forwarded-For
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        text = bytes(value).decode("latin-1")
        environ[key] = environ[key] + "," + text if key in environ else text
    if "HTTP_HOST" not in environ and server[1]:
        environ["HTTP_HOST"] = "%s:%s" % (_display_host(str(server[0])), server[1])
    asgi = scope.get("asgi") or {}
    environ["asgi.version"] = "%s (spec %s)" % (asgi.get("version", "3.0"), asgi.get("spec_version", "2.0"))
    environ["asgi.http_version"] = str(http_version)
    for key, value in scope.items():
        if type(key) is str and key not in _SCOPE_SHOWN:
            environ["asgi." + key] = value
    return environ


def _collect(handler, environ, *args, **kwargs) -> tuple[int, list, bytes]:
    """Call a WSGI-style handler of the core; its (status, headers, body)."""
    answer: list = []

    def start_response(status, headers, exc_info=None):
        answer[:] = [status, headers]

    body = b"".join(handler(environ, start_response, *args, **kwargs))
    return int(answer[0][:3]), answer[1], body


async def _send_answer(send, status: int, headers: list, body: bytes) -> None:
    """Send a whole answer as ``http.response.start`` and one body message."""
    await send({"type": "http.response.start", "status": status,
                "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]})
    await send({"type": "http.response.body", "body": body})


async def _read_bounded_body(scope, receive, limit: int = MAX_REQUEST_BODY) -> bytes | None:
    """A request's whole body, or None when it is over ``limit`` (read no
    further than that) or the client left."""
    for name, value in scope.get("headers") or ():
        if bytes(name).lower() == b"content-length":
            digits = bytes(value).strip()
            if not digits.isdigit() or int(digits) > limit:
                return None
    chunks: list = []
    size = 0
    while True:
        message = await receive()
        if message.get("type") != "http.request":
            return None  # http.disconnect
        chunk = message.get("body") or b""
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


_SPARE_THREADS: SpareThreads | None = None


async def _in_thread(function, *args):
    """``function(*args)`` in a thread of its own, awaited on the loop: for
    what waits on another process or on code it runs (the pool's threads
    are for the page's inputs, and a Stop must never queue behind them)."""
    import asyncio

    global _SPARE_THREADS
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def settle(result, error):
        if not future.done():
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(result)

    def run():
        try:
            result, error = function(*args), None
        except BaseException as e:  # handed to the awaiting task
            result, error = None, e
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:  # the loop has closed
            pass

    if _SPARE_THREADS is None:
        _SPARE_THREADS = SpareThreads("wsgidebug-offloop")
    _SPARE_THREADS.submit(run)
    return await future


class _Done:
    """An awaitable that is done at once (what a held message's send gives)."""

    __slots__ = ()

    def __await__(self):
        return iter(())


_DONE = _Done()


_BODY_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))


def _recording_receive(receive, recorder: BodyRecorder):
    """``receive`` as the app calls it, each ``http.request`` body noted."""
    async def recording_receive():
        message = await receive()
        if message.get("type") == "http.request":
            recorder.add(message.get("body"))
        return message

    return recording_receive


class _SendGuard:
    """What one ASGI request's answer has done so far, and its ``send``
    guard: ``held``, a 5xx response held (sent if the app returns, dropped
    for the page if it raises; its first item is the exception being
    handled when the app sent it); ``last``, the last message passed on
    (see sent).  Called, it is the request's ``preserve_context``.  One
    small object a request, made without an ``__init__``, and as little
    as possible done per message: the success path's cost."""

    __slots__ = ("send", "held", "last", "contexts", "status", "body_bytes", "scope")
    contexts: list | None

    @property
    def sent(self) -> int:
        """0 before the response started (or while it is held), 1 once it
        did, 2 once it is complete."""
        last = self.last
        if last is None or self.held is not None:
            return 0
        return 2 if last["type"] == "http.response.body" and not last.get("more_body") else 1

    def __call__(self, context) -> None:
        """``preserve_context``: keep a context manager for the console."""
        if self.contexts is None:
            self.contexts = []
        self.contexts.append(context)

    def guarded_send(self, message):
        """A plain function: it returns the server's awaitable.  A 5xx start
        makes ``send`` hold what follows too."""
        if message["type"] == "http.response.start":
            status = self.status = message.get("status", 200)
            if status >= 500:
                self.held = [sys.exc_info()[1], message]  # (a 500 sent while handling an error?)
                self.send = self._hold
                return _DONE
            if TIMELINE_KEY in self.scope:  # a held 5xx is not noted: the page may replace it
                timeline_of(self.scope).add("response", "the response started: %s" % status)
        elif "more_body" in message:  # only a body in parts can be cut short: its size so far is said
            self.body_bytes += len(message.get("body") or b"")
        self.last = message
        return self.send(message)

    def _hold(self, message):
        self.held.append(message)  # type: ignore[union-attr]
        return _DONE


class DebuggedASGIApplication(DebuggerCore):
    """Wrap an ASGI 3 app (FastAPI, Starlette, Quart, Litestar, Django's ASGI
    handler, ...): its errors become the debugger page, its websocket errors
    are kept with their consoles; with ``evalex`` consoles that can
    ``await`` on the app's event loop.  The same settings, PIN, pages, API
    and security as DebuggedApplication; lifespan and other scopes pass
    untouched.  Standard library only: no framework is imported.
    """

    def __init__(self, app, evalex: bool = False, console_path: str = "/console",
                 console_init_func=None, show_hidden_frames: bool = False, pin_security: bool = True,
                 pin_logging: bool = True, history_path: str | None = "/__debugger__",
                 editor: str | None = None, path_map=None, keep_logged: bool = True,
                 postmortem: bool = False, mcp: bool = True):
        super().__init__(app, evalex, console_path, console_init_func, show_hidden_frames, pin_security,
                         pin_logging, history_path, editor, path_map, keep_logged, postmortem, mcp)
        self._threads = None
        # The scope of the request a task serves: the tasks and threads
        # (asyncio.to_thread) it starts inherit it with their context, so
        # that what they log or die of is that request's (see _request_in).
        self.request_var = None
        if keep_logged:
            import contextvars

            self.request_var = contextvars.ContextVar("wsgidebug_request", default=None)

    def __setattr__(self, name: str, value) -> None:
        object.__setattr__(self, name, value)
        if name in ("history_path", "console_path", "evalex"):
            # What the success path tests a request's path against, in one
            # attribute: (history path, console path, the latter only with evalex).
            routes = (getattr(self, "history_path", None),
                      getattr(self, "console_path", None) if getattr(self, "evalex", False) else None)
            object.__setattr__(self, "_routes", routes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                if self.request_var is not None:  # the tasks its handler starts inherit it
                    self.request_var.set(scope)
                return await self._websocket(scope, receive, send)
            if scope["type"] == "lifespan" and asgi_server_software() != SERVER_SOFTWARE:
                self.worker_group(asgi_several_processes())  # several workers: one of them shows it
                self.log_pin()  # under uvicorn or Hypercorn, at startup (ours prints it with its banner)
            return await self.app(scope, receive, send)
        if _PRESERVE_KEY_OWN in scope:  # a debugger around this one serves the request: one PIN, one page
            return await self.app(scope, receive, send)
        path = scope["path"]
        query = scope["query_string"]
        history, console = self._routes
        # Cheap tests first (a bytes test costs more than a str one: only on a query).
        if (query and b"__debugger__" in query) or (history and history in path) or (console and console in path):
            handler = self._own_handler(scope)
            if handler is not None:
                return await self._answer_own(scope, receive, send, handler)
        var = self.request_var
        if var is not None:  # the tasks this request starts inherit it; each request is a task
            var.set(scope)  # of its own, with a context of its own: nothing to reset
            scope[STARTED_KEY] = _now()  # the timeline's zero
        guard = _SendGuard()
        guard.send, guard.held, guard.last, guard.contexts, guard.body_bytes, guard.scope = send, None, None, None, 0, scope
        if scope["method"] != "GET" and scope["method"] in _BODY_METHODS:  # a body: what the app receives is noted
            recorder = scope[BODY_KEY] = BodyRecorder()
            receive = _recording_receive(receive, recorder)
        if console:
            scope[_PRESERVE_KEY_OWN] = guard
        try:
            await self.app(scope, receive, guard.guarded_send)
        except Exception as e:
            contexts = guard.contexts or ()
            sent = guard.sent
            if sent:
                environ = asgi_environ(scope)
                self.keep_after_start(environ, e, contexts, sent == 2, (guard.status, guard.body_bytes),
                                      **self._loop_and_context())
                scope[LOGGED_KEY] = e
                if sent == 1:
                    raise  # the server aborts the response: the client sees it cut short
                return
            await _send_answer(send, *_collect(self.error_response, asgi_environ(scope), e, contexts,
                                               **self._loop_and_context()))
            if self.postmortem:
                open_postmortem(e)
            return
        if guard.held is not None:
            if self.keep_logged and guard.held[0] is not None:
                self._keep_handled(scope, guard.held[0])
            for message in guard.held[1:]:
                await send(message)

    def _own_handler(self, scope):
        """The debugger's handler of a request (see debugger_handler), or None."""
        query = scope.get("query_string") or b""
        path = scope.get("path") or ""
        root = scope.get("root_path")
        if root and path.startswith(root):
            path = path[len(root):]
        return self.debugger_handler(path, query.decode("latin-1") if b"__debugger__" in query else "",
                                     asgi_several_processes())

    def _keep_handled(self, scope, exc: BaseException) -> None:
        """Keep the error an app turned into its own 500 without logging it
        (Litestar's default), found as the exception being handled when the
        500 was sent; the terminal gets one line and the URL."""
        if not isinstance(exc, Exception) or self.store.kept_for(exc) is not None:
            return
        environ = asgi_environ(scope)
        if host_is_trusted(environ.get("HTTP_HOST"), self.trusted_hosts):
            self.log_error_text(environ, "wsgidebug: %s answered 500 while handling %s\n" % (
                RequestInfo(environ, self.sensitive_names).line,
                _clip("%s: %s" % (type_name(type(exc)), _safe_str(exc)), 300)))
            self.keep_unseen(exc, environ, "request", "", **self._loop_and_context())

    async def _websocket(self, scope, receive, send):
        handler = self._own_handler(scope)
        if handler is not None:  # the debugger's pages are not websockets
            await send({"type": "websocket.close", "code": 1008})
            return
        contexts: list = []
        if self.evalex:
            scope[_PRESERVE_KEY_OWN] = contexts.append
        state = {"accepted": False, "closed": False}

        async def watched_send(message):
            kind = message.get("type")
            if kind == "websocket.accept":
                state["accepted"] = True
            elif kind == "websocket.close":
                state["closed"] = True
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as e:
            self.record_error(asgi_environ(scope), e, contexts, "websocket", **self._loop_and_context())
            scope[LOGGED_KEY] = e
            if self.postmortem:
                open_postmortem(e)
            if not state["closed"]:
                try:  # 1011: the server met an error; before accepting: refused (403)
                    await send({"type": "websocket.close", "code": 1011 if state["accepted"] else 1000})
                except Exception:  # nosec B110 - the client is gone already
                    pass

    @staticmethod
    def _loop_and_context() -> dict:
        import asyncio
        import contextvars

        return {"loop": asyncio.get_running_loop(), "context": contextvars.copy_context()}

    async def _answer_own(self, scope, receive, send, handler) -> None:
        """A debugger request.  What needs no body is checked first (host,
        origin, command, method, secret, content type: a refusal reads
        nothing); then the body is read within its bound, whatever its
        framing (chunked, HTTP/2: no Content-Length).  Only the commands
        that run code (eval, complete) go to the debugger's threads, at most
        MAX_RUNNING_INPUTS at once; the pages, the PIN and Stop are answered
        on the loop, so running inputs never hold them up.  A failed PIN's
        answer waits on the loop, holding no thread."""
        import asyncio

        environ = asgi_environ(scope)
        query = _parse_query(environ["QUERY_STRING"]) if "__debugger__" in environ["QUERY_STRING"] else {}
        refused = self.api.refusal(environ, query) if query.get("__debugger__") == "yes" else None
        body = b""
        if refused is None and scope.get("method") not in ("GET", "HEAD"):
            body = await _read_bounded_body(scope, receive)
            if body is None:
                refused = "413 PAYLOAD TOO LARGE", "A debugger request body is at most 1 MB.", ()
            else:
                environ["wsgi.input"].write(body)
                environ["wsgi.input"].seek(0)
                environ["CONTENT_LENGTH"] = str(len(body))  # the body read is the body
        if refused is not None:
            await _send_answer(send, *_collect(lambda e, sr: _plain(sr, *refused), environ))
            return
        if isinstance(handler, _OffLoop) and handler.waits(environ, body):  # a thread of its own
            answer = await _in_thread(_collect, handler, environ)
        elif query.get("cmd") in ("eval", "complete"):
            answer = await asyncio.get_running_loop().run_in_executor(self._thread_pool(), _collect,
                                                                      handler, environ)
        else:
            answer = _collect(handler, environ)
        if _HOLD_BACK_KEY in environ:
            await asyncio.sleep(environ[_HOLD_BACK_KEY])
        await _send_answer(send, *answer)

    def _thread_pool(self):
        """The debugger's threads for code-running commands: more than the
        inputs that may run, so a refusal past the bound never queues."""
        if self._threads is None:
            import concurrent.futures

            self._threads = concurrent.futures.ThreadPoolExecutor(MAX_RUNNING_INPUTS + 4,
                                                                  thread_name_prefix="wsgidebug")
        return self._threads


# =============================================================================
# 7. The development server, the reloader and the command line
# =============================================================================

def _colour_enabled(stream) -> bool:
    return "NO_COLOR" not in os.environ and hasattr(stream, "isatty") and stream.isatty()


#: Connections waiting to be accepted (socketserver's default is 5).
LISTEN_BACKLOG = 128
#: Seconds an idle or stalled connection may hold a server thread, and the
#: most a client may take to send a request's line and headers.
CONNECTION_TIMEOUT = 30.0
#: Unread request body the server reads away to keep a connection alive.
MAX_DRAIN_BYTES = 1 << 20

# -- HTTP/1.1, shared by both servers ---------------------------------------------
#
# The threaded WSGI server and the asyncio ASGI server read requests and frame
# answers with the same few functions: the request head is parsed (and its
# limits enforced) by parse_request_head, a refusal is refusal_bytes, an
# answer's framing is chosen by response_framing, chunk sizes are read by
# chunk_size.  The deadlines are the CONNECTION_TIMEOUT of both.

#: The ``Server`` header of both development servers.
SERVER_SOFTWARE = "wsgidebug/" + __version__
#: A request line longer than this answers 414.
MAX_REQUEST_LINE = 8 * 1024
#: Header fields over this many bytes in all, or over this many lines, answer 431.
MAX_HEADER_BYTES = 64 * 1024
MAX_HEADER_LINES = 100
#: A chunk's size line (with its extensions) longer than this is refused.
MAX_CHUNK_LINE = 4096
#: After a refusal the server stops writing, then reads away what the client
#: still sends for at most this long (and this much) before it closes: closing
#: with unread bytes would reset the connection and lose the answer.
LINGER_SECONDS = 1.0
LINGER_BYTES = 1 << 20

_REASONS = {
    100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted",
    204: "No Content", 206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
    401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    408: "Request Timeout", 409: "Conflict", 410: "Gone", 413: "Content Too Large", 414: "URI Too Long",
    415: "Unsupported Media Type", 422: "Unprocessable Content", 426: "Upgrade Required",
    429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
    501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 505: "HTTP Version Not Supported",
}


def reason_phrase(status: int) -> str:
    """The reason phrase of a status code ("" for one without a known phrase)."""
    return _REASONS.get(status, "")


class HTTPError(Exception):
    """A request the server refuses before any app sees it."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class ClientDisconnected(ConnectionError):
    """The client went away: what reading the rest of its body raises
    (WSGI's ``wsgi.input``) and what ``send`` raises (ASGI spec 2.5: an
    ``OSError``).  The servers drop the connection without a traceback."""


class BadRequestBody(ValueError):
    """A request body whose framing cannot be read (a bad chunk): the
    servers answer 400 if nothing was sent yet, with one log line."""


class RequestHead:
    """A parsed request head: the request line, the header fields (names
    as sent, values as latin-1 text, obs-folds joined) and what follows
    from them: the path and query of the target, the body's framing
    (``length`` in bytes, or ``chunked``), keep-alive, ``Expect:
    100-continue`` and a WebSocket upgrade."""

    __slots__ = ("method", "target", "version", "headers", "path", "query", "length", "chunked",
                 "keep_alive", "expect_continue", "upgrade")

    def __init__(self, method: str, target: str, version: str, headers: list):
        self.method, self.target, self.version, self.headers = method, target, version, headers
        self.path = self.query = ""
        self.length = 0
        self.chunked = self.expect_continue = self.upgrade = False
        self.keep_alive = version == "HTTP/1.1"


_TOKEN_CHARS = frozenset(b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
#: What no line of a head (or of a trailer section) may hold: NUL, a CR that
#: does not end the line, and the whitespace that is not SP or HTAB (RFC 9110
#: 5.5; h11 refuses the same).
_BAD_FIELD_BYTES = b"\r\x00\x0b\x0c"
_FIELD_LINE = None  # `token ":" value`, compiled at the first head parsed


def head_end(buffered: bytes | bytearray) -> int:
    """Where a request's head ends in what was received: the index just past
    its empty line, or -1 while it has not ended.  Lines end with LF, a CR
    before it is dropped (RFC 9112 2.2, as the threaded server's readline
    and h11 do), and empty lines before the request line belong to it."""
    at = 0
    size = len(buffered)
    while at < size:  # empty lines before a request line are ignored (RFC 9112 2.2)
        if buffered[at] == 10:
            at += 1
        elif buffered[at] == 13 and buffered[at + 1:at + 2] == b"\n":
            at += 2
        else:
            break
    while True:
        line_end = buffered.find(b"\n", at)
        if line_end < 0:
            return -1
        at = line_end + 1
        if buffered[at:at + 1] == b"\n":
            return at + 1
        if buffered[at:at + 2] == b"\r\n":
            return at + 2


class HeadScan:
    """head_end and incomplete_head_error for a head that arrives in pieces
    (the asyncio server): each call goes on from where the last one
    stopped, so a head sent a byte at a time costs its length, not its
    length squared, and its request line is checked once."""

    __slots__ = ("at", "searched", "phase", "line_end", "checked")

    def __init__(self):
        self.at = 0  # where the current line starts
        self.searched = 0  # up to where it was searched for its LF
        self.phase = "blank"  # "blank" (empty lines before the request line), "line", "start" (a header line's)
        self.line_end = -1  # the request line's LF, once found
        self.checked = False

    def end(self, buffered: bytes | bytearray) -> int:
        """As head_end(buffered), for a buffer that only grew since the last call."""
        size = len(buffered)
        at = self.at
        if self.phase == "blank":
            while at < size:
                if buffered[at] == 10:
                    at += 1
                elif buffered[at] == 13 and at + 1 < size and buffered[at + 1] == 10:
                    at += 2
                elif buffered[at] == 13 and at + 1 >= size:
                    self.at = at
                    return -1  # a CR whose LF has not come
                else:
                    break
            self.at = self.searched = at
            if at >= size:
                return -1
            self.phase = "line"
        while True:
            if self.phase == "start":  # a line after the request line: the empty one ends the head
                if at >= size or (buffered[at] == 13 and at + 1 >= size):
                    self.at = at
                    return -1
                if buffered[at] == 10:
                    return at + 1
                if buffered[at] == 13 and buffered[at + 1] == 10:
                    return at + 2
                self.phase, self.searched = "line", at
            line_end = buffered.find(b"\n", max(at, self.searched))
            if line_end < 0:
                self.at, self.searched = at, size
                return -1
            if self.line_end < 0:
                self.line_end = line_end
            at = line_end + 1
            self.phase = "start"

    def error(self, buffered: bytes | bytearray) -> HTTPError | None:
        """As incomplete_head_error(buffered), checking the request line once."""
        start = self.at if self.phase == "blank" else None
        if start is not None:
            if start < len(buffered) and buffered[start] not in (10, 13) and buffered[start] not in _TOKEN_CHARS:
                return HTTPError(400, "This is not an HTTP/1.x request (TLS sent to a plain HTTP server?).")
            return None
        if self.line_end < 0:
            first = self.at  # where the request line starts
            if len(buffered) - first > MAX_REQUEST_LINE + 1:
                return HTTPError(414, "The request line is over %d bytes." % MAX_REQUEST_LINE)
            if buffered[first] not in _TOKEN_CHARS:
                return HTTPError(400, "This is not an HTTP/1.x request (TLS sent to a plain HTTP server?).")
            return None
        if not self.checked:
            self.checked = True
            return incomplete_head_error(buffered[:self.line_end + 1])
        if len(buffered) - self.line_end > MAX_HEADER_BYTES + 2:
            return HTTPError(431, "The header fields are over %d bytes." % MAX_HEADER_BYTES)
        return None


def incomplete_head_error(buffered: bytes | bytearray) -> HTTPError | None:
    """While a head has not ended: the refusal it has earned already, if any:
    a first byte no request starts with (a TLS handshake sent to the plain
    HTTP server is answered at once, not at the head's deadline), a bad
    request line as soon as it is whole, or a line or header block over its
    limit."""
    start = len(buffered) - len(buffered.lstrip(b"\r\n"))
    if start < len(buffered) and buffered[start] not in _TOKEN_CHARS:
        return HTTPError(400, "This is not an HTTP/1.x request (TLS sent to a plain HTTP server?).")
    line_end = buffered.find(b"\n", start, start + MAX_REQUEST_LINE + 2)
    if line_end < 0:
        return HTTPError(414, "The request line is over %d bytes." % MAX_REQUEST_LINE) \
            if len(buffered) - start > MAX_REQUEST_LINE + 1 else None
    try:
        parse_request_line(_head_lines(bytes(buffered[start:line_end + 1]))[0])
    except HTTPError as error:
        return error
    if len(buffered) - line_end > MAX_HEADER_BYTES + 2:
        return HTTPError(431, "The header fields are over %d bytes." % MAX_HEADER_BYTES)
    return None


def read_request_head(readline) -> bytes:
    """A request's head read a line at a time with ``readline(limit)``,
    stopping as soon as a limit is passed or the request line is bad
    (HTTPError); b"" when the client closed before sending anything."""
    first = readline(1)
    while first in (b"\r", b"\n"):  # empty lines before a request line are ignored (RFC 9112 2.2)
        if first == b"\r" and readline(1) != b"\n":
            raise HTTPError(400, "Bad request line.")
        first = readline(1)
    if not first:
        return b""
    if first[0] not in _TOKEN_CHARS:  # answered at once: a TLS client must not wait for a deadline
        raise HTTPError(400, "This is not an HTTP/1.x request (TLS sent to a plain HTTP server?).")
    first += readline(MAX_REQUEST_LINE + 1)
    if not first.endswith(b"\n"):
        if len(first) > MAX_REQUEST_LINE + 1:
            raise HTTPError(414, "The request line is over %d bytes." % MAX_REQUEST_LINE)
        raise HTTPError(400, "The request head ended early.")
    parse_request_line(_head_lines(first)[0])
    parts = [first]
    size = 0
    while True:
        line = readline(MAX_HEADER_BYTES + 2 - size)
        parts.append(line)
        if line in (b"\r\n", b"\n"):
            return b"".join(parts)
        size += len(line)
        if not line.endswith(b"\n"):
            if size > MAX_HEADER_BYTES:
                raise HTTPError(431, "The header fields are over %d bytes." % MAX_HEADER_BYTES)
            raise HTTPError(400, "The request head ended early.")
        if len(parts) > MAX_HEADER_LINES + 1:
            raise HTTPError(431, "More than %d header lines." % MAX_HEADER_LINES)


def parse_request_line(line: bytes) -> tuple[str, str, str]:
    """(method, target, version) of a request line without its line end:
    ``token SP target SP HTTP/d.d`` with a target of visible ASCII only;
    HTTPError 400, 414 or 505 otherwise."""
    if len(line) > MAX_REQUEST_LINE:
        raise HTTPError(414, "The request line is over %d bytes." % MAX_REQUEST_LINE)
    words = line.split(b" ")
    if (len(words) != 3 or not words[0] or not words[1] or not set(words[0]) <= _TOKEN_CHARS
            or min(words[1]) < 0x21 or max(words[1]) > 0x7E):
        raise HTTPError(400, "Bad request line.")
    version = words[2]
    if not (len(version) == 8 and version.startswith(b"HTTP/") and version[5] in b"0123456789"
            and version[6] == 46 and version[7] in b"0123456789"):
        raise HTTPError(400, "Bad HTTP version.")
    if version[5] != 49:  # "1"
        raise HTTPError(505, "Only HTTP/1.0 and HTTP/1.1 are served.")
    # HTTP/1.2 and on: the highest minor version served (RFC 9110 2.5)
    return words[0].decode("latin-1"), words[1].decode("latin-1"), \
        "HTTP/1.0" if version[7] == 48 else "HTTP/1.1"


def parse_fields(lines) -> list:
    """The header fields of a head's (or a trailer section's) lines, their
    line ends removed: (name as sent, value as latin-1 text), obs-folds
    joined; HTTPError 400 for a line that is not ``token ":" value``, a
    folded line before any field, or a value holding NUL, CR, VT or FF
    (RFC 9110 5.5).  Only SP and HTAB are stripped around a value."""
    global _FIELD_LINE
    block = b"\n".join(lines)
    if len(block.translate(None, _BAD_FIELD_BYTES)) != len(block):  # one pass for all the lines
        raise HTTPError(400, "A header line holds a CR, NUL or other control character.")
    if _FIELD_LINE is None:
        import re

        _FIELD_LINE = re.compile(b"([%s]+):(.*)\\Z" % re.escape(bytes(sorted(_TOKEN_CHARS))), re.S)
    match = _FIELD_LINE.match
    fields: list = []
    for line in lines:
        if line[:1] in (b" ", b"\t"):  # obs-fold: a continuation of the previous value
            if not fields:
                raise HTTPError(400, "A folded line before any header.")
            name, value = fields[-1]
            more = line.strip(b" \t").decode("latin-1")
            fields[-1] = (name, value + " " + more if value and more else value + more)
            continue
        field = match(line)
        if field is None:
            raise HTTPError(400, "Bad header line.")
        fields.append((field.group(1).decode("latin-1"), field.group(2).strip(b" \t").decode("latin-1")))
    return fields


def _head_lines(head: bytes) -> list:
    """The lines of a head, each without its LF and the CR before it."""
    lines = head.split(b"\n")
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def parse_request_head(head: bytes) -> RequestHead:
    """Parse a request head (request line, header lines, the empty line)
    as RFC 9112 says, within the limits; HTTPError (400, 414, 431, 505)
    for what is refused."""
    lines = _head_lines(head)
    while lines and lines[0] == b"":
        del lines[0]
    if not lines:
        raise HTTPError(400, "No request line.")
    if len(head) - len(lines[0]) > MAX_HEADER_BYTES + 4:
        raise HTTPError(431, "The header fields are over %d bytes." % MAX_HEADER_BYTES)
    method, target, version = parse_request_line(lines[0])
    try:
        end = lines.index(b"", 1)
    except ValueError:
        end = len(lines)
    headers = parse_fields(lines[1:end])
    if len(headers) > MAX_HEADER_LINES:
        raise HTTPError(431, "More than %d header lines." % MAX_HEADER_LINES)
    request = RequestHead(method, target, version, headers)
    _read_target(request)
    _read_framing(request)
    return request


def _read_target(request: RequestHead) -> None:
    """Path and query of the target: a fragment is dropped, an absolute
    form (``GET http://host/path``) gives its path.  Only a target that
    starts with a scheme is absolute: ``/static://x`` is a path."""
    target = request.target.partition("#")[0]
    if target[:1] != "/":
        lower = target[:8].lower()
        if lower.startswith("http://") or lower.startswith("https://"):
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        elif not (target == "*" and request.method == "OPTIONS") and request.method != "CONNECT":
            raise HTTPError(400, "Bad request target.")
    request.path, _, request.query = target.partition("?")


def _content_length(value: str, length: int | None) -> int:
    """The value of a Content-Length field (a list of one repeated number is
    that number, RFC 9110 8.6); HTTPError 400 for anything but ASCII
    digits, or for a length other than one given before."""
    numbers = {part.strip(" \t") for part in value.split(",")}
    number = numbers.pop() if len(numbers) == 1 else ""
    if not (number.isascii() and number.isdigit()) or len(number) > 18 \
            or (length is not None and int(number) != length):
        raise HTTPError(400, "Bad Content-Length.")
    return int(number)


def _read_framing(request: RequestHead) -> None:
    """What follows from the header fields: the body's framing, keep-alive,
    100-continue and a WebSocket upgrade.  An HTTP/1.1 request needs one
    Host field, and no request may have two (RFC 9112 3.2)."""
    length = None
    hosts = 0
    connection = upgrade = ""
    for name, value in request.headers:
        lower = name.lower()
        if lower == "content-length":
            length = _content_length(value, length)
        elif lower == "transfer-encoding":
            if value.lower() != "chunked" or request.chunked:
                raise HTTPError(400, "Only the chunked transfer coding is understood.")
            request.chunked = True
        elif lower == "host":
            hosts += 1
        elif lower == "connection":
            connection += "," + value.lower()
        elif lower == "expect":
            request.expect_continue = value.lower() == "100-continue" and request.version == "HTTP/1.1"
        elif lower == "upgrade":
            upgrade = value.lower()
    if hosts > 1 or (hosts == 0 and request.version == "HTTP/1.1"):
        raise HTTPError(400, "An HTTP/1.1 request needs one Host header field.")
    if request.chunked and (length is not None or request.version == "HTTP/1.0"):
        # Two framings, or chunked from a 1.0 client: the way requests are smuggled (RFC 9112 6.1).
        raise HTTPError(400, "Transfer-Encoding with Content-Length, or from an HTTP/1.0 client.")
    request.length = 0 if request.chunked else (length or 0)
    tokens = {t.strip(" \t") for t in connection.split(",")}
    if "close" in tokens:
        request.keep_alive = False
    request.upgrade = "upgrade" in tokens and "websocket" in upgrade


def chunk_size(line: bytes) -> int:
    """The size in a chunk's size line, which ends with CRLF: 1 to 16
    hexadecimal digits, then extensions (ignored) or SP/HTAB; BadRequestBody
    for anything else (a leading space, a bare LF, a sign)."""
    if not line.endswith(b"\r\n"):
        raise BadRequestBody("Bad chunked body: a chunk size line does not end with CRLF.")
    size, semicolon, _ = line[:-2].partition(b";")
    if not semicolon:
        size = size.rstrip(b" \t")
    if not size or len(size) > 16 or not set(size) <= _HEX_DIGITS:
        raise BadRequestBody("Bad chunked body: chunk size %r." % size[:20])
    return int(size, 16)


class TrailerSection:
    """The trailer section after a chunked body's last chunk, fed a line at
    a time: bounded like a head's header fields (MAX_HEADER_LINES lines,
    MAX_HEADER_BYTES bytes), checked like them when the empty line ends it,
    and then dropped.  A line of white space is a fold, never the end."""

    __slots__ = ("lines", "size")

    def __init__(self):
        self.lines: list = []
        self.size = 0

    def room(self) -> int:
        """How many bytes the next line may have, its line end included."""
        return MAX_HEADER_BYTES + 2 - self.size

    def feed(self, line: bytes) -> bool:
        """Take one line (with its LF); True when it ended the section.
        BadRequestBody for a section over the limits or not made of fields."""
        if not line.endswith(b"\n"):
            raise BadRequestBody("Bad chunked body: a trailer line over %d bytes, or cut short."
                                 % MAX_HEADER_BYTES)
        if line in (b"\r\n", b"\n"):
            try:
                parse_fields(self.lines)
            except HTTPError as error:
                raise BadRequestBody("Bad chunked body: " + error.message) from None
            return True
        self.size += len(line)
        self.lines.append(line[:-2] if line.endswith(b"\r\n") else line[:-1])
        if len(self.lines) > MAX_HEADER_LINES or self.size > MAX_HEADER_BYTES:
            raise BadRequestBody("Bad chunked body: the trailers are over %d lines or %d bytes."
                                 % (MAX_HEADER_LINES, MAX_HEADER_BYTES))
        return False


def refusal_bytes(status: int, message: str, version: str = "HTTP/1.1", extra=()) -> bytes:
    """The whole answer to a refused request: plain text (with ``extra``
    header fields), then the connection is closed."""
    body = ("%d %s: %s\n" % (status, reason_phrase(status), message)).encode("utf-8", "replace")
    return ("%s %d %s\r\n%sContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
            "Connection: close\r\nDate: %s\r\nServer: %s\r\n\r\n"
            % (version, status, reason_phrase(status), "".join("%s: %s\r\n" % pair for pair in extra),
               len(body), http_date(), SERVER_SOFTWARE)).encode("latin-1") + body


_DATE_CACHE: list = [0, ""]


def http_date() -> str:
    """The ``Date`` header's value, made anew at most once a second."""
    now = int(_time())
    if _DATE_CACHE[0] != now:
        from email.utils import formatdate

        _DATE_CACHE[:] = [now, formatdate(now, usegmt=True)]
    return _DATE_CACHE[1]


_NO_BODY_STATUSES = frozenset((204, 304))


def response_framing(request: RequestHead, status: int, names: dict,
                     whole_length: int | None) -> tuple[list, str, bool]:
    """How an answer is framed: (the header fields the server adds, the
    framing: "none", "length", "chunked" or "close", whether the
    connection stays open after it).  ``names`` maps the app's header
    names, lower case, to their values; ``whole_length`` is the body's
    length when the whole of it is known before the head is sent."""
    extra: list = []
    keep_alive = request.keep_alive and names.get("connection", "").lower() != "close"
    if status < 200 or status in _NO_BODY_STATUSES:
        framing = "none"
    elif "content-length" in names:
        framing = "length"
    elif whole_length is not None:
        framing = "length"
        extra.append(("Content-Length", str(whole_length)))
    elif request.version == "HTTP/1.1":
        framing = "chunked"
        extra.append(("Transfer-Encoding", "chunked"))
    else:
        framing, keep_alive = "close", False  # the end of the connection ends the body
    if not keep_alive and "connection" not in names:
        extra.append(("Connection", "close"))
    if "date" not in names:
        extra.append(("Date", http_date()))
    if "server" not in names:
        extra.append(("Server", SERVER_SOFTWARE))
    return extra, framing, keep_alive



def make_server(host: str, port: int, app, threaded: bool = True, timeout: float = CONNECTION_TIMEOUT,
                ssl_context=None):
    """An HTTP/1.1 development server for a WSGI app on host:port (IPv6
    when the host has a colon; HTTPS with ``ssl_context``).

    Persistent connections, chunked responses and request bodies,
    ``Expect: 100-continue``; a listen backlog of LISTEN_BACKLOG; a client
    that is silent for ``timeout`` seconds, or takes longer than that to
    send a request's head, is dropped, so slow clients cannot hold its
    threads.  A development server: use gunicorn, uWSGI, waitress or
    mod_wsgi in production.
    """
    server_class, handler_class = _server_classes()
    server = server_class((host.strip("[]"), port), handler_class, bind_and_activate=False,
                          host=host, threaded=threaded)
    server.timeout_seconds = timeout
    server.ssl_context = _ssl_context(ssl_context)
    try:
        server.server_bind()
        server.server_activate()
    except BaseException:
        server.server_close()
        raise
    server.set_app(app)
    return server


def _ssl_context(value):
    """An ``ssl.SSLContext`` from a context or a ``(certfile, keyfile)`` pair."""
    if value is None:
        return None
    import ssl

    if isinstance(value, ssl.SSLContext):
        return value
    certfile, keyfile = value
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    return context


_SERVER_CLASSES: tuple | None = None


def _server_classes():
    """(server class, handler class), made on first use so that importing
    wsgidebug does not import the http.server machinery."""
    global _SERVER_CLASSES
    if _SERVER_CLASSES is not None:
        return _SERVER_CLASSES
    import http.server
    import socket
    import socketserver

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = LISTEN_BACKLOG
        timeout_seconds = CONNECTION_TIMEOUT
        ssl_context = None

        def __init__(self, address, handler, bind_and_activate=True, host="127.0.0.1", threaded=True):
            self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
            self.host = host
            self.multithread = threaded
            self.app = None
            super().__init__(address, handler, bind_and_activate)

        def server_bind(self):
            # HTTPServer.server_bind asks DNS for the host's full name: skip it.
            socketserver.TCPServer.server_bind(self)
            self.server_name, self.server_port = self.host.strip("[]"), self.server_address[1]

        def set_app(self, app):
            self.app = app

        def get_app(self):
            return self.app

        def process_request(self, request, client_address):
            if self.multithread:
                return super().process_request(request, client_address)
            return socketserver.TCPServer.process_request(self, request, client_address)

        def finish_request(self, request, client_address):
            # In the connection's own thread: TLS handshakes never hold the accept loop.
            request.settimeout(self.timeout_seconds)
            try:  # a streamed body's small writes must not wait for the client's delayed ACK
                request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass
            if self.ssl_context is not None:
                try:
                    request = self.ssl_context.wrap_socket(request, server_side=True)
                except (OSError, ValueError):
                    return  # not TLS, or gave up: nothing to answer
            self.RequestHandlerClass(request, client_address, self)

        def handle_error(self, request, client_address):
            # One line, not a traceback of the server, for a client gone wrong.
            error = sys.exc_info()[1]
            if not isinstance(error, (socket.timeout, ConnectionError)):
                _log("warning", "%s - connection error: %s", client_address[0],
                     printable("%s: %s" % (type(error).__name__, _safe_str(error))))

    class Handler(WSGIRequestHandler, http.server.BaseHTTPRequestHandler):  # type: ignore[misc]
        pass

    _SERVER_CLASSES = (Server, Handler)
    return _SERVER_CLASSES


class WSGIRequestHandler:
    """One connection of the development server: requests read one after
    the other (keep-alive), each answered by the WSGI app.

    Mixed into ``http.server.BaseHTTPRequestHandler`` (see _server_classes)
    for its connection handling; the request head is read and parsed by the
    shared HTTP/1.1 core (read_request_head, parse_request_head), which
    refuses request lines over 8 KB (414) and too many or too long headers
    (431), and the answer framed by response_framing.
    """

    protocol_version = "HTTP/1.1"
    server_version = SERVER_SOFTWARE
    rbufsize = 64 * 1024

    def setup(self):
        self.timeout = None  # the socket's timeout is set by the server
        super().setup()
        self.rfile.close()  # read instead through a reader that keeps the head's deadline
        self._reader = _HeadDeadlineReader(self.connection, self.server.timeout_seconds)
        self.rfile = io.BufferedReader(self._reader, self.rbufsize)

    def handle(self):
        import socket

        try:
            super().handle()
        except (socket.timeout, ConnectionError, OSError):  # idle, stalled or gone: drop it quietly
            self.close_connection = True

    def handle_one_request(self):
        self._started = _monotonic()
        self.close_connection = True
        self.requestline, self.request_version, self.command = "", "HTTP/1.1", ""
        self._reader.deadline = self._started + self.server.timeout_seconds
        try:
            head = read_request_head(self.rfile.readline)
            if not head:
                return
            request = parse_request_head(head)
        except HTTPError as e:
            self.refuse(e)
            return
        self._reader.deadline = None
        self.request = request
        self.command, self.path, self.request_version = request.method, request.target, request.version
        self.requestline = "%s %s %s" % (request.method, request.target, request.version)
        if not self.server.multithread:
            request.keep_alive = False  # one thread: an idle keep-alive client must not hold it
        self.close_connection = not request.keep_alive
        if request.expect_continue:
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.run_app()

    def refuse(self, error):
        """Answer a refused request (an HTTPError), then close the connection (lingering)."""
        import socket

        self.close_connection = True
        self.wfile.write(refusal_bytes(error.status, error.message))
        _log_access(self.address_string(), "-", error.status, 0, getattr(self, "_started", _monotonic()),
                    " (%s)" % error.message)
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            deadline, left = _monotonic() + LINGER_SECONDS, LINGER_BYTES
            while left > 0 and _monotonic() < deadline:
                self.connection.settimeout(max(0.01, deadline - _monotonic()))
                data = self.connection.recv(65536)
                if not data:
                    break
                left -= len(data)
        except OSError:
            pass

    def address_string(self):
        return str(self.client_address[0])

    def log_request(self, code="-", size="-"):
        _log_access(self.address_string(), self.requestline or "-", code, size,
                    getattr(self, "_started", _monotonic()))

    def log_message(self, format, *args):
        _log("info", "%s - %s", self.address_string(), printable(format % args))

    # -- one request --------------------------------------------------------

    def run_app(self):
        """Build the environ, call the app, send its answer."""
        environ, body = self.make_environ()
        response = _Response(self)
        result = None
        try:
            result = self.server.get_app()(environ, response.start_response)
            if (type(result) is list or type(result) is tuple) and len(result) == 1:
                response.write(result[0], final=True)  # the whole body: a Content-Length
            else:
                for chunk in result:
                    if chunk:
                        response.write(chunk)
            response.finish()
        except Exception as e:  # the app failed (no debugger around it), or the client went away
            response.fail(e, environ)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                try:
                    close()
                except Exception as e:
                    response.fail(e, environ)
        if not self.close_connection and not body.drain(MAX_DRAIN_BYTES):
            self.close_connection = True  # too much unread body to keep the connection
        self.log_request(response.status_code, response.sent_body)

    def make_environ(self):
        """The WSGI environ of the request read (PEP 3333)."""
        from urllib.parse import unquote_to_bytes

        request = self.request
        server = self.server
        environ = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(request.path).decode("latin-1"),
            "QUERY_STRING": request.query,
            "REQUEST_URI": self.path,
            "RAW_URI": self.path,
            "SERVER_NAME": server.server_name,
            "SERVER_PORT": str(server.server_port),
            "SERVER_PROTOCOL": self.request_version,
            "SERVER_SOFTWARE": self.server_version,
            "GATEWAY_INTERFACE": "CGI/1.1",
            "REMOTE_ADDR": str(self.client_address[0]),
            "REMOTE_PORT": str(self.client_address[1]),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https" if server.ssl_context is not None else "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": server.multithread,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.input_terminated": True,
        }
        for name, value in request.headers:
            if "_" in name:
                continue  # X_Forwarded_For must not pass for X-Forwarded-For
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            environ[key] = environ[key] + "," + value if key in environ else value
        if request.chunked:
            environ.pop("CONTENT_LENGTH", None)
            body = _RequestBody(self.rfile, None)
        else:
            body = _RequestBody(self.rfile, request.length)
        environ["wsgi.input"] = body
        return environ, body


class _HeadDeadlineReader(io.RawIOBase):
    """The connection's raw reader, under its buffer, with a deadline for
    the request's line and headers counted from their first byte: a client
    that sends them a byte at a time (slowloris) is dropped when it passes,
    however often it sends.  While a deadline is set, each ``recv`` waits
    at most until it (the socket's timeout is what is left of it); lines
    already buffered cost no system call."""

    def __init__(self, sock, timeout: float):
        self._raw = sock.makefile("rb", buffering=0)
        self._sock = sock
        self._timeout = timeout  # the socket's own timeout, between deadlines
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        if self.deadline is None:
            return self._raw.readinto(buffer)
        left = self.deadline - _monotonic()
        if left <= 0:
            import socket

            raise socket.timeout("the request's head took too long")
        self._sock.settimeout(min(left, self._timeout))
        try:
            return self._raw.readinto(buffer)
        finally:
            self._sock.settimeout(self._timeout)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _RequestBody:
    """``wsgi.input``: the request body and nothing more, whether framed by
    Content-Length or chunked (decoded); reading past its end gives b""."""

    def __init__(self, rfile, length: int | None):
        self._rfile = rfile
        self._left: int = length or 0  # bytes left of the body, or of the current chunk when chunked
        self._chunked = length is None
        self._done = length == 0
        self._started = False  # chunked: a chunk was read (the next one follows a CRLF)

    def _next_chunk(self) -> None:
        """Read a chunk's size line (and, at the end, the trailers)."""
        if self._started and self._rfile.read(2) != b"\r\n":
            raise BadRequestBody("Bad chunked body: a chunk does not end with CRLF.")
        self._started = True
        line = self._rfile.readline(MAX_CHUNK_LINE)
        if not line.endswith(b"\n"):
            if not line:
                raise ClientDisconnected("The client closed the connection inside the body.")
            raise BadRequestBody("Bad chunked body: no chunk size line.")
        self._left = chunk_size(line)
        if self._left == 0:
            trailers = TrailerSection()  # fields, then the empty line: checked, bounded, dropped
            while True:
                line = self._rfile.readline(trailers.room())
                if not line:
                    raise ClientDisconnected("The client closed the connection inside the body.")
                if trailers.feed(line):
                    break
            self._done = True

    def read(self, size=-1) -> bytes:
        if size is None or size < 0:
            parts: list = []
            while True:
                part = self.read(1 << 16)
                if not part:
                    return b"".join(parts)
                parts.append(part)
        out = []
        while size > 0 and not self._done:
            if self._chunked and self._left == 0:
                self._next_chunk()
                continue
            data = self._rfile.read(min(size, self._left))
            if not data:
                raise ClientDisconnected("The client closed the connection inside the body.")
            self._left -= len(data)
            size -= len(data)
            out.append(data)
            if not self._chunked and self._left == 0:
                self._done = True
        return b"".join(out)

    def readline(self, size=-1) -> bytes:
        line = b""
        while not line.endswith(b"\n") and (size is None or size < 0 or len(line) < size):
            c = self.read(1)
            if not c:
                break
            line += c
        return line

    def readlines(self, hint=-1) -> list:
        lines: list = []
        total = 0
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                return lines

    def __iter__(self):
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def drain(self, limit: int) -> bool:
        """Read away what the app left unread (up to ``limit``); whether the
        connection can go on to the next request."""
        try:
            while not self._done:
                if limit <= 0:
                    return False
                data = self.read(min(limit, 1 << 16))
                if not data:
                    break
                limit -= len(data)
        except (OSError, ValueError):
            return False
        return True


class _Response:
    """The answer to one request: status and headers from start_response,
    the body framed by Content-Length, chunked (HTTP/1.1) or the end of the
    connection (HTTP/1.0)."""

    def __init__(self, handler):
        self.handler = handler
        self.status: str | None = None
        self.status_code = 0
        self.headers: list = []
        self.headers_sent = False
        self.chunked = False
        self.length: int | None = None
        self.sent_body = 0
        self.no_body = handler.command == "HEAD"

    def start_response(self, status, headers, exc_info=None):
        if exc_info is not None:
            try:
                if self.headers_sent:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        elif self.status is not None and self.headers_sent:
            raise AssertionError("start_response called again after the headers were sent")
        if type(status) is not str or not status[:3].isdigit():
            raise TypeError("status must be a string like '200 OK'")
        for name, value in headers:
            if type(name) is not str or type(value) is not str or "\n" in name + value or "\r" in name + value:
                raise TypeError("header names and values must be strings without line breaks")
        self.status, self.headers = status, list(headers)
        self.status_code = int(status[:3])
        return self.write

    def _head(self, first: bytes, final: bool) -> bytes:
        """Status line and headers, with the framing chosen now."""
        handler = self.handler
        names = {name.lower(): value for name, value in self.headers}
        handler.request.keep_alive = not handler.close_connection
        extra, framing, keep_alive = response_framing(handler.request, self.status_code, names,
                                                      len(first) if final else None)
        handler.close_connection = not keep_alive
        self.chunked = framing == "chunked"
        if framing == "length":
            try:
                self.length = int(names.get("content-length", len(first)))
            except ValueError:
                self.length = None
        version = handler.request_version
        lines = ["%s %s\r\n" % (version, self.status)]
        lines.extend("%s: %s\r\n" % pair for pair in self.headers + extra)
        lines.append("\r\n")
        return "".join(lines).encode("latin-1", "replace")

    def write(self, data: bytes, final: bool = False) -> None:
        if self.status is None:
            raise AssertionError("write() before start_response()")
        if type(data) is not bytes:
            data = bytes(data)
        out = b""
        if not self.headers_sent:
            out = self._head(data, final)
            self.headers_sent = True
        if data and not self.no_body and self.status_code not in _NO_BODY_STATUSES:
            if self.chunked:
                out += b"%x\r\n%s\r\n" % (len(data), data)
            else:
                out += data
            self.sent_body += len(data)
        if out:
            self.handler.wfile.write(out)

    def finish(self) -> None:
        """The app's body ended: end the framing."""
        if not self.headers_sent:
            if self.status is None:
                raise AssertionError("the app returned without calling start_response()")
            self.write(b"", final=True)
        if self.chunked and not self.no_body:
            self.handler.wfile.write(b"0\r\n\r\n")
        elif self.length is not None and self.sent_body < self.length and not self.no_body:
            self.handler.close_connection = True  # the body was short: the client must not wait

    def fail(self, error: BaseException, environ) -> None:
        """The app failed (no debugger caught it, or the debugger logged it and
        re-raised it to cut the body short) or the client went away."""
        import socket

        self.handler.close_connection = True
        if isinstance(error, (socket.timeout, ConnectionError)) or environ.get(LOGGED_KEY) is error:
            return
        if isinstance(error, BadRequestBody):  # the client's fault: one line, and a 400 if still possible
            _log("warning", "%s - %s", self.handler.address_string(), printable(_safe_str(error)))
            if not self.headers_sent:
                self.status, self.headers, self.status_code = "400 Bad Request", [("Content-Type", "text/plain")], 400
                try:
                    self.write(("400 Bad Request: %s\n" % error).encode("utf-8", "replace"), final=True)
                except OSError:
                    pass
            return
        watch_failed_import(error)  # for the reloader, with or without the debugger
        text = format_exception_text(error, _EXC_TRACEBACK(error))
        try:
            sys.stderr.write(terminal_safe(text))
        except Exception:  # nosec B110 - the terminal is gone: nothing else to tell
            pass
        if self.headers_sent:
            return  # the body stops here; chunked, it never gets its last chunk
        self.status, self.headers = "500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8")]
        self.status_code = 500
        try:
            self.write(b"Internal Server Error: the traceback is on the server's terminal.\n", final=True)
        except OSError:
            pass


# -- the ASGI development server (asyncio) -----------------------------------------
#
# One _Connection (an asyncio Protocol) per client.  It parses each request
# head with the shared core above and runs the app in a task per request (an
# _HTTPCycle: scope, receive, send) or per WebSocket (_WebSocket, RFC 6455).
# ASGIServer owns the listening socket, the lifespan (_Lifespan), the shared
# ``state`` and one timer that enforces the deadlines of every connection.

#: The biggest WebSocket message taken (16 MiB): past it, close code 1009.
MAX_WEBSOCKET_MESSAGE = 16 * 1024 * 1024
#: Bytes a connection buffers ahead of what the app reads, before it stops reading.
READ_AHEAD = 64 * 1024
#: Seconds the app may take to answer ``lifespan.shutdown``.
LIFESPAN_SHUTDOWN_TIMEOUT = 10.0
#: The ASGI version and spec version every scope says.
ASGI_VERSION = {"version": "3.0", "spec_version": "2.5"}

_WEBSOCKET_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 1.3
#: Close codes a client may send (RFC 6455 7.4; 1004-1006 and 1015 never travel).
_VALID_CLOSE_CODES = frozenset((1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014))
_STATUS_LINES: dict = {}


def is_asgi_app(app) -> bool:
    """Whether ``app`` is an ASGI 3 app: a coroutine function, or an object
    whose ``__call__`` is one."""
    import inspect

    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004 - the method itself is what is asked about
    return call is not None and inspect.iscoroutinefunction(call)


def _status_line(status: int) -> bytes:
    line = _STATUS_LINES.get(status)
    if line is None:
        line = _STATUS_LINES[status] = b"HTTP/1.1 %d %s\r\n" % (status, reason_phrase(status).encode())
    return line


def _log_access(client, request_line: str, code, size, started: float, extra: str = "") -> None:
    """One line of the access log (both servers); a debugger request shows
    its command, never its secret (see access_target)."""
    ms = (_monotonic() - started) * 1000
    if "__debugger__" in request_line:
        method, _, rest = request_line.partition(" ")
        target, _, version = rest.rpartition(" ")
        request_line = "%s %s %s" % (method, access_target(target), version)
    line = '%s "%s" %s %s%s %.1fms' % (client, printable(request_line), printable(str(code)), size, extra, ms)
    if str(code).startswith("5") and _colour_enabled(sys.stderr):
        line = "\x1b[1;31m%s\x1b[0m" % line
    _log("info", "%s", line)


def access_target(target: str) -> str:
    """A request target as the access log shows it: a debugger command's
    query (which carries the page's secret) becomes what it does, as
    ``/items/7 [debugger: eval frame 131]``."""
    path, _, query = target.partition("?")
    if "__debugger__" not in query:
        return target
    fields = _parse_query(query)
    what = printable(fields.get("cmd", "?"))[:20]
    if fields.get("frm", "").isdigit():
        what += " frame " + fields["frm"][:20]
    return "%s [debugger: %s]" % (path, what)


def _log_app_error(error: BaseException, scope, note: str = "") -> None:
    """The traceback of an error that left the app, once: not when the
    debugger logged it already (``scope[LOGGED_KEY]``)."""
    if scope.get(LOGGED_KEY) is error:
        return
    watch_failed_import(error)  # for the reloader, with or without the debugger
    text = note + format_exception_text(error, _EXC_TRACEBACK(error))
    try:
        sys.stderr.write(terminal_safe(text))
    except Exception:  # nosec B110 - the terminal is gone: nothing else to tell
        pass


class _Connection:
    """One client connection of the ASGI server (an asyncio Protocol):
    requests read one after another (keep-alive, pipelined ones in turn),
    or one WebSocket after an upgrade."""

    def __init__(self, server: ASGIServer):
        self.server = server
        self.transport: Any = None
        self.buffer = bytearray()
        self.cycle: _HTTPCycle | None = None
        self.websocket: _WebSocket | None = None
        self.since = _monotonic()      # the start of the current wait (idle, head or body)
        self.head_started: float | None = None  # when the first byte of the current head came
        self.scan: HeadScan | None = None  # how far the current head was read (see HeadScan)
        self.reading = True
        self.gone = False
        self.drained: Any = None       # a future while the transport's buffer is full
        self.lingering: float | None = None  # after a refusal: when to close
        self.lingered = 0
        self.client: tuple | None = None
        self.local: tuple | None = None

    # -- asyncio.Protocol --------------------------------------------------------

    def connection_made(self, transport) -> None:
        self.transport = transport
        peer, local = transport.get_extra_info("peername"), transport.get_extra_info("sockname")
        self.client = (str(peer[0]), int(peer[1])) if isinstance(peer, tuple) else None
        self.local = (str(local[0]), int(local[1])) if isinstance(local, tuple) else None
        self.server.connections.add(self)

    def connection_lost(self, exc) -> None:
        self.gone = True
        self.server.connections.discard(self)
        if self.cycle is not None:
            self.cycle.client_gone()
        if self.websocket is not None:
            self.websocket.client_gone()
        self.resume_writing()

    def eof_received(self):
        return None  # close our end too

    def pause_writing(self) -> None:
        if self.drained is None:
            self.drained = self.server.loop.create_future()

    def resume_writing(self) -> None:
        waiter, self.drained = self.drained, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def data_received(self, data: bytes) -> None:
        self.since = _monotonic()
        if self.lingering is not None:
            self.lingered += len(data)
            if self.lingered > LINGER_BYTES:
                self.close()
            return
        if self.websocket is not None:
            self.websocket.feed(data)
            return
        self.buffer += data
        if self.cycle is None:
            self.next_request()
        else:
            self.cycle.body_arrived()
        if len(self.buffer) > READ_AHEAD and self.reading and self.cycle is not None:
            self.reading = False  # the app reads slower than the client sends
            self.transport.pause_reading()

    # -- requests ----------------------------------------------------------------

    def next_request(self) -> None:
        """Start the request whose head is in the buffer (if it is whole)."""
        buffer = self.buffer
        if self.scan is None:
            self.scan = HeadScan()
        size = self.scan.end(buffer)
        if size < 0:
            if buffer:
                if self.head_started is None:
                    self.head_started = _monotonic()
                error = self.scan.error(buffer)
                if error is not None:
                    self.refuse(error)
            return
        head = bytes(buffer[:size])
        del buffer[:size]
        self.scan = None
        self.head_started = None
        try:
            request = parse_request_head(head)
        except HTTPError as error:
            self.refuse(error)
            return
        if request.upgrade and request.method == "GET":
            self.websocket = _WebSocket(self, request)
            return
        self.cycle = _HTTPCycle(self, request)

    def scope(self, request: RequestHead, kind: str, scheme: str) -> dict:
        """The scope keys an ``http`` and a ``websocket`` scope share."""
        from urllib.parse import unquote_to_bytes

        server, path = self.server, request.path
        return {
            "type": kind,
            "asgi": ASGI_VERSION,
            "http_version": request.version[5:],
            "scheme": scheme,
            "path": unquote_to_bytes(path).decode("utf-8", "replace") if "%" in path else path,
            "raw_path": path.encode("latin-1"),
            "query_string": request.query.encode("latin-1"),
            "root_path": server.root_path,
            "headers": [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in request.headers],
            "client": self.client,
            "server": self.local,
            "state": dict(server.state),  # a shallow copy of what the lifespan startup left
        }

    def request_done(self, keep_alive: bool) -> None:
        """The answer went out: on to the next request, or close."""
        self.cycle = None
        if not keep_alive or self.gone:
            self.close()
            return
        self.since = _monotonic()
        if not self.reading:
            self.reading = True
            self.transport.resume_reading()
        if self.buffer:
            self.next_request()

    def refuse(self, error: HTTPError) -> None:
        """Answer a request the server will not take, then close (lingering:
        what the client still sends is read away for LINGER_SECONDS)."""
        self.transport.write(refusal_bytes(error.status, error.message))
        _log_access(self.client[0] if self.client else "-", "-", error.status, 0, _monotonic(),
                    " (%s)" % error.message)
        self.linger()

    def linger(self) -> None:
        if self.lingering is not None or self.transport.is_closing():
            return
        self.lingering = _monotonic() + LINGER_SECONDS
        self.buffer.clear()
        try:
            if self.transport.can_write_eof():
                self.transport.write_eof()
        except (OSError, RuntimeError):
            pass

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    def check_deadline(self, now: float, timeout: float) -> None:
        """Called by the server's timer: drop a connection that is idle, slow
        to send its head (counted from the head's first byte) or stalled
        inside a body the app waits for."""
        if self.lingering is not None:
            if now > self.lingering:
                self.close()
        elif self.websocket is not None:
            self.websocket.check_deadline(now, timeout)
        elif self.cycle is None:
            if (self.head_started or self.since) + timeout < now:
                self.close()
        elif (self.cycle.waiting or self.cycle.draining) and self.since + timeout < now:
            self.close()

    async def wait_drained(self) -> None:
        """Wait while the client reads slower than the app sends."""
        if self.drained is not None:
            await self.drained
        if self.gone:
            raise ClientDisconnected("the client has gone")


class _HTTPCycle:
    """One HTTP request to the ASGI app: its scope, ``receive`` (the body,
    decoded from Content-Length or chunked framing, read only as the app
    asks) and ``send`` (the answer, framed by response_framing)."""

    __slots__ = ("conn", "request", "scope", "left", "chunked", "chunk_state", "body_done", "body_given",
                 "waiting", "waiter", "started", "head_sent", "complete", "gone", "status", "headers",
                 "framing", "keep_alive", "sent_body", "no_body", "started_at", "task", "draining", "trailers")

    def __init__(self, conn: _Connection, request: RequestHead):
        self.conn, self.request = conn, request
        self.started_at = _monotonic()
        self.left = request.length          # body bytes left (of the current chunk, when chunked)
        self.chunked = request.chunked
        self.chunk_state = "size"           # chunked: "size", "data", "crlf", "trailers"
        self.body_done = not self.chunked and self.left == 0
        self.body_given = self.waiting = self.started = self.head_sent = self.complete = self.gone = False
        self.draining = False
        self.trailers: TrailerSection | None = None
        self.waiter: Any = None
        self.status = 0
        self.headers: list = []
        self.framing = "length"
        self.keep_alive = request.keep_alive
        self.sent_body = 0
        self.no_body = request.method == "HEAD"
        server = conn.server
        self.scope = conn.scope(request, "http", server.scheme)
        self.scope["method"] = request.method
        self.task = server.loop.create_task(self.run())

    async def run(self) -> None:
        scope = self.scope
        try:
            await self.conn.server.app(scope, self.receive, self.send)
        except Exception as error:
            if self.gone and isinstance(error, OSError):
                return  # send() after the client went: nothing worth a traceback
            if not self.head_sent:  # nothing is on the wire yet (the head goes with the first body)
                _log_app_error(error, scope, "wsgidebug: the ASGI app raised before answering:\n")
                self.answer_500()
            else:
                _log_app_error(error, scope, "wsgidebug: error after the response started; %s:\n"
                               % cut_short_label(self.status, self.sent_body))
                self.abort()  # chunked, it never gets its last chunk: the client sees it cut short
            return
        if not self.complete and not self.gone:
            if not self.head_sent:
                _log("error", "wsgidebug: the ASGI app returned without answering %s %s",
                     scope["method"], printable(str(scope["path"])))
                self.answer_500()
            else:
                _log("error", "wsgidebug: the ASGI app returned before its answer was complete")
                self.abort()

    def answer_500(self) -> None:
        if self.gone:
            return
        self.conn.transport.write(refusal_bytes(500, "the traceback is on the server's terminal."))
        self.log(500)
        self.conn.request_done(keep_alive=False)

    def abort(self) -> None:
        self.log(self.status or 500)
        self.gone = True
        self.conn.request_done(keep_alive=False)

    def log(self, status) -> None:
        request = self.request
        _log_access(self.conn.client[0] if self.conn.client else "-",
                    "%s %s %s" % (request.method, request.target, request.version), status,
                    self.sent_body, self.started_at)

    # -- receive -------------------------------------------------------------------

    async def receive(self) -> dict:
        while True:
            if self.gone or self.complete:  # (after the answer the buffer may hold the next request)
                return {"type": "http.disconnect"}
            if self.body_done:
                if not self.body_given:
                    self.body_given = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            else:
                if self.request.expect_continue and not self.head_sent and not self.body_given:
                    self.body_given = True  # (once: the 100 goes out before the first read)
                    self.conn.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                try:
                    data = self.take_body()
                except ValueError as e:
                    self.bad_body(str(e))
                    continue
                if data or self.body_done:
                    self.body_given = True
                    return {"type": "http.request", "body": data, "more_body": not self.body_done}
            # Nothing to give yet: wait for the client (or, body read, for its going away).
            self.waiting = not self.body_done
            self.conn.since = _monotonic()
            if not self.conn.reading:
                self.conn.reading = True
                self.conn.transport.resume_reading()
            self.waiter = self.conn.server.loop.create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
                self.waiting = False

    def wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def body_arrived(self) -> None:
        if self.draining:
            self.drain()
        else:
            self.wake()

    def client_gone(self) -> None:
        self.gone = True
        self.wake()

    def bad_body(self, message: str) -> None:
        """A chunked body the server cannot read: the app sees the client go."""
        self.log(400 if not self.head_sent else self.status)
        self.gone = True
        if self.head_sent:
            self.conn.close()
        else:
            self.conn.transport.write(refusal_bytes(400, message))
            self.conn.linger()

    def take_body(self) -> bytes:
        """What of the body is in the connection's buffer (at most READ_AHEAD
        bytes), decoded; ValueError on a bad chunked framing."""
        buffer = self.conn.buffer
        if not self.chunked:
            n = min(len(buffer), self.left, READ_AHEAD)
            data = bytes(buffer[:n])
            del buffer[:n]
            self.left -= n
            self.body_done = self.left == 0
            return data
        out = []
        size = 0
        while buffer and size < READ_AHEAD:
            state = self.chunk_state
            if state == "data":
                n = min(len(buffer), self.left)
                out.append(bytes(buffer[:n]))
                del buffer[:n]
                size += n
                self.left -= n
                if self.left == 0:
                    self.chunk_state = "crlf"
            elif state == "crlf":
                if len(buffer) < 2:
                    break
                if buffer[:2] != b"\r\n":
                    raise BadRequestBody("Bad chunked body: a chunk does not end with CRLF.")
                del buffer[:2]
                self.chunk_state = "size"
            else:
                limit = MAX_CHUNK_LINE if state == "size" else self.trailers.room()
                end = buffer.find(b"\n", 0, limit)
                if end < 0:
                    if len(buffer) >= limit:
                        raise BadRequestBody("Bad chunked body: a line is too long.")
                    break
                line = bytes(buffer[:end + 1])
                del buffer[:end + 1]
                if state == "size":
                    self.left = chunk_size(line)
                    if not self.left:
                        self.chunk_state, self.trailers = "trailers", TrailerSection()
                    else:
                        self.chunk_state = "data"
                elif self.trailers.feed(line):
                    self.body_done = True
                    break
        return b"".join(out)

    def drain(self) -> None:
        """After the answer: read away the body the app left unread (up to
        MAX_DRAIN_BYTES), then go on to the next request."""
        try:
            while not self.body_done:
                data = self.take_body()
                if not data and not self.body_done:
                    if self.left > MAX_DRAIN_BYTES:
                        raise ValueError("too much unread body")
                    return  # more to come
                self.sent_body += len(data)
                if self.sent_body > MAX_DRAIN_BYTES:
                    raise ValueError("too much unread body")
        except ValueError:
            self.conn.request_done(keep_alive=False)
            return
        self.conn.request_done(self.keep_alive)

    # -- send ----------------------------------------------------------------------

    async def send(self, message) -> None:
        kind = message["type"]
        if kind == "http.response.body":
            if not self.started or self.complete:
                raise RuntimeError("http.response.body %s" % ("after the response was complete"
                                                              if self.complete else "before http.response.start"))
            if self.gone:
                raise ClientDisconnected("the client has gone")
            body = message.get("body", b"")
            more = message.get("more_body", False)
            conn = self.conn
            out = b"" if self.head_sent else self.head(None if more else len(body))
            if body and not self.no_body and self.framing != "none":
                if self.framing == "chunked":
                    out += b"%x\r\n%s\r\n" % (len(body), body)
                else:
                    out += body
                self.sent_body += len(body)
            if not more:
                if self.framing == "chunked" and not self.no_body:
                    out += b"0\r\n\r\n"
                self.complete = True
            if out:
                conn.transport.write(out)
            if not more:
                self.finished()
            elif conn.drained is not None:
                await conn.wait_drained()
        elif kind == "http.response.start":
            if self.started:
                raise RuntimeError("http.response.start sent twice")
            if self.gone:
                raise ClientDisconnected("the client has gone")
            self.status = int(message["status"])
            self.headers = list(message.get("headers") or ())
            self.started = True
        else:
            raise RuntimeError("an ASGI http app cannot send %r" % (kind,))

    def head(self, whole_length: int | None) -> bytes:
        """The status line and headers, framed now."""
        self.head_sent = True
        lines = []
        names = {}
        for name, value in self.headers:
            lines.append(b"%s: %s\r\n" % (name, value))
            names[bytes(name).lower().decode("latin-1")] = bytes(value).decode("latin-1")
        block = b"".join(lines)
        if block.count(b"\n") != len(lines) or block.count(b"\r") != len(lines):
            self.head_sent = False
            raise RuntimeError("a response header name or value holds a line break")
        extra, self.framing, self.keep_alive = response_framing(self.request, self.status, names, whole_length)
        if self.request.version == "HTTP/1.0":
            status_line = b"HTTP/1.0" + _status_line(self.status)[8:]
        else:
            status_line = _status_line(self.status)
        return b"%s%s%s\r\n" % (status_line, block, "".join("%s: %s\r\n" % pair for pair in extra).encode("latin-1"))

    def finished(self) -> None:
        self.log(self.status)
        self.wake()
        if self.framing == "close":
            self.conn.request_done(keep_alive=False)
        elif not self.body_done and self.keep_alive:
            self.draining = True
            self.sent_body = 0
            self.drain()
        else:
            self.conn.request_done(self.keep_alive)


class _WebSocket:
    """One WebSocket (RFC 6455) to the ASGI app: the handshake, frames both
    ways (masked from the client, fragmented or not, at most
    MAX_WEBSOCKET_MESSAGE a message), ping answered, the close handshake."""

    def __init__(self, conn: _Connection, request: RequestHead):
        self.conn, self.request = conn, request
        self.started_at = _monotonic()
        self.server = server = conn.server
        self.buffer = bytearray()
        self.queue: list = [{"type": "websocket.connect"}]
        self.queued = 0                 # bytes in the queue's messages
        self.waiter: Any = None
        self.accepted = self.close_sent = self.gone = False
        self.close_code: int | None = None
        self.fragments: list = []
        self.fragment_opcode = 0
        self.fragment_size = 0
        self.close_deadline: float | None = None
        headers: dict = {}
        for name, value in request.headers:
            headers.setdefault(name.lower(), value)
        self.key = headers.get("sec-websocket-key", "").strip()
        self.scope = conn.scope(request, "websocket", "wss" if server.scheme == "https" else "ws")
        self.scope["subprotocols"] = [p.strip() for p in headers.get("sec-websocket-protocol", "").split(",")
                                      if p.strip()]
        if headers.get("sec-websocket-version", "").strip() != "13":
            self.refuse_handshake(426, "Only WebSocket version 13 is served.", [("Sec-WebSocket-Version", "13")])
            return
        import binascii

        try:
            if len(binascii.a2b_base64(self.key.encode("ascii"))) != 16:
                raise ValueError
        except (ValueError, binascii.Error, UnicodeEncodeError):
            self.refuse_handshake(400, "Bad Sec-WebSocket-Key.")
            return
        self.task = server.loop.create_task(self.run())

    def refuse_handshake(self, status: int, message: str, extra=()) -> None:
        self.conn.transport.write(refusal_bytes(status, message, extra=extra))
        self.log(status)
        self.gone = self.close_sent = True
        self.conn.linger()

    def log(self, status, extra: str = "") -> None:
        request = self.request
        _log_access(self.conn.client[0] if self.conn.client else "-",
                    "%s %s %s" % (request.method, request.target, request.version), status, "-",
                    self.started_at, extra)

    async def run(self) -> None:
        scope = self.scope
        try:
            await self.server.app(scope, self.receive, self.send)
        except Exception as error:
            _log_app_error(error, scope, "wsgidebug: the ASGI app raised in a websocket:\n")
            if not self.accepted and not self.close_sent:
                self.refuse_handshake(500, "The app failed: the traceback is on the server's terminal.")
            elif not self.close_sent:
                self.send_close(1011, "")
            return
        if not self.accepted and not self.close_sent:
            _log("error", "wsgidebug: the ASGI app returned without accepting or closing the websocket")
            self.refuse_handshake(500, "The app did not answer the websocket.")
        elif not self.close_sent:
            self.send_close(1000, "")

    # -- receive -------------------------------------------------------------------

    async def receive(self) -> dict:
        while not self.queue:
            if self.gone:
                return {"type": "websocket.disconnect", "code": self.close_code or 1006, "reason": ""}
            self.waiter = self.server.loop.create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        message = self.queue.pop(0)
        self.queued -= len(message.get("bytes") or message.get("text") or "")
        if not self.conn.reading and self.queued < MAX_WEBSOCKET_MESSAGE:
            self.conn.reading = True
            self.conn.transport.resume_reading()
        return message

    def deliver(self, message: dict) -> None:
        self.queue.append(message)
        self.queued += len(message.get("bytes") or message.get("text") or "")
        if self.queued >= MAX_WEBSOCKET_MESSAGE and self.conn.reading:
            self.conn.reading = False  # the app does not read: stop reading the client
            self.conn.transport.pause_reading()
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def client_gone(self) -> None:
        if not self.gone:
            self.gone = True
            if self.close_code is None:
                self.close_code = 1006
            self.deliver({"type": "websocket.disconnect", "code": self.close_code, "reason": ""})
            if self.accepted:
                self.log(101, " closed %s" % self.close_code)

    # -- send ----------------------------------------------------------------------

    async def send(self, message) -> None:
        kind = message["type"]
        if self.gone or self.close_sent:
            raise ClientDisconnected("the websocket is closed")
        if not self.accepted:
            if kind == "websocket.accept":
                self.accept(message)
            elif kind == "websocket.close":
                self.refuse_handshake(403, "The app refused the websocket.")
            else:
                raise RuntimeError("%r before websocket.accept" % (kind,))
            return
        if kind == "websocket.send":
            text = message.get("text")
            if text is not None:
                self.write_frame(1, text.encode("utf-8"))
            else:
                self.write_frame(2, bytes(message.get("bytes") or b""))
            await self.conn.wait_drained()
        elif kind == "websocket.close":
            self.send_close(int(message.get("code") or 1000), message.get("reason") or "")
        else:
            raise RuntimeError("an ASGI websocket app cannot send %r" % (kind,))

    def accept(self, message) -> None:
        import base64
        import hashlib

        digest = hashlib.sha1(self.key.encode("ascii") + _WEBSOCKET_GUID).digest()  # nosec B324 - RFC 6455
        lines = ["HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade",
                 "Sec-WebSocket-Accept: " + base64.b64encode(digest).decode("ascii")]
        subprotocol = message.get("subprotocol")
        if subprotocol:
            lines.append("Sec-WebSocket-Protocol: " + str(subprotocol))
        for name, value in message.get("headers") or ():
            name, value = bytes(name).decode("latin-1"), bytes(value).decode("latin-1")
            if "\r" in name + value or "\n" in name + value:
                raise RuntimeError("a header name or value holds a line break")
            lines.append("%s: %s" % (name, value))
        self.conn.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        self.accepted = True
        if self.buffer:
            self.feed(b"")

    def write_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = bytes((0x80 | opcode, n))
        elif n < 65536:
            head = bytes((0x80 | opcode, 126)) + n.to_bytes(2, "big")
        else:
            head = bytes((0x80 | opcode, 127)) + n.to_bytes(8, "big")
        self.conn.transport.write(head + payload)

    def send_close(self, code: int, reason: str) -> None:
        """Start (or answer) the close handshake."""
        if self.close_sent or self.gone:
            return
        self.close_sent = True
        payload = b"" if code == 1005 else code.to_bytes(2, "big") + reason.encode("utf-8")[:123]
        self.write_frame(8, payload)
        if self.close_code is None:
            self.close_code = code
        self.close_deadline = _monotonic() + 5.0  # the client has this long to answer

    def fail(self, code: int, reason: str) -> None:
        """A protocol error of the client's: close with ``code`` (1002,
        1007, 1009) and drop the connection."""
        self.close_code = code
        self.send_close(code, reason)
        self.conn.close()

    def check_deadline(self, now: float, timeout: float) -> None:
        if self.close_deadline is not None and now > self.close_deadline:
            self.conn.close()
        elif not self.accepted and self.started_at + timeout < now:
            self.conn.close()  # the app never answered the handshake

    # -- frames from the client ----------------------------------------------------

    def feed(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.accepted:
            if len(buffer) > MAX_WEBSOCKET_MESSAGE:
                self.conn.close()
            return
        while not self.gone and len(buffer) >= 2:
            b0, b1 = buffer[0], buffer[1]
            opcode = b0 & 0x0F
            if b0 & 0x70:
                return self.fail(1002, "reserved bits set")
            if opcode not in (0, 1, 2, 8, 9, 10):
                return self.fail(1002, "unknown opcode")
            if not b1 & 0x80:
                return self.fail(1002, "frames from a client must be masked")
            length = b1 & 0x7F
            start = 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            if opcode >= 8 and (length > 125 or not b0 & 0x80):
                return self.fail(1002, "bad control frame")
            if opcode < 8 and self.fragment_size + length > MAX_WEBSOCKET_MESSAGE:
                return self.fail(1009, "message too big")
            end = start + 4 + length
            if len(buffer) < end:
                return
            mask = bytes(buffer[start:start + 4])
            payload = _unmask(bytes(buffer[start + 4:end]), mask)
            del buffer[:end]
            self.frame(b0 & 0x80, opcode, payload)

    def frame(self, fin: int, opcode: int, payload: bytes) -> None:
        if opcode == 8:
            return self.closing(payload)
        if opcode == 9:
            if not self.close_sent:
                self.write_frame(10, payload)
            return
        if opcode == 10:
            return
        if opcode == 0:
            if not self.fragment_opcode:
                return self.fail(1002, "a continuation frame with nothing to continue")
        elif self.fragment_opcode:
            return self.fail(1002, "a new message inside a fragmented one")
        else:
            self.fragment_opcode = opcode
        self.fragments.append(payload)
        self.fragment_size += len(payload)
        if not fin:
            return
        opcode, body = self.fragment_opcode, b"".join(self.fragments)
        self.fragments, self.fragment_opcode, self.fragment_size = [], 0, 0
        if self.close_sent:
            return
        if opcode == 1:
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return self.fail(1007, "text that is not UTF-8")
            self.deliver({"type": "websocket.receive", "text": text})
        else:
            self.deliver({"type": "websocket.receive", "bytes": body})

    def closing(self, payload: bytes) -> None:
        """The client's close frame: answered (unless it answers ours), then
        the connection ends and the app gets websocket.disconnect."""
        code, reason = 1005, ""
        if len(payload) == 1:
            return self.fail(1002, "a close frame of one byte")
        if payload:
            code = int.from_bytes(payload[:2], "big")
            if code not in _VALID_CLOSE_CODES and not 3000 <= code <= 4999:
                return self.fail(1002, "invalid close code")
            try:
                reason = payload[2:].decode("utf-8")
            except UnicodeDecodeError:
                return self.fail(1007, "a close reason that is not UTF-8")
        if not self.close_sent:
            self.close_code = code
            self.send_close(1000 if code == 1005 else code, "")
        self.gone = True
        self.deliver({"type": "websocket.disconnect", "code": code, "reason": reason})
        self.log(101, " closed %s" % code)
        self.conn.close()


def _unmask(payload: bytes, mask: bytes) -> bytes:
    """A client frame's payload, unmasked (XOR with the 4-byte key)."""
    n = len(payload)
    if not n:
        return payload
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


class _Lifespan:
    """The ASGI lifespan protocol: ``lifespan.startup`` before the server
    listens, ``lifespan.shutdown`` when it stops.  An app that raises before
    it calls ``receive()`` is served without lifespan."""

    def __init__(self, server: ASGIServer):
        import asyncio

        self.server = server
        self.messages: asyncio.Queue = asyncio.Queue()
        self.answers: asyncio.Queue = asyncio.Queue()
        self.received = False
        self.supported = True
        self.task: Any = None

    async def run(self) -> None:
        scope = {"type": "lifespan", "asgi": ASGI_VERSION, "state": self.server.state}
        try:
            await self.server.app(scope, self.receive, self.send)
        except Exception as error:
            if not self.received:
                self.supported = False
                _log("info", " * The app does not take the lifespan protocol (%s): served without it",
                     printable(_clip("%s: %s" % (type(error).__name__, _safe_str(error)), 200)))
            else:
                _log_app_error(error, scope, "wsgidebug: the app's lifespan failed:\n")
                await self.answers.put({"type": "lifespan.failed", "message": _safe_str(error)})
        finally:
            await self.answers.put(None)

    async def receive(self) -> dict:
        self.received = True
        return await self.messages.get()

    async def send(self, message) -> None:
        await self.answers.put(message)

    async def startup(self) -> str | None:
        """Run the startup; the reason it failed, or None."""
        self.task = self.server.loop.create_task(self.run())
        await self.messages.put({"type": "lifespan.startup"})
        answer = await self.answers.get()
        if answer is None or answer.get("type") == "lifespan.startup.complete":
            return None  # started, or served without lifespan
        return printable(_safe_str(answer.get("message") or "startup failed"))

    async def shutdown(self) -> None:
        """Run the shutdown, waited for at most LIFESPAN_SHUTDOWN_TIMEOUT."""
        import asyncio

        if self.task is None or self.task.done() or not self.supported:
            return
        await self.messages.put({"type": "lifespan.shutdown"})
        try:
            answer = await asyncio.wait_for(self.answers.get(), LIFESPAN_SHUTDOWN_TIMEOUT)
        except asyncio.TimeoutError:
            _log("warning", " * The app's lifespan shutdown took over %ds: stopped waiting",
                 LIFESPAN_SHUTDOWN_TIMEOUT)
            self.task.cancel()
            return
        if answer is not None and answer.get("type") == "lifespan.shutdown.failed":
            _log("error", " * The app's lifespan shutdown failed: %s", printable(_safe_str(answer.get("message"))))


class ASGIServer:
    """The asyncio development server for an ASGI 3 app: HTTP/1.1 (the
    shared core's parsing, limits and framing), WebSocket, lifespan and the
    app's ``state``; TLS with ``ssl_context``.  A development server: use
    uvicorn, hypercorn or granian in production.

    ``await start()`` runs the lifespan startup, then listens (``port`` is
    then the real one); ``await serve_until_stopped()`` serves until
    ``request_stop(code)``, then stops: no new connections, every
    connection closed, the lifespan shutdown."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, ssl_context=None,
                 timeout: float = CONNECTION_TIMEOUT, root_path: str = ""):
        self.app = app
        self.host, self.port = host, port
        self.ssl_context = _ssl_context(ssl_context)
        self.scheme = "https" if self.ssl_context is not None else "http"
        self.timeout = timeout
        self.root_path = root_path
        self.state: dict = {}
        self.connections: set = set()
        self.loop: Any = None
        self.listener: Any = None
        self.lifespan: Any = None
        self.stopped: Any = None
        self.exit_code = 0
        self._timer: Any = None

    async def start(self) -> str | None:
        """Lifespan startup, then listen; the reason startup failed, or None."""
        import asyncio

        self.loop = asyncio.get_running_loop()
        self.stopped = self.loop.create_future()
        _ASGI_SERVER_SOFTWARE[:] = [SERVER_SOFTWARE]  # what the debugger's pages name
        self.lifespan = _Lifespan(self)
        failure = await self.lifespan.startup()
        if failure is not None:
            return failure
        try:
            self.listener = await self.loop.create_server(
                lambda: _Connection(self), self.host.strip("[]"), self.port, ssl=self.ssl_context,
                backlog=LISTEN_BACKLOG, reuse_address=True)
        except BaseException:
            await self.lifespan.shutdown()
            raise
        self.port = self.listener.sockets[0].getsockname()[1]
        self._tick()
        return None

    def _tick(self) -> None:
        """Enforce every connection's deadlines, a few times a timeout."""
        now = _monotonic()
        for conn in list(self.connections):
            conn.check_deadline(now, self.timeout)
        self._timer = self.loop.call_later(min(1.0, self.timeout / 4), self._tick)

    def request_stop(self, code: int = 0) -> None:
        """Stop serving (from the loop's thread; see stop_threadsafe)."""
        if self.stopped is not None and not self.stopped.done():
            self.exit_code = code
            self.stopped.set_result(code)

    def stop_threadsafe(self, code: int = 0) -> None:
        """request_stop from any thread."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.request_stop, code)

    async def serve_until_stopped(self) -> int:
        try:
            await self.stopped
        finally:
            await self.stop()
        return self.exit_code

    async def stop(self) -> None:
        """Close the listener and every connection, then the lifespan shutdown."""
        import asyncio

        if self._timer is not None:
            self._timer.cancel()
        if self.listener is not None:
            self.listener.close()
        for conn in list(self.connections):
            if conn.websocket is not None and conn.websocket.accepted and not conn.websocket.close_sent:
                conn.websocket.send_close(1001, "server shutting down")
            conn.close()
        tasks = [t for t in asyncio.all_tasks(self.loop) if t is not asyncio.current_task()
                 and (self.lifespan is None or t is not self.lifespan.task)]
        if tasks:  # requests still running: a moment to see their client gone, then cancelled
            await asyncio.wait(tasks, timeout=1.0)
            for task in tasks:
                task.cancel()
        if self.lifespan is not None:
            await self.lifespan.shutdown()


def serve_asgi(app, hostname: str = "127.0.0.1", port: int = 0, ssl_context=None,
               timeout: float = CONNECTION_TIMEOUT, on_ready=None, reloader_interval: float | None = None,
               extra_files=None) -> int:
    """Serve an ASGI app with ASGIServer in a new event loop until Ctrl+C,
    SIGTERM, SIGHUP or (with ``reloader_interval``) a change of a source
    file; the exit code (RELOAD_EXIT_CODE after a change).  ``on_ready(server)``
    is called once the server listens (after the lifespan startup)."""
    import asyncio

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = ASGIServer(app, hostname, port, ssl_context, timeout)
    try:
        try:
            failure = loop.run_until_complete(server.start())
        except OSError as e:
            _log("error", "wsgidebug: cannot listen on %s:%s: %s", _display_host(hostname), port, e.strerror or e)
            return 1
        if failure is not None:
            _log("error", "wsgidebug: the app's lifespan startup failed: %s", failure)
            return 1
        _stop_asgi_on_signals(loop, server)
        _exit_with_supervisor(stop=server.stop_threadsafe)
        if reloader_interval is not None:
            start_change_watcher(reloader_interval, extra_files,
                                 on_change=lambda: server.stop_threadsafe(RELOAD_EXIT_CODE))
        if on_ready is not None:
            on_ready(server)
        code = loop.run_until_complete(server.serve_until_stopped())
    except KeyboardInterrupt:  # outside the main thread's signal handlers
        loop.run_until_complete(server.stop())
        code = 0
    finally:
        loop.close()
    _log("info", " * Stopped.")
    return code


def _stop_asgi_on_signals(loop, server: ASGIServer) -> None:
    """Ctrl+C, SIGTERM and SIGHUP stop the ASGI server cleanly (main thread)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            try:
                loop.add_signal_handler(number, server.request_stop, 0)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows
                pass


def _display_host(host: str) -> str:
    host = host.strip("[]")
    return "[%s]" % host if ":" in host else host


def run_simple(hostname: str, port: int, application, use_debugger: bool = False,
               use_evalex: bool = True, threaded: bool = True, use_reloader: bool = False,
               reloader_interval: float = 1.0, extra_files=None, ssl_context=None,
               asgi: bool | None = None) -> None:
    """Serve ``application`` for development until Ctrl+C, SIGTERM or SIGHUP.

    A WSGI app is served by the threaded server (make_server), an ASGI app
    (see is_asgi_app; ``asgi`` forces the choice) by the asyncio server
    (ASGIServer, with WebSocket and lifespan).  With ``use_debugger`` it is
    wrapped in DebuggedApplication or DebuggedASGIApplication (which also
    trusts ``hostname``); with ``use_reloader`` the server restarts in a new
    process when a source file of the project changes (or a new one
    appears); ``ssl_context`` (an ``ssl.SSLContext`` or a ``(certfile,
    keyfile)`` pair) serves HTTPS.
    """
    if use_reloader and os.environ.get("WSGIDEBUG_RUN_MAIN") != "true":
        if port == 0:  # every restart must listen on the same port
            os.environ["WSGIDEBUG_RELOADER_PORT"] = str(_free_port(hostname))
        return run_with_reloader(reloader_interval)
    if use_reloader and port == 0:
        port = int(os.environ.get("WSGIDEBUG_RELOADER_PORT", "0"))
    if asgi is None:
        asgi = application is not None and is_asgi_app(application)
    if use_debugger:
        application = (DebuggedASGIApplication if asgi else DebuggedApplication)(application, evalex=use_evalex)
        trust_host(application, hostname)
    if asgi:
        _run_asgi(hostname, port, application, reloader_interval if use_reloader else None, extra_files,
                  ssl_context)
        return
    try:
        server = make_server(hostname, port, application, threaded, ssl_context=ssl_context)
    except OSError as e:
        _log("error", "wsgidebug: cannot listen on %s:%s: %s", _display_host(hostname), port, e.strerror or e)
        raise SystemExit(1) from None
    try:  # from here on, Ctrl+C (or SIGTERM, SIGHUP) at any moment stops cleanly
        _stop_on_signals()
        _exit_with_supervisor()
        if use_reloader:
            start_change_watcher(reloader_interval, extra_files)
        _announce(hostname, server.server_port, "https" if server.ssl_context else "http", application)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        _log("info", " * Stopped.")
    finally:
        server.server_close()


def _run_asgi(hostname: str, port: int, application, reloader_interval, extra_files, ssl_context) -> None:
    """run_simple for an ASGI app: the asyncio server, the same banner."""
    code = serve_asgi(application, hostname, port, ssl_context, reloader_interval=reloader_interval,
                      extra_files=extra_files,
                      on_ready=lambda server: _announce(hostname, server.port, server.scheme, application))
    if code:
        raise SystemExit(code)


def _announce(hostname: str, port: int, scheme: str, application) -> None:
    """The banner, and the debugger's URL and PIN, once the server listens."""
    _log_banner(hostname, port, scheme)
    if isinstance(application, DebuggerCore):
        local = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(hostname, _display_host(hostname))
        application.base_url = "%s://%s:%d" % (scheme, local, port)
        application.log_pin()


def _log_banner(hostname: str, port: int, scheme: str) -> None:
    """Where the server answers; on all addresses, its local and network URLs."""
    _log("info", " * Running on %s://%s:%d/ (Press CTRL+C to quit)", scheme, _display_host(hostname), port)
    # A check of the address, not a bind:
    if hostname.strip("[]") not in ("0.0.0.0", "::"):  # nosec B104
        return
    local = "[::1]" if ":" in hostname else "127.0.0.1"
    _log("info", " * Local:   %s://%s:%d/", scheme, local, port)
    for address in network_addresses(ipv6=":" in hostname):
        _log("info", " * Network: %s://%s:%d/", scheme, _display_host(address), port)
    _log("warning", " * Listening on all addresses: the console trusts only the hosts in "
         "trusted_hosts (localhost by default), not this machine's other names.")


#: Where a UDP socket is "connected" to learn the machine's outward address:
#: documentation addresses (RFC 5737, RFC 3849), reached by the default
#: route.  A UDP connect() sends nothing.
_OUTWARD_PROBES = {False: "192.0.2.1", True: "2001:db8::1"}


def network_addresses(ipv6: bool = False) -> list[str]:
    """This machine's addresses other than loopback: the address its default
    route goes out from (what a UDP ``connect()``, which sends nothing,
    reports), then those its host name resolves to (looked up with a
    one-second limit; on Debian's default /etc/hosts only loopback)."""
    import socket
    import threading

    found: list[str] = []
    family = socket.AF_INET6 if ipv6 else socket.AF_INET

    def add(address: str) -> None:
        address = address.split("%")[0]
        unspecified = address in ("::", "0.0.0.0")  # nosec B104 - a comparison, not a bind
        if address not in found and not unspecified and not address.startswith(("127.", "::1", "fe80:")):
            found.append(address)

    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((_OUTWARD_PROBES[ipv6], 9))
            add(probe.getsockname()[0])
    except OSError:  # no route out: only the host name can tell
        pass

    def look_up():
        try:
            for info in socket.getaddrinfo(socket.gethostname(), None, family, socket.SOCK_STREAM):
                add(info[4][0])
        except OSError:
            pass

    worker = threading.Thread(target=look_up, daemon=True)
    worker.start()
    worker.join(1.0)
    return list(found[:8])


def _stop_on_signals() -> None:
    """SIGTERM and SIGHUP stop the server as Ctrl+C does (main thread only)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, stop)


def _exit_with_supervisor(stop=None) -> None:
    """In a reloader's child: stop when the supervisor is gone, even after
    a ``kill -9`` (its end of a pipe closes): ``stop()`` when given (the
    ASGI server's), else as Ctrl+C does."""
    fd = os.environ.get("WSGIDEBUG_SUPERVISOR_FD")
    if not fd or not fd.isdigit():
        return
    import threading

    def watch():
        import _thread
        import time

        try:
            while os.read(int(fd), 1):
                pass
        except OSError:
            pass
        if stop is not None:
            stop()
        else:
            _thread.interrupt_main()  # a clean stop, as with Ctrl+C
        time.sleep(3 if stop is None else LIFESPAN_SHUTDOWN_TIMEOUT + 3)
        os._exit(1)  # the main thread did not stop: leave anyway

    threading.Thread(target=watch, name="wsgidebug-supervisor", daemon=True).start()


def _free_port(hostname: str) -> int:
    import socket

    family = socket.AF_INET6 if ":" in hostname else socket.AF_INET
    with socket.socket(family) as s:
        s.bind((hostname.strip("[]"), 0))
        return s.getsockname()[1]


def trust_host(app, hostname: str) -> None:
    """Add a server's host name to a debugger's trusted hosts (not wildcards)."""
    if not isinstance(app, DebuggerCore):
        return
    name = hostname.strip().lower()
    # Wildcard addresses are never trusted (a check, not a bind).
    if name in ("", "0.0.0.0", "::", "[::]"):  # nosec B104
        return
    if ":" in name and not name.startswith("["):
        name = "[%s]" % name
    if name not in app.trusted_hosts:
        app.trusted_hosts.append(name)


# -- the reloader ----------------------------------------------------------------
#
# The parent process only supervises: it starts a child (the real server)
# with WSGIDEBUG_RUN_MAIN=true and starts it again whenever it exits with
# code 3, which the child does when one of its source files changes.

RELOAD_EXIT_CODE = 3


def _child_command() -> list[str]:
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name:
        name = spec.name[:-9] if spec.name.endswith(".__main__") else spec.name
        return [sys.executable, "-m", name] + sys.argv[1:]
    return [sys.executable] + sys.argv


def run_with_reloader(interval: float = 1.0) -> None:
    """Supervise the server: start it in a child process, start it again when
    it exits for a change; Ctrl+C, SIGTERM or SIGHUP stop both, and the
    child stops by itself if the supervisor dies."""
    # Restarts this same Python with its own arguments.
    import subprocess  # nosec B404

    _log("info", " * Restarting with the reloader (polling every %.1fs)", interval)
    env = dict(os.environ, WSGIDEBUG_RUN_MAIN="true")
    keep: dict = {}
    if hasattr(os, "pipe") and sys.platform != "win32":
        read_end, _write_end = os.pipe()  # the write end stays open here while we live
        env["WSGIDEBUG_SUPERVISOR_FD"] = str(read_end)
        keep["pass_fds"] = (read_end,)
    _stop_on_signals()
    while True:
        child = subprocess.Popen(_child_command(), env=env, **keep)  # nosec B603
        try:
            code = child.wait()
        except KeyboardInterrupt:
            child.terminate()
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                child.kill()
            return
        if code != RELOAD_EXIT_CODE:
            raise SystemExit(code)
        _log("info", " * Change detected: restarting")


def watched_files(extra_files=()) -> set[str]:
    """Source files of the loaded project modules (not stdlib/site-packages)."""
    files = set()
    for module in list(sys.modules.values()):
        filename = getattr(module, "__file__", None)
        if not filename or not isinstance(filename, str):
            continue
        if filename.endswith((".pyc", ".pyo")):
            filename = filename[:-1]
        if not is_library_file(filename):
            files.add(os.path.abspath(filename))
    files.update(os.path.abspath(f) for f in extra_files or ())
    files.update(FAILED_IMPORT_FILES)
    return files


#: Files named in the traceback of an ImportError or SyntaxError that a
#: request raised: modules that never entered ``sys.modules``, watched too.
FAILED_IMPORT_FILES: set = set()


def watch_failed_import(exc: BaseException) -> None:
    """Note the project files an import failure inside a request names (its
    frames, and the file a SyntaxError points at), so that fixing them
    reloads the server."""
    for member in _chain_members(exc, limit=20):
        kind = type(member)  # issubclass, not isinstance: no __class__ of the app's is read
        if not issubclass(kind, (ImportError, SyntaxError)):
            continue
        names = [_SYNTAX_ERROR_FILENAME(member)] if issubclass(kind, SyntaxError) else []
        tb = _EXC_TRACEBACK(member)
        while tb is not None:
            names.append(tb.tb_frame.f_code.co_filename)
            tb = tb.tb_next
        for name in names:
            if type(name) is str and name and not is_library_file(name) and os.path.isfile(name):
                FAILED_IMPORT_FILES.add(os.path.abspath(name))


_SYNTAX_ERROR_FILENAME = SyntaxError.__dict__["filename"].__get__


def project_folders(files) -> set[str]:
    """The folders a new module of the project could appear in: those of
    its files and the project's folders on sys.path."""
    folders = {os.path.dirname(f) for f in files}
    for entry in sys.path:
        entry = os.path.abspath(entry or os.curdir)
        if os.path.isdir(entry) and not is_library_file(entry + os.sep):
            folders.add(entry)
    return folders


def _python_files_in(folder: str) -> set[str]:
    try:
        return {e.name for e in os.scandir(folder) if e.name.endswith(".py")}
    except OSError:
        return set()


class ChangeWatcher:
    """What the reloader polls: the mtimes of the project's files and of
    its folders (a new ``.py`` file changes its folder's mtime).  The set of
    files is made again only when ``sys.modules`` grows or shrinks, or a
    request's import failure names a new file."""

    def __init__(self, extra_files=None):
        self.extra_files = list(extra_files or ())
        self._modules_seen = -1
        self.files: set[str] = set()
        self.mtimes: dict[str, float | None] = {}
        self.folders: dict[str, tuple] = {}  # folder -> (mtime, python file names)

    def _refresh(self) -> None:
        seen = len(sys.modules) + (len(FAILED_IMPORT_FILES) << 32)
        if seen == self._modules_seen:
            return
        self._modules_seen = seen
        self.files = watched_files(self.extra_files)
        for name in self.files:
            self.mtimes.setdefault(name, _mtime(name))
        for folder in project_folders(self.files):
            if folder not in self.folders:
                self.folders[folder] = (_mtime(folder), _python_files_in(folder))

    def changed(self) -> str | None:
        """The first file changed (or added) since the last call, or None."""
        self._refresh()
        for name, old in self.mtimes.items():
            new = _mtime(name)
            if new != old:
                self.mtimes[name] = new
                return name
        for folder, (old, names) in self.folders.items():
            new = _mtime(folder)
            if new != old:
                now = _python_files_in(folder)
                self.folders[folder] = (new, now)
                added = sorted(now - names)
                if added:
                    return os.path.join(folder, added[0])
        return None


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def start_change_watcher(interval: float, extra_files=None, on_change=None) -> None:
    """Poll the project's files in a thread; on a change, ``on_change()``
    (the ASGI server stops, with its lifespan shutdown, and exits with code
    3) or, without it, exit with code 3 at once."""
    import threading

    def watch():
        import time

        watcher = ChangeWatcher(extra_files)
        watcher.changed()  # the first look only learns the files
        while True:
            time.sleep(interval)
            name = watcher.changed()
            if name is not None:
                _log("info", " * Detected change in %r, reloading", name)
                if on_change is None:
                    os._exit(RELOAD_EXIT_CODE)
                on_change()
                time.sleep(LIFESPAN_SHUTDOWN_TIMEOUT + 3)
                os._exit(RELOAD_EXIT_CODE)  # the server did not stop in time

    threading.Thread(target=watch, name="wsgidebug-reloader", daemon=True).start()


# -- the demo app ----------------------------------------------------------------

DEMO_ERRORS = [
    ("/zero", "ZeroDivisionError in a view"),
    ("/chained", "chained exceptions (cause and context)"),
    ("/recursion", "RecursionError: a very deep stack"),
    ("/biglocals", "a frame holding huge locals"),
    ("/syntax", "SyntaxError in an imported module"),
    ("/group", "ExceptionGroup with nested members (Python 3.11+)"),
    ("/notes", "an exception with notes and __traceback_info__"),
    ("/markup", "a message full of HTML"),
    ("/stream", "an error in the middle of a streamed body: the page cannot replace what was sent, "
                "so the response stops short (the browser or curl reports an incomplete answer) and "
                "the traceback is on the terminal"),
]


def demo_app(environ, start_response):
    """A small app whose links fail in different ways."""
    path = environ.get("PATH_INFO", "/")
    if path == "/":
        links = "".join('<li><a href="%s">%s</a></li>' % (p, _escape(label)) for p, label in DEMO_ERRORS)
        body = ("<!doctype html><meta charset=utf-8><title>wsgidebug demo</title>"
                "<h1>wsgidebug demo</h1><p>Each link raises an error. Try the console on a frame "
                "(the PIN is on the terminal), or <a href=\"/console\">the standalone console</a>.</p>"
                "<ul>%s</ul>" % links).encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]
    handler = _DEMO_HANDLERS.get(path)
    if handler is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such demo\n"]
    return handler(environ, start_response)


def _demo_zero(environ, start_response):
    numerator, denominator = 42, 0
    return [str(numerator / denominator).encode()]


def _demo_chained(environ, start_response):
    settings = {"database": "sqlite"}
    try:
        try:
            return settings["timeout"]
        except KeyError as e:
            raise ValueError("no timeout configured") from e
    except ValueError:
        raise RuntimeError("could not start the request handler")  # noqa: B904 - the demo shows a context chain


def _demo_recurse(n):
    return _demo_recurse(n + 1) + 1


def _demo_recursion(environ, start_response):
    return _demo_recurse(0)


def _demo_biglocals(environ, start_response):
    numbers = list(range(1_000_000))
    text = "x" * 5_000_000
    table = {i: str(i) for i in range(100_000)}
    raise RuntimeError("%d numbers, %d characters, %d keys" % (len(numbers), len(text), len(table)))


def _demo_syntax(environ, start_response):
    import importlib
    import tempfile

    with tempfile.TemporaryDirectory(prefix="wsgidebug-demo-") as folder:  # nothing left behind
        with open(os.path.join(folder, "broken_demo_module.py"), "w") as f:
            f.write("def greet(name:\n    return 'hello ' + name\n")
        sys.path.insert(0, folder)
        try:
            importlib.import_module("broken_demo_module")
        finally:
            sys.path.remove(folder)
            sys.modules.pop("broken_demo_module", None)
    return []


def _demo_group(environ, start_response):
    group = sys.modules["builtins"].__dict__.get("ExceptionGroup")
    if group is None:
        raise NotImplementedError("ExceptionGroup needs Python 3.11 or later")
    errors = []
    for n in (1, 2):
        try:
            raise ValueError("task %d failed" % n)
        except ValueError as e:
            errors.append(e)
    try:
        raise TypeError("inner task failed")
    except TypeError as e:
        errors.append(group("inner group", [e]))
    raise group("several tasks failed", errors)


def _demo_notes(environ, start_response):
    __traceback_info__ = "demo user id 7"  # noqa: F841 - read by the debugger
    error = LookupError("user 7 not found")
    if hasattr(error, "add_note"):
        error.add_note("looked in: cache, database")
    else:
        error.__notes__ = ["looked in: cache, database"]
    raise error


def _demo_markup(environ, start_response):
    raise ValueError('<script>alert("not run")</script> & <b>not bold</b>')


def _demo_stream(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])

    def body():
        yield b"first part of the body\n"
        raise IOError("the stream broke after the first chunk")

    return body()


_DEMO_HANDLERS = {
    "/zero": _demo_zero, "/chained": _demo_chained, "/recursion": _demo_recursion,
    "/biglocals": _demo_biglocals, "/syntax": _demo_syntax, "/group": _demo_group,
    "/notes": _demo_notes, "/markup": _demo_markup, "/stream": _demo_stream,
}


# -- the command line --------------------------------------------------------------

# -- the ASGI demo app ------------------------------------------------------------

ASGI_DEMO_ERRORS = [
    ("/await", "an error after an await, in an async view (its console takes await too)"),
    ("/websocket", "a page whose websocket handler raises: the error appears in the list"),
    ("/stream", "an error in the middle of a streamed body: the response stops short"),
]

_ASGI_DEMO_SOCKET_PAGE = """<!doctype html><meta charset=utf-8><title>wsgidebug demo: websocket</title>
<h1>A websocket whose handler raises</h1>
<p id=log>Connecting...</p>
<p>The handler answers one message, then raises. Its error is kept: see
<a href="/__debugger__">the list of errors</a> (the PIN is on the terminal).</p>
<script>
var log = document.getElementById("log");
var ws = new WebSocket(location.href.replace(/^http/, "ws").replace(/websocket$/, "ws"));
ws.onopen = function () { ws.send("hello"); };
ws.onmessage = function (e) { log.textContent = "The handler said: " + e.data; ws.send("fail"); };
ws.onclose = function (e) { log.textContent += " / closed with code " + e.code; };
</script>"""


async def asgi_demo_app(scope, receive, send):
    """The demo as an ASGI app (``--demo --asgi``): an error after an
    ``await``, a websocket handler that raises, a stream cut short."""
    import asyncio

    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        greeting = await receive()
        await send({"type": "websocket.send", "text": "you said %r" % greeting.get("text")})
        second = await receive()
        raise RuntimeError("the websocket handler failed on its second message: %r" % second.get("text"))
    if scope["type"] != "http":
        return  # lifespan: nothing to start
    path = scope["path"]

    async def answer(status, ctype, body):
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype.encode())]})
        await send({"type": "http.response.body", "body": body})

    if path == "/":
        links = "".join('<li><a href="%s">%s</a></li>' % (p, _escape(label)) for p, label in ASGI_DEMO_ERRORS)
        await answer(200, "text/html; charset=utf-8", (
            "<!doctype html><meta charset=utf-8><title>wsgidebug ASGI demo</title>"
            "<h1>wsgidebug ASGI demo</h1><p>Each link raises an error in an ASGI app served by "
            "wsgidebug's asyncio server. In a frame's console, try <code>await asyncio.sleep(0.1)</code> "
            "or <code>await _demo_fetch_order(order_id)</code> (the PIN is on the terminal).</p>"
            "<ul>%s</ul><p><a href=\"/__debugger__\">The list of errors</a> shows them all, "
            "websockets' too.</p>" % links).encode())
    elif path == "/await":
        order_id = 42
        order = await _demo_fetch_order(order_id)
        await answer(200, "text/plain", str(order["total"] / order["items"]).encode())
    elif path == "/websocket":
        await answer(200, "text/html; charset=utf-8", _ASGI_DEMO_SOCKET_PAGE.encode())
    elif path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for i in range(3):
            await send({"type": "http.response.body", "body": b"line %d\n" % i, "more_body": True})
            await asyncio.sleep(0.05)
        raise ConnectionError("the upstream feed went away after line 2")
    else:
        await answer(404, "text/plain", b"no such demo\n")


async def _demo_fetch_order(order_id: int) -> dict:
    """What a database call would give, after an await."""
    import asyncio

    await asyncio.sleep(0.01)
    return {"id": order_id, "total": 99.5, "items": 0}


class UsageError(Exception):
    """Bad command-line usage: one line, exit status 2."""


def load_target(target: str):
    """Import ``module``, ``module:attr`` or ``module:factory()`` (cwd importable)."""
    import importlib

    module_name, _, attr = target.partition(":")
    if module_name.endswith(".py") or "/" in module_name or "\\" in module_name:
        guess = os.path.splitext(module_name.replace("\\", "/"))[0].strip("/").replace("/", ".")
        raise UsageError("TARGET is a module name, not a file: try %r (run from the folder that holds it)"
                         % (guess + (":" + attr if attr else "")))
    if not module_name or not all(part.isidentifier() for part in module_name.split(".")):
        raise UsageError("TARGET must look like module, module:attr or module:factory(); got %r" % target)
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    module = importlib.import_module(module_name)
    call = attr.endswith("()")
    name = attr[:-2] if call else attr
    if not name:
        for candidate in ("app", "application"):
            if hasattr(module, candidate):
                name = candidate
                break
        else:
            raise UsageError("module %r has no 'app' or 'application'; name one as %s:NAME" % (module_name, module_name))
    obj = module
    for part in name.split("."):
        if not part.isidentifier() or not hasattr(obj, part):
            raise UsageError("%r has no attribute %r" % (module_name, name))
        obj = getattr(obj, part)
    if call:
        obj = obj()  # type: ignore[operator]
    if not callable(obj):
        raise UsageError("%s is not a WSGI or ASGI application (not callable)" % target)
    return obj


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


def _argument_parser():
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message):
            raise UsageError(message)

    p = Parser(
        prog="python -m wsgidebug",
        description="Serve a WSGI or ASGI app for development with the wsgidebug debugger:\n"
                    "errors become traceback pages with a Python console in every frame.\n"
                    "ASGI apps (FastAPI, Starlette, Quart, Litestar, Django's ASGI handler, ...)\n"
                    "are served by an asyncio server with WebSocket and lifespan.\n"
                    "A development server only: in production use gunicorn, uWSGI, waitress\n"
                    "or mod_wsgi (WSGI), uvicorn, hypercorn or granian (ASGI), without the debugger.",
        epilog=_dedent("""
            examples:
              python -m wsgidebug myapp:app
              python -m wsgidebug --reload --port 5000 myproject.wsgi:application
              python -m wsgidebug 'myapp:create_app()'      (quote a factory for the shell)
              python -m wsgidebug --cert cert.pem --key key.pem myapp:app
              python -m wsgidebug main:app                   (FastAPI, Starlette, ...: ASGI)
              python -m wsgidebug --demo
              python -m wsgidebug --demo --asgi              (the ASGI demo: await, websockets)
              python -m wsgidebug --mcp-stdio http://127.0.0.1:8000/__debugger__/mcp

            environment:
              WSGIDEBUG_PIN            the console PIN: digits (dashes allowed), 'off', or
                                       'random' (a new PIN in every process)
                                       (WERKZEUG_DEBUG_PIN is read when this is unset)
              WSGIDEBUG_TRUSTED_HOSTS  comma-separated host names, as --trusted-host
              WSGIDEBUG_EDITOR         link frames to an editor: vscode, pycharm, ... or a URL
                                       template with {path} and {line}
              WSGIDEBUG_PATH_MAP       remote=local path prefixes for the editor links
              WSGIDEBUG_MCP_TOKEN      the MCP server's bearer token (default: made from the
                                       PIN's key, stable); also what --mcp-stdio sends
              NO_COLOR                 no colour in the access log

            The console runs any Python code on this machine: never use this in production.
        """),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", nargs="?", metavar="TARGET",
                   help="the app: module (uses 'app', then 'application'), module:attr "
                        "or 'module:factory()' (quoted); the current folder is importable")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    p.add_argument("--no-evalex", action="store_true", help="tracebacks only, no console (default: console on)")
    p.add_argument("--reload", action="store_true",
                   help="restart when a source file of the project changes (default: off)")
    p.add_argument("--trusted-host", action="append", default=[], metavar="NAME",
                   help="let pages served to this host name use the console; repeatable "
                        "(default: localhost, 127.0.0.1, [::1] and --host)")
    p.add_argument("--cert", metavar="FILE", help="serve HTTPS with this certificate (PEM; with --key)")
    p.add_argument("--key", metavar="FILE", help="the certificate's private key (PEM; with --cert)")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument("--asgi", action="store_true",
                      help="serve TARGET as an ASGI app (default: found out from TARGET)")
    kind.add_argument("--wsgi", action="store_true",
                      help="serve TARGET as a WSGI app (default: found out from TARGET)")
    p.add_argument("--pdb", action="store_true",
                   help="after a failing request's answer, open its traceback in the terminal's "
                        "post-mortem debugger (PYTHONBREAKPOINT's module, else pdb)")
    p.add_argument("--no-mcp", action="store_true",
                   help="no MCP server for coding agents at /__debugger__/mcp (default: on, with a token)")
    p.add_argument("--mcp-stdio", metavar="URL",
                   help="serve nothing: relay MCP between standard input/output and the MCP server at URL "
                        "(for agents that start MCP servers as processes; token from WSGIDEBUG_MCP_TOKEN)")
    p.add_argument("--demo", action="store_true", help="serve the built-in demo app instead of TARGET")
    p.add_argument("--version", action="version", version="wsgidebug " + __version__)
    return p


def main(argv=None) -> int:
    """``python -m wsgidebug``: serve a target (or the demo) until Ctrl+C."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # before the server was up (e.g. while importing)
        return 130


def _main(argv) -> int:
    try:
        args = _argument_parser().parse_args(argv)
        if args.mcp_stdio:
            if args.demo or args.target:
                raise UsageError("--mcp-stdio relays to a server: give no TARGET and no --demo")
            return relay_mcp_stdio(args.mcp_stdio, os.environ.get("WSGIDEBUG_MCP_TOKEN", "").strip() or None)
        if args.demo == bool(args.target):
            raise UsageError("give a TARGET or --demo (one of the two)")
        if not 0 <= args.port <= 65535:
            raise UsageError("--port must be between 0 and 65535")
        if bool(args.cert) != bool(args.key):
            raise UsageError("--cert and --key go together")
        ssl_context = _ssl_context((args.cert, args.key)) if args.cert else None
    except UsageError as e:
        sys.stderr.write("wsgidebug: error: %s (see --help)\n" % e)
        return 2
    except (OSError, ValueError) as e:  # an unreadable certificate or key
        sys.stderr.write("wsgidebug: error: cannot use the certificate: %s\n" % _safe_str(e))
        return 2
    _logger()  # our handler, unless the app's logging is configured
    if args.reload and os.environ.get("WSGIDEBUG_RUN_MAIN") != "true":
        # The supervisor: it never imports the app; each child does.
        run_simple(args.host, args.port, None, use_reloader=True)
        return 0
    watch_also: list[str] = []
    if args.demo:
        app = asgi_demo_app if args.asgi else demo_app
    else:
        try:
            app = load_target(args.target)
        except UsageError as e:
            sys.stderr.write("wsgidebug: error: %s\n" % e)
            return 2
        except Exception as e:
            sys.stderr.write(terminal_safe(import_error_text(args.target, e)))
            if not args.reload:
                return 1
            # Keep serving: every request shows the import error, and the
            # next save of a file involved (or a new module) restarts the server.
            app = _import_error_app(e, asgi=args.asgi)
            watch_also = _files_in_traceback(e)
    asgi = args.asgi or (not args.wsgi and is_asgi_app(app))
    if args.wsgi and is_asgi_app(app):
        sys.stderr.write("wsgidebug: error: %s is an ASGI app (its __call__ is a coroutine function); "
                         "drop --wsgi\n" % (args.target or "the demo"))
        return 2
    if isinstance(app, DebuggerCore):  # the target wraps itself already
        debugged = app
        debugged.postmortem = debugged.postmortem or args.pdb
        debugged.mcp = debugged.mcp and not args.no_mcp
    else:
        middleware = DebuggedASGIApplication if asgi else DebuggedApplication
        debugged = middleware(app, evalex=not args.no_evalex, postmortem=args.pdb, mcp=not args.no_mcp)
    if args.target:
        # The PIN comes from the target as written, so it stays the same
        # while the module fails to import.
        debugged.pin_identity = target_identity(args.target)
    trusted = list(args.trusted_host)
    trusted += [h.strip() for h in os.environ.get("WSGIDEBUG_TRUSTED_HOSTS", "").split(",") if h.strip()]
    for name in trusted:
        trust_host(debugged, name)
    trust_host(debugged, args.host)
    run_simple(args.host, args.port, debugged, use_reloader=args.reload, extra_files=watch_also,
               ssl_context=ssl_context, asgi=asgi)
    return 0


def relay_mcp_stdio(url: str, token: str | None, stdin=None, stdout=None) -> int:
    """``--mcp-stdio URL``: relay MCP between standard input and output
    (one JSON-RPC message a line) and the Streamable HTTP endpoint at URL,
    with ``token`` as the bearer and the 2026-07-28 headers mirrored from
    each message.  Each request is sent on its own (a long ``eval`` holds
    no other); its answer is written on one line when it comes."""
    import threading
    import urllib.parse

    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        sys.stderr.write("wsgidebug: error: --mcp-stdio needs an http:// or https:// URL, not %r\n" % url)
        return 2
    writing = threading.Lock()

    def write(message) -> None:
        import json

        line = json.dumps(message, separators=(",", ":"))
        with writing:
            stdout.write(line + "\n")
            stdout.flush()

    def relay(line: str) -> None:
        answer = _relay_one(parts, token, line)
        if answer is not None:
            write(answer)

    threads = []
    for line in stdin:
        if line.strip():
            thread = threading.Thread(target=relay, args=(line,), name="wsgidebug-mcp-relay", daemon=True)
            thread.start()
            threads.append(thread)
            threads = [t for t in threads if t.is_alive()]
    for thread in threads:
        thread.join()
    return 0


def _relay_one(parts, token: str | None, line: str):
    """POST one message to the MCP endpoint: its answer (a dict), or None
    for a notification's."""
    import http.client
    import json

    try:
        message = json.loads(line)
    except ValueError:
        return jsonrpc_error(None, -32700, "Parse error: a line that is not JSON.")
    request_id = message.get("id") if type(message) is dict else None
    headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
    if token:
        headers["Authorization"] = "Bearer " + token
    headers.update(mirrored_headers(message))
    connection = (http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection)(
        parts.hostname, parts.port, timeout=MAX_MCP_EVAL_TIMEOUT + 30)
    try:
        connection.request("POST", (parts.path or "/") + ("?" + parts.query if parts.query else ""),
                           body=line.strip().encode("utf-8"), headers=headers)
        response = connection.getresponse()
        data = response.read(MAX_FORWARDED_ANSWER)
    except (OSError, http.client.HTTPException) as e:
        return None if request_id is None else jsonrpc_error(
            request_id, -32603, "The MCP server at %s did not answer: %s" % (parts.geturl(), _safe_str(e)))
    finally:
        connection.close()
    if response.status == 202 or (not data and request_id is None):
        return None
    try:
        answer = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if type(answer) is not dict:
        answer = jsonrpc_error(request_id, -32603, "HTTP %d from the MCP server: %s" % (
            response.status, _clip(data.decode("utf-8", "replace"), 300)))
    if request_id is None and "id" not in answer:
        return answer if response.status >= 400 else None
    return answer


def mirrored_headers(message) -> dict:
    """The headers a 2026-07-28 request mirrors from its body
    (MCP-Protocol-Version, Mcp-Method, Mcp-Name), for one that has them."""
    params = message.get("params") if type(message) is dict else None
    meta = params.get("_meta") if type(params) is dict else None
    version = meta.get(_MCP_META_VERSION) if type(meta) is dict else None
    if type(version) is not str or type(message.get("method")) is not str:
        return {}
    headers = {"MCP-Protocol-Version": version, "Mcp-Method": message["method"]}
    name = params.get("name", params.get("uri"))  # type: ignore[union-attr]
    if type(name) is str:
        safe = all(" " <= c <= "~" for c in name) and name == name.strip() and not name.startswith("=?base64?")
        if safe:
            headers["Mcp-Name"] = name
        else:
            import base64

            headers["Mcp-Name"] = "=?base64?%s?=" % base64.b64encode(name.encode("utf-8")).decode("ascii")
    return headers


def _files_in_traceback(exc: BaseException) -> list[str]:
    """Project files an import error went through (and a SyntaxError's file)."""
    files = [getattr(exc, "filename", None)] if isinstance(exc, SyntaxError) else []
    tb = exc.__traceback__
    while tb is not None:
        files.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    return [os.path.abspath(f) for f in files if f and not is_library_file(f)]


def _without_our_frames(tb):
    """A traceback without wsgidebug's own frames and the import machinery's."""
    import importlib

    machinery = os.path.dirname(importlib.__file__) + os.sep
    frames = []
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if tb.tb_frame.f_globals is not _MODULE_GLOBALS and not filename.startswith(("<frozen importlib", machinery)):
            frames.append(tb)
        tb = tb.tb_next
    if not frames:
        return None
    for i in range(len(frames) - 1):
        frames[i].tb_next = frames[i + 1]
    frames[-1].tb_next = None
    return frames[0]


def import_error_text(target: str, error: BaseException) -> str:
    """What the terminal says when the target cannot be imported: the
    error itself first (type, message, file, line), then its traceback
    without wsgidebug's frames."""
    import traceback

    tb = _without_our_frames(error.__traceback__)
    error.__traceback__ = tb
    where, message = "", _safe_str(error)
    if isinstance(error, SyntaxError) and error.filename:
        where, message = " (%s, line %s)" % (error.filename, error.lineno), _safe_str(error.msg)
    elif tb is not None:
        last = tb
        while last.tb_next is not None:
            last = last.tb_next
        where = " (%s, line %d)" % (last.tb_frame.f_code.co_filename, last.tb_lineno)
    return "wsgidebug: cannot import %r: %s: %s%s\n\n%s" % (
        target, type(error).__name__, message, where,
        "".join(traceback.format_exception(type(error), error, tb)))


def target_identity(target: str):
    """What the PIN of ``python -m wsgidebug TARGET`` comes from: the module
    name, the target as written and the module's file, found without
    running the module."""
    import importlib.util

    module_name = target.partition(":")[0]
    try:
        spec = importlib.util.find_spec(module_name)
        origin = spec.origin if spec is not None else None
    except Exception:  # its parent package fails to import too
        origin = None
    return _PinIdentity(module_name, target, origin)


class _PinIdentity:
    """Stands for an app in get_pin_and_cookie_name (module, name, file)."""

    def __init__(self, module: str, name: str, filename: str | None):
        self.__module__ = module
        self.__name__ = name
        self.module_file = filename


def _import_error_app(error: BaseException, asgi: bool = False):
    """While the target cannot be imported, every request fails with the
    import's own error (an ASGI app with ``asgi``: then the lifespan scope
    fails at once, so the server goes on without it)."""
    import functools

    return functools.partial(_raise_import_error_asgi if asgi else _raise_import_error, error, error.__traceback__)


def _raise_import_error(error: BaseException, tb, environ, start_response):
    # Left out of pages and logs with the middleware's frames (_middleware_codes).
    raise error.with_traceback(tb)


async def _raise_import_error_asgi(error: BaseException, tb, scope, receive, send):
    raise error.with_traceback(tb)


if __name__ == "__main__":
    # ``python -m wsgidebug``: the app's own ``import wsgidebug`` gets this
    # module, not a second copy with classes and hooks of its own.
    sys.modules.setdefault(__spec__.name if __spec__ else "wsgidebug", sys.modules[__name__])
    sys.exit(main())
