"""Is the vault where SQLite is fragile: on a network drive (file locking over
a network is unreliable) or a removable disk (a stick pulled out mid-write)?

Every OS probe can be passed in, so the rules are tested on any machine with a
fake mountinfo, sysfs tree, statfs or drive type. Any error while looking reads
as "no warning": this check must never stop a vault from opening.
"""

from __future__ import annotations

import ntpath
import re
import sys
from pathlib import Path
from typing import Callable

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "coda", "ceph", "glusterfs",
    "lustre", "davfs", "sshfs", "afpfs", "webdav", "ftp", "fuse.sshfs", "fuse.davfs2",
    "fuse.rclone", "fuse.s3fs", "fuse.glusterfs", "fuse.smbnetfs", "fuse.curlftpfs",
    "fuse.gvfsd-fuse"})  # GNOME's shares under /run/user/<uid>/gvfs (smb, sftp, a phone)
MAC_REMOVABLE_TYPES = frozenset({"msdos", "exfat"})
DRIVE_REMOVABLE, DRIVE_REMOTE = 2, 4  # GetDriveTypeW

NETWORK = ("This vault is on a network drive ({detail}). Files there can be damaged if the "
           "connection drops while Circlekeeper saves. Keep the vault on this computer's own "
           "disk and use backups to copy it elsewhere.")
REMOVABLE = ("This vault is on a removable disk (a USB stick or memory card). If it is pulled "
             "out while Circlekeeper saves, the vault can be damaged. Keep the vault on this "
             "computer's own disk and use backups to copy it to the disk; if you keep it "
             "there, close Circlekeeper before you take the disk out.")

Place = tuple[str, str]  # ("network", fs type or share) or ("removable", "")
StatFs = Callable[[str], tuple[str, str]]  # path -> (f_fstypename, f_mntonname)


def fragile_place(path: Path | str, *, platform: str | None = None, mountinfo: str | None = None,
                  sysfs: Path = Path("/sys"), statfs: StatFs | None = None,
                  drive_type: Callable[[str], int] | None = None) -> str | None:
    """A warning for a vault file at `path` on a fragile place, else None. Never raises."""
    platform = platform or sys.platform
    try:
        if platform.startswith("linux"):
            place = linux_place(nearest_existing(path), mountinfo, sysfs)
        elif platform == "darwin":
            place = mac_place(nearest_existing(path), statfs or _mac_statfs)
        elif platform == "win32":
            place = windows_place(str(path), drive_type or _windows_drive_type)
        else:
            place = None
    except Exception:  # a probe we could not read is no reason to alarm anyone
        return None
    if place is None:
        return None
    kind, detail = place
    return NETWORK.format(detail=detail) if kind == "network" else REMOVABLE


def nearest_existing(path: Path | str) -> Path:
    """`path` with symlinks resolved, or its nearest parent that exists yet."""
    path = Path(path).resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _unescape(field: str) -> str:
    """mountinfo writes a space as \\040, a tab as \\011, a backslash as \\134."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mount_of(path: Path, mountinfo: str) -> tuple[str, str, str] | None:
    """(major:minor, fs type, source) of the mount holding `path`: the longest
    matching mount point; of equal ones the last listed, which is on top."""
    best: tuple[int, tuple[str, str, str]] | None = None
    text = str(path)
    for line in mountinfo.splitlines():
        fields = line.split()
        if "-" not in fields[6:]:
            continue
        dash = fields.index("-", 6)
        point = _unescape(fields[4])
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), (fields[2], fields[dash + 1], _unescape(fields[dash + 2])))
    return best[1] if best else None


def linux_place(path: Path, mountinfo: str | None, sysfs: Path) -> Place | None:
    if mountinfo is None:
        mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8")
    mount = mount_of(path, mountinfo)
    if mount is None:
        return None
    majmin, fstype, source = mount
    if fstype in NETWORK_TYPES:
        return ("network", fstype.removeprefix("fuse."))
    return ("removable", "") if _removable_block(sysfs, majmin, source) else None


def _removable_block(sysfs: Path, majmin: str, source: str) -> bool:
    """True for a USB disk or an SD card, walking from a partition to its disk."""
    candidates = [sysfs / "dev" / "block" / majmin]
    if source.startswith("/dev/"):
        candidates.append(sysfs / "class" / "block" / Path(source).name)
    node = next((c.resolve() for c in candidates if c.exists()), None)
    if node is None:
        return False
    disk = node.parent if (node / "partition").exists() else node
    return (_read(disk / "removable") == "1" or "/usb" in str(node)
            or _read(disk / "device" / "type") == "SD")  # "MMC" is soldered-in eMMC


def _read(file: Path) -> str:
    return file.read_text(encoding="utf-8").strip() if file.is_file() else ""


def mac_place(path: Path, statfs: StatFs) -> Place | None:
    fstype, mounted_on = statfs(str(path))
    if fstype in NETWORK_TYPES:
        return ("network", fstype)
    if fstype in MAC_REMOVABLE_TYPES or mounted_on.startswith("/Volumes/"):
        return ("removable", "")  # the boot volume is mounted on "/", never under /Volumes
    return None


def _mac_statfs(path: str) -> tuple[str, str]:  # pragma: no cover - macOS only
    import ctypes
    import ctypes.util

    class StatFsStruct(ctypes.Structure):  # struct statfs with 64-bit inodes: 2168 bytes
        _fields_ = [("f_bsize", ctypes.c_uint32), ("f_iosize", ctypes.c_int32),
                    ("f_counts", ctypes.c_uint64 * 5), ("f_fsid", ctypes.c_int32 * 2),
                    ("f_owner_type_flags_subtype", ctypes.c_uint32 * 4),
                    ("f_fstypename", ctypes.c_char * 16), ("f_mntonname", ctypes.c_char * 1024),
                    ("f_mntfromname", ctypes.c_char * 1024), ("f_reserved", ctypes.c_uint32 * 8)]

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    call = getattr(libc, "statfs$INODE64", None) or libc.statfs  # Intel needs the 64-bit one
    result = StatFsStruct()
    if call(path.encode(), ctypes.byref(result)) != 0:
        raise OSError(ctypes.get_errno(), "statfs failed", path)
    return result.f_fstypename.decode(), result.f_mntonname.decode("utf-8", "replace")


def windows_place(path: str, drive_type: Callable[[str], int]) -> Place | None:
    if path.startswith("\\\\?\\UNC\\"):  # \\?\UNC\server\share -> \\server\share
        path = "\\\\" + path[8:]
    drive = ntpath.splitdrive(ntpath.abspath(path.removeprefix("\\\\?\\")))[0]
    if drive.startswith("\\\\"):
        return ("network", drive)
    kind = drive_type(drive + "\\")
    if kind == DRIVE_REMOTE:
        return ("network", drive)
    return ("removable", "") if kind == DRIVE_REMOVABLE else None


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))
