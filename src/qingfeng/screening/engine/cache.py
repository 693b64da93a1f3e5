"""Checked Parquet of files loaded before, so that a second run on the same file skips the parse.

An entry is keyed by the file's content (SHA-256), the table it was loaded as and the loader's
version: a changed file, or a new loader, never meets an old entry. Hashing a 600 MB file takes
about half a second, so the hash itself is remembered against the file's identity and stat
(device, inode, size, modification time in nanoseconds), as git's index does.

Entries hold personal data like the files they come from: the cache lives where the caller says
(`qingfeng screen --cache DIR`), or beside each source file (the office keeps one per data set,
removed with it). Nothing is cached for a file with problems.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .digest import NAME as DIGEST
from .digest import file_digest
from .segments import clear_segments, segment_path

# bump when loading changes what the Parquet holds (columns, types, parsing, metadata);
# 3: a table in parts keeps where each part starts (places.py); 4: rows left out among the
# records (gaps.py) and the payee ID as given cleaned of full-width digits, blanks and Excel's
# apostrophe (id_raw)
LOADER_VERSION = "4"
BESIDE_DIR = ".qingfeng-checked"


@dataclass(frozen=True)
class Entry:
    parquet: Path
    rows: int
    size: int = 0  # bytes of the source file it was checked from (0: not recorded)
    key: str = ""
    # an entry checked as rows appended to another: every segment in order (segments.py),
    # and the key and rows of the entry it extends
    parts: tuple[Path, ...] = ()
    base: tuple[str, int] | None = None

    @property
    def segments(self) -> tuple[Path, ...]:
        return self.parts or (self.parquet,)


PREFIX_CANDIDATES = 3  # earlier versions of a table tried as the start of a longer file


class LoadCache:
    """Entries under `root`, or (root None) in a folder beside each source file."""

    def __init__(self, root: Path | None = None, earlier: Path | None = None) -> None:
        self.root = Path(root) if root is not None else None
        # another cache folder read from (never written): the previous version's
        self.earlier = Path(earlier) if earlier is not None and earlier != root else None
        self._starts: dict[tuple[str, int], str] = {}  # (file, size) -> hash of its start

    @classmethod
    def beside_sources(cls) -> LoadCache:
        return cls(None)

    def folder(self, source: Path) -> Path:
        if self.root is not None:
            return self.root
        return Path(os.path.realpath(source)).parent / BESIDE_DIR

    def key(self, table: str, source: Path) -> str:
        digest = hashlib.sha256()
        for part in (LOADER_VERSION, duckdb.__version__, table, self._content_hash(source)):
            digest.update(part.encode() + b"\0")
        return digest.hexdigest()

    def get(self, source: Path, key: str) -> Entry | None:
        folder = self.folder(source)
        for place_ in (folder, self.earlier):
            if place_ is None:
                continue
            try:
                meta = json.loads((place_ / f"{key}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            entry = _entry(place_, key, meta)
            if entry is not None:
                return entry
        return None

    def put(self, table: str, source: Path, key: str, parquet: Path, rows: int) -> None:
        """Store a copy of `parquet`; a failure to store is not an error (the run goes on)."""
        folder = self.folder(source)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _atomic_place(parquet, folder / f"{key}.parquet")
            (folder / f"{key}.parquet").chmod(0o600)
            self._write_meta(folder, table, source, key, rows)
        except OSError:
            return

    def _write_meta(
        self,
        folder: Path,
        table: str,
        source: Path,
        key: str,
        rows: int,
        parts: list[str] | None = None,
        base: list[object] | None = None,
    ) -> None:
        meta: dict[str, object] = {
            "table": table,
            "file": source.name,
            "rows": rows,
            "loader": LOADER_VERSION,
            "duckdb": duckdb.__version__,
            "size": source.stat().st_size,
            DIGEST: self._content_hash(source),
        }
        if parts:
            meta["parts"], meta["base"] = parts, base
        _atomic_write(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))

    def prefix(self, table: str, source: Path) -> Entry | None:
        """An entry checked from a file that is the start of `source`, up to a line's end: next
        month's file with this month's rows first and new rows appended. Only its rows after
        `Entry.size` bytes are then left to check."""
        folder = self.folder(source)
        size = source.stat().st_size
        metas = []
        folders = [folder, *([self.earlier] if self.earlier else [])]
        for meta_path in (m for f in folders for m in f.glob("*.json")):
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                shorter = meta.get("table") == table and 0 < int(meta.get("size", 0)) < size
            except (OSError, ValueError, TypeError, AttributeError):
                continue
            if (
                shorter
                and meta.get("loader") == LOADER_VERSION
                and meta.get("duckdb") == duckdb.__version__
                and (meta_path.parent / f"{meta_path.stem}.parquet").is_file()
            ):
                metas.append((int(meta["size"]), meta_path.stem, meta, meta_path.parent))
        for old_size, key, meta, where in sorted(metas, key=lambda m: m[0], reverse=True)[
            :PREFIX_CANDIDATES
        ]:
            digest = self._starts.get((os.path.realpath(source), old_size))
            if digest is None:
                digest = file_digest(source, limit=old_size)[0]
            with source.open("rb") as f:
                f.seek(old_size - 1)
                at_line_end = f.read(1) == b"\n"
            entry = _entry(where, key, meta)
            if at_line_end and digest == meta.get(DIGEST) and entry is not None:
                return dataclasses.replace(entry, size=old_size)
        return None

    def put_appended(
        self, table: str, source: Path, key: str, earlier: Entry, tail: Path, rows: int
    ) -> None:
        """Store the Parquet of rows appended to `earlier`'s file: the entry is `earlier`'s
        segments followed by this one (no copy of the earlier rows)."""
        folder = self.folder(source)
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            _atomic_place(tail, folder / f"{key}.parquet")
            (folder / f"{key}.parquet").chmod(0o600)
            # segments of another folder (the previous version's) are named by their full path
            parts = [p.name if p.parent == folder else str(p) for p in earlier.segments]
            parts.append(f"{key}.parquet")
            self._write_meta(folder, table, source, key, rows, parts, [earlier.key, earlier.rows])
        except OSError:
            return

    def _folders(self, source: Path) -> list[Path]:
        return [self.folder(source), *([self.earlier] if self.earlier else [])]

    def _hash_once(self, real: Path, size: int) -> str:
        """The file's content hash, and on the way the hash of its start at the size of every
        file checked before (one read of a 600 MB file instead of two, for prefix())."""
        cuts = {
            int(m.get("size", 0))
            for _p, m in _metas(self._folders(real))
            if str(m.get("size", "0")).isdigit() and 0 < int(m.get("size", 0)) < size
        }
        content, _size, starts = file_digest(real, cuts=cuts)
        for at, start in starts.items():
            self._starts[(str(real), at)] = start
        return content

    def _content_hash(self, source: Path) -> str:
        real = Path(os.path.realpath(source))
        st = real.stat()
        identity = f"{DIGEST}\0{real}\0{st.st_dev}\0{st.st_ino}\0{st.st_size}\0{st.st_mtime_ns}"
        memo = self.folder(source) / f"stat-{hashlib.sha256(identity.encode()).hexdigest()}"
        try:
            remembered = memo.read_text(encoding="ascii").strip()
            if len(remembered) == 64:
                return remembered
        except (OSError, UnicodeDecodeError):
            pass
        content = self._hash_once(real, st.st_size)
        try:
            memo.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _atomic_write(memo, content)
        except OSError:
            pass
        return content


def _entry(folder: Path, key: str, meta: object) -> Entry | None:
    """The entry a metadata file describes, when every Parquet segment it names is there."""
    try:
        rows = int(meta["rows"])  # type: ignore[index]
        names = meta.get("parts") or [f"{key}.parquet"]  # type: ignore[union-attr]
        base = meta.get("base")  # type: ignore[union-attr]
        parts = tuple(folder / str(n) for n in names)
        base_entry = (str(base[0]), int(base[1])) if base else None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None
    if not all(p.is_file() for p in parts):
        return None
    return Entry(parts[0], rows, 0, key, parts if len(parts) > 1 else (), base_entry)


def _metas(folders: list[Path]) -> list[tuple[Path, dict]]:
    out = []
    for meta_path in (m for f in folders if f.is_dir() for m in f.glob("*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict):
            out.append((meta_path, meta))
    return out


def place(entry: Entry, target: Path) -> None:
    """Put an entry's Parquet at `target` (its later segments beside it, segments.py): hard
    links when possible, else copies."""
    clear_segments(target)
    for i, part in enumerate(entry.segments):
        _link_or_copy(part, segment_path(target, i))


def _link_or_copy(src: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    try:
        os.link(src, target)
    except OSError:
        shutil.copyfile(src, target)


def _atomic_place(src: Path, dst: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-")
    os.close(fd)
    try:
        _link_or_copy(src, Path(tmp))
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _atomic_write(dst: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
