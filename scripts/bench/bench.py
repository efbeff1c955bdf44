#!/usr/bin/env python3
"""Measurements for scripts/bench/run.sh (standard library only).

  bench.py measure --driver URL --out results.json --app NAME BINARY SELECTOR ARGS ...
      (ARGS: the app's arguments, comma-separated, "" for none). Runs, in order:
      1. cold start through WebDriver, apps alternating, --runs times each;
      2. idle PSS, each app alone, --settle seconds after it was started;
      3. idle CPU, all apps at once, one --window seconds long.
  bench.py table results.json sizes.json > table.md

Nothing here reads secrets or opens anything but 127.0.0.1 (the WebDriver
server); the apps are started with the arguments given and nothing else.
"""

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"
MIB = 1024 * 1024


def log(*args):
    print("[bench]", *args, file=sys.stderr, flush=True)


# ---------- W3C WebDriver, JSON over urllib ----------

RETRIES = {"count": 0}


def wd(method, url, body=None, timeout=60, retries=3):
    """One WebDriver call. tauri-driver 2.1 proxies over pooled keep-alive
    connections to WebKitWebDriver without retrying, so a request that meets a
    connection WebKitWebDriver has since closed comes back as a dropped
    connection; it never reached the driver, and is sent again."""
    data = None if body is None else json.dumps(body).encode()
    for attempt in range(retries + 1):
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read() or b"{}")
        except (http.client.RemoteDisconnected, ConnectionResetError) as e:
            if attempt == retries:
                raise
            RETRIES["count"] += 1
            log(f"{method} {url.rsplit('/', 1)[-1]}: {e!r}; sending it again")
            time.sleep(0.05)


def cold_start(driver, binary, args, selector, patience=30.0, poll=0.02):
    """Seconds from the new-session request until `selector` matches."""
    caps = {"capabilities": {"alwaysMatch": {
        "browserName": "wry",
        "tauri:options": {"application": binary, "args": args},
    }}}
    t0, t0_unix = time.monotonic(), time.time()
    answer = wd("POST", f"{driver}/session", caps)
    session_ready = time.monotonic() - t0
    sid = answer.get("value", {}).get("sessionId")
    if not sid:
        raise RuntimeError(f"no session: {answer}")
    base = f"{driver}/session/{sid}"
    tree = []
    try:
        while True:
            found = wd("POST", f"{base}/elements",
                       {"using": "css selector", "value": selector}).get("value")
            elapsed = time.monotonic() - t0
            if isinstance(found, list) and found:
                return {"painted_s": elapsed, "session_s": session_ready, "t0_unix": t0_unix}
            if elapsed > patience:
                raise RuntimeError(f"{selector} not present after {patience} s")
            time.sleep(poll)
    finally:
        # The app's processes, to see that they all end with the session.
        tree = [p for pid in running(binary) for p in descendants(pid)]
        try:
            wd("DELETE", base, timeout=30)
        except Exception as e:  # the session may already be gone
            log("ending the session:", e)
        end_leftovers(binary, tree)


def end_leftovers(binary, tree, patience=15):
    """Waits for the app and the processes it started to end; kills what is
    left (every one of them was started by this run)."""
    deadline = time.monotonic() + patience
    def alive():
        return [p for p in tree if is_live(p)]
    while (alive() or running(binary)) and time.monotonic() < deadline:
        time.sleep(0.1)
    wait_gone(binary, 0)
    for p in alive():
        LEFTOVERS.append(name_of(p))
        log(f"{name_of(p)} (pid {p}) outlived {os.path.basename(binary)}'s session; killing it")
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


LEFTOVERS = []


def is_live(pid):
    f = stat_fields(pid)
    return f is not None and f[0] not in ("Z", "X")


# ---------- /proc ----------

def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def stat_fields(pid):
    """/proc/PID/stat split after the command name (field 3 is index 0)."""
    s = read(f"/proc/{pid}/stat")
    if s is None:
        return None
    return s[s.rindex(")") + 2:].split()


def descendants(root):
    """root and every process below it (WebKit's web and network processes,
    and any bwrap/xdg-dbus-proxy between), by walking parent ids."""
    children = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            f = stat_fields(d)
            if f:
                children.setdefault(int(f[1]), []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        if os.path.exists(f"/proc/{p}"):
            out.append(p)
            todo.extend(children.get(p, []))
    return out


def name_of(pid):
    exe = None
    try:
        exe = os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        pass
    return exe or (read(f"/proc/{pid}/comm") or "?").strip()


def rollup(pid):
    """Pss, Rss and private (USS) kB from smaps_rollup."""
    text = read(f"/proc/{pid}/smaps_rollup") or ""
    kb = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
            kb[parts[0][:-1]] = int(parts[1])
    return {
        "pss_kb": kb.get("Pss", 0),
        "rss_kb": kb.get("Rss", 0),
        "uss_kb": kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0),
    }


def memory(root):
    procs = []
    for p in descendants(root):
        procs.append({"pid": p, "name": name_of(p), **rollup(p)})
    return {"pss_kb": sum(p["pss_kb"] for p in procs), "processes": procs}


def ticks(root):
    """utime+stime of the tree (stat fields 14, 15), plus cutime+cstime
    (16, 17) so a child that exits inside the window still counts."""
    per = {}
    for p in descendants(root):
        f = stat_fields(p)
        if f:
            per[p] = {"name": name_of(p), "ticks": sum(int(x) for x in f[11:15]),
                      "threads": thread_ticks(p)}
    return per


def thread_ticks(pid):
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for t in tids:
        f = read(f"/proc/{pid}/task/{t}/stat")
        comm = (read(f"/proc/{pid}/task/{t}/comm") or "?").strip()
        if f:
            rest = f[f.rindex(")") + 2:].split()
            out[t] = {"comm": comm, "ticks": int(rest[11]) + int(rest[12])}
    return out


def ctxt_switches(root):
    total = 0
    for p in descendants(root):
        for line in (read(f"/proc/{p}/status") or "").splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


# ---------- the apps ----------

class App:
    def __init__(self, spec):
        name, binary, selector, args = spec
        self.name, self.binary, self.selector = name, os.path.realpath(binary), selector
        self.args = [a for a in args.split(",") if a]
        self.proc = None

    def start(self, logdir):
        out = open(os.path.join(logdir, f"{self.name}-idle.log"), "ab")
        # Its own process group, so it and its WebKit processes end together.
        self.proc = subprocess.Popen([self.binary, *self.args], stdout=out, stderr=out,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        return self.proc.pid

    def stop(self):
        if self.proc is None:
            return
        tree = descendants(self.proc.pid)
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.proc = None
        end_leftovers(self.binary, tree)


def running(binary):
    """pids whose executable is `binary` (a copy in the bench's own temp dir,
    so only processes this run started)."""
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.readlink(f"/proc/{d}/exe") == binary:
                    pids.append(int(d))
            except OSError:
                pass
    return pids


def wait_gone(binary, patience=15):
    deadline = time.monotonic() + patience
    while running(binary) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = running(binary)
    for p in left:  # ours: started from the bench's copy
        log(f"{binary} pid {p} still running after the session; killing it")
        os.kill(p, signal.SIGKILL)


def measure(opts):
    apps = [App(s) for s in opts.app]
    try:
        _measure(opts, apps)
    finally:
        for a in apps:
            a.stop()


def _measure(opts, apps):
    results = {"clk_tck": CLK_TCK, "apps": {a.name: {"binary": a.binary, "args": a.args,
                                                       "selector": a.selector} for a in apps}}
    results["started"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    results["loadavg"] = {}

    def note_load(phase):
        # Other work on the machine slows a cold start; say how busy it was.
        results["loadavg"][phase] = (read("/proc/loadavg") or "").split()[:3]

    # 1. Cold start through WebDriver, alternating so both see the same machine.
    for a in apps:
        results["apps"][a.name]["cold_start"] = []
    note_load("cold_start")
    for i in range(opts.runs):
        for a in apps:
            r = cold_start(opts.driver, a.binary, a.args, a.selector)
            log(f"cold start {a.name} #{i + 1}: {r['painted_s']:.3f} s "
                f"(session {r['session_s']:.3f} s)")
            results["apps"][a.name]["cold_start"].append(r)
            time.sleep(opts.pause)
    results["webdriver_retries"] = RETRIES["count"]
    results["leftover_processes"] = LEFTOVERS

    # 2. Idle PSS, each app alone (PSS splits shared pages among whoever maps
    #    them, so a second WebKit app running beside would lower both).
    note_load("pss")
    for a in apps:
        pid = a.start(opts.logdir)
        log(f"{a.name} started (pid {pid}); settling {opts.settle} s for PSS")
        time.sleep(opts.settle)
        if a.proc.poll() is not None:
            raise SystemExit(f"{a.name} exited with {a.proc.returncode} while settling")
        m = memory(pid)
        log(f"{a.name} PSS {m['pss_kb'] / 1024:.1f} MiB:",
            ", ".join(f"{p['name']} {p['pss_kb'] / 1024:.1f}" for p in m["processes"]))
        results["apps"][a.name]["idle_memory"] = m
        a.stop()
        time.sleep(opts.pause)

    # 3. Idle CPU, all apps in one window.
    pids = {a.name: a.start(opts.logdir) for a in apps}
    log(f"idle CPU: started {pids}; settling {opts.settle} s, then a {opts.window} s window")
    time.sleep(opts.settle)
    t0 = time.monotonic()
    before = {n: ticks(p) for n, p in pids.items()}
    sw0 = {n: ctxt_switches(p) for n, p in pids.items()}
    time.sleep(opts.window)
    after = {n: ticks(p) for n, p in pids.items()}
    note_load("cpu_window_end")
    sw1 = {n: ctxt_switches(p) for n, p in pids.items()}
    seconds = time.monotonic() - t0
    for a in apps:
        if a.proc.poll() is not None:
            raise SystemExit(f"{a.name} exited with {a.proc.returncode} during the CPU window")
        b, e = before[a.name], after[a.name]
        per = []
        for pid in sorted(set(b) | set(e)):
            d = e.get(pid, {"ticks": 0})["ticks"] - b.get(pid, {"ticks": 0})["ticks"]
            name = (e.get(pid) or b.get(pid))["name"]
            threads = []
            tb, te = b.get(pid, {}).get("threads", {}), e.get(pid, {}).get("threads", {})
            for tid in set(tb) | set(te):
                td = te.get(tid, {"ticks": 0})["ticks"] - tb.get(tid, {"ticks": 0})["ticks"]
                if td:
                    threads.append({"tid": tid, "comm": (te.get(tid) or tb.get(tid))["comm"],
                                    "ticks": td})
            threads.sort(key=lambda t: -t["ticks"])
            per.append({"pid": pid, "name": name, "ticks": d, "threads": threads})
        delta = sum(p["ticks"] for p in per)
        results["apps"][a.name]["idle_cpu"] = {
            "seconds": seconds, "ticks": delta,
            "percent": delta / (CLK_TCK * seconds) * 100,
            "processes": per,
            "context_switches": sw1[a.name] - sw0[a.name],
        }
        results["apps"][a.name]["memory_after_window"] = memory(pids[a.name])
        log(f"{a.name} idle CPU {delta} ticks in {seconds:.0f} s = "
            f"{results['apps'][a.name]['idle_cpu']['percent']:.3f} %")
    for a in apps:
        a.stop()
    with open(opts.out, "w") as f:
        json.dump(results, f, indent=1)


# ---------- the table ----------

def table(results_path, sizes_path, goals_ok=True):
    r = json.load(open(results_path))
    s = json.load(open(sizes_path))
    app, floor = "roomstart", "floor"
    A, F = r["apps"][app], r["apps"][floor]

    def size_cell(n):
        return f"{n / MIB:.2f} MiB ({n:,} B)"

    def cold(x):
        v = [c["painted_s"] for c in x["cold_start"]]
        return statistics.median(v), max(v)

    rows = []
    deb_a, deb_f = s[app]["deb"], s[floor]["deb"]
    # "8 MB" read the stricter way, as 8 MiB would be looser: 8,000,000 bytes.
    rows.append((".deb size", size_cell(deb_a), size_cell(deb_f), "≤ 8 MB (8,000,000 B)",
                 deb_a <= 8_000_000))
    rows.append(("release binary size", size_cell(s[app]["binary"]), size_cell(s[floor]["binary"]),
                 "(reported)", None))
    ma, xa = cold(A)
    mf, xf = cold(F)
    n = len(A["cold_start"])
    rows.append((f"cold start to painted, WebDriver (median / max of {n})",
                 f"{ma:.2f} s / {xa:.2f} s", f"{mf:.2f} s / {xf:.2f} s", "≤ 1 s", xa <= 1.0))
    pa, pf = A["idle_memory"]["pss_kb"], F["idle_memory"]["pss_kb"]
    rows.append(("idle PSS, app + WebKit processes",
                 f"{pa / 1024:.1f} MiB ({pa / pf:.3f}×)", f"{pf / 1024:.1f} MiB", "≤ 1.2× the empty window",
                 pa <= 1.2 * pf))
    ca, cf = A["idle_cpu"], F["idle_cpu"]
    rows.append((f"idle CPU over {ca['seconds'] / 60:.0f} min (one core = 100 %)",
                 f"{ca['percent']:.3f} % ({ca['ticks']} ticks)", f"{cf['percent']:.3f} % ({cf['ticks']} ticks)",
                 "≤ 0.5 %", ca["percent"] <= 0.5))

    out = ["| figure | Roomstart | empty window | goal | met? |", "|---|---|---|---|---|"]
    for fig, a, f, goal, met in rows:
        m = "—" if met is None else ("yes" if met else "**no**")
        out.append(f"| {fig} | {a} | {f} | {goal} | {m} |")
    out.append("")
    out.append("The cold-start goal is checked against the max; the median is beside it.")
    out.append("")
    out.append("Per process (idle PSS, each app alone; USS = private pages):")
    out.append("")
    out.append("| app | process | PSS | USS | RSS |")
    out.append("|---|---|---|---|---|")
    for label, x in (("Roomstart", A), ("empty window", F)):
        for p in x["idle_memory"]["processes"]:
            out.append(f"| {label} | {p['name']} | {p['pss_kb'] / 1024:.1f} MiB | "
                       f"{p['uss_kb'] / 1024:.1f} MiB | {p['rss_kb'] / 1024:.1f} MiB |")
    out.append("")
    out.append("Per process (idle CPU window, both apps running):")
    out.append("")
    out.append("| app | process | ticks | busiest threads (ticks) |")
    out.append("|---|---|---|---|")
    for label, x in (("Roomstart", A), ("empty window", F)):
        for p in x["idle_cpu"]["processes"]:
            busy = ", ".join(f"{t['comm']} {t['ticks']}" for t in p["threads"][:4]) or "—"
            out.append(f"| {label} | {p['name']} | {p['ticks']} | {busy} |")
    out.append("")
    out.append("Cold-start runs, seconds to painted (to the session's answer): " + "; ".join(
        f"{label}: " + ", ".join(f"{c['painted_s']:.2f} ({c['session_s']:.2f})" for c in x["cold_start"])
        for label, x in (("Roomstart", A), ("empty window", F))))
    out.append("")
    out.append("Load average (1, 5, 15 min) at each phase: " + "; ".join(
        f"{k} {' '.join(v)}" for k, v in r.get("loadavg", {}).items()) +
        f". WebDriver requests sent again: {r.get('webdriver_retries', 0)}; "
        f"processes that outlived a session: {', '.join(r.get('leftover_processes', [])) or 'none'}.")
    out.append("")
    out.append(f"PSS at the end of the CPU window, both apps running (shared pages split between them): "
               f"Roomstart {A['memory_after_window']['pss_kb'] / 1024:.1f} MiB, "
               f"empty window {F['memory_after_window']['pss_kb'] / 1024:.1f} MiB.")
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--driver", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--logdir", default=".")
    m.add_argument("--runs", type=int, default=5)
    m.add_argument("--settle", type=float, default=60)
    m.add_argument("--window", type=float, default=600)
    m.add_argument("--pause", type=float, default=2)
    m.add_argument("--app", nargs=4, action="append", required=True,
                   metavar=("NAME", "BINARY", "SELECTOR", "ARGS"))
    t = sub.add_parser("table")
    t.add_argument("results")
    t.add_argument("sizes")
    o = ap.parse_args()
    if o.cmd == "measure":
        measure(o)
    else:
        table(o.results, o.sizes)


if __name__ == "__main__":
    main()
