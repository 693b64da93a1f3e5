"""The data files' content hash (engine/digest.py): one read gives the whole file's hash and the
hash of its start at each size asked for, equal to hashing those bytes alone."""

from __future__ import annotations

import gzip

from blake3 import blake3

from qingfeng.screening.engine.digest import file_digest


def _plain(data: bytes) -> str:
    return blake3(data).hexdigest()


def test_whole_file_and_starts_in_one_read(tmp_path):
    data = bytes(range(256)) * 300_000  # 76.8 MB: several chunks, and hashed on every core
    path = tmp_path / "payments.csv"
    path.write_bytes(data)
    cuts = [1, 1000, 40_000_001, len(data) - 1]
    digest, size, starts = file_digest(path, cuts=[*cuts, len(data) + 5, 0])
    assert (digest, size) == (_plain(data), len(data))
    assert starts == {c: _plain(data[:c]) for c in cuts}


def test_limit_hashes_the_start_only(tmp_path):
    data = b"a,b\n" * 1000
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    assert file_digest(path, limit=401)[:2] == (_plain(data[:401]), 401)
    assert file_digest(path, limit=10**6)[:2] == (_plain(data), len(data))


def test_empty_and_gzip_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert file_digest(empty)[:2] == (_plain(b""), 0)
    text = "身份证号,姓名\n".encode() * 50_000
    packed = tmp_path / "t.csv.gz"
    packed.write_bytes(gzip.compress(text))
    assert file_digest(packed)[:2] == (_plain(text), len(text))
    digest, size, starts = file_digest(packed, limit=1234, cuts=[17])
    assert (digest, size, starts) == (_plain(text[:1234]), 1234, {17: _plain(text[:17])})
