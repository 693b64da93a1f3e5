class BackupError(Exception):
    """A backup or restore refused or failed; the message is for the operator (translated)."""
