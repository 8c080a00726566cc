#define _GNU_SOURCE
#include "CSwitchboard.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const uint32_t CS_EPOLLIN = EPOLLIN;
const uint32_t CS_EPOLLOUT = EPOLLOUT;
const uint32_t CS_EPOLLERR = EPOLLERR;
const uint32_t CS_EPOLLHUP = EPOLLHUP;
const uint32_t CS_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t CS_EPOLLET = EPOLLET;

int cs_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cs_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}
int cs_epoll_add(int epfd, int fd, uint32_t events, uint64_t data) { return cs_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data); }
int cs_epoll_del(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }

int cs_epoll_wait(int epfd, cs_epoll_event *out, int max_events, int timeout_ms) {
    struct epoll_event evs[1024];
    if (max_events > 1024) max_events = 1024;
    int n = epoll_wait(epfd, evs, max_events, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].events = evs[i].events;
        out[i].data = evs[i].data.u64;
    }
    return n;
}

int cs_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
int cs_eventfd_signal(int fd) {
    uint64_t one = 1;
    return (int)write(fd, &one, sizeof one);
}
int cs_eventfd_drain(int fd) {
    uint64_t value;
    return (int)read(fd, &value, sizeof value);
}

int cs_listen_tcp(const char *host, int port, int backlog, int reuse_port, int *bound_port) {
    struct sockaddr_storage storage;
    socklen_t len;
    memset(&storage, 0, sizeof storage);
    int family;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&storage;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&storage;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        family = AF_INET; v4->sin_family = AF_INET; v4->sin_port = htons((uint16_t)port); len = sizeof *v4;
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        family = AF_INET6; v6->sin6_family = AF_INET6; v6->sin6_port = htons((uint16_t)port); len = sizeof *v6;
    } else {
        return -EINVAL;
    }
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0) {
        int e = errno; close(fd); return -e;
    }
    if (bind(fd, (struct sockaddr *)&storage, len) != 0 || listen(fd, backlog) != 0) {
        int e = errno; close(fd); return -e;
    }
    /* Accept only once the first bytes arrive (every client here speaks first): one loop wake-up per
       connection fewer, and a peer that connects and says nothing holds no descriptor of ours until
       about a second has passed. */
    int defer_seconds = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  /* inherited by every accepted socket */
    setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_seconds, sizeof defer_seconds);
    if (bound_port) {
        struct sockaddr_storage actual;
        socklen_t actual_len = sizeof actual;
        getsockname(fd, (struct sockaddr *)&actual, &actual_len);
        *bound_port = actual.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&actual)->sin6_port)
                                                   : ntohs(((struct sockaddr_in *)&actual)->sin_port);
    }
    return fd;
}

int cs_accept(int fd) { return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC); }

int cs_accept_peer(int fd, uint8_t *peer) {
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    int accepted = accept4(fd, (struct sockaddr *)&address, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    memset(peer, 0, 16);
    if (accepted < 0) return accepted;
    if (address.ss_family == AF_INET6) {
        memcpy(peer, &((struct sockaddr_in6 *)&address)->sin6_addr, 16);
    } else if (address.ss_family == AF_INET) {
        peer[10] = 0xff;
        peer[11] = 0xff;
        memcpy(peer + 12, &((struct sockaddr_in *)&address)->sin_addr, 4);
    }
    return accepted;
}

int cs_connect_tcp(const char *host, int port) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) return -EINVAL;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) { int e = errno; close(fd); return -e; }
    return fd;
}

int cs_set_nonblocking(int fd, int on) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
}
int cs_set_sndbuf(int fd, int bytes) { return setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes); }
int cs_set_rcvbuf(int fd, int bytes) { return setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes); }
int cs_shutdown_write(int fd) { return shutdown(fd, SHUT_WR); }

ssize_t cs_send(int fd, const void *buf, size_t len) { return send(fd, buf, len, MSG_NOSIGNAL); }
ssize_t cs_writev(int fd, const struct iovec *iov, int iovcnt) {
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_iov = (struct iovec *)iov;
    msg.msg_iovlen = (size_t)iovcnt;
    return sendmsg(fd, &msg, MSG_NOSIGNAL);
}
int cs_errno(void) { return errno; }

int cs_affinity_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
    int n = CPU_COUNT(&set);
    return n > 0 ? n : 1;
}
int cs_affinity_cpu_at(int index) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) { if (seen == index) return cpu; seen++; }
    }
    return -1;
}
int cs_pin_current_thread(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

int cs_ignore_sigpipe(void) { return signal(SIGPIPE, SIG_IGN) == SIG_ERR ? -1 : 0; }

uint64_t cs_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
int64_t cs_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long cs_resident_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    long size = 0, resident = 0;
    int ok = fscanf(f, "%ld %ld", &size, &resident);
    fclose(f);
    return ok == 2 ? resident * sysconf(_SC_PAGESIZE) : -1;
}

int cs_set_thread_name(pthread_t thread, const char *name) { return pthread_setname_np(thread, name); }

static __thread void *current_loop;
void cs_set_current_loop(void *loop) { current_loop = loop; }
void *cs_current_loop(void) { return current_loop; }

static int signal_pipe_write = -1;
static void signal_pipe_handler(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    if (signal_pipe_write >= 0) { ssize_t ignored = write(signal_pipe_write, &byte, 1); (void)ignored; }
    errno = saved;
}
int cs_signal_pipe_install(void) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
    signal_pipe_write = fds[1];
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = signal_pipe_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    return fds[0];
}
