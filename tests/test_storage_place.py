"""Fragile storage places: a fake /proc/self/mountinfo and a fake sysfs tree
(Linux), a fake statfs (macOS) and a fake drive type (Windows) stand in for the
machine, so every kind of place is checked on any computer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.storage_place import fragile_place, mount_of, nearest_existing

ROOT = "1 0 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro"
USB_DISK = "devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb"
MMC_HOST = "devices/platform/soc/mmc_host/mmc0/mmc0:aaaa"
NVME_DISK = "devices/pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0/nvme0n1"


def escape(point: Path) -> str:
    return str(point).replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011")


def mount(point: Path, fstype: str, source: str, majmin: str = "0:50", n: int = 40) -> str:
    """One mountinfo line, with an optional field before the "-" as real ones have."""
    return (f"{n} 1 {majmin} / {escape(point)} rw,nosuid,relatime shared:{n} master:1 "
            f"- {fstype} {source} rw,vers=4.2")


def place(tmp_path: Path, vault: Path, *lines: str) -> str | None:
    return fragile_place(vault, platform="linux", mountinfo="\n".join((ROOT, *lines)),
                         sysfs=tmp_path / "sys")


def block_device(tmp_path: Path, disk_dir: str, partition: str, removable: str = "0",
                 majmin: str | None = None) -> None:
    """A disk with one partition, reachable as /sys/class/block/<partition> (and
    /sys/dev/block/<maj:min>) by symlink, as the kernel lays it out."""
    sys_root = tmp_path / "sys"
    disk = sys_root / disk_dir
    (disk / partition).mkdir(parents=True)
    (disk / partition / "partition").write_text("1\n")
    (disk / "removable").write_text(removable + "\n")
    links = [sys_root / "class" / "block" / partition]
    if majmin:
        links.append(sys_root / "dev" / "block" / majmin)
    for link in links:
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(disk / partition)


def sd_slot(tmp_path: Path, card_type: str) -> None:
    """mmcblk0 with its `device` link to the card, whose `type` is SD or MMC (eMMC)."""
    block_device(tmp_path, f"{MMC_HOST}/block/mmcblk0", "mmcblk0p1")
    card = tmp_path / "sys" / MMC_HOST
    (card / "type").write_text(card_type + "\n")
    (card / "block" / "mmcblk0" / "device").symlink_to(card)


@pytest.fixture
def mnt(tmp_path) -> Path:
    point = tmp_path.resolve() / "mnt"
    point.mkdir()
    return point


@pytest.mark.parametrize("fstype, source, shown", [
    ("nfs4", "nas.local:/export/circles", "nfs4"),
    ("nfs", "10.0.0.2:/home", "nfs"),
    ("cifs", "//hall-server/shared", "cifs"),
    ("fuse.sshfs", "anna@laptop:/home/anna", "sshfs"),
    ("9p", "drvfs", "9p"),
    ("afs", "AFS", "afs"),
    ("davfs", "https://cloud.example/dav", "davfs"),
])
def test_a_network_drive_is_named_with_what_to_do(tmp_path, mnt, fstype, source, shown):
    vault = mnt / "circlekeeper.db"
    vault.write_bytes(b"")

    warning = place(tmp_path, vault, mount(mnt, fstype, source))

    assert warning is not None
    assert f"on a network drive ({shown})" in warning
    assert "connection drops" in warning
    assert "Keep the vault on this computer's own disk" in warning


def test_a_usb_stick_is_a_removable_disk(tmp_path, mnt):
    block_device(tmp_path, USB_DISK, "sdb1", removable="1")

    warning = place(tmp_path, mnt / "circlekeeper.db", mount(mnt, "vfat", "/dev/sdb1", "8:17"))

    assert warning is not None
    assert "removable disk (a USB stick or memory card)" in warning
    assert "pulled out" in warning and "close Circlekeeper" in warning


def test_a_usb_hard_disk_not_marked_removable_still_counts_by_its_bus(tmp_path, mnt):
    block_device(tmp_path, USB_DISK, "sdb1", removable="0")

    warning = place(tmp_path, mnt / "circlekeeper.db", mount(mnt, "ext4", "/dev/sdb1", "8:17"))

    assert warning is not None and "removable disk" in warning


def test_the_device_is_found_by_number_when_the_source_is_a_label(tmp_path, mnt):
    block_device(tmp_path, USB_DISK, "sdb1", removable="1", majmin="8:17")
    line = mount(mnt, "exfat", "/dev/disk/by-label/STICK", "8:17")

    assert "removable disk" in place(tmp_path, mnt / "circlekeeper.db", line)


def test_an_sd_card_is_a_removable_disk(tmp_path, mnt):
    sd_slot(tmp_path, "SD")

    warning = place(tmp_path, mnt / "v.db", mount(mnt, "vfat", "/dev/mmcblk0p1", "179:1"))

    assert warning is not None and "removable disk" in warning


def test_soldered_in_emmc_is_the_computers_own_disk(tmp_path, mnt):
    sd_slot(tmp_path, "MMC")

    assert place(tmp_path, mnt / "v.db", mount(mnt, "ext4", "/dev/mmcblk0p1", "179:1")) is None


def test_ext4_on_an_nvme_disk_is_fine(tmp_path, mnt):
    block_device(tmp_path, NVME_DISK, "nvme0n1p2")

    assert place(tmp_path, mnt / "v.db", mount(mnt, "ext4", "/dev/nvme0n1p2", "259:2")) is None
    assert place(tmp_path, tmp_path / "v.db") is None  # the root line: ext4 on nvme0n1p2


@pytest.mark.parametrize("fstype, source", [("tmpfs", "tmpfs"), ("overlay", "overlay"),
                                            ("btrfs", "/dev/mapper/home")])
def test_memory_and_container_filesystems_are_fine(tmp_path, mnt, fstype, source):
    assert place(tmp_path, mnt / "v.db", mount(mnt, fstype, source)) is None


def test_a_mount_point_with_a_space_is_unescaped(tmp_path):
    share = tmp_path.resolve() / "Hall share"
    share.mkdir()

    warning = place(tmp_path, share / "v.db", mount(share, "cifs", "//hall/share"))

    assert warning is not None and "network drive (cifs)" in warning


def test_a_vault_not_made_yet_is_judged_by_its_nearest_existing_folder(tmp_path, mnt):
    vault = mnt / "not yet" / "made" / "circlekeeper.db"

    assert nearest_existing(vault) == mnt
    assert "network drive" in place(tmp_path, vault, mount(mnt, "nfs", "nas:/x"))


def test_the_longest_mount_point_wins_and_a_name_prefix_is_not_a_match(tmp_path, mnt):
    local = mnt / "local"
    local.mkdir()
    lookalike = tmp_path.resolve() / "mnt-other"
    lookalike.mkdir()
    lines = (mount(mnt, "nfs", "nas:/x"), mount(local, "ext4", "/dev/nvme0n1p3", n=41))

    assert place(tmp_path, local / "v.db", *lines) is None
    assert place(tmp_path, lookalike / "v.db", *lines) is None
    assert "network drive" in place(tmp_path, mnt / "v.db", *lines)


def test_a_mount_on_top_of_another_at_the_same_point_wins(tmp_path, mnt):
    under, over = mount(mnt, "ext4", "/dev/nvme0n1p3", n=40), mount(mnt, "nfs", "nas:/x", n=41)

    assert "network drive" in place(tmp_path, mnt / "v.db", under, over)
    assert place(tmp_path, mnt / "v.db", over, under) is None


def test_a_symlink_into_a_network_drive_is_followed(tmp_path, mnt):
    (tmp_path / "Documents").symlink_to(mnt)

    warning = place(tmp_path, tmp_path / "Documents" / "v.db", mount(mnt, "nfs", "nas:/x"))

    assert warning is not None and "network drive" in warning


@pytest.mark.parametrize("mountinfo", ["", "garbage\n\x00 -", "1 2 3\n- - -"])
def test_unreadable_mountinfo_gives_no_warning_and_no_error(tmp_path, mountinfo):
    assert fragile_place(tmp_path, platform="linux", mountinfo=mountinfo) is None


def test_a_probe_that_fails_gives_no_warning_and_no_error(tmp_path):
    def broken(path: str) -> tuple[str, str]:
        raise OSError("statfs failed")

    def broken_drive(root: str) -> int:
        raise OSError("no kernel32")

    assert fragile_place(tmp_path, platform="darwin", statfs=broken) is None
    assert fragile_place("C:\\v.db", platform="win32", drive_type=broken_drive) is None
    assert fragile_place(tmp_path, platform="sunos5") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the real /proc")
def test_the_real_mountinfo_of_this_machine_is_read():
    real = Path("/proc/self/mountinfo").read_text(encoding="utf-8")

    assert mount_of(Path("/proc/self"), real)[1] == "proc"
    assert fragile_place(Path("/proc/self/status")) is None  # and the default probes run


def fake_statfs(answers: dict[str, tuple[str, str]]):
    """Like statfs(2): a path that does not exist is an error, not an answer."""
    def statfs(path: str) -> tuple[str, str]:
        if not os.path.exists(path):
            raise FileNotFoundError(path)
        return answers.get(path, ("apfs", "/System/Volumes/Data"))
    return statfs


@pytest.mark.parametrize("fstype, mounted_on, expected", [
    ("smbfs", "/Volumes/hall", "network drive (smbfs)"),
    ("nfs", "/Volumes/nas", "network drive (nfs)"),
    ("afpfs", "/Volumes/old-mac", "network drive (afpfs)"),
    ("webdav", "/Volumes/dav", "network drive (webdav)"),
    ("msdos", "/Volumes/NO NAME", "removable disk"),
    ("exfat", "/Volumes/STICK", "removable disk"),
    ("apfs", "/Volumes/Backup SSD", "removable disk"),
    ("apfs", "/System/Volumes/Data", None),
    ("apfs", "/", None),
])
def test_macos_places(tmp_path, fstype, mounted_on, expected):
    vault = tmp_path / "not yet" / "circlekeeper.db"
    statfs = fake_statfs({str(tmp_path.resolve()): (fstype, mounted_on)})

    warning = fragile_place(vault, platform="darwin", statfs=statfs)

    assert warning is None if expected is None else expected in warning


@pytest.mark.parametrize("path, drive_type, expected", [
    ("\\\\hall-server\\share\\circlekeeper.db", 3, "network drive (\\\\hall-server\\share)"),
    ("//hall-server/share/circlekeeper.db", 3, "network drive (\\\\hall-server\\share)"),
    ("\\\\?\\UNC\\nas\\vaults\\circlekeeper.db", 3, "network drive (\\\\nas\\vaults)"),
    ("Z:\\circlekeeper.db", 4, "network drive (Z:)"),
    ("E:\\Circlekeeper\\circlekeeper.db", 2, "removable disk"),
    ("\\\\?\\E:\\circlekeeper.db", 2, "removable disk"),
    ("C:\\Users\\anna\\circlekeeper.db", 3, None),
])
def test_windows_places(path, drive_type, expected):
    asked: list[str] = []

    def fake_drive_type(root: str) -> int:
        asked.append(root)
        return drive_type

    warning = fragile_place(path, platform="win32", drive_type=fake_drive_type)

    assert warning is None if expected is None else expected in warning
    assert all(len(root) == 3 and root.endswith(":\\") for root in asked)
