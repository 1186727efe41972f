"""What the benches in docs/bench share: their output, a free port, a server
process waited for, and the medians and ratios they print."""
import socket
import subprocess
import time


def out(name, value):
    """One `name: value` line, as the benches in shared/bench print them."""
    print("%s: %s" % (name, ("%.4g" % value) if isinstance(value, float) else value), flush=True)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(command, port, cwd, env, seconds=20):
    """Start ``command`` and wait until ``port`` takes connections: the
    process, or None if it exited or did not listen in time (killed)."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    proc.wait()
    return None


def print_medians(medians, ratios):
    """Each median as `name_ms`, then each ratio ``(name, over, under)``."""
    for name, value in medians.items():
        out(name + "_ms", value)
    for name, over, under in ratios:
        out("ratio." + name, medians[over] / medians[under])
