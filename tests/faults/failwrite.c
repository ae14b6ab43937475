/* failwrite.c: an LD_PRELOAD shim that makes file writes fail the way a full
 * disk or a failing drive makes them fail, so tests can watch what SQLite's C
 * code and Python's file writes do with a real ENOSPC or EIO.
 * tests/faults/shim.py builds it and runs child processes under it.
 *
 * Configured by the environment, read once at load:
 *   CK_FAULT_ERRNO        ENOSPC (default), EIO, or a number
 *   CK_FAULT_PATH         only files whose path contains this text
 *                         (default: every regular file; never pipes or terminals)
 *   CK_FAULT_AFTER_BYTES  let this many bytes through to those files first; the
 *                         write that crosses the line is cut short (default 0)
 *   CK_FAULT_ON           write (default), fsync, or all
 *   CK_FAULT_ARMED        1 (default) fails from the start; 0 waits for ck_fault_arm(1)
 *
 * From inside the process (Python: ctypes.CDLL(None).ck_fault_arm(1)):
 *   ck_fault_arm(on)  switch the fault on or off; switching on restarts the byte budget
 *   ck_fault_hits()   how many calls have been failed so far
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_writev)(int, const struct iovec *, int);
static ssize_t (*real_pwritev)(int, const struct iovec *, int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

static int fault_errno = ENOSPC;
static const char *fault_path = NULL;  /* NULL: every regular file */
static long long budget = 0;           /* bytes allowed through after arming */
static int on_write = 1, on_fsync = 0;
static int armed = 1;
static long long written = 0;          /* bytes let through since arming */
static long long hits = 0;

static void load(void) __attribute__((constructor));
static void load(void) {
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_writev = dlsym(RTLD_NEXT, "writev");
    real_pwritev = dlsym(RTLD_NEXT, "pwritev");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    const char *value = getenv("CK_FAULT_ERRNO");
    if (value && strcmp(value, "EIO") == 0) fault_errno = EIO;
    else if (value && value[0] >= '0' && value[0] <= '9') fault_errno = atoi(value);
    value = getenv("CK_FAULT_PATH");
    if (value && *value) fault_path = value;
    value = getenv("CK_FAULT_AFTER_BYTES");
    if (value) budget = atoll(value);
    value = getenv("CK_FAULT_ON");
    if (value && strcmp(value, "fsync") == 0) { on_write = 0; on_fsync = 1; }
    if (value && strcmp(value, "all") == 0) on_fsync = 1;
    value = getenv("CK_FAULT_ARMED");
    if (value) armed = atoi(value);
}

void ck_fault_arm(int on) {
    __atomic_store_n(&written, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&armed, on, __ATOMIC_SEQ_CST);
}

long long ck_fault_hits(void) { return __atomic_load_n(&hits, __ATOMIC_SEQ_CST); }

/* Is `fd` one of the files the fault is aimed at? (fd -> path via /proc) */
static int targeted(int fd) {
    if (!__atomic_load_n(&armed, __ATOMIC_SEQ_CST)) return 0;
    if (fault_path == NULL) {
        struct stat info;
        return fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
    }
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t size = readlink(link, path, sizeof path - 1);
    if (size < 0) return 0;
    path[size] = '\0';
    return strstr(path, fault_path) != NULL;
}

static int fail(void) {
    __atomic_add_fetch(&hits, 1, __ATOMIC_SEQ_CST);
    errno = fault_errno;
    return -1;
}

/* How many of `count` bytes may go to `fd`: all of them (-2 = not targeted),
 * fewer (a short write, as a disk that fills mid-way), or none (-1: fail).
 * Bytes to targeted files count against the budget even when only syncs fail. */
static ssize_t allowed(int fd, size_t count) {
    if (!targeted(fd)) return -2;
    long long left = budget - __atomic_load_n(&written, __ATOMIC_SEQ_CST);
    if (on_write && left <= 0) return -1;
    ssize_t grant = (on_write && left < (long long)count) ? (ssize_t)left : (ssize_t)count;
    __atomic_add_fetch(&written, grant, __ATOMIC_SEQ_CST);
    return grant;
}

ssize_t write(int fd, const void *buf, size_t count) {
    ssize_t grant = allowed(fd, count);
    if (grant == -1) return fail();
    return real_write(fd, buf, grant == -2 ? count : (size_t)grant);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    ssize_t grant = allowed(fd, count);
    if (grant == -1) return fail();
    return real_pwrite(fd, buf, grant == -2 ? count : (size_t)grant, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    ssize_t grant = allowed(fd, count);
    if (grant == -1) return fail();
    return real_pwrite64(fd, buf, grant == -2 ? count : (size_t)grant, offset);
}

/* Vectored writes are all or nothing: simpler, and still what a full disk may do. */
static size_t total(const struct iovec *iov, int count) {
    size_t sum = 0;
    for (int i = 0; i < count; i++) sum += iov[i].iov_len;
    return sum;
}

ssize_t writev(int fd, const struct iovec *iov, int count) {
    size_t want = total(iov, count);
    ssize_t grant = allowed(fd, want);
    if (grant == -1 || (grant >= 0 && (size_t)grant < want)) return fail();
    return real_writev(fd, iov, count);
}

ssize_t pwritev(int fd, const struct iovec *iov, int count, off_t offset) {
    size_t want = total(iov, count);
    ssize_t grant = allowed(fd, want);
    if (grant == -1 || (grant >= 0 && (size_t)grant < want)) return fail();
    return real_pwritev(fd, iov, count, offset);
}

/* A sync fails once the byte budget is spent (at once with no budget). */
static int sync_fails(int fd) {
    return on_fsync && targeted(fd)
        && __atomic_load_n(&written, __ATOMIC_SEQ_CST) >= budget;
}

int fsync(int fd) { return sync_fails(fd) ? fail() : real_fsync(fd); }

int fdatasync(int fd) { return sync_fails(fd) ? fail() : real_fdatasync(fd); }
