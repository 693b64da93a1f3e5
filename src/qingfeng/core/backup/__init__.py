"""Backup and restore of a whole site: the database, media, screening data sets and the rest of
the var folder, with a signed manifest of SHA-256 hashes (docs/deploy.md, "Backup and restore").

    make_backup(folder)              -> the manifest written to folder/manifest.json
    restore_backup(folder, force=…)  -> the manifest restored; BackupError (Chinese) when refused
"""

from qingfeng.core.backup.errors import BackupError
from qingfeng.core.backup.run import make_backup, restore_backup

__all__ = ["BackupError", "make_backup", "restore_backup"]
