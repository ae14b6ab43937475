"""`circlekeeper backup | restore | check`: a vault's safety from a script.

`backup` and `check` only read the vault (through a read-only connection), so
they work while the window has it open; `restore` replaces the file and so
waits until no window has it. Exit codes: 0 done, 1 something is wrong
(a plain sentence on stderr), 2 the command needs a different choice.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from .cli_export import (PASSPHRASE_ENV, Refusal, _fail, _passphrase, _vault_path,
                         with_context)
from .errors import (CirclekeeperError, DamagedVault, EmptyFile, NewerVault, NotAVault,
                     PassphraseRequired, VaultMissing)

VAULT_HELP = (f"the vault file (or the only one known here); a passphrase is asked "
              f"for, or read from {PASSPHRASE_ENV}")


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser("backup", parents=[common],
                                 help="back a vault up now (or --list its backups)")
    backup.add_argument("--vault", metavar="FILE", default=argparse.SUPPRESS, help=VAULT_HELP)
    backup.add_argument("--to", metavar="DIR", help="into this folder instead of the usual one")
    backup.add_argument("--list", action="store_true", help="list the backups; make none")
    restore = commands.add_parser("restore", parents=[common],
                                  help="put a backup back in place of the vault")
    restore.add_argument("backup", nargs="?", metavar="BACKUP", help="the backup file")
    restore.add_argument("--newest", action="store_true",
                         help="the newest backup that is healthy")
    restore.add_argument("--vault", metavar="FILE", default=argparse.SUPPRESS, help=VAULT_HELP)
    check = commands.add_parser("check", parents=[common],
                                help="check a vault (and --backups) for damage")
    check.add_argument("--vault", metavar="FILE", default=argparse.SUPPRESS, help=VAULT_HELP)
    check.add_argument("--backups", action="store_true", help="check every backup too")


def run(args: argparse.Namespace) -> int:
    work = {"backup": _backup, "restore": _restore, "check": _check}[args.command]
    return with_context(
        args, lambda context: work(context, _vault_path(context, getattr(args, "vault", None)),
                                   args), "Stopped; nothing was changed.")


def _key(path: Path) -> str | None:
    """The passphrase for `path` if it needs one (asked for or from the environment)."""
    from .vault import looks_encrypted

    return _passphrase(path) if looks_encrypted(path) else None


def _plan(context, path: Path):
    from .backups.service import load_plan

    return load_plan(context.settings, path)


def _backup(context, path: Path, args: argparse.Namespace) -> int:
    from .backups.folder import Reason
    from .backups.make import make_backup, thin
    from .backups.service import target_folder
    from .vault import VaultFile, check_file

    if args.list:
        return _list(context, path)
    passphrase = _key(path)
    check_file(path, passphrase, full=False)
    plan = _plan(context, path)
    folder = Path(args.to).expanduser() if args.to else target_folder(path, plan)
    made = make_backup(VaultFile(path, passphrase), folder, Reason.MANUAL, context.clock.now())
    thin(folder, plan.retention, keep=made.path)
    print(f"Backed up to {made.path} ({_size(made.size)})")
    return 0


def _list(context, path: Path) -> int:
    from .backups.service import folders_for
    from .backups.folder import list_backups

    found = list_backups(*folders_for(path, _plan(context, path)))
    if not found:
        print("This vault has no backups yet.")
    for backup in found:
        print(f"{_when(backup.made_at)}  {_size(backup.size):>9}  "
              f"{backup.reason.words:<38}  {backup.path}")
    return 0


def _restore(context, path: Path, args: argparse.Namespace) -> int:
    from .backups.folder import list_backups
    from .backups.restore import newest_usable, recover
    from .backups.service import Backups, folders_for
    from .lock import VaultLock
    from .vault import check_file, looks_encrypted, open_vault

    if bool(args.backup) == bool(args.newest):
        raise Refusal("Name one backup file, or say --newest.", 2)
    lock = VaultLock(path).acquire()   # refused while a window has the vault open
    try:
        found = list_backups(*folders_for(path, _plan(context, path)))
        chosen = Path(args.backup).expanduser() if args.backup else None
        key_from = chosen or (found[0].path if found else path)
        passphrase = _passphrase(key_from) if looks_encrypted(key_from) else None
        if chosen is None:
            best, _ = newest_usable(found, passphrase)
            if best is None:
                raise Refusal("No healthy backup of this vault opens with that passphrase.")
            chosen = best.path
        vault_key = passphrase        # usually the backup's; asked for if not
        try:
            try:
                check_file(path, vault_key, full=False)
            except PassphraseRequired:
                vault_key = _passphrase(path)
                check_file(path, vault_key, full=False)
        except (DamagedVault, EmptyFile, NotAVault, NewerVault, VaultMissing) as error:
            done = recover(path, chosen, passphrase, context.clock.now())
            if done.set_aside is not None:
                print(f"The vault could not be opened ({error}) It was set aside, "
                      f"unchanged, as {done.set_aside}")
            print(f"Restored {chosen.name} to {path}")
            return 0
        vault = open_vault(path, vault_key, lock=lock)
        context.vault = vault
        done = Backups(vault, context.settings, context.clock).restore(chosen, passphrase)
        print(f"The vault as it was is backed up in {done.safety.path}")
        print(f"Restored {chosen.name} to {path}")
        return 0
    finally:
        context.close_vault()
        lock.release()


def _check(context, path: Path, args: argparse.Namespace) -> int:
    from .backups.folder import list_backups
    from .backups.service import folders_for
    from .backups.verify import verify_backup
    from .vault import check_file

    passphrase = _key(path)
    try:
        version = check_file(path, passphrase, full=True)
    except (DamagedVault, EmptyFile, NotAVault) as error:
        return _fail(f"{error}\nTo put the newest healthy backup back: circlekeeper "
                     f"restore --newest --vault \"{path}\"")
    found = list_backups(*folders_for(path, _plan(context, path)))
    print(f"{path} is healthy (format {version}, {_size(path.stat().st_size)}).")
    print(f"Newest backup: {_when(found[0].made_at)}, {found[0].path}" if found
          else "It has no backups yet: make one with `circlekeeper backup`.")
    warning = _fragile(path)
    if warning:
        print(warning)
    bad = 0
    for backup in found if args.backups else []:
        try:
            verify_backup(backup.path, passphrase, full=True)
            print(f"  healthy  {backup.path.name}")
        except CirclekeeperError as error:
            bad += 1
            print(f"  PROBLEM  {backup.path.name}: {error}")
    return 1 if bad else 0


def _fragile(path: Path) -> str | None:
    try:
        from .storage_place import fragile_place
    except ImportError:
        return None
    return fragile_place(path)


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size}"
