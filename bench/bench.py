#!/usr/bin/env python3
"""Hushabye benchmark: whole story nights in real time on a private Xvfb.

Started by bench/run.sh (which builds the player first); standard library only.

For each night the player runs with --clock real --trace FIFO; the trace is read
line by line while the player runs and, as each line arrives, the benchmark
samples /proc for the player (utime+stime of the whole process, per-thread
voluntary context switches and run time, VmHWM) and for the Xvfb server
(utime+stime). Consecutive samples bound a segment; each segment belongs to the
phase that the earlier trace line opened:

  start-up     spawn -> first trace line ... -> transition-start to=1
  transition   transition-start -> transition-end (and on to the page line)
  page         page n=N -> next transition-start
  reassurance  reassurance -> dim-start
  dim          dim-start -> dark
  dark         dark -> quit

Frames per phase come from the player's own summary line. Audio goes to SDL's
disk driver (s16 48 kHz stereo raw, paced in real time) so every night also
checks that the narration was played whole; on the slow tablet (or with --audio
pulse) it goes to a private PulseAudio null sink, a device with a real clock,
recorded by parec, so the drift measured is what a listener would hear.
"""
import argparse
import warnings
warnings.filterwarnings("ignore", category=DeprecationWarning)
import audioop  # noqa: E402 (deprecated in 3.13; fine on Debian 12's 3.11)
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zlib
import struct

CLK = os.sysconf("SC_CLK_TCK")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "stories", "moon-says-goodnight")
PHASES = ["start-up", "transition", "page", "reassurance", "dim", "dark"]
SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "1920x1200": (1920, 1200)}
RATE, CHANNELS, WIDTH = 48000, 2, 2  # what the engine asks SDL_mixer for (engine/snd.c)


# ---------------------------------------------------------------- /proc sampling
def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def proc_cpu(pid):
    """utime+stime of the whole process (all threads, living and ended), seconds."""
    s = _read(f"/proc/{pid}/stat")
    if not s:
        return None
    f = s[s.rindex(")") + 2:].split()
    return (int(f[11]) + int(f[12])) / CLK


def proc_tasks(pid):
    """{tid: (voluntary ctxt switches, involuntary, run ns, name)} for every living thread."""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        st = _read(f"/proc/{pid}/task/{tid}/status")
        ss = _read(f"/proc/{pid}/task/{tid}/schedstat")
        if not st:
            continue
        v = re.search(r"^voluntary_ctxt_switches:\s+(\d+)", st, re.M)
        n = re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", st, re.M)
        run = int(ss.split()[0]) if ss else 0
        name = (_read(f"/proc/{pid}/task/{tid}/comm") or "?").strip()
        out[tid] = (int(v.group(1)) if v else 0, int(n.group(1)) if n else 0, run, name)
    return out


def proc_kb(pid, key):
    st = _read(f"/proc/{pid}/status")
    m = re.search(rf"^{key}:\s+(\d+)", st or "", re.M)
    return int(m.group(1)) if m else None


def sample(pid, xpid, raw=None):
    try:  # how much audio the disk driver has written by now (its clock)
        apos = os.stat(raw).st_size if raw else None
    except OSError:
        apos = 0
    return {
        "t": time.monotonic(),
        "apos": apos,
        "cpu": proc_cpu(pid),
        "xcpu": proc_cpu(xpid),
        "tasks": proc_tasks(pid),
        "hwm": proc_kb(pid, "VmHWM"),
        "rss": proc_kb(pid, "VmRSS"),
        "anon": proc_kb(pid, "RssAnon"),
        "file": proc_kb(pid, "RssFile"),
    }


def task_delta(a, b, i):
    """Sum over the threads living at b of what they did since a (threads new
    since a count from zero; threads that ended in between are not seen)."""
    return sum(v[i] - a["tasks"].get(tid, (0, 0, 0))[i] for tid, v in b["tasks"].items())


def thread_deltas(a, b):
    """{thread name: [run ns, voluntary switches]} since a, for the threads living at b
    (the per-page decoding threads all share one name and are summed)."""
    out = {}
    for tid, v in b["tasks"].items():
        old = a["tasks"].get(tid, (0, 0, 0))
        t = out.setdefault(v[3], [0, 0])
        t[0] += v[2] - old[2]
        t[1] += v[0] - old[0]
    return out


# ---------------------------------------------------------------- Xvfb
def host_steal():
    """(steal ticks of the whole machine, monotonic time): the time the host gave
    this machine's CPUs to someone else (/proc/stat's 8th field)."""
    line = (_read("/proc/stat") or "cpu").splitlines()[0].split()
    return (int(line[8]) if len(line) > 8 else 0), time.monotonic()


def steal_since(start):
    """The host's steal since host_steal() gave start: seconds, and % of all the
    machine's CPU time over the interval (a loud host shows here)."""
    (t0, w0), (t1, w1) = start, host_steal()
    sec = (t1 - t0) / CLK
    span = (w1 - w0) * (os.cpu_count() or 1)
    return {"seconds": round(sec, 2), "pct": round(100 * sec / span, 1) if span > 0 else None}


def free_display():
    for n in range(90, 400):
        if not os.path.exists(f"/tmp/.X{n}-lock") and not os.path.exists(f"/tmp/.X11-unix/X{n}"):
            return n
    raise RuntimeError("no free X display number")


def start_xvfb(w, h, workdir, preexec=None):
    for _ in range(5):
        n = free_display()
        log = open(os.path.join(workdir, f"xvfb-{n}.log"), "w")
        p = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
                             stdout=log, stderr=log, preexec_fn=preexec)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and p.poll() is None:
            if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                time.sleep(0.3)  # let it settle before the CPU baseline
                return p, f":{n}"
            time.sleep(0.05)
        stop(p)
    raise RuntimeError("Xvfb did not start (see xvfb-*.log)")


def stop(p, sig=signal.SIGTERM):
    """End p with sig, killed if it has not gone within 5 s."""
    if p and p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def has_glx(display):
    try:
        out = subprocess.run(["xdpyinfo", "-display", display], capture_output=True, text=True,
                             timeout=10).stdout
        return "GLX" in out
    except (OSError, subprocess.TimeoutExpired):
        return None


def gl_libs(pid):
    """Which GL driver the player has mapped (proves the opengl renderer really ran)."""
    maps = _read(f"/proc/{pid}/maps") or ""
    libs = sorted({os.path.basename(l.split()[-1]) for l in maps.splitlines()
                   if re.search(r"(_dri\.so|libGLX_mesa|libgallium|libGL\.so|libEGL)", l)})
    return libs


# ---------------------------------------------------------------- slow tablet
class Limit:
    """Pin to one core and cap at a share of it: cgroup v2 cpu.max, cgroup v1 cfs
    quota, or (where neither can be written) busy loops sharing the core."""

    def __init__(self, core, quota):
        self.core, self.quota, self.path, self.kind, self.loops = core, quota, None, None, []
        period = 100000
        v2 = "/sys/fs/cgroup"
        tries = []
        if "cpu" in (_read(f"{v2}/cgroup.controllers") or "").split():
            tries.append(("cgroup v2 cpu.max", f"{v2}/hushabye-bench-{os.getpid()}",
                          [("cpu.max", f"{int(period * quota)} {period}")]))
        tries.append(("cgroup v1 cpu.cfs_quota_us", f"/sys/fs/cgroup/cpu/hushabye-bench-{os.getpid()}",
                      [("cpu.cfs_period_us", str(period)), ("cpu.cfs_quota_us", str(int(period * quota)))]))
        for kind, path, files in tries:
            try:
                os.mkdir(path)
                for name, val in files:
                    with open(os.path.join(path, name), "w") as f:
                        f.write(val)
                self.path, self.kind = path, kind
                break
            except OSError:
                try:
                    os.rmdir(path)
                except OSError:
                    pass
        if not self.path:
            # Emulation: CFS shares the core between runnable tasks; with k busy
            # loops the player gets about 1/(k+1) of it when it wants to run.
            k = max(1, round(1 / quota) - 1)
            self.kind = f"emulated: {k} busy loops on the same core (no writable cgroup)"
            for _ in range(k):
                self.loops.append(subprocess.Popen(
                    [sys.executable, "-c", "while True: pass"], preexec_fn=self._pin))

    def _pin(self):
        os.sched_setaffinity(0, {self.core})

    def preexec(self):
        os.sched_setaffinity(0, {self.core})
        if self.path:
            with open(os.path.join(self.path, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

    def stats(self):
        if not self.path:
            return None
        name = "cpu.stat"
        return (_read(os.path.join(self.path, name)) or "").strip()

    def throttled(self):
        """(periods throttled, seconds throttled) so far: when the quota ran out,
        everything in the group (the audio thread too) waited for the next period."""
        st = self.stats()
        if not st:
            return None
        kv = dict(l.split() for l in st.splitlines() if len(l.split()) == 2)
        if "throttled_usec" in kv:
            return int(kv.get("nr_throttled", 0)), int(kv["throttled_usec"]) / 1e6
        return int(kv.get("nr_throttled", 0)), int(kv.get("throttled_time", 0)) / 1e9

    def close(self):
        for p in self.loops:
            p.kill()
            p.wait()
        if self.path:
            for _ in range(50):
                try:
                    os.rmdir(self.path)
                    break
                except OSError:
                    time.sleep(0.1)


# ---------------------------------------------------------------- a sound card's clock
PULSE_PKGS = "pulseaudio pulseaudio-utils"


def pulse_present():
    return all(shutil.which(x) for x in ("pulseaudio", "parec", "pactl"))


class Pulse:
    """The tablet's sound server and card, kept apart from the player: a private
    PulseAudio daemon (its own runtime folder in the night's work folder, no
    system daemon, no autospawn, no realtime) with one null sink, and parec
    recording that sink's monitor (s16 48 kHz stereo raw) from before the player
    starts. The null sink plays on its own clock (the monotonic clock, whether or
    not the player has delivered), as a card does: a player that is late shows as
    an underrun, a quiet gap, where SDL's disk driver would fall behind instead.
    Both run outside the slow tablet's quota; only the player and Xvfb are in it.
    The daemon logs at debug level, which names every underrun of the player's
    stream with its time (a few hundred lines a night)."""

    SINK = "tablet"
    running = []  # closed by main() too, should a night end in an exception

    def __init__(self, workdir, raw):
        self.dir = os.path.join(workdir, "pulse")
        os.makedirs(self.dir, mode=0o700)
        self.sock = os.path.join(self.dir, "native")
        self.conf = os.path.join(self.dir, "client.conf")
        self.log_path = os.path.join(workdir, "pulseaudio.log")
        self.raw = raw
        with open(self.conf, "w") as f:
            f.write("autospawn = no\n")
        # Nothing of the daemon's or parec's in the user's home or /run/user.
        self.env = dict(os.environ, HOME=self.dir, XDG_RUNTIME_DIR=self.dir, XDG_CONFIG_HOME=self.dir,
                        PULSE_RUNTIME_PATH=self.dir, PULSE_STATE_PATH=self.dir,
                        PULSE_CLIENTCONFIG=self.conf, PULSE_SERVER="unix:" + self.sock)
        self.daemon = self.rec = None
        Pulse.running.append(self)
        log = open(self.log_path, "w")
        self.t_daemon = time.monotonic()  # the log's times count from about here
        self.daemon = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--system=no", "--exit-idle-time=-1",
             "--realtime=no", "--high-priority=no", "--use-pid-file=no", "--disallow-exit=yes",
             "--log-target=stderr", "--log-level=debug", "--log-time=1",
             f"--load=module-null-sink sink_name={self.SINK} rate={RATE} channels={CHANNELS} format=s16le",
             f"--load=module-native-protocol-unix socket={self.sock} auth-anonymous=1"],
            env=self.env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        try:
            self._wait(lambda: os.path.exists(self.sock) and self._ready(), 10, "PulseAudio did not start")
            self.t_rec = time.monotonic()
            out = open(raw, "wb")
            self.rec = subprocess.Popen(
                ["parec", "-d", self.SINK + ".monitor", "--format=s16le", f"--rate={RATE}",
                 f"--channels={CHANNELS}", "--raw", "--latency-msec=10"],
                env=self.env, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            out.close()
            self._wait(lambda: os.path.getsize(raw) > 0, 10, "parec recorded nothing")
        except Exception:
            self.close()
            raise

    def _ready(self):
        return subprocess.run(["pactl", "info"], env=self.env, capture_output=True, timeout=10).returncode == 0

    def _wait(self, cond, seconds, why):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.daemon.poll() is not None or (self.rec and self.rec.poll() is not None):
                break
            if cond():
                return
            time.sleep(0.02)
        raise RuntimeError(f"{why} (see {self.log_path})")

    def player_env(self):
        """What the player needs to play into this daemon through SDL's pulseaudio driver."""
        return {"SDL_AUDIODRIVER": "pulseaudio", "PULSE_SERVER": "unix:" + self.sock,
                "PULSE_CLIENTCONFIG": self.conf, "PULSE_RUNTIME_PATH": self.dir,
                "PULSE_COOKIE": os.path.join(self.dir, "cookie")}

    def close(self):
        """Stop the recording (SIGINT: parec writes what it holds), then the daemon."""
        self.t_stop = time.monotonic()
        if self in Pulse.running:
            Pulse.running.remove(self)
        for p in (self.rec, self.daemon):
            stop(p, signal.SIGINT)

    def underruns(self):
        """Monotonic times at which the daemon found the player's stream empty
        ("Implicit underrun of 'Audio Stream'"): the sink played silence for it."""
        out = []
        for line in (_read(self.log_path) or "").splitlines():
            m = re.match(r"\(\s*([\d.]+)\|\s*[\d.]+\) D: .*(?:Implicit|Explicit) underrun of", line)
            if m:
                out.append(self.t_daemon + float(m.group(1)))
        return out


def pulse_libs(pid):
    """Which PulseAudio client libraries the player has mapped (proves SDL's
    pulseaudio driver really ran)."""
    maps = _read(f"/proc/{pid}/maps") or ""
    return sorted({os.path.basename(l.split()[-1]) for l in maps.splitlines()
                   if re.search(r"libpulse", l)})


# ---------------------------------------------------------------- one night
def audio_device(opt, slow):
    """The audio device a night plays into: --audio as given, or (auto) PulseAudio
    for the slow tablet where it is installed, where the device's clock is the
    question, and the disk driver elsewhere (no daemon beside the CPU figures)."""
    want = getattr(opt, "audio", None) or "auto"
    if want == "auto":
        if slow and not pulse_present():
            print(f"bench: the slow night's audio goes to SDL's disk driver, whose clock is its own sleeps; "
                  f"for a device with a real clock: apt-get install {PULSE_PKGS}", file=sys.stderr)
        return "pulse" if slow and pulse_present() else "disk"
    if want == "pulse" and not pulse_present():
        sys.exit(f"bench: --audio pulse needs PulseAudio and parec (apt-get install {PULSE_PKGS})")
    return want


def trace_line(line, s, t_spawn):
    """A trace line as an event: its time, name and key=value pairs, with when it
    arrived (s, the sample taken then) and the audio position then; None for a
    line that is not an event."""
    parts = line.split()
    if len(parts) < 2:
        return None
    kv = dict(x.split("=", 1) for x in parts[2:] if "=" in x)
    return {"trace_t": float(parts[0]), "event": parts[1], "kv": kv, "at": s["t"] - t_spawn,
            "apos": s["apos"]}


def picture_cache(env, d, mode, binary, size, story):
    """The player's cache of pictures for a night (docs/cheap.md), in the night's
    own folder: "warm" as on every night after a story's first (filled first by
    a virtual-clock night of the same story at the same size, before anything is
    measured), "cold" as on its first night (empty: every drawing drawn and kept
    during the night), "off" (drawn every time, nothing kept). Returns what the
    filling night said (its summary's drawings_stored plus photos_stored), or None."""
    env["XDG_CACHE_HOME"] = os.path.join(d, "cache")
    if mode == "off":
        env["HUSHABYE_PICTURE_CACHE"] = "off"
        return None
    if mode != "warm":
        return None
    trace = os.path.join(d, "prefill.trace")
    fill = dict(env, SDL_AUDIODRIVER="dummy")
    subprocess.run([binary, "--size", f"{size[0]}x{size[1]}", "--clock", "virtual", "--trace", trace,
                    "--exit-when-dark", "0", "--dim", "1", story], env=fill,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    text = _read(trace) or ""
    m = re.search(r"drawings_stored=(\d+)", text)
    p = re.search(r"photos_stored=(\d+)", text)
    return int(m.group(1)) + (int(p.group(1)) if p else 0) if m else None


def night(opt, label, renderer, size, story=None, dim=20.0, dark=30.0, limit=None, workdir=None,
          audio=None):
    """One night in real time. audio: "disk" (SDL's disk driver writes the raw file,
    paced by its own sleeps) or "pulse" (a private PulseAudio null sink, a device
    with a real clock, recorded by parec; see Pulse); None: audio_device()."""
    audio = audio or audio_device(opt, limit is not None)
    w, h = size
    d = tempfile.mkdtemp(prefix="night-", dir=workdir)
    raw = os.path.join(d, "audio.raw")
    fifo = os.path.join(d, "trace.fifo")
    os.mkfifo(fifo)
    preexec = limit.preexec if limit else None
    # The sound server and card first, outside the quota, recording before the player starts.
    pulse = Pulse(d, raw) if audio == "pulse" else None
    xv, display = start_xvfb(w, h, d, preexec)
    glx = has_glx(display) if renderer == "opengl" else None
    env = dict(os.environ, DISPLAY=display, SDL_RENDER_DRIVER=renderer)
    if pulse:
        env.update(pulse.player_env())
    else:
        env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=raw)
    env.pop("SDL_VIDEODRIVER", None)
    if renderer == "auto":  # nothing asked: the player chooses by itself
        env.pop("SDL_RENDER_DRIVER", None)
    for kv in opt.env or []:
        k, _, v = kv.partition("=")
        env[k] = v
    # Always a folder: without one the player opens the bookshelf and waits.
    story = story or BUNDLED
    pictures = getattr(opt, "pictures", "warm")
    prefill = picture_cache(env, d, pictures, opt.bin, size, story)
    cmd = [opt.bin, "--size", f"{w}x{h}", "--clock", "real", "--trace", fifo,
           "--exit-when-dark", str(dark), "--dim", str(dim), story]
    errlog = open(os.path.join(d, "stderr.log"), "w")
    x_base = proc_cpu(xv.pid)
    steal0 = host_steal()
    t_spawn = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errlog, preexec_fn=preexec)
    samples = [{"t": t_spawn, "cpu": 0.0, "xcpu": x_base, "tasks": {}, "hwm": 0, "rss": 0}]
    events = []
    timed_out = []

    def watchdog():
        timed_out.append(1)
        p.kill()
        try:  # unblock a reader still waiting for the FIFO to open
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass

    timer = threading.Timer(opt.timeout + dim + dark, watchdog)
    timer.start()
    gl = pl = None
    with open(fifo) as f:
        for line in f:
            s = sample(p.pid, xv.pid, raw)
            s["throttled"] = limit.throttled() if limit else None
            e = trace_line(line, s, t_spawn)
            if not e:
                continue
            events.append(e)
            samples.append(s)
            if gl is None and e["event"] == "transition-start":
                gl = gl_libs(p.pid)
                pl = pulse_libs(p.pid)
    timer.cancel()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    steal = steal_since(steal0)
    x_end = proc_cpu(xv.pid)
    stop(xv)
    if pulse:
        pulse.close()
    errlog.close()
    res = analyse(events, samples, label, renderer, size, dim, dark)
    res["exit_code"] = p.returncode
    res["extra_env"] = opt.env or []
    res["timed_out"] = bool(timed_out)
    res["rusage"] = {"utime": ru.ru_utime, "stime": ru.ru_stime, "maxrss_kb": ru.ru_maxrss,
                     "nvcsw": ru.ru_nvcsw, "nivcsw": ru.ru_nivcsw}
    res["x_cpu_total"] = round(x_end - x_base, 3) if x_end is not None else None
    res["host_steal"] = steal
    res["gl_libraries_mapped"] = gl
    summ = next((e["kv"] for e in reversed(events) if e["event"] == "summary"), {})
    res["pictures"] = {"cache": pictures, "prefill": prefill,
                       "drawings_cached": summ.get("drawings_cached"),
                       "drawings_stored": summ.get("drawings_stored"),
                       "photos_cached": summ.get("photos_cached"),
                       "photos_stored": summ.get("photos_stored")}
    if renderer == "opengl":
        res["glx_on_xvfb"] = glx
    res["stderr"] = open(os.path.join(d, "stderr.log")).read().strip().splitlines()[-10:]
    dev = None
    if pulse:
        dev = {"kind": "pulse", "t_spawn": t_spawn, "t_rec": pulse.t_rec, "t_stop": pulse.t_stop,
               "underruns": pulse.underruns(), "libraries": pl}
    res["audio"] = audio_check(raw, events, story, dev, t_spawn)
    res["audio_device"] = ("pulse: private PulseAudio null sink recorded by parec, SDL_AUDIODRIVER=pulseaudio"
                           if pulse else "disk: SDL_AUDIODRIVER=disk (raw file, paced by the driver's sleeps)")
    res["audio_libraries_mapped"] = pl
    if limit:
        res["limit"] = {"kind": limit.kind, "core": limit.core, "quota": limit.quota,
                        "cgroup_cpu_stat": limit.stats()}
    if not opt.keep:
        shutil.rmtree(d, ignore_errors=True)
    else:
        res["workdir"] = d
    return res


def startup_runs(opt, renderer, size, n, workdir):
    """Start-up alone, n times on one Xvfb: spawn -> first trace line and -> the
    first transition-start (written right before the first frame is drawn)."""
    d = tempfile.mkdtemp(prefix="startup-", dir=workdir)
    xv, display = start_xvfb(size[0], size[1], d)
    env = dict(os.environ, DISPLAY=display, SDL_RENDER_DRIVER=renderer, SDL_AUDIODRIVER="disk",
               SDL_DISKAUDIOFILE=os.path.join(d, "audio.raw"))
    env.pop("SDL_VIDEODRIVER", None)
    if renderer == "auto":  # nothing asked: the player chooses by itself
        env.pop("SDL_RENDER_DRIVER", None)
    for kv in opt.env or []:
        k, _, v = kv.partition("=")
        env[k] = v
    first, frame = [], []
    try:
        for i in range(n):
            fifo = os.path.join(d, f"trace{i}.fifo")
            os.mkfifo(fifo)
            t0 = time.monotonic()
            p = subprocess.Popen([opt.bin, "--size", f"{size[0]}x{size[1]}", "--clock", "real",
                                  "--trace", fifo, opt.story or BUNDLED],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            timer = threading.Timer(30, p.kill)
            timer.start()
            with open(fifo) as f:
                for line in f:
                    now = time.monotonic() - t0
                    if not first or len(first) <= i:
                        first.append(now)
                    if " transition-start" in line:
                        frame.append(now)
                        p.terminate()
                        break
            timer.cancel()
            p.wait()
            time.sleep(0.3)
    finally:
        stop(xv)
        shutil.rmtree(d, ignore_errors=True)
    med = lambda v: sorted(v)[len(v) // 2] if v else None
    return {"renderer": renderer, "size": f"{size[0]}x{size[1]}", "runs": n,
            "first_trace_line_ms": [round(1000 * x, 1) for x in first],
            "first_frame_ms": [round(1000 * x, 1) for x in frame],
            "first_frame_ms_median": round(1000 * med(frame), 1) if frame else None,
            "first_frame_ms_min": round(1000 * min(frame), 1) if frame else None}


def drawing_runs(opt, size, dim, n, workdir):
    """The drawing work of a whole night, alone: the virtual clock draws every
    frame of every phase at once and waits for nothing, so what the player and
    the X server spend is the frames' work, not the night's waits. n rounds on
    one Xvfb, each with the 16-byte kernels (HUSHABYE_KERNELS=narrow) and the
    ones the player chooses by itself, one after the other, so the machine's
    noise falls on both alike. CPU-s (player's user + system, from its rusage;
    the X server's from /proc), and the frames per phase, which must match."""
    d = tempfile.mkdtemp(prefix="drawing-", dir=workdir)
    xv, display = start_xvfb(size[0], size[1], d)
    env = dict(os.environ, DISPLAY=display, SDL_AUDIODRIVER="dummy")
    env.pop("SDL_VIDEODRIVER", None)
    env.pop("SDL_RENDER_DRIVER", None)  # the player's own choice: the CPU path here
    for kv in opt.env or []:
        k, _, v = kv.partition("=")
        env[k] = v
    out = {"size": f"{size[0]}x{size[1]}", "rounds": n, "dim": dim, "widths": {}}
    try:
        for i in range(n):
            for width in ("narrow", "auto"):
                trace = os.path.join(d, f"{width}-{i}.trace")
                e = dict(env)
                if width == "narrow":
                    e["HUSHABYE_KERNELS"] = "narrow"
                x0, t0 = proc_cpu(xv.pid), os.times()
                p = subprocess.run([opt.bin, "--size", f"{size[0]}x{size[1]}", "--clock", "virtual",
                                    "--dim", str(dim), "--exit-when-dark", "0", "--trace", trace,
                                    opt.story or BUNDLED],
                                   env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   timeout=300)
                t1, x1 = os.times(), proc_cpu(xv.pid)
                lines = open(trace).read().splitlines()
                video = next((l for l in lines if " video " in f" {l} "), "")
                summ = lines[-1] if lines and " summary " in lines[-1] else ""
                w = out["widths"].setdefault(width, {"cpu_s": [], "x_s": [], "frames": set(),
                                                      "kernels": set(), "exit": []})
                w["cpu_s"].append(round((t1.children_user - t0.children_user) +
                                        (t1.children_system - t0.children_system), 3))
                w["x_s"].append(round((x1 or 0) - (x0 or 0), 2))
                w["frames"].add(" ".join(x for x in summ.split() if x.startswith("frames_")))
                w["kernels"].add(video.rpartition("kernels=")[2] if "kernels=" in video else video)
                w["exit"].append(p.returncode)
    finally:
        stop(xv)
        shutil.rmtree(d, ignore_errors=True)
    med = lambda v: sorted(v)[len(v) // 2] if v else None
    for w in out["widths"].values():
        w["frames"], w["kernels"] = sorted(w["frames"]), sorted(w["kernels"])
        w["cpu_s_median"] = med(w["cpu_s"])
        w["x_s_median"] = med(w["x_s"])
    nw, aw = out["widths"].get("narrow"), out["widths"].get("auto")
    out["same_frames"] = bool(nw and aw and len(nw["frames"]) == 1 and nw["frames"] == aw["frames"])
    out["ok"] = out["same_frames"] and all(c == 0 for w in out["widths"].values() for c in w["exit"])
    if nw and aw and aw["cpu_s_median"]:
        out["narrow_over_auto"] = round(nw["cpu_s_median"] / aw["cpu_s_median"], 2)
    return out


def analyse(events, samples, label, renderer, size, dim, dark):
    ph = {k: {"wall": 0.0, "cpu": 0.0, "xcpu": 0.0, "vcs": 0, "ivcs": 0, "run_ns": 0}
          for k in PHASES + ["after"]}
    segments = []
    cur = "start-up"
    first_frame = None
    page_no = None
    for i, e in enumerate(events):
        a, b = samples[i], samples[i + 1]
        seg = {"phase": cur, "from": events[i - 1]["event"] if i else "spawn", "to": e["event"],
               "wall": b["t"] - a["t"],
               "cpu": (b["cpu"] or 0) - (a["cpu"] or 0) if b["cpu"] is not None else 0.0,
               "xcpu": (b["xcpu"] or 0) - (a["xcpu"] or 0),
               "vcs": task_delta(a, b, 0) if b["tasks"] else 0,
               "ivcs": task_delta(a, b, 1) if b["tasks"] else 0,
               "run_ns": task_delta(a, b, 2) if b["tasks"] else 0}
        if cur == "page":
            seg["page"] = page_no
        for k in ("wall", "cpu", "xcpu", "vcs", "ivcs", "run_ns"):
            ph[cur][k] += seg[k]
        if a.get("throttled") and b.get("throttled"):
            ph[cur]["throttled_periods"] = ph[cur].get("throttled_periods", 0) + b["throttled"][0] - a["throttled"][0]
            ph[cur]["throttled_s"] = round(ph[cur].get("throttled_s", 0) + b["throttled"][1] - a["throttled"][1], 4)
        if b["tasks"]:
            th = ph[cur].setdefault("threads", {})
            for name, (run, vcs) in thread_deltas(a, b).items():
                t = th.setdefault(name, [0, 0])
                t[0] += run
                t[1] += vcs
        segments.append(seg)
        ev = e["event"]
        if ev == "transition-start":
            if first_frame is None:
                first_frame = e
            cur = "transition"
        elif ev == "page":
            cur, page_no = "page", e["kv"].get("n")
        elif ev == "reassurance":
            cur = "reassurance"
        elif ev == "dim-start":
            cur = "dim"
        elif ev == "dark":
            cur = "dark"
        elif ev == "quit":
            cur = "after"
    summary = next((e["kv"] for e in events if e["event"] == "summary"), {})
    frames_key = {"transition": "frames_transition", "page": "frames_page",
                  "reassurance": "frames_reassurance", "dim": "frames_dim", "dark": "frames_dark"}
    ph.pop("after")  # quit -> summary: the exit itself
    for k, v in ph.items():
        v["frames"] = int(summary[frames_key[k]]) if k in frames_key and frames_key[k] in summary else None
        wall = v["wall"]
        v["cpu_pct"] = 100 * (v["cpu"] + v["xcpu"]) / wall if wall > 0 else None
        v["player_pct"] = 100 * v["cpu"] / wall if wall > 0 else None
        v["x_pct"] = 100 * v["xcpu"] / wall if wall > 0 else None
        v["player_run_pct"] = 100 * v["run_ns"] / 1e9 / wall if wall > 0 else None
        for key in ("wall", "cpu", "xcpu"):
            v[key] = round(v[key], 3)
        for key in ("cpu_pct", "player_pct", "x_pct", "player_run_pct"):
            v[key] = round(v[key], 3) if v[key] is not None else None
        # Where the player's time and wake-ups go, thread by thread (schedstat, ns).
        v["threads"] = {name: {"run_pct": round(100 * run / 1e9 / wall, 4) if wall > 0 else None,
                               "wakeups_per_s": round(vcs / wall, 2) if wall > 0 else None}
                        for name, (run, vcs) in sorted(v.get("threads", {}).items())}
    if ph["transition"]["frames"] and ph["transition"]["wall"]:
        ph["transition"]["fps"] = round(ph["transition"]["frames"] / ph["transition"]["wall"], 1)
    pages = {}
    for s in segments:
        if s["phase"] == "page":
            p = pages.setdefault(s["page"], {"wall": 0.0, "cpu": 0.0, "xcpu": 0.0, "vcs": 0})
            for k in p:
                p[k] += s[k]
    for p in pages.values():
        p["cpu_pct"] = round(100 * (p["cpu"] + p["xcpu"]) / p["wall"], 3) if p["wall"] else None
        for k in ("wall", "cpu", "xcpu"):
            p[k] = round(p[k], 3)
    # The hold after a page's narration (narration-end -> transition-start): a still
    # page with the audio device open and nothing decoding. (The stretch while the
    # narration plays also holds the next page's decode and compose, prepared just
    # after narration-start.)
    held = [x for x in segments if x["phase"] == "page" and x["from"] == "narration-end"]
    hw = sum(x["wall"] for x in held)
    ph["page"]["holding"] = {
        "wall": round(hw, 3), "cpu": round(sum(x["cpu"] for x in held), 3),
        "xcpu": round(sum(x["xcpu"] for x in held), 3), "vcs": sum(x["vcs"] for x in held),
        "player_run_pct": round(100 * sum(x["run_ns"] for x in held) / 1e9 / hw, 3) if hw else None}
    hwm = [s["hwm"] for s in samples if s.get("hwm")]
    top = max((s for s in samples if s.get("rss")), key=lambda s: s["rss"], default=None)
    res = {
        "label": label, "renderer": renderer, "size": f"{size[0]}x{size[1]}", "dim": dim, "dark": dark,
        "phases": ph, "pages": pages,
        "segments": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in x.items()} for x in segments],
        "startup": {
            "first_trace_line_ms": round(1000 * events[0]["at"], 1) if events else None,
            "first_frame_ms": round(1000 * first_frame["at"], 1) if first_frame else None,
            "first_frame_trace_t": first_frame["trace_t"] if first_frame else None,
        },
        "peak_kb": max(hwm) if hwm else None,
        "largest_rss_seen": {"rss_kb": top["rss"], "anon_kb": top["anon"], "file_kb": top["file"],
                             "at": top["t"] - samples[0]["t"]} if top else None,
        "summary": summary,
        "trace": [f'{e["trace_t"]:.3f} {e["event"]} ' + " ".join(f"{k}={v}" for k, v in e["kv"].items())
                  for e in events],
    }
    res["checks"] = night_checks(events, summary)
    return res


def night_checks(events, summary):
    """Does the trace show a whole, correct night?"""
    names = [e["event"] for e in events]
    pages = [e["kv"].get("n") for e in events if e["event"] == "page"]
    narr = {}
    for e in events:
        if e["event"] == "narration-start":
            narr[e["kv"]["n"]] = [e["trace_t"], float(e["kv"]["seconds"]), None]
        elif e["event"] == "narration-end" and e["kv"].get("n") in narr:
            narr[e["kv"]["n"]][2] = e["trace_t"]
    cut = {n: round((v[2] - v[0]) - v[1], 3) for n, v in narr.items() if v[2] is not None}
    c = {
        "pages_seen": pages,
        "transitions_started": names.count("transition-start"),
        "transitions_ended": names.count("transition-end"),
        "reassurance": "reassurance" in names,
        "dark": "dark" in names,
        "quit": "quit" in names,
        "problems": int(summary.get("problems", -1)),
        "narration_played_minus_length_s": cut,
        "narrations_without_end": [n for n, v in narr.items() if v[2] is None],
        # The player's own word that it could not keep up: when and why it
        # lowered the animations to 15 fps (None: 30 all night).
        "frame_budget": next(({"t": e["trace_t"], "why": e["kv"].get("why", "frames")}
                              for e in events if e["event"] == "frame-budget"), None),
    }
    c["ok"] = bool(pages and c["transitions_started"] == c["transitions_ended"] and c["reassurance"]
                   and c["dark"] and c["quit"] and c["problems"] == 0 and not c["narrations_without_end"]
                   and all(abs(v) < 0.25 for v in cut.values()))
    return c


# ---------------------------------------------------------------- audio
AUDIO_EXT = (".ogg", ".opus", ".mp3", ".flac", ".wav")
WIN = RATE // 100  # 10 ms windows


def loudness(data, thr_db=-45.0):
    """One flag per 10 ms of s16 stereo raw audio: louder than thr_db dBFS."""
    thr = 32768 * 10 ** (thr_db / 20)
    step = WIN * CHANNELS * WIDTH
    return [audioop.max(data[i:i + step], WIDTH) > thr for i in range(0, len(data) - step + 1, step)]


def extent(loud, a=0, b=None):
    """(first loud, last loud + 1, longest quiet run between) in seconds, within windows a..b."""
    b = len(loud) if b is None else min(b, len(loud))
    idx = [i for i in range(max(0, a), b) if loud[i]]
    if not idx:
        return None
    gap = max([j - i - 1 for i, j in zip(idx, idx[1:])] or [0])
    return idx[0] / 100, (idx[-1] + 1) / 100, gap / 100


def decode(path):
    try:
        r = subprocess.run(["sox", path, "-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16",
                            "-c", str(CHANNELS), "-"], capture_output=True, timeout=60)
        return r.stdout if r.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def sox_length(raw):
    try:
        r = subprocess.run(["sox", "-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c",
                            str(CHANNELS), raw, "-n", "stat"], capture_output=True, text=True, timeout=60)
        m = re.search(r"Length \(seconds\):\s+([\d.]+)", r.stderr)
        return float(m.group(1)) if m else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def narration_source(story_dir, n):
    if not n.isdigit():
        return None
    for f in sorted(os.listdir(story_dir)):
        m = re.match(r"^0*(\d+)", f)
        if m and int(m.group(1)) == int(n) and f.lower().endswith(AUDIO_EXT):
            return os.path.join(story_dir, f)
    return None


BLOCK = 4096 / RATE  # the engine's mixing block (AUDIO_CHUNK in engine/snd.c), seconds


def voice_bounds(data, ext, gain=1.0, thr_db=-45.0):
    """(first, last) sample time in seconds of s16 stereo data louder than thr_db
    dBFS times gain, searched around the 10 ms windows of ext (from extent()): the
    voice's start and end to the sample, so a capture and its source can be
    compared finer than the windows (gain: the capture's level against the source's,
    the player's volume)."""
    thr = 32768 * 10 ** (thr_db / 20) * gain
    fw = CHANNELS * WIDTH
    n = len(data) // fw

    def scan(a, b, step):
        a, b = max(0, min(n, a)), max(0, min(n, b))
        view = memoryview(data)[:n * fw].cast("h")
        rng = range(a, b) if step > 0 else range(b - 1, a - 1, -1)
        for i in rng:
            if abs(view[2 * i]) > thr or abs(view[2 * i + 1]) > thr:
                return i / RATE
        return None
    w = WIN  # the windows are flagged at the unscaled level: look a little wider
    lo = scan(int(ext[0] * RATE) - 5 * w, int(ext[0] * RATE) + 2 * w, 1)
    hi = scan(int(ext[1] * RATE) - 2 * w, int(ext[1] * RATE) + 5 * w, -1)
    return lo, hi


def audio_check(raw, events, story_dir, dev=None, t_spawn=None):
    """Was every narration heard whole, and on time? raw is the capture: the disk
    driver's file (dev None) or parec's recording of the PulseAudio null sink (dev
    from night(): the monotonic times parec started and stopped, the daemon's
    underruns, the libraries the player mapped). Figures in seconds."""
    pulse = bool(dev and dev.get("kind") == "pulse")
    if not os.path.exists(raw):
        return {"ok": False, "device": "pulse" if pulse else "disk",
                "why": "no audio file written (" + ("parec" if pulse else "disk driver") + " not used?)"}
    bps = RATE * CHANNELS * WIDTH
    data = open(raw, "rb").read()
    length = len(data) / bps
    out = {"device": "pulse" if pulse else "disk", "file_seconds": round(length, 3), "sox_seconds": sox_length(raw)}
    t = {e["event"]: e for e in reversed(events)}
    first = events[0]
    if pulse:
        # The fair zero of the capture: parec's file holds apos bytes at each trace
        # line, so its first sample was played no later than (then - apos/bps), and
        # exactly then when parec had just written out (it writes every 10 ms); the
        # smallest such time over the night is the estimate (parec's own start is
        # earlier by its connection, reported). The trace's clock (the player's
        # monotonic seconds from its start) is put on the same clock by the smallest
        # delay between a line's time and its reading here (the reader is outside the
        # quota). The drift below takes the first narration as its zero and so does
        # not depend on either; these only make the absolute "heard after" figures.
        seen = [(t_spawn + e["at"], e["apos"]) for e in events if e.get("apos")]
        zero = min(w - a / bps for w, a in seen) if seen else dev["t_rec"]
        off = min(t_spawn + e["at"] - e["trace_t"] for e in events)
        out["capture_zero_after_parec_start_s"] = round(zero - dev["t_rec"], 4)
        out["trace_read_delay_s"] = {"max": round(max(t_spawn + e["at"] - e["trace_t"] - off for e in events), 4)}
        if len(seen) >= 2:
            # the card's clock against the wall clock: how far the recorded audio
            # trails the wall at each line beyond the least (parec's 10 ms writes)
            trail = [w - a / bps - zero for w, a in seen]
            out["capture_trails_wall_s"] = {"max": round(max(trail), 4), "last": round(trail[-1], 4)}
        out["player_libraries"] = dev.get("libraries")

        def pos_of(e):  # where the trace line falls in the capture
            return e["trace_t"] + off - zero
    else:
        def pos_of(e):  # the disk device opens just before the first trace line
            return e["trace_t"] - first["trace_t"]
    # The disk device is opened just before the first trace line and closed right
    # after 'dark' and writes in real time while it is open; the recording runs on
    # beyond 'dark' (the device closed, silence), so it must only reach it.
    if "dark" in t:
        expected = pos_of(t["dark"])
        out["expected_seconds"] = round(expected, 3)
        out["shortfall_seconds"] = round(expected - length, 3)
    loud = loudness(data)
    narr = [e for e in events if e["event"] == "narration-start"]
    # Voiced stretches split at quiet runs over 1 s: narrations are at least a hold
    # and a transition apart, their own pauses are shorter. Paired in order with the
    # narrations when the counts agree (robust to the capture running late after
    # audio starvation), else each narration takes the stretch nearest its start.
    spans, i, n = [], 0, len(loud)
    while i < n:
        if not loud[i]:
            i += 1
            continue
        j = last = i
        while j < n and j - last <= 100:
            if loud[j]:
                last = j
            j += 1
        spans.append(extent(loud, i, last + 1))
        i = last + 1
    out["voiced_stretches"] = len(spans)
    rows = []
    ok = bool(narr)
    for k, e in enumerate(narr):
        row = {"n": e["kv"]["n"], "seconds": float(e["kv"]["seconds"])}
        pos = pos_of(e)
        if len(spans) == len(narr):
            ext = spans[k]
        else:
            ext = min(spans, key=lambda x: abs(x[0] - pos), default=None)
        if not ext:
            row["ok"] = False
            ok = False
            rows.append(row)
            continue
        if e.get("apos") is not None and first.get("apos") is not None:
            # The device's own clock at the trace line: audio written by then (for the
            # disk driver the block it is about to mix, for parec what the card had
            # played). The narration's voice should begin at that position or after.
            row["device_s"] = round(e["apos"] / bps, 4)
            row["wall_s"] = round(e["at"] - first["at"], 4)
        row["capture_voiced_s"] = round(ext[1] - ext[0], 2)
        row["capture_longest_quiet_s"] = ext[2]
        row["capture_lead_s"] = round(ext[0] - pos, 2)
        src = narration_source(story_dir, row["n"])
        sd = decode(src) if src else None
        sl = loudness(sd) if sd else None
        sx = extent(sl) if sd else None
        if sx:
            row["source_voiced_s"] = round(sx[1] - sx[0], 2)
            row["source_longest_quiet_s"] = sx[2]
            row["source_lead_s"] = sx[0]
            # how far the capture runs behind the trace clock at this narration
            row["capture_late_s"] = round(sx[0] - row["capture_lead_s"], 2)
            if pulse:
                # To the sample: where the source's first sample is heard in the
                # capture, when that is after the trace line (the wait for the next
                # mixing block, 0..85 ms, and the queues of the player and the
                # server), and how much longer the voice lasts than in its source:
                # silence the card played inside it because the player had
                # delivered nothing (an underrun, heard as a gap).
                i0, i1 = int(ext[0] * RATE) * CHANNELS * WIDTH, int(ext[1] * RATE) * CHANNELS * WIDTH
                gain = audioop.max(data[i0:i1], WIDTH) / max(1, audioop.max(sd, WIDTH))
                c0, c1 = voice_bounds(data, ext, gain)
                s0, s1 = voice_bounds(sd, sx)
                if None not in (c0, c1, s0, s1):
                    row["level"] = round(gain, 3)
                    row["onset_s"] = round(c0 - s0, 5)
                    row["heard_after_s"] = round(c0 - s0 - pos, 4)
                    row["gap_added_s"] = round((c1 - c0) - (s1 - s0), 4)
            if "device_s" in row:
                # how long after the device's position at the trace line the voice is
                # heard: the mixing block it fell in (0 .. one block)
                row["start_after_s"] = round(ext[0] - sx[0] - row["device_s"], 3)
            row["ok"] = (abs(row["capture_voiced_s"] - row["source_voiced_s"]) <= 0.05
                         and row["capture_longest_quiet_s"] <= row["source_longest_quiet_s"] + 0.03
                         and abs(row.get("gap_added_s", 0)) <= 0.005)
        else:  # no source to compare with (the reassurance voice): voiced, not longer than itself
            row["ok"] = 0.3 * row["seconds"] < row["capture_voiced_s"] <= row["seconds"] + 0.05
        ok = ok and row["ok"]
        rows.append(row)
    out["narrations"] = rows
    if pulse:
        # The audio clock against the wall clock over the night: how much later the
        # last narration is heard than the first, each after its trace line. On a
        # real clock that is silence the card had to play because the player was
        # late, pushing everything after it later. Heard against the trace line it
        # is hidden in the wait for the next mixing block (0..85 ms, different at
        # every narration), so it is taken from the block grid instead: every block
        # the player hands over is BLOCK long and a voice starts at a block's start,
        # so without such silence every onset lies on the first one's grid; how far
        # a later onset is off that grid is the silence played since (modulo one
        # block; whole blocks are taken from the heard times where those differ by
        # more than a block). drift_heard_seconds is the plain difference, block
        # wait included.
        pr = [r for r in rows if "onset_s" in r]
        heard = [r["heard_after_s"] for r in pr]
        out["mixing_block_s"] = round(BLOCK, 5)
        out["heard_after_seconds"] = {"min": min(heard), "max": max(heard)} if heard else None
        out["drift_heard_seconds"] = round(heard[-1] - heard[0], 4) if len(heard) >= 2 else None
        for r in pr:
            g = (r["onset_s"] - pr[0]["onset_s"]) % BLOCK
            r["grid_shift_s"] = round(g - BLOCK if g > BLOCK / 2 else g, 4)
        out["grid_steps"] = [{"n": b["n"], "s": round(b["grid_shift_s"] - a["grid_shift_s"], 4)}
                             for a, b in zip(pr, pr[1:]) if abs(b["grid_shift_s"] - a["grid_shift_s"]) > 0.002]
        if len(pr) >= 2:
            g, d = pr[-1]["grid_shift_s"], out["drift_heard_seconds"]
            whole = round((d - g) / BLOCK) if abs(d - g) >= BLOCK else 0
            out["drift_seconds"] = round(g + whole * BLOCK, 4)
        else:
            out["drift_seconds"] = None
        out["gap_added_seconds"] = {"max": max([r["gap_added_s"] for r in pr] or [0]),
                                    "narrations": [r["n"] for r in pr if abs(r["gap_added_s"]) > 0.005]}
    else:
        # The audio clock against the wall clock over the night: how much later the
        # last narration is heard than the first, each against its trace line.
        late = [r["capture_late_s"] for r in rows if "capture_late_s" in r]
        out["drift_seconds"] = round(late[-1] - late[0], 3) if len(late) >= 2 else None
    # The same drift taken apart. The device's clock against the wall clock: how much
    # less audio the device had written by the last narration's trace line than wall
    # time had passed since the first's (the disk driver sleeps a fixed whole number
    # of milliseconds after each block, so its pace is not a sound card's). And when
    # each voice starts after the device position at its line: the mixing block.
    dev_rows = [r for r in rows if "device_s" in r and "capture_late_s" in r]
    if len(dev_rows) >= 2:
        a, b = dev_rows[0], dev_rows[-1]
        out["device_lag_growth_seconds"] = round((b["wall_s"] - a["wall_s"]) - (b["device_s"] - a["device_s"]), 3)
        starts = [r["start_after_s"] for r in dev_rows]
        out["start_after_seconds"] = {"min": min(starts), "max": max(starts)}
        out["start_drift_seconds"] = round(starts[-1] - starts[0], 3)
    out["narrations_ok"] = ok
    if pulse:
        # The daemon's own word: each time it found the player's stream empty, by the
        # phase it fell in. The stream's end when the device closes at 'dark' (the
        # line is written right after) is one too and is not a fault.
        dark_at = t_spawn + t["dark"]["at"] if "dark" in t else None
        marks = [(t_spawn + e["at"], e["event"]) for e in events]
        under = []
        for u in dev.get("underruns", []):
            before = [ev for w, ev in marks if w <= u]
            under.append({"t": round(u - zero, 3), "after": before[-1] if before else "spawn",
                          "closing": bool(dark_at is not None and dark_at - 0.5 <= u <= dark_at + 1.0)})
        out["underruns"] = under
        out["underruns_playing"] = sum(1 for x in under if not x["closing"])
        out["pulse_used"] = any("libpulse" in x for x in dev.get("libraries") or [])
        # Not every underrun is heard: one the server mends by rewinding before the
        # card plays that stretch leaves no silence; drift and gaps are what is heard.
        out["on_time"] = bool(out["drift_seconds"] is not None and abs(out["drift_seconds"]) < 0.05
                              and not out["gap_added_seconds"]["narrations"])
        # On a device with a real clock the drift is what a listener hears, so it
        # counts; on the disk driver it is the driver's pace and is only reported.
        out["ok"] = (ok and out["pulse_used"] and out.get("shortfall_seconds", 0) < 0.5 and out["on_time"])
        if not out["pulse_used"]:
            out["why"] = "the player did not map libpulse: SDL's pulseaudio driver was not used"
    else:
        out["ok"] = ok and abs(out.get("shortfall_seconds", 0)) < 0.5
    return out


# ---------------------------------------------------------------- large story
def png(path, w, h, seed):
    """A photo-like picture (gradients, blobs and grain) as a PNG, by zlib."""
    import random
    rnd = random.Random(seed)
    rows = []
    base = [rnd.randrange(40, 200) for _ in range(3)]
    grain = [bytes(rnd.randrange(0, 24) for _ in range(w * 3)) for _ in range(16)]
    for y in range(h):
        lvl = [min(255, b + (y * 50) // h) for b in base]
        ramp = bytes(min(255, lvl[c % 3] + (x * 40) // w) for x in range(w) for c in (0, 1, 2)) if y % 40 == 0 else ramp
        g = grain[rnd.randrange(16)]
        # grain added with a per-row translate so it stays fast in pure Python
        row = bytes(a + b if a + b < 256 else 255 for a, b in zip(ramp, g)) if y % 8 == 0 else row
        rows.append(b"\x00" + row)
    raw = b"".join(rows)

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def make_big_story(dirpath, pages=12, w=1920, h=1200):
    os.makedirs(dirpath, exist_ok=True)
    src = os.path.join(ROOT, "stories", "moon-says-goodnight")
    how = "ImageMagick plasma:fractal"
    for i in range(1, pages + 1):
        out = os.path.join(dirpath, f"{i:02d}.png")
        r = None
        if shutil.which("convert"):
            r = subprocess.run(["convert", "-size", f"{w}x{h}", "-seed", str(i), "plasma:fractal",
                                "-blur", "0x1", "-attenuate", "0.3", "+noise", "Gaussian", out],
                               capture_output=True, timeout=120)
        if not r or r.returncode != 0 or not os.path.exists(out):
            how = "python zlib gradients and grain"
            png(out, w, h, i)
        k = (i - 1) % 6 + 1
        for ext in (".ogg", ".txt"):
            f = os.path.join(src, f"{k:02d}{ext}")
            if os.path.exists(f):
                shutil.copy(f, os.path.join(dirpath, f"{i:02d}{ext}"))
    with open(os.path.join(dirpath, "story.ini"), "w") as f:
        f.write("[story]\ntitle = Twelve Big Pictures\nhold = 0.3\ntransition = crossfade\n"
                "transition-time = 0.6\n")
    total = sum(os.path.getsize(os.path.join(dirpath, f"{i:02d}.png")) for i in range(1, pages + 1))
    return {"pages": pages, "size": f"{w}x{h}", "made_with": how, "png_bytes": total,
            "decoded_bytes_each": w * h * 4}


def make_living_story(dirpath, w, h):
    """Five pages of one photo-like picture and one narration each: 1 and 2 still,
    3 with motion = gentle, 4 with two layer effects (stars that twinkle and a
    cloud that drifts), 5 still. Page 2 is the still page measured (it also
    prepares page 3, its cover included), page 3 the moving one, page 4 the
    layered one (each prepares the next page as page 2 does)."""
    os.makedirs(dirpath, exist_ok=True)
    src = os.path.join(ROOT, "stories", "moon-says-goodnight")
    for i in range(1, 6):
        png(os.path.join(dirpath, f"{i:02d}.png"), w, h, 40 + i)
        for ext in (".ogg", ".txt"):
            shutil.copy(os.path.join(src, f"02{ext}"), os.path.join(dirpath, f"{i:02d}{ext}"))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
    stars = "".join(f'<circle cx="{(k * 397) % w}" cy="{20 + (k * 131) % (h // 2)}" r="{4 + k % 5}"/>'
                    for k in range(1, 25))
    with open(os.path.join(dirpath, "stars.svg"), "w") as f:
        f.write(f'{svg}<g fill="#fff8d0">{stars}</g></svg>\n')
    with open(os.path.join(dirpath, "cloud.svg"), "w") as f:
        f.write(f'{svg}<g fill="#e8ecff" opacity="0.85"><ellipse cx="{w // 4}" cy="{h // 5}" '
                f'rx="{w // 7}" ry="{h // 14}"/><ellipse cx="{w // 4 + w // 12}" cy="{h // 6}" '
                f'rx="{w // 11}" ry="{h // 11}"/></g></svg>\n')
    with open(os.path.join(dirpath, "story.ini"), "w") as f:
        f.write("[story]\ntitle = Living Pictures\nhold = 2\ntransition = crossfade\n"
                "transition-time = 0.6\n[page 3]\nmotion = gentle\n"
                "[page 4]\nlayer = stars.svg twinkle\nlayer = cloud.svg drift\n")


def living_figures(r):
    """The extra CPU (player + X server, % of a core) of the moving page and of the
    page with two layer effects over the still one."""
    pages = r.get("pages", {})
    still, moving = pages.get("2", {}).get("cpu_pct"), pages.get("3", {}).get("cpu_pct")
    layered = pages.get("4", {}).get("cpu_pct")
    out = {"still_page_pct": still, "motion_page_pct": moving, "motion_goal_pct": 12.0,
           "layers_page_pct": layered, "layers_goal_pct": 6.0}
    if still is not None and moving is not None:
        out["motion_extra_pct"] = round(moving - still, 3)
    if still is not None and layered is not None:
        out["layers_extra_pct"] = round(layered - still, 3)
    return out


# ---------------------------------------------------------------- report
def fmt(v, spec):
    return format(v, spec) if isinstance(v, (int, float)) else "-"


def table(r):
    lines = [f'== {r["label"]}: {r["renderer"]} {r["size"]}, dim {r["dim"]:g} s, dark {r["dark"]:g} s'
             + (f' env {" ".join(r["extra_env"])}' if r.get("extra_env") else "")
             + (f' [{r["limit"]["kind"]}]' if r.get("limit") else "")
             + (f'; drawings {r["pictures"]["cache"]} (read back {r["pictures"]["drawings_cached"]}, '
                f'drawn and kept {r["pictures"]["drawings_stored"]}'
                + (f'; photos read back {r["pictures"]["photos_cached"]}, decoded and kept '
                   f'{r["pictures"]["photos_stored"]}' if r["pictures"].get("photos_cached") not in (None, "0")
                   or r["pictures"].get("photos_stored") not in (None, "0") else "")
                + ')' if r.get("pictures") else "")
             + (f'; the host took {r["host_steal"]["pct"]} % of the machine\'s CPU time'
                if r.get("host_steal") and r["host_steal"]["pct"] is not None else "")]
    lines.append(f'{"phase":<12}{"wall s":>8}{"frames":>8}{"player s":>10}{"X s":>8}'
                 f'{"CPU %":>8}{"player %":>10}{"X %":>7}{"vol.cs":>8}')
    for k in PHASES:
        v = r["phases"][k]
        if v["wall"] == 0:
            continue
        lines.append(f'{k:<12}{v["wall"]:>8.2f}{fmt(v["frames"], "d"):>8}{v["cpu"]:>10.2f}{v["xcpu"]:>8.2f}'
                     f'{fmt(v["cpu_pct"], ".2f"):>8}{fmt(v["player_pct"], ".2f"):>10}'
                     f'{fmt(v["x_pct"], ".2f"):>7}{v["vcs"]:>8d}')
    s = r["startup"]
    d = r["phases"]["dark"]
    lines.append(f'first frame {fmt(s["first_frame_ms"], ".0f")} ms after spawn (first trace line '
                 f'{fmt(s["first_trace_line_ms"], ".0f")} ms); peak memory (VmHWM) '
                 f'{fmt((r["peak_kb"] or 0) / 1024, ".1f")} MB, rusage maxrss '
                 f'{r["rusage"]["maxrss_kb"] / 1024:.1f} MB'
                 + (f' (largest RSS seen {r["largest_rss_seen"]["rss_kb"] / 1024:.1f} MB: anon '
                    f'{r["largest_rss_seen"]["anon_kb"] / 1024:.1f}, files {r["largest_rss_seen"]["file_kb"] / 1024:.1f})'
                    if r.get("largest_rss_seen") else ""))
    lines.append(f'dark: {fmt(d["frames"], "d")} frames, {d["vcs"]} voluntary switches, player '
                 f'{fmt(d["player_run_pct"], ".4f")} % of a core by schedstat; transitions '
                 f'{fmt(r["phases"]["transition"].get("fps"), ".1f")} fps')
    pn = r["phases"]["page"].get("holding")
    if pn:
        lines.append(f'still pages (holds after narration, nothing decoding): {pn["wall"]:.1f} s, player '
                     f'{fmt(pn["player_run_pct"], ".3f")} % of a core by schedstat, {pn["vcs"]} voluntary switches')
    thr = [f'{k} {v["throttled_periods"]} ({v["throttled_s"]:.3f} s)' for k, v in r["phases"].items()
           if v.get("throttled_periods")]
    if "limit" in r:
        lines.append("quota ran out, periods (time everything waited): " + (", ".join(thr) or "never"))
    fb = r["checks"].get("frame_budget")
    lines.append("frame budget: " + (f'15 fps from {fb["t"]:.1f} s (why={fb["why"]})' if fb
                                     else "30 fps all night"))
    for k in ("page", "transition"):
        th = r["phases"][k].get("threads")
        if th:
            lines.append(f'{k} threads (% of a core by schedstat, wake-ups a second): ' + ", ".join(
                f'{n} {fmt(v["run_pct"], ".3f")} % {fmt(v["wakeups_per_s"], ".1f")}/s' for n, v in th.items()))
    c, a = r["checks"], r["audio"]
    lines.append(f'night {"OK" if c["ok"] else "NOT OK"}: pages {",".join(c["pages_seen"])}, '
                 f'transitions {c["transitions_ended"]}/{c["transitions_started"]}, reassurance '
                 f'{c["reassurance"]}, dark {c["dark"]}, problems {c["problems"]}; narration played-length '
                 f'max |err| {max([abs(x) for x in c["narration_played_minus_length_s"].values()] or [0]):.3f} s')
    if a.get("device") == "pulse" and "file_seconds" in a:
        # a device with a real clock: heard drift, underruns and gaps are what a listener gets
        ha = a.get("heard_after_seconds") or {}
        lines.append(f'audio on pulse (PulseAudio null sink, parec; player mapped '
                     f'{", ".join(a.get("player_libraries") or []) or "no libpulse"}) {"OK" if a["ok"] else "NOT OK"}: '
                     f'{a["file_seconds"]:.2f} s recorded, {sum(1 for n in a["narrations"] if n.get("ok"))}/'
                     f'{len(a["narrations"])} narrations whole; voices heard {fmt(ha.get("min"), ".3f")}..'
                     f'{fmt(ha.get("max"), ".3f")} s after their trace lines (0..{a["mixing_block_s"]:.3f} s of it '
                     f'the wait for the mixing block), drift over the night {fmt(a.get("drift_seconds"), ".3f")} s '
                     f'(goal under 0.050; off the block grid at narration ' + (", ".join(
                         f'{g["n"]} {1000 * g["s"]:+.1f} ms' for g in a.get("grid_steps", [])) or "none")
                     + f'); underruns the server logged while playing '
                     f'{a.get("underruns_playing")} (' + (", ".join(f'{u["t"]:.2f} s after {u["after"]}'
                                                              for u in a.get("underruns", []) if not u["closing"]) or "none")
                     + f'), silence added inside a narration at most '
                     f'{1000 * (a.get("gap_added_seconds") or {}).get("max", 0):.1f} ms; the card\'s clock trails the wall '
                     f'by at most {fmt((a.get("capture_trails_wall_s") or {}).get("max"), ".3f")} s'
                     + (f'; {a["why"]}' if a.get("why") else ""))
    elif "file_seconds" in a:
        lines.append(f'audio on disk {"OK" if a["ok"] else "NOT OK"}: {a["file_seconds"]:.2f} s written '
                     f'(sox {fmt(a.get("sox_seconds"), ".2f")}), expected {fmt(a.get("expected_seconds"), ".2f")}, '
                     f'{sum(1 for n in a["narrations"] if n.get("ok"))}/{len(a["narrations"])} narrations whole '
                     f'(voiced length as the source within 50 ms, no new quiet gap); drift of the audio '
                     f'clock over the night {fmt(a.get("drift_seconds"), ".3f")} s'
                     + (f' (the disk device\'s own clock {fmt(a.get("device_lag_growth_seconds"), ".3f")} s behind the wall '
                        f'clock; voices start {a["start_after_seconds"]["min"]:.3f}..{a["start_after_seconds"]["max"]:.3f} s '
                        f'after the device position at their trace line, {fmt(a.get("start_drift_seconds"), ".3f")} s later '
                        f'at the last than at the first)' if "start_after_seconds" in a else "")
                     + (f'; the capture fell {a["shortfall_seconds"]:.2f} s behind the clock (audio thread starved)'
                        if a.get("shortfall_seconds", 0) >= 0.5 else ""))
    else:
        lines.append(f'audio NOT OK: {a.get("why")}')
    if r["renderer"] == "opengl":
        lines.append(f'GL: GLX on Xvfb {r.get("glx_on_xvfb")}, mapped {", ".join(r["gl_libraries_mapped"] or []) or "none"}')
    if r["exit_code"] != 0 or r["timed_out"]:
        lines.append(f'exit code {r["exit_code"]}, timed out {r["timed_out"]}; stderr: {r["stderr"]}')
    return "\n".join(lines)


def matrix_table(results):
    """One row a night, as a Markdown table (for docs/cheap.md)."""
    head = ("| night | renderer | size | page CPU % | transition CPU % (fps) | dim CPU % (frames) "
            "| dark CPU %: ticks, player by schedstat (frames, vol. cs) | first frame ms | peak MB | night / audio |")
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results["nights"]:
        p = r["phases"]
        env = " " + " ".join(r.get("extra_env") or []) if r.get("extra_env") else ""
        rows.append(
            f'| {r["label"]}{env} | {r["renderer"]} | {r["size"]} '
            f'| {fmt(p["page"]["cpu_pct"], ".2f")} '
            f'| {fmt(p["transition"]["cpu_pct"], ".1f")} ({fmt(p["transition"].get("fps"), ".1f")}) '
            f'| {fmt(p["dim"]["cpu_pct"], ".1f")} ({fmt(p["dim"]["frames"], "d")}) '
            f'| {fmt(p["dark"]["cpu_pct"], ".3f")}, {fmt(p["dark"]["player_run_pct"], ".4f")} ({fmt(p["dark"]["frames"], "d")}, {p["dark"]["vcs"]}) '
            f'| {fmt(r["startup"]["first_frame_ms"], ".0f")} '
            f'| {fmt((r["peak_kb"] or 0) / 1024, ".1f")} '
            f'| {"ok" if r["checks"]["ok"] else "NOT OK"} / {"ok" if r["audio"].get("ok") else "NOT OK"}'
            f' ({r["audio"].get("device", "disk")}) |')
    for st in results.get("startup", []):
        rows.append(f'\nStart-up alone, {st["renderer"]} {st["size"]}, {st["runs"]} launches: first frame '
                    f'median {st["first_frame_ms_median"]} ms, min {st["first_frame_ms_min"]} ms.')
    return "\n".join(rows)


def machine():
    cpu = re.search(r"^model name\s*:\s*(.*)$", _read("/proc/cpuinfo") or "", re.M)
    sdl = subprocess.run(["sh", "-c", "dpkg-query -W -f '${Version}' libsdl2-2.0-0 2>/dev/null"],
                         capture_output=True, text=True).stdout
    return {"cpu": cpu.group(1) if cpu else platform.processor(), "cores": os.cpu_count(),
            "kernel": platform.release(), "sdl2": sdl, "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %z")}


def main():
    ap = argparse.ArgumentParser(description="Hushabye benchmark (see bench/run.sh)")
    ap.add_argument("--bin", required=True)
    ap.add_argument("--quick", action="store_true", help="one night: software renderer at 1280x800")
    ap.add_argument("--full-dim", action="store_true", help="the default 45 s dimming instead of 20 s")
    ap.add_argument("--dim", type=float, help="dimming seconds (default 20; 45 with --full-dim)")
    ap.add_argument("--dark", type=float, default=30.0, help="seconds of dark measured (default 30)")
    ap.add_argument("--renderers", default="software,opengl")
    ap.add_argument("--sizes", default="1024x600,1280x800,1920x1200")
    ap.add_argument("--gl-sizes", default=None, help="sizes for opengl (default: --sizes)")
    ap.add_argument("--no-memory", action="store_true", help="skip the 12-page 1920x1200 story")
    ap.add_argument("--no-slow", action="store_true", help="skip the slow-tablet night")
    ap.add_argument("--only", help="run just these parts: matrix,living,memory,slow,startup,drawing "
                    "(comma-separated), or renpy: the same night in Ren'Py (bench/renpy.py; not in "
                    "the default parts, needs the renpy package)")
    ap.add_argument("--env", action="append", metavar="KEY=VALUE",
                    help="extra environment for the player (repeatable), e.g. SDL_FRAMEBUFFER_ACCELERATION=0")
    ap.add_argument("--slow-quota", type=float, default=0.25,
                    help="share of one core (default 0.25; 0: the slow night without a quota or pinning)")
    ap.add_argument("--pictures", choices=["warm", "cold", "off"], default="warm",
                    help="the player's cache of drawings: warm (filled by a virtual night first, "
                    "as every night after a story's first), cold (empty, a story's first night), "
                    "off (HUSHABYE_PICTURE_CACHE=off)")
    ap.add_argument("--audio", choices=["auto", "disk", "pulse"], default="auto",
                    help="audio device: disk (SDL's disk driver, paced by its sleeps), pulse (a private "
                    "PulseAudio null sink recorded by parec: a real clock; needs " + PULSE_PKGS + "), "
                    "auto (default): pulse for the slow tablet where installed, else disk")
    ap.add_argument("--story", help="story folder for the matrix (default: the bundled one)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "latest.json"))
    ap.add_argument("--timeout", type=float, default=240, help="seconds a night may take beyond dim+dark")
    ap.add_argument("--renpy-pairs", type=int, default=1, metavar="N",
                    help="with --only renpy: N pairs of nights, Hushabye then Ren'Py, and the "
                    "median of their ratios (the machine's noise moves one pair's by 10 %%)")
    ap.add_argument("--keep", action="store_true", help="keep the work folders (trace, audio, logs)")
    ap.add_argument("--summary", metavar="JSON", help="print the Markdown matrix of a results file and stop")
    opt = ap.parse_args()
    if opt.summary:
        with open(opt.summary) as f:
            print(matrix_table(json.load(f)))
        return 0
    parts = set((opt.only or "matrix,living,memory,slow,startup,drawing").split(","))
    dim = opt.dim if opt.dim is not None else (45.0 if opt.full_dim else 20.0)
    if not shutil.which("Xvfb"):
        sys.exit("bench: Xvfb is needed (apt-get install xvfb)")
    work = tempfile.mkdtemp(prefix="hushabye-bench-")
    results = {"machine": machine(), "bin": opt.bin, "dim": dim, "dark": opt.dark,
               "extra_env": opt.env or [], "command": sys.argv[1:], "nights": []}
    plan = []
    if opt.quick:
        plan.append(("night", "software", "1280x800"))
    else:
        if "matrix" in parts:
            for ren in opt.renderers.split(","):
                sizes = opt.gl_sizes if (ren == "opengl" and opt.gl_sizes) else opt.sizes
                for sz in sizes.split(","):
                    plan.append(("night", ren, sz))
        if "living" in parts:
            plan.append(("living", "software", "1280x800"))
        if "memory" in parts and not opt.no_memory:
            plan.append(("memory", "software", "1920x1200"))
        if "slow" in parts and not opt.no_slow:
            plan.append(("slow", "software", "1280x800"))
        if "startup" in parts:
            for ren in opt.renderers.split(","):
                plan.append(("startup", ren, "1280x800"))
        if "drawing" in parts:
            for sz in opt.sizes.split(","):
                plan.append(("drawing", "auto", sz))
        if "renpy" in parts:
            plan.append(("renpy", "auto", "1280x800"))
    os.makedirs(os.path.dirname(os.path.abspath(opt.out)), exist_ok=True)
    try:
        for kind, ren, sz in plan:
            size = SIZES.get(sz) or tuple(int(x) for x in sz.split("x"))
            print(f"-- {kind} {ren} {sz} ...", file=sys.stderr, flush=True)
            if kind == "renpy":  # both programs, one night each (bench/renpy.py)
                sys.dont_write_bytecode = True  # no __pycache__ beside the sources
                import renpy as renpy_part
                rp = renpy_part.run(opt, size, dim, opt.dark, work)
                results["renpy"] = rp
                print(renpy_part.table(rp) + "\n", flush=True)
                with open(opt.out, "w") as f:
                    json.dump(results, f, indent=1)
                continue
            if kind == "drawing":
                dr = drawing_runs(opt, size, dim, 7, work)
                results.setdefault("drawing", []).append(dr)
                nw, aw = dr["widths"]["narrow"], dr["widths"]["auto"]
                print(f'== drawing work of a night (virtual clock, every frame, no waits), {sz}, '
                      f'{dr["rounds"]} rounds: 16-byte kernels ({", ".join(nw["kernels"])}) '
                      f'{nw["cpu_s_median"]} CPU-s + X {nw["x_s_median"]}; chosen '
                      f'({", ".join(aw["kernels"])}) {aw["cpu_s_median"]} CPU-s + X {aw["x_s_median"]}'
                      f' (x{dr.get("narrow_over_auto")}); frames per phase the same: '
                      f'{"yes" if dr["same_frames"] else "NO"}\n', flush=True)
                with open(opt.out, "w") as f:
                    json.dump(results, f, indent=1)
                continue
            if kind == "startup":
                st = startup_runs(opt, ren, size, 7, work)
                results.setdefault("startup", []).append(st)
                print(f'== start-up, {ren} {sz}, {st["runs"]} launches: first frame median '
                      f'{st["first_frame_ms_median"]} ms, min {st["first_frame_ms_min"]} ms '
                      f'({", ".join(str(x) for x in st["first_frame_ms"])})\n', flush=True)
                with open(opt.out, "w") as f:
                    json.dump(results, f, indent=1)
                continue
            if kind == "night":
                r = night(opt, "night", ren, size, story=opt.story, dim=dim, dark=opt.dark, workdir=work)
            elif kind == "living":
                story = os.path.join(work, "living-pictures")
                make_living_story(story, *size)
                r = night(opt, "living pictures: a still page, motion = gentle, two layers", ren, size,
                          story=story, dim=5, dark=3, workdir=work)
                r["living"] = living_figures(r)
                lv = r["living"]
                print(f'== living pictures, {ren} {sz}: still page {fmt(lv["still_page_pct"], ".2f")} %, '
                      f'motion = gentle {fmt(lv["motion_page_pct"], ".2f")} % of a core, extra '
                      f'{fmt(lv.get("motion_extra_pct"), ".2f")} % (goal <= 12 %); two layers '
                      f'{fmt(lv["layers_page_pct"], ".2f")} %, extra {fmt(lv.get("layers_extra_pct"), ".2f")} % '
                      f'(goal <= 6 %)', flush=True)
            elif kind == "memory":
                big = os.path.join(work, "twelve-big-pictures")
                info = make_big_story(big)
                r = night(opt, "memory: 12 pages of 1920x1200", ren, size, story=big, dim=5, dark=3,
                          workdir=work)
                r["story"] = info
            elif opt.slow_quota <= 0:  # the same night and device, nothing held back
                r = night(opt, "slow-tablet night without a quota", ren, size, story=opt.story, dim=dim,
                          dark=opt.dark, workdir=work, audio=audio_device(opt, True))
            else:
                lim = Limit(core=os.cpu_count() - 1, quota=opt.slow_quota)
                try:
                    r = night(opt, f"slow tablet: 1 core, {int(opt.slow_quota * 100)} %", ren, size,
                              story=opt.story, dim=dim, dark=opt.dark, limit=lim, workdir=work)
                finally:
                    lim.close()
            results["nights"].append(r)
            print(table(r) + "\n", flush=True)
            os.makedirs(os.path.dirname(opt.out), exist_ok=True)
            with open(opt.out, "w") as f:
                json.dump(results, f, indent=1)
    finally:
        for pa in list(Pulse.running):
            pa.close()
        if not opt.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(matrix_table(results))
    print(f"results: {opt.out}")
    bad = [r["label"] + " " + r["renderer"] + " " + r["size"] for r in results["nights"]
           if not (r["checks"]["ok"] and r["audio"].get("ok"))]
    bad += [f'the drawing runs at {dr["size"]}' for dr in results.get("drawing", []) if not dr["ok"]]
    if "renpy" in results and not __import__("renpy").ok(results["renpy"]):
        bad.append("the Ren'Py comparison's nights")
    if bad:
        print("NOT OK: " + "; ".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
