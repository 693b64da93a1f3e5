"""Recovery figures: `qingfeng backup` of the seeded demo county (plus synthetic photos, as a
county's uploads would be), then `qingfeng restore` into an empty site and both verifications:
backup time, size, and the recovery time (restore + verify). Real commands in subprocesses.

    .venv/bin/python bench/bench_backup.py                                  # SQLite
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_backup.py    # PostgreSQL

Under PostgreSQL the restore goes into a second, empty database on the same server.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PHOTOS = int(os.environ.get("BENCH_PHOTOS", "200"))  # ~0.3 MB each


def run(label: str, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{label} failed:\n{result.stderr[-2000:]}")
    print(f"{label:<40} {elapsed:8.2f} s")
    return elapsed


def env_for(var: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "QINGFENG_TESTING")}
    env.update(QINGFENG_VAR_DIR=str(var), QINGFENG_DEBUG="1", QINGFENG_LOG_LEVEL="WARNING")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def photos(media: Path, n: int) -> int:
    from PIL import Image

    folder = media / "bench-photos"
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for i in range(n):
        image = Image.effect_noise((640, 480), 40 + i % 50).convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        (folder / f"{i:04d}.jpg").write_bytes(out.getvalue())
        size += len(out.getvalue())
    return size


def second_database(url: str) -> str:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_restore"
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/createdb"))
    createdb = str(bins[-1]) if bins else "createdb"
    subprocess.run(
        [createdb, "-h", parsed.hostname, "-p", str(parsed.port), "-U", parsed.username, name],
        check=True,
    )
    return urlunparse(parsed._replace(path="/" + name))


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    database_url = os.environ.get("DATABASE_URL")
    tmp = Path(tempfile.mkdtemp(prefix="qingfeng-bench-backup-"))
    try:
        source, target, backup = tmp / "site", tmp / "restored", tmp / "backup"
        env = env_for(source, database_url)
        print(f"database: {'PostgreSQL' if database_url else 'SQLite'}; var folder {tmp}")
        run("migrate", [str(BIN / "qingfeng"), "manage", "migrate", "-v", "0"], env)
        run("seed-demo", [str(BIN / "qingfeng"), "seed-demo"], env)
        added = photos(source / "media", PHOTOS)
        print(f"{'synthetic photos in media':<40} {PHOTOS:8d} ({added / 1e6:.1f} MB)")
        took = run("qingfeng backup", [str(BIN / "qingfeng"), "backup", str(backup)], env)
        print(f"{'backup size':<40} {size_mb(backup):8.1f} MB")
        for file in sorted(backup.iterdir()):
            print(f"  {file.name:<38} {file.stat().st_size / 1e6:8.1f} MB")
        renv = env_for(target, second_database(database_url) if database_url else None)
        restore = run(
            "qingfeng restore (empty site)", [str(BIN / "qingfeng"), "restore", str(backup)], renv
        )
        migrate = run(
            "migrate (nothing to do)", [str(BIN / "qingfeng"), "manage", "migrate", "-v", "0"], renv
        )
        audit = run("audit verify", [str(BIN / "qingfeng"), "audit", "verify"], renv)
        disclosure = run("disclosure verify", [str(BIN / "qingfeng"), "disclosure", "verify"], renv)
        total = restore + migrate + audit + disclosure
        print(f"{'recovery time (restore + verify)':<40} {total:8.2f} s")
        print(f"{'backup time':<40} {took:8.2f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
