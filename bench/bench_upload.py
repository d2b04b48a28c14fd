"""Upload a large file through the running app to S3, next to the minio SDK putting it directly.

    .venv/bin/python bench/bench_upload.py [--mb 200] [--part-mb 8] [--parallel 2]

Starts moto's S3 server (a subprocess on loopback) and Balai under uvicorn (a subprocess, S3
backend on that server, SQLite in a temporary folder), signs in, uploads the file as a browser
form would (multipart over HTTP), downloads it again, and has the minio SDK put the same file
straight to the same endpoint in a process of its own. For each it prints the throughput and the
peak resident memory growth of the process doing the work (VmHWM after minus VmRSS before, from
/proc/<pid>/status, the peak reset through /proc/<pid>/clear_refs before each run).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ACCESS, SECRET, BUCKET = "bench", "bench-secret", "balai-bench"

SERVER = textwrap.dedent("""
    import sys, uvicorn
    from balai.api import hookimpl
    from balai.web.app import create_app

    class BenchAccess:
        # the bench user may read and write the documents of record ("bench", 1)
        @hookimpl
        def can_access_document(self, user, owner_type, owner_id, action):
            return True if (owner_type, user.username) == ("bench", "bench") else None

    app = create_app()
    app.state.host.pm.register(BenchAccess(), name="bench_access")
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
""")

DIRECT = textwrap.dedent("""
    import sys, time
    from minio import Minio
    endpoint, path, part_size, bucket = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    client = Minio(endpoint, access_key="bench", secret_key="bench-secret", secure=False, region="us-east-1")
    sys.stdout.write("ready\\n"); sys.stdout.flush(); sys.stdin.readline()
    started = time.perf_counter()
    with open(path, "rb") as fh:
        client.put_object(bucket, "direct/" + path.rsplit("/", 1)[-1], fh, length=-1, part_size=part_size)
    sys.stdout.write(f"{time.perf_counter() - started}\\n"); sys.stdout.flush(); sys.stdin.readline()
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))


def reset_peak(pid: int) -> bool:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class Watch:
    """RSS before, and the peak after, of one process around one piece of work."""

    def __init__(self, pid: int):
        self.pid = pid

    def __enter__(self):
        self.reset = reset_peak(self.pid)
        self.before = status_kb(self.pid, "VmRSS")
        self.hwm_before = status_kb(self.pid, "VmHWM")
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        peak = status_kb(self.pid, "VmHWM")
        # Without a reset, a peak from before the run would hide the run's own growth.
        self.growth_mb = (peak - (self.before if self.reset else self.hwm_before)) / 1024


def wait_for(url: str, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} stopped: {proc.stdout.read().decode(errors='replace') if proc.stdout else ''}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not start")


def make_file(path: Path, mb: int) -> str:
    sha = hashlib.sha256()
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    block = os.urandom(1024 * 1024)
    with open(path, "wb") as fh:
        fh.write(head)
        sha.update(head)
        for i in range(mb):
            chunk = block[i % 7:] + block[:i % 7]  # not one repeated block: no compressor gets clever
            fh.write(chunk)
            sha.update(chunk)
        tail = b"\n%%EOF\n"  # a PDF ends with its trailer marker, or Balai refuses it
        fh.write(tail)
        sha.update(tail)
    return sha.hexdigest()


def sign_in(client: httpx.Client) -> None:
    page = client.get("/login")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"username": "bench", "password": "bench-pass-123", "next": "/", "_csrf_token": token})
    assert r.status_code == 303, r.status_code
    client.headers["x-csrftoken"] = client.cookies.get("balai_csrf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--part-mb", type=int, default=8)
    parser.add_argument("--parallel", type=int, default=2, help="parts Balai uploads at once")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="balai-bench-"))
    s3_port, app_port = free_port(), free_port()
    endpoint = f"127.0.0.1:{s3_port}"
    env = dict(os.environ, BALAI_VAR_DIR=str(tmp / "var"), BALAI_DATABASE_URL=f"sqlite:///{tmp / 'var' / 'bench.sqlite'}",
               BALAI_STORAGE_URL=f"s3://{ACCESS}:{SECRET}@{endpoint}/{BUCKET}?secure=false&region=us-east-1&part_mb={args.part_mb}"
                                 f"&parallel={args.parallel}",
               BALAI_MAX_UPLOAD_MB=str(args.mb + 10), BALAI_PLUGINS="", BALAI_SECRET_KEY="bench-" + "k" * 40)
    env.pop("BALAI_CONFIG", None)
    procs: list[subprocess.Popen] = []
    try:
        moto = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
        procs.append(moto)
        wait_for(f"http://{endpoint}/", moto, "moto server")
        from minio import Minio

        Minio(endpoint, access_key=ACCESS, secret_key=SECRET, secure=False, region="us-east-1").make_bucket(BUCKET)

        for command in (["migrate"], ["createuser", "bench", "--password", "bench-pass-123"]):
            subprocess.run([sys.executable, "-m", "balai.cli", *command], env=env, check=True, capture_output=True)
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(app_port)], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        procs.append(server)
        base = f"http://127.0.0.1:{app_port}"
        wait_for(base + "/login", server, "balai")

        path = tmp / "pindaian.pdf"
        sha = make_file(path, args.mb)
        size_mb = path.stat().st_size / (1024 * 1024)
        rows = []

        with httpx.Client(base_url=base, timeout=600) as client:
            sign_in(client)
            client.get("/documents/panel", params={"owner_type": "bench", "owner_id": 1})  # warm up the route
            with open(path, "rb") as fh, Watch(server.pid) as up:
                r = client.post("/api/core/documents", data={"owner_type": "bench", "owner_id": "1"},
                                files={"file": (path.name, fh, "application/pdf")})
            assert r.status_code == 201, r.text
            version = r.json()
            assert version["sha256"] == sha, "checksum differs"
            rows.append(("Balai upload: HTTP multipart -> app -> S3", up))

            down_sha = hashlib.sha256()
            with Watch(server.pid) as down:
                with client.stream("GET", version["download_url"]) as response:
                    for chunk in response.iter_bytes(256 * 1024):
                        down_sha.update(chunk)
            assert down_sha.hexdigest() == sha, "downloaded bytes differ"
            rows.append(("Balai download: S3 -> app -> HTTP", down))

        direct = subprocess.Popen([sys.executable, "-c", DIRECT, endpoint, str(path), str(args.part_mb * 1024 * 1024), BUCKET],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        procs.append(direct)
        assert direct.stdout.readline().strip() == "ready"
        with Watch(direct.pid) as put:
            direct.stdin.write("go\n")
            direct.stdin.flush()
            put_seconds = float(direct.stdout.readline())
        put.seconds = put_seconds  # the process's own clock, without the pipe round trip
        direct.stdin.write("done\n")
        direct.stdin.flush()
        rows.append(("minio SDK put_object direct (same file, same endpoint)", put))

        print(f"\nFile: {size_mb:.0f} MB, S3 = moto server on {endpoint}, part size {args.part_mb} MB, "
              f"Balai parallel parts {args.parallel} (SDK default for the direct put), "
              f"peak reset via clear_refs: {'yes' if up.reset else 'no'}\n")
        print(f"{'path':<58} {'seconds':>8} {'MB/s':>8} {'peak RSS growth MB':>19}")
        for label, watch in rows:
            print(f"{label:<58} {watch.seconds:>8.2f} {size_mb / watch.seconds:>8.1f} {watch.growth_mb:>19.1f}")
        print("\n(peak RSS growth: of the Balai server process for the Balai rows, of the SDK's own process for the "
              "direct row)")
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
