"""Files that hold personal data (the SQLite database, backups, exports) are the owner's only:
folders 0700, files 0600, whatever the process umask (a default 022 would make them readable
by every account on the server)."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def private_folder(path: Path) -> None:
    """Create `path` and any missing parents as 0700; folders that exist are left alone (the
    database may live in a shared one such as /tmp)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is narrowed by the umask, never widened


def private_file(path: Path, *, new: bool = False) -> None:
    """Create `path` empty as 0600, or make an existing file 0600 (its content is kept).
    With `new`, refuse a file that exists (FileExistsError)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if new else 0)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE)
    finally:
        os.close(descriptor)
