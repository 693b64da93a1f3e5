"""`manage check --deploy` is clean for the production settings of docs/deploy.md (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(tmp_path, **extra) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QINGFENG_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "qingfeng.settings",
            "QINGFENG_VAR_DIR": str(tmp_path),
            "QINGFENG_SECRET_KEY": "k" * 20 + "Zq8-3x_Lm2Pw9Rt7Vb4Nc6Hd1Jf5Gs0YeUoIaE",
            "QINGFENG_PII_KEY": "a production key",
            "QINGFENG_ALLOWED_HOSTS": "qingfeng.example.gov.cn",
            "QINGFENG_CSRF_TRUSTED_ORIGINS": "https://qingfeng.example.gov.cn",
            "QINGFENG_BEHIND_HTTPS_PROXY": "1",
            **extra,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    done = _check(tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_the_production_settings_with_redis_pass_too(tmp_path):
    """docs/deploy.md's Redis: the cache and the residents' sessions (Redis need not run)."""
    done = _check(tmp_path, QINGFENG_CACHE_URL="redis://127.0.0.1:6379/1")
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_hsts_is_sent_when_https_is_on(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
