/* Batched UDP for kumo's DNS server: recvmmsg/sendmmsg on one socket, so a burst of queries costs one wake-up, one
 * receive and one send system call and one call into JavaScript instead of one of each per datagram (node:dgram).
 * Linux only; src/net/dns/udp-batch.ts falls back to node:dgram when this is not built. Built by
 * scripts/build-native.mjs with the C compiler and Node's own headers (no node-gyp, no download). */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>
#include <node_api.h>
#include <uv.h>

/* Datagrams per system call. */
#define BATCH 32
/* A UDP datagram's largest payload: a query is read whole, as node:dgram reads it. */
#define SLOT 65536
#define META 6
#define ADDR 64

typedef struct {
  int fd;
  int family;
  int closing;
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_ref self;
  napi_ref in_ref;
  napi_ref out_ref;
  napi_async_context async;
  unsigned char *in;            /* BATCH slots of SLOT bytes: the received queries */
  unsigned char *out;           /* BATCH slots of SLOT bytes: the replies JavaScript writes */
  int32_t *meta;                /* per slot (META ints): query length, port, reply length (-1: none), family, text length */
  unsigned char *addr;          /* per slot (ADDR bytes): IPv4's 4 bytes, or IPv6 as inet_ntop text (as node:dgram) */
  struct sockaddr_storage names[BATCH];
  struct mmsghdr rmsg[BATCH];
  struct iovec riov[BATCH];
  struct mmsghdr smsg[BATCH];
  struct iovec siov[BATCH];
} batch_socket;

static napi_value throw_errno(napi_env env, int err, const char *syscall) {
  napi_value code, msg, error;
  char text[160];
  const char *name = uv_err_name(-err);
  snprintf(text, sizeof text, "%s %s", syscall, name);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &error);
  napi_throw(env, error);
  return NULL;
}

/* The socket is closed once libuv has let go of the poll handle (libuv: close the fd only after uv_close). */
static void on_closed(uv_handle_t *handle) {
  batch_socket *s = handle->data;
  close(s->fd);
  free(s);
}

static void close_now(batch_socket *s) {
  napi_env env = s->env;
  s->closing = 1;
  uv_poll_stop(&s->poll);
  napi_delete_reference(env, s->callback);
  napi_delete_reference(env, s->self);
  napi_delete_reference(env, s->in_ref);
  napi_delete_reference(env, s->out_ref);
  napi_async_destroy(env, s->async);
  uv_close((uv_handle_t *)&s->poll, on_closed);
}

/* A worker thread ending with the socket open: close it, or Node finds an open handle on the dying loop. */
static void cleanup_hook(void *arg) {
  batch_socket *s = arg;
  if (!s->closing) close_now(s);
}

/* host:port as a socket address of the family (4 or 6); 0, or -1 when host is not an address of that family. */
static int socket_address(int family, const char *host, int port, struct sockaddr_storage *ss, socklen_t *len) {
  memset(ss, 0, sizeof *ss);
  if (family == 6) {
    struct sockaddr_in6 *sa = (struct sockaddr_in6 *)ss;
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons((uint16_t)port);
    *len = sizeof *sa;
    return inet_pton(AF_INET6, host, &sa->sin6_addr) == 1 ? 0 : -1;
  }
  struct sockaddr_in *sa = (struct sockaddr_in *)ss;
  sa->sin_family = AF_INET;
  sa->sin_port = htons((uint16_t)port);
  *len = sizeof *sa;
  return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* Hands each burst to JavaScript, then sends the replies it wrote in one sendmmsg. */
static void on_readable(uv_poll_t *poll, int status, int events) {
  batch_socket *s = poll->data;
  if (status < 0 || s->closing) return;
  napi_env env = s->env;
  for (int rounds = 0; rounds < 64 && !s->closing; rounds++) {
    for (int i = 0; i < BATCH; i++) {
      s->riov[i].iov_base = s->in + (size_t)i * SLOT;
      s->riov[i].iov_len = SLOT;
      memset(&s->rmsg[i].msg_hdr, 0, sizeof s->rmsg[i].msg_hdr);
      s->rmsg[i].msg_hdr.msg_iov = &s->riov[i];
      s->rmsg[i].msg_hdr.msg_iovlen = 1;
      s->rmsg[i].msg_hdr.msg_name = &s->names[i];
      s->rmsg[i].msg_hdr.msg_namelen = sizeof s->names[i];
    }
    int n = recvmmsg(s->fd, s->rmsg, BATCH, MSG_DONTWAIT, NULL);
    if (n < 0) {
      /* An ICMP error from an earlier reply (ECONNREFUSED) is reported once; read on. */
      if (errno == EINTR || errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH) continue;
      return;
    }
    if (n == 0) return;
    for (int i = 0; i < n; i++) {
      int32_t *m = s->meta + i * META;
      m[0] = (int32_t)s->rmsg[i].msg_len;
      m[2] = -1;
      unsigned char *a = s->addr + i * ADDR;
      if (s->names[i].ss_family == AF_INET6) {
        struct sockaddr_in6 *sa = (struct sockaddr_in6 *)&s->names[i];
        /* The same text node:dgram gives (libuv's uv_ip6_name is BIND's inet_ntop, as glibc's). */
        inet_ntop(AF_INET6, &sa->sin6_addr, (char *)a, ADDR);
        m[4] = (int32_t)strlen((char *)a);
        m[1] = ntohs(sa->sin6_port);
        m[3] = 6;
      } else {
        struct sockaddr_in *sa = (struct sockaddr_in *)&s->names[i];
        memcpy(a, &sa->sin_addr, 4);
        m[1] = ntohs(sa->sin_port);
        m[3] = 4;
      }
    }
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    napi_value fn, recv, argv[1], result;
    napi_get_reference_value(env, s->callback, &fn);
    napi_get_reference_value(env, s->self, &recv);
    napi_create_int32(env, n, &argv[0]);
    napi_status st = napi_make_callback(env, s->async, recv, fn, 1, argv, &result);
    if (st == napi_pending_exception) {
      napi_value e;
      napi_get_and_clear_last_exception(env, &e);
      napi_fatal_exception(env, e);
    }
    napi_close_handle_scope(env, scope);
    if (s->closing) return;
    int k = 0;
    for (int i = 0; i < n; i++) {
      int32_t len = s->meta[i * META + 2];
      if (len < 0 || len > SLOT) continue;
      s->siov[k].iov_base = s->out + (size_t)i * SLOT;
      s->siov[k].iov_len = (size_t)len;
      memset(&s->smsg[k].msg_hdr, 0, sizeof s->smsg[k].msg_hdr);
      s->smsg[k].msg_hdr.msg_iov = &s->siov[k];
      s->smsg[k].msg_hdr.msg_iovlen = 1;
      s->smsg[k].msg_hdr.msg_name = &s->names[i];
      s->smsg[k].msg_hdr.msg_namelen = s->rmsg[i].msg_hdr.msg_namelen;
      k++;
    }
    for (int sent = 0; sent < k;) {
      int r = sendmmsg(s->fd, s->smsg + sent, (unsigned)(k - sent), MSG_DONTWAIT);
      if (r < 0) {
        if (errno == EINTR) continue;
        /* EAGAIN (send buffer full) or a gone client: skip that datagram, as a lost UDP answer, and send the rest. */
        sent++;
        continue;
      }
      sent += r;
    }
    if (n < BATCH) return;
  }
}

/* open(family, host, port, callback(count)) → { fd, port, in, out, meta, addr } plus the handle for close/sendTo. */
static napi_value open_socket(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4], self;
  napi_get_cb_info(env, info, &argc, argv, &self, NULL);
  int32_t family, port;
  char host[64];
  size_t hostlen;
  napi_get_value_int32(env, argv[0], &family);
  napi_get_value_string_utf8(env, argv[1], host, sizeof host, &hostlen);
  napi_get_value_int32(env, argv[2], &port);

  struct sockaddr_storage ss;
  socklen_t sslen;
  if (socket_address(family, host, port, &ss, &sslen) < 0) return throw_errno(env, EINVAL, "bind");
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket");
  if (bind(fd, (struct sockaddr *)&ss, sslen) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, e, "bind");
  }
  if (getsockname(fd, (struct sockaddr *)&ss, &sslen) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, e, "getsockname");
  }
  int bound = ntohs(family == 6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);

  batch_socket *s = calloc(1, sizeof *s);
  s->fd = fd;
  s->family = family;
  s->env = env;
  napi_value handle, in, out, meta_ab, meta, addr_ab, addr, v, name;
  napi_create_object(env, &handle);
  void *in_data, *out_data, *meta_data, *addr_data;
  napi_create_arraybuffer(env, (size_t)BATCH * SLOT, &in_data, &in);
  napi_create_arraybuffer(env, (size_t)BATCH * SLOT, &out_data, &out);
  s->in = in_data;
  s->out = out_data;
  napi_create_reference(env, in, 1, &s->in_ref);
  napi_create_reference(env, out, 1, &s->out_ref);
  napi_create_arraybuffer(env, BATCH * META * sizeof(int32_t), &meta_data, &meta_ab);
  napi_create_typedarray(env, napi_int32_array, BATCH * META, meta_ab, 0, &meta);
  napi_create_arraybuffer(env, BATCH * ADDR, &addr_data, &addr_ab);
  napi_create_typedarray(env, napi_uint8_array, BATCH * ADDR, addr_ab, 0, &addr);
  s->meta = meta_data;
  s->addr = addr_data;
  napi_set_named_property(env, handle, "in", in);
  napi_set_named_property(env, handle, "out", out);
  napi_set_named_property(env, handle, "meta", meta);
  napi_set_named_property(env, handle, "addr", addr);
  napi_create_int32(env, bound, &v);
  napi_set_named_property(env, handle, "port", v);
  napi_create_int32(env, BATCH, &v);
  napi_set_named_property(env, handle, "batch", v);
  napi_create_int32(env, SLOT, &v);
  napi_set_named_property(env, handle, "slot", v);
  napi_wrap(env, handle, s, NULL, NULL, NULL);
  napi_create_reference(env, argv[3], 1, &s->callback);
  napi_create_reference(env, handle, 1, &s->self);
  napi_create_string_utf8(env, "kumo:dns-udp", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &s->async);

  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &s->poll, fd);
  s->poll.data = s;
  uv_poll_start(&s->poll, UV_READABLE, on_readable);
  napi_add_env_cleanup_hook(env, cleanup_hook, s);
  return handle;
}

static batch_socket *unwrap(napi_env env, napi_value handle) {
  void *p = NULL;
  napi_unwrap(env, handle, &p);
  return p;
}

/* close(handle): stops reading and closes the socket; buffers are freed once libuv has let go of the handle. */
static napi_value close_socket(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  batch_socket *s = unwrap(env, argv[0]);
  if (!s || s->closing) return NULL;
  napi_remove_env_cleanup_hook(env, cleanup_hook, s);
  napi_remove_wrap(env, argv[0], NULL);
  close_now(s);
  return NULL;
}

/* sendTo(handle, buffer, port, address): one datagram outside a burst (a forwarded answer). */
static napi_value send_to(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  batch_socket *s = unwrap(env, argv[0]);
  if (!s || s->closing) return NULL;
  void *data;
  size_t len;
  int32_t port;
  char host[64];
  size_t hostlen;
  napi_get_buffer_info(env, argv[1], &data, &len);
  napi_get_value_int32(env, argv[2], &port);
  napi_get_value_string_utf8(env, argv[3], host, sizeof host, &hostlen);
  struct sockaddr_storage ss;
  socklen_t sslen;
  if (socket_address(s->family, host, port, &ss, &sslen) < 0) return NULL;
  sendto(s->fd, data, len, MSG_DONTWAIT, (struct sockaddr *)&ss, sslen);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "open", NAPI_AUTO_LENGTH, open_socket, NULL, &fn);
  napi_set_named_property(env, exports, "open", fn);
  napi_create_function(env, "close", NAPI_AUTO_LENGTH, close_socket, NULL, &fn);
  napi_set_named_property(env, exports, "close", fn);
  napi_create_function(env, "sendTo", NAPI_AUTO_LENGTH, send_to, NULL, &fn);
  napi_set_named_property(env, exports, "sendTo", fn);
  return exports;
}
