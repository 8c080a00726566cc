// Thin forwards to Linux system calls that Swift cannot call directly
// (packed structs, macros, variadics). No logic lives here.
#ifndef CSWITCHBOARD_H
#define CSWITCHBOARD_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <pthread.h>

// epoll_event is packed on x86_64; Swift sees this unpacked copy instead.
typedef struct {
    uint32_t events;
    uint64_t data;
} cs_epoll_event;

extern const uint32_t CS_EPOLLIN;
extern const uint32_t CS_EPOLLOUT;
extern const uint32_t CS_EPOLLERR;
extern const uint32_t CS_EPOLLHUP;
extern const uint32_t CS_EPOLLRDHUP;
extern const uint32_t CS_EPOLLET;

int cs_epoll_create(void);
int cs_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
int cs_epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
int cs_epoll_del(int epfd, int fd);
/// Waits like epoll_wait and copies the packed kernel events into `out`.
int cs_epoll_wait(int epfd, cs_epoll_event *out, int max_events, int timeout_ms);

int cs_eventfd(void);
int cs_eventfd_signal(int fd);
int cs_eventfd_drain(int fd);

/// A non-blocking TCP listener on host:port (IPv4 or IPv6 literal), SO_REUSEADDR and
/// optionally SO_REUSEPORT. Returns the fd or -errno; the bound port goes to *bound_port.
int cs_listen_tcp(const char *host, int port, int backlog, int reuse_port, int *bound_port);
/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC.
int cs_accept(int fd);
/// cs_accept that also writes the peer's address to peer[16] as IPv6 (IPv4 as ::ffff:a.b.c.d; zeros otherwise).
int cs_accept_peer(int fd, uint8_t *peer);
/// A blocking TCP client connection (tests and tools).
int cs_connect_tcp(const char *host, int port);
int cs_set_nonblocking(int fd, int on);
int cs_set_sndbuf(int fd, int bytes);
int cs_set_rcvbuf(int fd, int bytes);
int cs_shutdown_write(int fd);
/// send with MSG_NOSIGNAL (a closed peer gives EPIPE, never SIGPIPE).
ssize_t cs_send(int fd, const void *buf, size_t len);
/// writev through sendmsg with MSG_NOSIGNAL.
ssize_t cs_writev(int fd, const struct iovec *iov, int iovcnt);
int cs_errno(void);

/// Number of CPUs in this process's affinity mask (taskset -c 0 gives 1).
int cs_affinity_cpu_count(void);
/// The n-th CPU (0-based) of the affinity mask, or -1.
int cs_affinity_cpu_at(int index);
/// Pins the calling thread to one CPU.
int cs_pin_current_thread(int cpu);

int cs_ignore_sigpipe(void);
/// Names a thread (15 bytes at most) for top, perf and gdb.
int cs_set_thread_name(pthread_t thread, const char *name);

/// Monotonic clock in nanoseconds.
uint64_t cs_monotonic_ns(void);
/// Wall clock in milliseconds since the Unix epoch.
int64_t cs_wall_ms(void);

/// Resident set size of this process in bytes, from /proc/self/statm.
long cs_resident_bytes(void);

/// Installs handlers for SIGTERM, SIGINT and SIGHUP that write the signal number (one byte) to a pipe,
/// and returns the pipe's read end (or -errno). Works whatever the threads' signal masks are.
int cs_signal_pipe_install(void);

/// The event loop running on this thread (NULL elsewhere): lets a call from a loop thread act at once instead of queueing.
void cs_set_current_loop(void *loop);
void *cs_current_loop(void);

#endif
