"""Run a child under strace and parse its file-system calls on one folder.

The result is the ordered list of what the child asked of the files in that
folder: writes (file, offset, bytes), truncations, fsync/fdatasync, the
folder's own fsync, creations, renames and unlinks, plus a `Saved` mark
wherever the child wrote a `saved ...` line to its stdout.

Files are tracked as file objects ("inodes"), not names: a name unlinked and
made again is a new file, and a rename moves a file to a new name. Anything
the model cannot follow (a write through a descriptor it did not see opened,
a shared writable mapping, fallocate, sendfile into the folder, a truncated
string) raises `TraceError` rather than being guessed at.

`write()` has no offset: the position is followed from open, lseek, read and
write. `read`/`readv` are traced raw (`-e raw=`), so strace prints how many
bytes moved and not the bytes themselves (the interpreter reads megabytes of
modules). The folder's -shm file is traced like any other; what to do with
it is `crash_states`' decision.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from . import (Create, DirSync, Op, Rename, Saved, Sync, Trace, TraceError, Truncate, Unlink,
               Write)

STRACE_CALLS = ("open", "openat", "creat", "close", "lseek", "read", "readv", "write",
                "writev", "pwrite64", "pwritev", "pwritev2", "ftruncate", "truncate",
                "fsync", "fdatasync", "rename", "renameat", "renameat2", "unlink",
                "unlinkat", "mmap", "fallocate", "sendfile", "copy_file_range", "splice")
REFUSED = {"fallocate": 0, "sendfile": 0, "copy_file_range": 2, "splice": 2}  # -> out fd
INSTALL_HINT = ("the power-loss suite needs strace: install it (Debian: apt-get install "
                "strace) and allow ptrace (not blocked by seccomp or a container policy)")


# ----- running -----------------------------------------------------------------------
def strace_binary() -> str:
    found = shutil.which("strace")
    if found is None:
        raise TraceError(INSTALL_HINT)
    return found


def run_traced(argv: list[str], trace_file: Path, *, cwd: Path, env: dict[str, str],
               timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `argv` under strace, writing the trace to `trace_file`."""
    command = [strace_binary(), "-f", "-y", "-xx", "-s", "16000000",
               "-e", "trace=" + ",".join(STRACE_CALLS), "-e", "raw=read,readv",
               "-o", str(trace_file), "--", *argv]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if "ptrace" in result.stderr.lower() and "not permitted" in result.stderr.lower():
        raise TraceError(f"{INSTALL_HINT}\n{result.stderr}")
    return result


# ----- parsing -----------------------------------------------------------------------
_CALL = re.compile(r"^(?P<name>\w+)\((?P<args>.*)\)\s+=\s+(?P<ret>0x[0-9a-f]+|-?\d+)"
                   r"(?P<rest>.*)$")
_FD = re.compile(r"^(?P<fd>-?\d+|AT_FDCWD)(?:<(?P<path>[^>]*)>)?(?:\(deleted\))?$")
_IOV = re.compile(r'iov_base=("(?:\\x[0-9a-f]{2})*"(?:\.\.\.)?)')
_HEX = re.compile(r"^(?:\\x[0-9a-f]{2})*$")
_ARG = re.compile(r'(?:"[^"]*"(?:\.\.\.)?|\[[^\]]*\]|\{[^}]*\}|[^,"\[{])+')


def unhex(text: str) -> bytes:
    try:
        return bytes.fromhex(text.replace("\\x", ""))
    except ValueError:
        raise TraceError(f"not strace -xx text: {text[:80]}") from None


def split_args(text: str) -> list[str]:
    """Top-level arguments: a string, [array] or {struct} is one piece (strings
    are all \\x escapes, so they hold no commas, brackets or quotes)."""
    return [piece.strip() for piece in _ARG.findall(text)]


def string_arg(text: str) -> bytes:
    if text.endswith('"...'):
        raise TraceError("strace cut a string short: raise -s")
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise TraceError(f"not a string argument: {text[:80]}")
    return unhex(text[1:-1])


def fd_arg(text: str) -> tuple[int | None, str | None]:
    """(descriptor, path) of `3<\\x2f...>` or `AT_FDCWD<\\x2f...>` (None for AT_FDCWD)."""
    match = _FD.match(text)
    if match is None:
        raise TraceError(f"not a descriptor: {text[:80]}")
    path = match["path"]
    if path is not None and _HEX.match(path):
        path = os.fsdecode(unhex(path))
    return (None if match["fd"] == "AT_FDCWD" else int(match["fd"])), path


def iov_data(text: str) -> bytes:
    if text.rstrip("]").rstrip().endswith("..."):
        raise TraceError("strace abbreviated an iovec array")
    return b"".join(string_arg(part) for part in _IOV.findall(text))


def joined_lines(text: str) -> list[tuple[int, str]]:
    """(pid, call text) with `<unfinished ...>` / `<... resumed>` halves joined."""
    pending: dict[int, str] = {}
    calls = []
    for line in text.splitlines():
        pid_text, _, rest = line.partition(" ")
        if not pid_text.isdigit():
            raise TraceError(f"unexpected strace line: {line[:120]}")
        pid, rest = int(pid_text), rest.lstrip()
        if rest.endswith("<unfinished ...>"):
            pending[pid] = rest[: -len("<unfinished ...>")].rstrip()
            continue
        if rest.startswith("<..."):
            if pid not in pending:
                raise TraceError(f"a call resumed that never started: {line[:120]}")
            rest = pending.pop(pid) + rest.split(">", 1)[1]
        if rest.startswith(("+++", "---")):
            continue
        calls.append((pid, rest))
    return calls


class Parser:
    """Follows descriptors, positions and names while reading one trace."""

    def __init__(self, folder: Path, initial_sizes: dict[str, int]) -> None:
        self.folder = os.path.normpath(os.fspath(folder))
        names = sorted(initial_sizes)
        self.trace = Trace({name: number for number, name in enumerate(names)})
        self.live = dict(self.trace.initial)                  # name -> file id now
        self.sizes = {self.live[name]: initial_sizes[name] for name in names}
        self.fds: dict[tuple[int, int], int | None] = {}      # None: the folder itself
        self.positions: dict[tuple[int, int], int] = {}
        self.appending: set[tuple[int, int]] = set()
        self.root_pid: int | None = None
        self.saved = 0
        self._stdout = ""

    # ----- names -------------------------------------------------------------------
    def inside(self, path: str | None) -> str | None:
        """The file's name when `path` is directly in the folder, else None."""
        if path is None:
            return None
        path = os.path.normpath(path)
        return os.path.basename(path) if os.path.dirname(path) == self.folder else None

    def resolve(self, dir_text: str | None, path_text: str) -> str:
        path = os.fsdecode(string_arg(path_text))
        if os.path.isabs(path):
            return path
        if dir_text is None:
            raise TraceError(f"relative path without a directory: {path}")
        base = fd_arg(dir_text)[1]
        if base is None:
            raise TraceError(f"cannot resolve {path}: strace gave no path for its directory")
        return os.path.join(base, path)

    def emit(self, op: Op) -> None:
        self.trace.ops.append(op)

    # ----- descriptors ---------------------------------------------------------------
    def file_of(self, pid: int, fd_text: str) -> int | None:
        """The file id behind a descriptor in the folder; None when it is elsewhere."""
        fd, path = fd_arg(fd_text)
        key = (pid, fd)
        if key in self.fds:
            return self.fds[key]
        if self.inside(path) or (path and os.path.normpath(path) == self.folder):
            raise TraceError(f"descriptor {fd} on {path} was not seen opened (dup?)")
        return None

    def opened(self, pid: int, path: str, flags: str, ret_text: str) -> None:
        fd, shown = fd_arg(ret_text)  # e.g. 3<\x2f...>
        path = shown or path
        key = (pid, fd)
        self.forget(key)
        if os.path.normpath(path) == self.folder:
            self.fds[key] = None
            return
        name = self.inside(path)
        if name is None:
            return
        if name not in self.live:
            if "O_CREAT" not in flags:
                raise TraceError(f"{name} was opened but never made")
            self.live[name] = file = max(self.sizes, default=-1) + 1
            self.sizes[file] = 0
            self.emit(Create(file, name))
        file = self.live[name]
        if "O_TRUNC" in flags:
            self.truncated(file, 0)
        self.fds[key], self.positions[key] = file, 0
        if "O_APPEND" in flags:
            self.appending.add(key)

    def written(self, file: int, offset: int, data: bytes) -> None:
        self.emit(Write(file, offset, data))
        self.sizes[file] = max(self.sizes[file], offset + len(data))

    def truncated(self, file: int, size: int) -> None:
        self.emit(Truncate(file, size))
        self.sizes[file] = size

    def stdout(self, data: bytes) -> None:
        self._stdout += data.decode("utf-8", "replace")
        while "\n" in self._stdout:
            line, self._stdout = self._stdout.split("\n", 1)
            self.trace.stdout += line + "\n"
            if line.startswith("saved "):
                self.saved += 1
                self.emit(Saved(self.saved, line[len("saved "):]))

    # ----- names changing --------------------------------------------------------------
    def unlinked(self, path: str) -> None:
        name = self.inside(path)
        if name is not None and name in self.live:
            del self.live[name]
            self.emit(Unlink(name))

    def renamed(self, source: str, target: str) -> None:
        old, new = self.inside(source), self.inside(target)
        if old is None and new is None:
            return
        if old is None or old not in self.live:
            raise TraceError(f"a file was moved into the folder from outside: {target}")
        if new is None:
            self.unlinked(source)
            return
        self.live[new] = self.live.pop(old)
        self.emit(Rename(old, new))

    # ----- one call ------------------------------------------------------------------
    def call(self, pid: int, text: str) -> None:
        match = _CALL.match(text)
        if match is None:
            if text.split("(", 1)[0] in STRACE_CALLS and not text.endswith("= ?"):
                raise TraceError(f"cannot read this call: {text[:160]}")
            return
        ret = int(match["ret"], 0)
        if self.root_pid is None:
            self.root_pid = pid
        if ret < 0:
            return                                  # a failed call changed nothing
        if match["name"] in REFUSED:
            self.refuse(pid, split_args(match["args"]), match["name"])
        handler = getattr(self, "on_" + match["name"], None)
        if handler is not None:
            handler(pid, split_args(match["args"]), ret, match["ret"] + match["rest"].strip())

    def on_openat(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.opened(pid, self.resolve(args[0], args[1]), args[2], rest)

    def on_open(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.opened(pid, self.resolve(None, args[0]), args[1], rest)

    def on_creat(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.opened(pid, self.resolve(None, args[0]), "O_CREAT|O_WRONLY|O_TRUNC", rest)

    def on_close(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.forget((pid, fd_arg(args[0])[0]))

    def forget(self, key: tuple[int, int]) -> None:
        self.fds.pop(key, None)
        self.positions.pop(key, None)
        self.appending.discard(key)

    def on_lseek(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        key = (pid, fd_arg(args[0])[0])
        if key in self.positions:
            self.positions[key] = ret

    def on_read(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        key = (pid, int(args[0], 0))                 # raw: 0x3, the count as returned
        if key in self.positions:
            self.positions[key] += ret

    on_readv = on_read

    def on_write(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.sequential(pid, args[0], string_arg(args[1])[:ret])

    def on_writev(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.sequential(pid, args[0], iov_data(args[1])[:ret])

    def sequential(self, pid: int, fd_text: str, data: bytes) -> None:
        fd = fd_arg(fd_text)[0]
        if fd == 1 and pid == self.root_pid:
            self.stdout(data)
            return
        file = self.file_of(pid, fd_text)
        if file is None:
            return
        key = (pid, fd)
        offset = self.sizes[file] if key in self.appending else self.positions[key]
        self.written(file, offset, data)
        self.positions[key] = offset + len(data)

    def on_pwrite64(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        file = self.file_of(pid, args[0])
        if file is not None:
            self.written(file, int(args[3]), string_arg(args[1])[:ret])

    def on_pwritev(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        file = self.file_of(pid, args[0])
        if file is not None:
            if int(args[3]) < 0:
                raise TraceError("pwritev2 at the current position is not modelled")
            self.written(file, int(args[3]), iov_data(args[1])[:ret])

    on_pwritev2 = on_pwritev

    def on_ftruncate(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        file = self.file_of(pid, args[0])
        if file is not None:
            self.truncated(file, int(args[1]))

    def on_truncate(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        name = self.inside(self.resolve(None, args[0]))
        if name is not None:
            self.truncated(self.live[name], int(args[1]))

    def on_fsync(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        key = (pid, fd_arg(args[0])[0])
        if key in self.fds:
            file = self.fds[key]
            self.emit(DirSync() if file is None else Sync(file))
        else:
            self.file_of(pid, args[0])            # raises for an unseen folder descriptor

    on_fdatasync = on_fsync

    def on_unlink(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.unlinked(self.resolve(None, args[0]))

    def on_unlinkat(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        path = self.resolve(args[0], args[1])
        if "AT_REMOVEDIR" in args[2] and self.inside(path):
            raise TraceError(f"a folder inside the vault folder was removed: {path}")
        self.unlinked(path)

    def on_rename(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        self.renamed(self.resolve(None, args[0]), self.resolve(None, args[1]))

    def on_renameat(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        if len(args) > 4 and "RENAME_EXCHANGE" in args[4]:
            raise TraceError("RENAME_EXCHANGE is not modelled")
        self.renamed(self.resolve(args[0], args[1]), self.resolve(args[2], args[3]))

    on_renameat2 = on_renameat

    def on_mmap(self, pid: int, args: list[str], ret: int, rest: str) -> None:
        if len(args) < 5 or "MAP_SHARED" not in args[3] or "PROT_WRITE" not in args[2]:
            return
        file = self.file_of(pid, args[4])
        name = self.inside(fd_arg(args[4])[1])
        if file is not None and not (name or "").endswith("-shm"):
            raise TraceError(f"{name} is written through a shared mapping (invisible here)")

    def refuse(self, pid: int, args: list[str], call: str) -> None:
        if self.file_of(pid, args[REFUSED[call]]) is not None:
            raise TraceError(f"{call} wrote into the folder: the model does not follow it")


def parse(text: str, folder: Path, initial_sizes: dict[str, int]) -> Trace:
    """The operations of a strace -f -y -xx log on the files directly in `folder`."""
    parser = Parser(folder, initial_sizes)
    for pid, call in joined_lines(text):
        parser.call(pid, call)
    return parser.trace
