/* One target's check as a state machine over a non-blocking socket:
 * resolve, socket, bind, connect, send, recv, reverse. */
#include "run/probe.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/clock.h"
#include "tls/tls.h"
#include "py/hostbyaddr.h"
#include "py/idna.h"
#include "py/sockaddr.h"
#include "model/happy.h"
#include "net/sockfacts.h"

/* A unix connect that finds the accept queue full fails with EAGAIN where a
 * blocking one waits; without --timeout we wait too, by retrying. */
#define UNIX_RETRY_NS (10 * NS_PER_MS)

static const unsigned char udp_default_payload[1] = {0};

/* Each step either waits (fills w, returns true) or moves p->state on. */
typedef bool step_fn(struct probe *p, int64_t now, struct probe_wait *w);

static struct attempt *current(struct probe *p)
{
	return &p->res.attempts[p->res.nattempts - 1];
}

static void race_free(struct probe *p);
static bool racing(const struct probe *p);

static void close_fd(struct probe *p)
{
	race_free(p);
	tls_conn_free(p->tls);
	p->tls = NULL;
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* Timings come from the clock, not the event time: a step's syscalls and
 * an inline lookup take time of their own. */
static void stage_time(struct probe *p, enum sk_stage stage)
{
	struct attempt *a = current(p);
	int64_t now = now_ns();

	a->ns[stage] += now - p->step_start;
	a->ran[stage] = true;
	p->step_start = now;
}

/* The deadline of a step that may wait: --timeout, cut short by --wait. */
static int64_t step_deadline(const struct probe *p, int64_t now,
			     int64_t timeout)
{
	int64_t d = timeout < 0 ? -1 : now + timeout;

	if (p->wait_deadline >= 0 && (d < 0 || d > p->wait_deadline))
		d = p->wait_deadline;
	return d;
}

static void fd_wait_timed_out(struct probe *p, int64_t now);

/* The wait, with the socket the probe holds now. */
static void set_wait(struct probe *p, struct probe_wait *w,
		     enum probe_wait_kind kind, uint32_t events,
		     int64_t deadline)
{
	*w = (struct probe_wait){kind, p->fd, p->fd_serial, events, deadline,
				 false, NULL};
}

/* CPython 3 waits only for the time left (sock_call(), the handshake's
 * loop): a step that must wait again once its deadline has passed (after
 * a stall, say) times out without waiting.  False then: the step is over. */
static bool wait_fd(struct probe *p, uint32_t events, int64_t deadline,
		    struct probe_wait *w)
{
	int64_t now = now_ns();

	p->deadline = deadline;
	if (deadline >= 0 && now > deadline) {
		fd_wait_timed_out(p, now);
		return false;
	}
	set_wait(p, w, WAIT_FD, events, deadline);
	return true;
}

/* A lookup is bounded only by the hard deadline: Python has none. */
static bool wait_job(struct probe *p, struct probe_wait *w)
{
	p->job_ready = false;
	set_wait(p, w, WAIT_JOB, 0, p->wait_deadline);
	w->job = &p->job;
	return true;
}

/* Runs the job now if it cannot block; else asks the engine to. */
static bool start_job(struct probe *p, struct probe_wait *w)
{
	job_clear(&p->job);
	if (job_run_if_immediate(&p->job)) {
		p->job_ready = true;
		return false;
	}
	return wait_job(p, w);
}

static void finish(struct probe *p, int64_t now);

static bool more_addresses(const struct probe *p)
{
	return p->cur + 1 < p->res.naddrs;
}

static void next_address(struct probe *p, int64_t now)
{
	if (more_addresses(p)) {
		p->cur++;
		p->state = P_SOCKET;
	} else {
		finish(p, now);
	}
}

/* Errors before the connection stand lets CPython's create_connection()
 * try the next address; after it, only --all goes on. */
/* issue 10: what Python cannot tell, for -v and json */
static bool want_facts(const struct probe *p)
{
	return p->plan->facts && p->fd >= 0 && p->res.nattempts > 0 &&
	       p->res.addrs[p->cur].family != AF_UNIX;
}

static bool tcp_attempt(struct probe *p)
{
	return current(p)->sock_type == SOCK_STREAM;
}

/* A TypeError (--family: an address of another family) escapes
 * create_connection()'s "except OSError": no other address is tried. */
static bool escapes_loop(const struct sk_error *e)
{
	return e->kind == SK_PLAIN && e->code == SK_PLAIN_TYPE;
}

static void attempt_failed(struct probe *p, struct sk_error e, int64_t now)
{
	stage_time(p, e.stage);
	if (want_facts(p) && e.stage >= STAGE_CONNECT && e.stage <= STAGE_RECV)
		facts_collect(p->fd, tcp_attempt(p), &current(p)->facts);
	close_fd(p);
	current(p)->err = e;
	if ((e.stage <= STAGE_CONNECT && !escapes_loop(&e)) || p->plan->all)
		next_address(p, now);
	else
		finish(p, now);
}

static void attempt_worked(struct probe *p, int64_t now)
{
	close_fd(p);
	if (p->res.ok_attempt == NO_ATTEMPT)
		p->res.ok_attempt = p->res.nattempts - 1;
	if (p->plan->all)
		next_address(p, now);
	else
		finish(p, now);
}

static bool is_udp(const struct probe *p)
{
	return p->plan->socktype == SOCK_DGRAM;
}

/* -u's default applies to send and recv alike (Python's settimeout(2.0)). */
static int64_t io_timeout(const struct probe *p)
{
	if (is_udp(p) && p->plan->timeout_ns < 0)
		return UDP_DEFAULT_WAIT_NS;
	return p->plan->timeout_ns;
}

/* The steps after connect, in the order they run, each when the plan asks
 * for it: the one place that says what comes next. */
static const enum sk_stage after_connect[] = {
	STAGE_TLS, STAGE_SEND, STAGE_RECV, STAGE_REVERSE,
};

static bool stage_wanted(const struct probe *p, enum sk_stage s)
{
	switch (s) {
	case STAGE_TLS:
		return p->plan->tls.on;
	case STAGE_SEND:
		return p->plan->send_set || is_udp(p);
	case STAGE_RECV:
		return p->plan->recv_max || is_udp(p);
	case STAGE_REVERSE:
		return p->plan->reverse;
	default:
		return false;
	}
}

static void enter_stage(struct probe *p, enum sk_stage s, int64_t now)
{
	switch (s) {
	case STAGE_TLS:
		p->deadline = step_deadline(p, now, p->plan->timeout_ns);
		p->state = P_TLS;
		break;
	case STAGE_SEND:
		p->send_off = 0;
		p->deadline = step_deadline(p, now, io_timeout(p));
		p->state = P_SEND;
		break;
	case STAGE_RECV:
		p->state = P_RECV;
		break;
	default:
		p->state = P_REVERSE;
	}
}

#define AFTER_CONNECT_N (sizeof after_connect / sizeof *after_connect)

/* Stage done worked: on to the next step the plan asks for, in the order
 * of after_connect[], or the attempt worked. */
static void step_done(struct probe *p, enum sk_stage done, int64_t now)
{
	size_t i = 0;

	stage_time(p, done);
	while (i < AFTER_CONNECT_N && after_connect[i] != done)
		i++;
	for (i = i < AFTER_CONNECT_N ? i + 1 : 0; i < AFTER_CONNECT_N; i++) {
		if (stage_wanted(p, after_connect[i])) {
			enter_stage(p, after_connect[i], now);
			return;
		}
	}
	attempt_worked(p, now);
}

static void connected(struct probe *p, int64_t now)
{
	if (want_facts(p)) {
		facts_collect(p->fd, tcp_attempt(p), &current(p)->facts);
		facts_connected(p->fd, p->res.addrs[p->cur].family);
	}
	step_done(p, STAGE_CONNECT, now);
}

static bool copy_addresses(struct probe *p, const struct addrinfo *ai)
{
	size_t n = 0;

	for (const struct addrinfo *i = ai; i; i = i->ai_next)
		n++;
	p->res.addrs = calloc(n ? n : 1, sizeof *p->res.addrs);
	if (!p->res.addrs)
		return false;
	for (const struct addrinfo *i = ai; i; i = i->ai_next) {
		struct address *a = &p->res.addrs[p->res.naddrs++];

		memcpy(&a->sa, i->ai_addr, i->ai_addrlen);
		a->len = i->ai_addrlen;
		a->family = i->ai_family;
		a->socktype = i->ai_socktype;
		a->protocol = i->ai_protocol;
	}
	return true;
}

static bool unix_address(struct probe *p)
{
	struct address *a = calloc(1, sizeof *a);

	if (!a)
		return false;
	a->sa.ss_family = AF_UNIX;
	a->family = AF_UNIX;
	a->socktype = p->plan->socktype;
	p->res.addrs = a;
	p->res.naddrs = 1;
	return true;
}

static bool step_resolve(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct job *j = &p->job;

	if (p->target.kind == TARGET_UNIX) {
		/* nothing to resolve, nor to look up in reverse */
		if (!unix_address(p))
			p->res.err = sk_errno(STAGE_RESOLVE, ENOMEM);
		if (sk_failed(&p->res.err) || p->plan->resolve_only)
			finish(p, now);
		else
			p->state = P_SOCKET;
		return false;
	}
	if (!p->job_ready && p->plan->all_errors && !p->plan->resolve_only &&
	    !pyver_get(p->plan->python)->all_errors) {
		/* 3.10 and older: the keyword itself, before any lookup */
		p->res.err = (struct sk_error){STAGE_RESOLVE, SK_PLAIN,
			SK_PLAIN_TYPE, "create_connection() got an unexpected "
			"keyword argument 'all_errors'", NULL};
		finish(p, now);
		return false;
	}
	if (!p->job_ready) {
		if (p->plan->idna && !p->idna_host && p->target.host &&
		    idna_encode(p->target.host, p->plan->python,
				p->plan->argv_ascii, &p->idna_host,
				p->idna_why, sizeof p->idna_why) < 0) {
			p->res.err = (struct sk_error){STAGE_RESOLVE, SK_PLAIN,
						       SK_PLAIN_UNICODE, p->idna_why, NULL};
			finish(p, now);
			return false;
		}
		j->kind = JOB_GETADDRINFO;
		j->host = p->idna_host ? p->idna_host : p->target.host;
		j->port = p->target.port;
		j->family = p->plan->family;
		j->socktype = p->plan->socktype;
		/* only -n -v shows it; the lookup stays Python's otherwise */
		j->flags = p->plan->resolve_only && p->plan->canonname ? AI_CANONNAME : 0;
		if (start_job(p, w))
			return true;
	}
	p->job_ready = false;
	p->res.resolve_ns = now_ns() - p->step_start;
	p->step_start += p->res.resolve_ns;
	if (j->rc != 0)
		p->res.err = sk_gaierror(STAGE_RESOLVE, j->rc, j->saved_errno);
	else if (!copy_addresses(p, j->ai))
		p->res.err = sk_errno(STAGE_RESOLVE, ENOMEM);
	else if (p->res.naddrs == 0)
		p->res.err = sk_plain(STAGE_RESOLVE,
				      "getaddrinfo returns an empty list");
	if (j->ai && j->ai->ai_canonname)
		p->res.canonname = strdup(j->ai->ai_canonname);
	job_clear(j);
	if (sk_failed(&p->res.err) || (p->plan->resolve_only && !p->plan->reverse))
		finish(p, now);
	else
		p->state = p->plan->resolve_only ? P_REVERSE
			 : racing(p) ? P_RACE : P_SOCKET;
	return false;
}

static bool new_attempt(struct probe *p)
{
	size_t n = p->res.nattempts;
	struct attempt *a = realloc(p->res.attempts, (n + 1) * sizeof *a);

	if (!a)
		return false;
	p->res.attempts = a;
	a[n] = (struct attempt){.addr = p->cur};
	p->res.nattempts = n + 1;
	return true;
}

static bool step_socket(struct probe *p, int64_t now, struct probe_wait *w)
{
	const struct address *ad = &p->res.addrs[p->cur];
	const struct plan *pl = p->plan;
	struct attempt *a;

	if (p->res.nattempts == 0 || current(p)->addr != p->cur ||
	    current(p)->ran[STAGE_SOCKET]) {
		if (!new_attempt(p)) {
			p->res.err = sk_errno(STAGE_SOCKET, ENOMEM);
			finish(p, now);
			return false;
		}
	}
	a = current(p);
	a->sock_family = pl->sock_family >= 0 ? pl->sock_family : ad->family;
	a->sock_type = pl->sock_type >= 0 ? pl->sock_type : ad->socktype;
	a->sock_proto = pl->sock_proto >= 0 ? pl->sock_proto : ad->protocol;
	p->step_start = now_ns();
	p->fd_serial++;
	p->reset_pending = 0;
	p->fd = socket(a->sock_family, a->sock_type | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       a->sock_proto);
	if (p->fd < 0) {
		if (errno == EMFILE || errno == ENFILE) {
			p->socket_errno = errno;
			set_wait(p, w, WAIT_FDSLOT, 0, -1);
			return true;
		}
		attempt_failed(p, sk_errno(STAGE_SOCKET, errno), now);
		return false;
	}
	stage_time(p, STAGE_SOCKET);
	/* issue 10: --interface, as sock.setsockopt(SO_BINDTODEVICE) would */
	if (pl->interface && setsockopt(p->fd, SOL_SOCKET, SO_BINDTODEVICE,
					pl->interface, (socklen_t)strlen(pl->interface)) < 0) {
		attempt_failed(p, sk_errno(STAGE_BIND, errno), now);
		return false;
	}
	p->state = pl->bind_host ? P_BIND_LOOKUP : P_CONNECT;
	return false;
}

static void set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
	else if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
}

/* Looks the source address up as CPython's bind() does, for this family. */
static bool step_bind_lookup(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct job *j = &p->job;

	if (!p->job_ready) {
		j->kind = JOB_BIND_ADDR;
		j->host = p->plan->bind_host;
		j->port = NULL;
		j->family = current(p)->sock_family;
		j->py2 = p->plan->py2_bind;
		if (start_job(p, w))
			return true;
	}
	p->job_ready = false;
	if (j->rc != 0)
		attempt_failed(p, sk_gaierror(STAGE_BIND, j->rc, j->saved_errno),
			       now);
	else if (j->plain)
		attempt_failed(p, sk_plain(STAGE_BIND, j->plain), now);
	else
		p->state = P_BIND;
	return false;
}

static bool step_bind(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct job *j = &p->job;

	(void)w;
	set_port(&j->addr, p->plan->bind_port);
	if (bind(p->fd, (struct sockaddr *)&j->addr, j->addrlen) < 0) {
		attempt_failed(p, sk_errno(STAGE_BIND, errno), now);
		return false;
	}
	stage_time(p, STAGE_BIND);
	p->state = P_CONNECT;
	return false;
}

/* As CPython's getsockaddrarg() for AF_UNIX: the error carries no errno;
 * the length counts no NUL, so the empty path is EINVAL, as in Python. */
static bool unix_sockaddr(const struct target *t, struct address *a)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&a->sa;

	if (target_abstract(t) ? t->path_len > sizeof un->sun_path
			       : t->path_len >= sizeof un->sun_path)
		return false;
	memcpy(un->sun_path, t->path, t->path_len);
	a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
			     t->path_len);
	return true;
}

/* Python's blocking connect() returns once the handshake is done; a
 * peer that accepts and resets at once resets a connected socket, whose
 * next send, recv or handshake raises it.  sockerr's look at a connect
 * still on its way (connect() again, SO_ERROR, or the thread's connect()
 * waking after the reset) takes that ECONNRESET instead: it says the
 * handshake was done (a refused SYN is ECONNREFUSED), so the connect
 * worked, and the reset waits for the next step.  With -t Python itself
 * reads SO_ERROR after poll(), as sockerr does: no translation. */
static bool reset_after_handshake(struct probe *p, int err)
{
	if (err != ECONNRESET || p->plan->timeout_ns >= 0 || !tcp_attempt(p))
		return false;
	p->reset_pending = err;
	return true;
}

/* Over loopback the answer is often in before connect() returns: asking
 * again tells (0, or the error) without a round through epoll, as the
 * blocking connect() Python makes would return.  False, errno EALREADY,
 * while it is still on its way. */
static bool connect_again(struct probe *p, int64_t now)
{
	if (connect(p->fd, (struct sockaddr *)&p->peer, p->peer_len) == 0 ||
	    reset_after_handshake(p, errno))
		connected(p, now);
	else if (errno != EALREADY && errno != EINPROGRESS)
		attempt_failed(p, sk_errno(STAGE_CONNECT, errno), now);
	else
		return false;
	return true;
}

/* issue 10: without --timeout (nor --wait) Python's connect() blocks, and
 * the kernel holds back an ICMP error that meets a blocking connect until
 * the next SYN: a connect still on its way is waited for, blocking, in a
 * thread (connector.h).  One that ended at once (loopback) ended alike. */
static bool connect_blocks(const struct probe *p)
{
	return p->plan->timeout_ns < 0 && p->wait_deadline < 0;
}

static bool step_connect_block(struct probe *p, int64_t now,
			       struct probe_wait *w)
{
	struct job *j = &p->job;

	if (!p->job_ready) {
		job_clear(j);
		j->kind = JOB_CONNECT;
		j->fd = p->fd;
		memcpy(&j->addr, &p->peer, sizeof p->peer);
		j->addrlen = p->peer_len;
		return wait_job(p, w);
	}
	p->job_ready = false;
	if (j->saved_errno && !reset_after_handshake(p, j->saved_errno))
		attempt_failed(p, sk_errno(STAGE_CONNECT, j->saved_errno), now);
	else
		connected(p, now);
	return false;
}

/* With --timeout Python polls, then reads SO_ERROR, which also gives a
 * soft error (an ICMP error that met the handshake's last ACK) where
 * connect() again would say 0: a connect that ended at once is read alike. */
static bool writable_now(int fd)
{
	struct pollfd pfd = {.fd = fd, .events = POLLOUT};

	return poll(&pfd, 1, 0) > 0;
}

static void connect_finished(struct probe *p, int64_t now);

/* The address connect() gets, in p->peer: the one resolved, or as CPython
 * reads its tuple for a socket of another family (--family); false when
 * that fails the attempt. */
static bool set_peer(struct probe *p, struct address *ad, int64_t now)
{
	struct sk_error e;

	switch (py_connect_addr(current(p)->sock_family, &ad->sa, p->fd,
				p->plan->py2_bind, &p->peer, &p->peer_len, &e)) {
	case PY_ADDR_ERROR:
		attempt_failed(p, e, now);
		return false;
	case PY_ADDR_OTHER:
		return true;
	case PY_ADDR_SAME:
		break;
	}
	if (ad->family == AF_UNIX && !unix_sockaddr(&p->target, ad)) {
		attempt_failed(p, sk_plain(STAGE_CONNECT, "AF_UNIX path too long"),
			       now);
		return false;
	}
	memcpy(&p->peer, &ad->sa, sizeof ad->sa);
	p->peer_len = ad->len;
	return true;
}

static bool step_connect(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct address *ad = &p->res.addrs[p->cur];
	int64_t timeout = p->plan->timeout_ns;

	if (!set_peer(p, ad, now))
		return false;
	/* the error queue, only where it leaves Python's outcome alone: a
	 * blocking TCP connect (sockfacts.h) */
	if (want_facts(p) && tcp_attempt(p) && connect_blocks(p))
		facts_arm(p->fd, p->peer.ss_family);
	if (connect(p->fd, (struct sockaddr *)&p->peer, p->peer_len) == 0) {
		if (want_facts(p))
			facts_local(p->fd, &current(p)->facts);
		connected(p, now);
		return false;
	}
	if (want_facts(p)) {
		int saved = errno;

		facts_local(p->fd, &current(p)->facts);
		errno = saved;
	}
	if (errno == EINPROGRESS && connect_blocks(p)) {
		if (!connect_again(p, now))
			p->state = P_CONNECT_BLOCK;
		return false;
	}
	if (errno == EINPROGRESS && timeout != 0) {
		if (writable_now(p->fd)) {
			connect_finished(p, now);
			return false;
		}
		p->state = P_CONNECTING;
		return wait_fd(p, EPOLLOUT, step_deadline(p, now, timeout), w);
	}
	if (errno == EAGAIN && ad->family == AF_UNIX && timeout < 0) {
		p->deadline = step_deadline(p, now, UNIX_RETRY_NS);
		set_wait(p, w, WAIT_TIMER, 0, p->deadline);
		return true;
	}
	attempt_failed(p, sk_errno(STAGE_CONNECT, errno), now);
	return false;
}

static void connect_finished(struct probe *p, int64_t now)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err && !reset_after_handshake(p, err))
		attempt_failed(p, sk_errno(STAGE_CONNECT, err), now);
	else
		connected(p, now);
}

/* The name the handshake sends and verifies (server_hostname), once
 * tls_name() made it. */
static const char *tls_host(const struct probe *p)
{
	return p->tls_name;
}

/* server_hostname as the emulated Python hands it to _ssl: 2.7 the bytes
 * given; CPython 3 encodes a str with the idna codec first (ssl.py's
 * _encode_hostname), the host as create_connection() did, and a name it
 * cannot encode raises UnicodeError before the handshake. */
static bool tls_name(struct probe *p, int64_t now)
{
	const struct tls_plan *tp = &p->plan->tls;
	const char *name = tp->servername ? tp->servername
			 : p->target.host ? p->target.host : "localhost";

	if (p->tls_name)
		return true;
	if (!tp->py2 && !tp->servername && p->idna_host)
		name = p->idna_host;	/* encoded for getaddrinfo already */
	if (tp->py2 || name == p->idna_host)
		p->tls_name = strdup(name);
	else if (idna_encode(name, p->plan->python, p->plan->argv_ascii,
			     &p->tls_name,
			     p->idna_why, sizeof p->idna_why) < 0) {
		p->tls_name = NULL;
		attempt_failed(p, (struct sk_error){STAGE_TLS, SK_PLAIN,
			       SK_PLAIN_UNICODE, p->idna_why, NULL}, now);
		return false;
	}
	if (!p->tls_name)
		attempt_failed(p, sk_errno(STAGE_TLS, ENOMEM), now);
	return p->tls_name != NULL;
}

static bool tls_failed(struct probe *p, enum tls_fail_kind kind,
		       enum tls_op op, enum sk_stage stage, int64_t now)
{
	struct tls_result *r = current(p)->tls;

	if (!tls_fail(r, &p->plan->tls, kind, op))
		attempt_failed(p, sk_errno(stage, ENOMEM), now);
	else
		attempt_failed(p, sk_ssl(stage, &r->fail), now);
	return false;
}

/* The connection sendall() and recv() go through: the socket, or TLS
 * over it (one filter, as curl's connection filters).  A call does what
 * it can at once: DONE with *n bytes, WANT_READ or WANT_WRITE (wait for
 * the socket and call again), or FAILED with *e. */
enum io_step { IO_DONE, IO_WANT_READ, IO_WANT_WRITE, IO_FAILED };

struct transport {
	enum io_step (*send)(struct probe *p, const void *buf, size_t len,
			     size_t *n, struct sk_error *e);
	enum io_step (*recv)(struct probe *p, void *buf, size_t max,
			     size_t *n, struct sk_error *e);
	/* sendall(b"") still calls send() once (an empty datagram, or the
	 * socket's pending error); an SSLSocket's sendall does not */
	bool sends_empty;
};

static enum io_step plain_send(struct probe *p, const void *buf, size_t len,
			       size_t *n, struct sk_error *e)
{
	ssize_t r;

	if (p->reset_pending) {
		*e = sk_errno(STAGE_SEND, p->reset_pending);
		return IO_FAILED;
	}
	do
		r = send(p->fd, buf, len, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r >= 0) {
		*n = (size_t)r;
		return IO_DONE;
	}
	if (errno == EAGAIN && io_timeout(p) != 0)
		return IO_WANT_WRITE;
	*e = sk_errno(STAGE_SEND, errno);
	return IO_FAILED;
}

static enum io_step plain_recv(struct probe *p, void *buf, size_t max,
			       size_t *n, struct sk_error *e)
{
	ssize_t r = recv(p->fd, buf, max, 0);

	if (r < 0 && p->reset_pending)	/* data queued before it comes first */
		errno = p->reset_pending;
	if (r >= 0) {
		*n = (size_t)r;
		return IO_DONE;
	}
	if (errno == EAGAIN && io_timeout(p) != 0)
		return IO_WANT_READ;
	*e = sk_errno(STAGE_RECV, errno);
	return IO_FAILED;
}

static enum io_step tls_io(struct probe *p, enum tls_step st, int err,
			   enum sk_stage stage, struct sk_error *e)
{
	switch (st) {
	case TLS_STEP_DONE:
		return IO_DONE;
	case TLS_STEP_WANT_READ:
		return IO_WANT_READ;
	case TLS_STEP_WANT_WRITE:
		return IO_WANT_WRITE;
	case TLS_STEP_FAILED:
		*e = sk_ssl(stage, &current(p)->tls->fail);
		return IO_FAILED;
	default:
		*e = sk_errno(stage, err);
		return IO_FAILED;
	}
}

static enum io_step tls_send(struct probe *p, const void *buf, size_t len,
			     size_t *n, struct sk_error *e)
{
	int err = 0;
	enum tls_step st = tls_write(p->tls, &p->plan->tls, tls_host(p), buf,
				     len, n, current(p)->tls, &err);

	return tls_io(p, st, err, STAGE_SEND, e);
}

static enum io_step tls_recv(struct probe *p, void *buf, size_t max,
			     size_t *n, struct sk_error *e)
{
	int err = 0;
	enum tls_step st = tls_read(p->tls, &p->plan->tls, tls_host(p), buf,
				    max, n, current(p)->tls, &err);

	return tls_io(p, st, err, STAGE_RECV, e);
}

static const struct transport plain_transport = {plain_send, plain_recv, true};
static const struct transport tls_transport = {tls_send, tls_recv, false};

static const struct transport *transport_of(const struct probe *p)
{
	return p->tls ? &tls_transport : &plain_transport;
}

/* An I/O call that did not finish: wait for the socket, or fail. */
static bool io_wait(struct probe *p, enum io_step st, const struct sk_error *e,
		    int64_t now, struct probe_wait *w)
{
	if (st == IO_WANT_READ)
		return wait_fd(p, EPOLLIN, p->deadline, w);
	if (st == IO_WANT_WRITE)
		return wait_fd(p, EPOLLOUT, p->deadline, w);
	attempt_failed(p, *e, now);
	return false;
}

/* sendall() sends in parts: CPython 3 asks for the time left before each
 * (false: none), Python 2.7 gives each part the whole timeout.  The
 * format says which Python the run emulates (tls.py2 is set for it with
 * or without --tls). */
static bool next_part(struct probe *p)
{
	int64_t now = now_ns();

	if (p->deadline < 0)
		return true;
	if (p->plan->tls.py2) {
		p->deadline = step_deadline(p, now, io_timeout(p));
		return true;
	}
	return now < p->deadline;
}

static bool step_send(struct probe *p, int64_t now, struct probe_wait *w)
{
	const struct transport *tp = transport_of(p);
	const unsigned char *data = p->plan->send;
	size_t len = p->plan->send_len;
	bool once;

	if (!p->plan->send_set) {
		data = udp_default_payload;
		len = sizeof udp_default_payload;
	}
	once = len == 0 && tp->sends_empty;
	while (p->send_off < len || once) {
		struct sk_error e;
		size_t n = 0;
		enum io_step st = tp->send(p, data + p->send_off,
					   len - p->send_off, &n, &e);

		once = false;
		if (st != IO_DONE)
			return io_wait(p, st, &e, now, w);
		p->send_off += n;
		current(p)->sent = p->send_off;
		if (p->send_off < len && !next_part(p)) {
			fd_wait_timed_out(p, now);
			return false;
		}
	}
	step_done(p, STAGE_SEND, now);
	return false;
}

static bool step_recv(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct attempt *a = current(p);
	size_t max = p->plan->recv_max ? p->plan->recv_max : RECV_DEFAULT_BYTES;
	struct sk_error e;
	size_t n = 0;
	enum io_step st;

	if (!a->data) {
		a->data = malloc(max);
		if (!a->data) {
			attempt_failed(p, sk_errno(STAGE_RECV, ENOMEM), now);
			return false;
		}
		p->deadline = step_deadline(p, now, io_timeout(p));
	}
	st = transport_of(p)->recv(p, a->data, max, &n, &e);
	if (st != IO_DONE)
		return io_wait(p, st, &e, now, w);
	a->data_len = n;
	a->got_data = true;
	step_done(p, STAGE_RECV, now);
	return false;
}

static struct address *reverse_address(struct probe *p)
{
	if (p->plan->resolve_only)
		return &p->res.addrs[p->cur];
	return &p->res.addrs[current(p)->addr];
}

static bool step_reverse(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct address *ad = reverse_address(p);
	struct job *j = &p->job;

	if (!p->job_ready) {
		p->step_start = now_ns();
		j->kind = p->plan->nameinfo ? JOB_NAMEINFO : JOB_REVERSE;
		j->flags = p->plan->nameinfo_flags;
		memcpy(&j->addr, &ad->sa, sizeof ad->sa);
		j->addrlen = ad->len;
		if (ad->family == AF_UNIX) {
			p->job_ready = true;
			j->name = NULL;
			j->herr = 0;
		} else if (start_job(p, w)) {
			return true;
		}
	}
	p->job_ready = false;
	ad->reverse_ns = now_ns() - p->step_start;
	if (j->kind == JOB_NAMEINFO && j->rc)
		ad->reverse_err = sk_gaierror(STAGE_REVERSE, j->rc, j->saved_errno);
	else if (j->kind == JOB_REVERSE && ad->family != AF_UNIX)
		ad->reverse_err = py_hostbyaddr_error(ad->sa.ss_family, j->rc,
						      j->herr, p->plan->py2_bind);
	if (!sk_failed(&ad->reverse_err)) {
		ad->name = j->name;
		j->name = NULL;
	}
	if (p->plan->resolve_only) {
		if (sk_failed(&ad->reverse_err))
			p->res.err = ad->reverse_err;
		if (sk_failed(&ad->reverse_err) || !more_addresses(p))
			finish(p, now);
		else
			p->cur++;
		return false;
	}
	if (sk_failed(&ad->reverse_err)) {
		attempt_failed(p, ad->reverse_err, now);
	} else {
		step_done(p, STAGE_REVERSE, now);
	}
	return false;
}

/* wrap_socket(): ssl.py's check, then SSL_do_handshake until it is done;
 * WANT_READ/WANT_WRITE wait in the event loop. */
static bool step_tls(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct attempt *a = current(p);
	int err = 0;

	if (!p->tls) {
		a->tls = calloc(1, sizeof *a->tls);
		if (!a->tls) {
			attempt_failed(p, sk_errno(STAGE_TLS, ENOMEM), now);
			return false;
		}
		if (!tls_name(p, now))
			return false;
		switch (tls_precheck(p->fd, p->plan->tls.py2, p->reset_pending,
				     &err)) {
		case TLS_PRE_DATA:
			return tls_failed(p, TLS_FAIL_PRE_DATA, TLS_OP_HANDSHAKE,
					  STAGE_TLS, now);
		case TLS_PRE_ERRNO:
			attempt_failed(p, sk_errno(STAGE_TLS, err), now);
			return false;
		case TLS_PRE_UNCONNECTED:
			/* no handshake; send and recv go plain */
			step_done(p, STAGE_TLS, now);
			return false;
		case TLS_PRE_CONNECTED:
			break;
		}
		switch (tls_conn_new(&p->plan->tls, p->fd, tls_host(p), &p->tls,
				     a->tls, &err)) {
		case TLS_STEP_FAILED:
			attempt_failed(p, sk_ssl(STAGE_TLS, &a->tls->fail), now);
			return false;
		case TLS_STEP_DONE:
			break;
		default:
			attempt_failed(p, sk_errno(STAGE_TLS, err), now);
			return false;
		}
		/* ssl.py refuses to handshake on a socket of timeout 0 */
		if (p->plan->timeout_ns == 0) {
			attempt_failed(p, (struct sk_error){STAGE_TLS, SK_PLAIN,
				       SK_PLAIN_VALUE, "do_handshake_on_connect "
				       "should not be specified for non-blocking "
				       "sockets", NULL}, now);
			return false;
		}
	}
	switch (tls_handshake(p->tls, &p->plan->tls, tls_host(p), a->tls, &err)) {
	case TLS_STEP_WANT_READ:
		return wait_fd(p, EPOLLIN, p->deadline, w);
	case TLS_STEP_WANT_WRITE:
		return wait_fd(p, EPOLLOUT, p->deadline, w);
	case TLS_STEP_ERRNO:
		attempt_failed(p, sk_errno(STAGE_TLS, err), now);
		break;
	case TLS_STEP_FAILED:
		attempt_failed(p, sk_ssl(STAGE_TLS, &a->tls->fail), now);
		break;
	case TLS_STEP_DONE:
		step_done(p, STAGE_TLS, now);
	}
	return false;
}

/* --happy-eyeballs: RFC 8305 as asyncio's staggered_race() runs it.  Each
 * attempt is a non-blocking socket in an epoll set of the race's own, which
 * the probe's runner watches as one descriptor, with the next start or the
 * race's deadline as the wait's deadline.  The next attempt starts when the
 * delay since the last start has passed, or at once when the last one
 * started failed; the first to connect wins and the others are closed, as
 * asyncio cancels them.  -t bounds the whole race (asyncio's wait_for). */
struct racer {
	int fd;
	bool live;		/* in the epoll set, connecting */
	size_t att;		/* its attempt in res.attempts */
	int64_t started;
};

struct race {
	int ep;
	uint32_t serial;	/* ep's fd_serial */
	size_t n, next;		/* the addresses; the next to start */
	size_t *order;		/* happy_order(): racing order */
	struct racer *r;	/* by position in order */
	size_t live;
	bool last_failed;	/* the last one started has failed */
	int64_t last_start, deadline;
};

static bool racing(const struct probe *p)
{
	return (p->plan->happy || p->plan->asyncio) &&
	       p->target.kind == TARGET_INET && p->plan->socktype == SOCK_STREAM;
}

static void race_free(struct probe *p)
{
	struct race *r = p->race;

	if (!r)
		return;
	for (size_t i = 0; i < r->next; i++)
		if (r->r[i].fd >= 0)
			close(r->r[i].fd);
	if (r->ep >= 0)
		close(r->ep);
	free(r->order);
	free(r->r);
	free(r);
	p->race = NULL;
}

static bool race_begin(struct probe *p, int64_t now)
{
	size_t n = p->res.naddrs;
	struct race *r = calloc(1, sizeof *r);
	int err = ENOMEM;

	p->race = r;
	if (r) {
		r->ep = epoll_create1(EPOLL_CLOEXEC);
		err = r->ep < 0 ? errno : ENOMEM;
		r->order = calloc(n, sizeof *r->order);
		r->r = calloc(n, sizeof *r->r);
	}
	if (!r || r->ep < 0 || !r->order || !r->r) {
		p->res.err = sk_errno(STAGE_SOCKET, err);
		finish(p, now);
		return false;
	}
	/* asyncio interleaves only with a delay (interleave=None else) */
	for (size_t i = 0; i < n; i++)
		r->order[i] = i;
	if (p->plan->happy)
		happy_order(p->res.addrs, n, r->order);
	r->n = n;
	r->serial = ++p->fd_serial;
	r->deadline = step_deadline(p, now, p->plan->timeout_ns);
	return true;
}

static struct attempt *racer_attempt(struct probe *p, size_t k)
{
	return &p->res.attempts[p->race->r[k].att];
}

/* Its time at the connect, its facts; then closed (out of the set). */
static void racer_close(struct probe *p, size_t k, int64_t t)
{
	struct racer *rc = &p->race->r[k];
	struct attempt *a = racer_attempt(p, k);

	if (a->ran[STAGE_SOCKET] && !a->ran[STAGE_BIND]) {
		a->ns[STAGE_CONNECT] = t - rc->started - a->ns[STAGE_SOCKET];
		a->ran[STAGE_CONNECT] = true;
	}
	if (rc->fd < 0)
		return;
	if (p->plan->facts)
		facts_collect(rc->fd, true, &a->facts);
	close(rc->fd);
	rc->fd = -1;
	if (rc->live)
		p->race->live--;
	rc->live = false;
}

/* asyncio's sock_connect(): an error connect() returned at once is raised
 * as it is; one read from SO_ERROR once the socket is writable is
 * OSError(err, "Connect call failed ADDRESS"). */
static void racer_failed(struct probe *p, size_t k, struct sk_error e,
			 bool call_failed)
{
	struct race *r = p->race;
	struct attempt *a = racer_attempt(p, k);

	racer_close(p, k, now_ns());
	if (call_failed) {
		struct sbuf b = {0};

		sb_adds(&b, "Connect call failed ");
		happy_addr_repr(&b, &p->res.addrs[a->addr].sa);
		a->text = b.oom ? NULL : strdup(sb_str(&b));
		sb_free(&b);
		e.text = a->text;
	}
	a->err = e;
	if (k + 1 == r->next)
		r->last_failed = true;
}

/* The winner becomes the probe's socket and its last attempt (the one the
 * later steps and the line show); the others are closed. */
static void race_won(struct probe *p, size_t k, int64_t now)
{
	struct race *r = p->race;
	struct attempt *at = p->res.attempts, won;
	size_t w = r->r[k].att, last = p->res.nattempts - 1;
	int64_t t = now_ns();

	for (size_t i = 0; i < r->next; i++) {
		if (i == k || r->r[i].fd < 0)
			continue;
		racer_attempt(p, i)->cancelled = true;
		racer_close(p, i, t);
	}
	p->fd = r->r[k].fd;
	r->r[k].fd = -1;
	p->step_start = r->r[k].started + at[w].ns[STAGE_SOCKET];
	won = at[w];
	memmove(&at[w], &at[w + 1], (last - w) * sizeof *at);
	at[last] = won;
	p->cur = won.addr;
	race_free(p);
	p->fd_serial++;
	connected(p, now);
}

/* Every address failed: asyncio's one exception (happy.h).  Python 2.7
 * has no asyncio: its line is create_connection()'s, the error of the last
 * address getaddrinfo() gave. */
static void race_lost(struct probe *p, int64_t now)
{
	struct result *res = &p->res;
	bool py2 = p->plan->tls.py2;	/* the format's Python */

	if (py2) {
		for (size_t i = 0; i < res->nattempts; i++)
			if (res->attempts[i].addr == res->naddrs - 1)
				res->err = res->attempts[i].err;
	} else {
		res->err = happy_all_failed(res->attempts, res->nattempts,
					    &res->text);
	}
	finish(p, now);
}

static void race_timeout(struct probe *p, int64_t now)
{
	struct race *r = p->race;
	int64_t t = now_ns();

	for (size_t i = 0; i < r->next; i++) {
		if (r->r[i].fd < 0)
			continue;
		racer_attempt(p, i)->err = sk_timeout(STAGE_CONNECT);
		racer_close(p, i, t);
	}
	p->res.err = sk_timeout(STAGE_CONNECT);
	/* asyncio.wait_for(): a TimeoutError without a message */
	if (p->plan->asyncio)
		p->res.err.text = "";
	finish(p, now);
}

/* Starts the next address; false when the race ended (a connect() that
 * worked at once, or no memory). */
static bool race_start_next(struct probe *p, int64_t now)
{
	struct race *r = p->race;
	size_t k = r->next++;
	struct racer *rc = &r->r[k];
	const struct address *ad;
	struct attempt *a;
	struct epoll_event ev = {.events = EPOLLOUT, .data.u64 = k};

	rc->fd = -1;
	rc->started = now_ns();
	r->last_start = rc->started;
	r->last_failed = false;
	p->cur = r->order[k];
	ad = &p->res.addrs[p->cur];
	if (!new_attempt(p)) {
		p->res.err = sk_errno(STAGE_SOCKET, ENOMEM);
		finish(p, now);
		return false;
	}
	rc->att = p->res.nattempts - 1;
	a = current(p);
	a->raced = true;
	a->start_ns = rc->started - p->start;
	a->sock_family = ad->family;
	a->sock_type = ad->socktype;
	a->sock_proto = ad->protocol;
	rc->fd = socket(ad->family, ad->socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ad->protocol);
	if (rc->fd < 0) {
		a->ran[STAGE_SOCKET] = true;
		a->ns[STAGE_SOCKET] = now_ns() - rc->started;
		racer_failed(p, k, sk_errno(STAGE_SOCKET, errno), false);
		return true;
	}
	a->ran[STAGE_SOCKET] = true;
	a->ns[STAGE_SOCKET] = now_ns() - rc->started;
	if (p->plan->interface &&
	    setsockopt(rc->fd, SOL_SOCKET, SO_BINDTODEVICE, p->plan->interface,
		       (socklen_t)strlen(p->plan->interface)) < 0) {
		a->ran[STAGE_BIND] = true;
		racer_failed(p, k, sk_errno(STAGE_BIND, errno), false);
		return true;
	}
	if (connect(rc->fd, (const struct sockaddr *)&ad->sa, ad->len) == 0) {
		race_won(p, k, now);
		return false;
	}
	if (errno != EINPROGRESS) {
		racer_failed(p, k, sk_errno(STAGE_CONNECT, errno), false);
		return true;
	}
	if (p->plan->facts)
		facts_local(rc->fd, &a->facts);
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, rc->fd, &ev) < 0) {
		racer_failed(p, k, sk_errno(STAGE_CONNECT, errno), false);
		return true;
	}
	rc->live = true;
	r->live++;
	return true;
}

/* The sockets whose connect ended; false when one won. */
static bool race_collect(struct probe *p, int64_t now)
{
	struct race *r = p->race;
	struct epoll_event ev[8];
	int n;

	while (r->live > 0 && (n = epoll_wait(r->ep, ev, 8, 0)) > 0) {
		for (int i = 0; i < n; i++) {
			size_t k = (size_t)ev[i].data.u64;
			int err = 0;
			socklen_t len = sizeof err;

			if (k >= r->next || !r->r[k].live)
				continue;
			if (getsockopt(r->r[k].fd, SOL_SOCKET, SO_ERROR, &err,
				       &len) < 0)
				err = errno;
			if (err == 0) {
				race_won(p, k, now);
				return false;
			}
			racer_failed(p, k, sk_errno(STAGE_CONNECT, err), true);
		}
	}
	return true;
}

static bool race_due(const struct probe *p, int64_t now)
{
	const struct race *r = p->race;

	return r->next < r->n && (r->next == 0 || r->last_failed ||
				  (p->plan->happy &&
				   now >= r->last_start + p->plan->happy_ns));
}

static bool step_race(struct probe *p, int64_t now, struct probe_wait *w)
{
	struct race *r = p->race;
	int64_t next;

	if (!r && !race_begin(p, now))
		return false;
	r = p->race;
	if (!race_collect(p, now))
		return false;
	now = now_ns();
	/* what is due starts, and what ends at once (a refusal over
	 * loopback) is read, before the deadline counts: -w's last try is
	 * made at its deadline, as connect_again() makes it */
	while (race_due(p, now)) {
		if (!race_start_next(p, now) || !race_collect(p, now))
			return false;
		now = now_ns();
	}
	if (r->live == 0) {
		race_lost(p, now);
		return false;
	}
	if (r->deadline >= 0 && now >= r->deadline) {
		race_timeout(p, now);
		return false;
	}
	next = r->next < r->n && p->plan->happy
	       ? r->last_start + p->plan->happy_ns : -1;
	if (r->deadline >= 0 && (next < 0 || r->deadline < next))
		next = r->deadline;
	*w = (struct probe_wait){WAIT_FD, r->ep, r->serial, EPOLLIN, next,
				 false, NULL};
	return true;
}

static step_fn *const steps[] = {
	[P_RESOLVE] = step_resolve,
	[P_SOCKET] = step_socket,
	[P_BIND_LOOKUP] = step_bind_lookup,
	[P_BIND] = step_bind,
	[P_CONNECT] = step_connect,
	[P_TLS] = step_tls,
	[P_CONNECT_BLOCK] = step_connect_block,
	[P_SEND] = step_send,
	[P_RECV] = step_recv,
	[P_REVERSE] = step_reverse,
	[P_RACE] = step_race,
};

/* A failed try under --wait sleeps for the interval, then starts again;
 * the last try is made at the deadline, not an interval before it. */
static void retry_later(struct probe *p, int64_t now, struct probe_wait *w)
{
	p->deadline = now + p->plan->interval_ns;
	if (p->deadline > p->wait_deadline)
		p->deadline = p->wait_deadline;
	set_wait(p, w, WAIT_TIMER, 0, p->deadline);
	w->retry = true;
}

/* Runs steps until one waits or the probe is done.  A try that failed
 * at once still waits its interval. */
static void run_steps(struct probe *p, int64_t now, struct probe_wait *w)
{
	while (p->state != P_DONE) {
		if (p->state == P_CONNECTING) {
			if (wait_fd(p, EPOLLOUT, p->deadline, w))
				return;
			continue;
		}
		if (p->state == P_RETRY) {
			retry_later(p, now, w);
			return;
		}
		if (steps[p->state](p, now, w))
			return;
	}
	set_wait(p, w, WAIT_DONE, 0, -1);
}

static void outcome(struct probe *p)
{
	struct result *r = &p->res;

	if (sk_failed(&r->err) || r->nattempts == 0)
		return;
	if (p->plan->all && r->ok_attempt != NO_ATTEMPT)
		r->err = sk_ok();
	else
		r->err = r->attempts[r->nattempts - 1].err;
}

static void finish(struct probe *p, int64_t now)
{
	close_fd(p);
	outcome(p);
	/* issue 19: what Python's sequential connect would wait, for -v/json */
	p->res.syn_timeout_ns = p->plan->facts && p->res.nattempts > 1
				? facts_syn_timeout_ns() : -1;
	p->res.elapsed_ns = now_ns() - p->start;
	p->state = P_DONE;
	if (!sk_failed(&p->res.err) || p->plan->wait_ns < 0 ||
	    now >= p->wait_deadline)
		return;
	p->state = P_RETRY;
}

void probe_init(struct probe *p, const struct plan *plan, struct target t)
{
	*p = (struct probe){.plan = plan, .target = t, .fd = -1};
	p->res.ok_attempt = NO_ATTEMPT;
	p->wait_deadline = -1;
}

static void begin_try(struct probe *p, int64_t now)
{
	unsigned tries = p->res.tries;

	result_free(&p->res);
	p->res.tries = tries + 1;
	p->cur = 0;
	p->step_start = now;
	p->state = P_RESOLVE;
	p->job_ready = false;
}

void probe_start(struct probe *p, int64_t now, struct probe_wait *w)
{
	p->start = now;
	if (p->plan->wait_ns >= 0)
		p->wait_deadline = now + p->plan->wait_ns;
	if (p->plan->max_time_ns >= 0 &&
	    (p->wait_deadline < 0 ||
	     now + p->plan->max_time_ns < p->wait_deadline))
		p->wait_deadline = now + p->plan->max_time_ns;
	begin_try(p, now);
	run_steps(p, now, w);
}

void probe_fd_ready(struct probe *p, int64_t now, struct probe_wait *w)
{
	if (p->state == P_CONNECTING)
		connect_finished(p, now);
	run_steps(p, now, w);
}

static enum sk_stage waiting_stage(const struct probe *p)
{
	switch (p->state) {
	case P_SEND:
		return STAGE_SEND;
	case P_RECV:
		return STAGE_RECV;
	default:
		return STAGE_CONNECT;
	}
}

/* The hard deadline came while a lookup ran: the lookup is left to its
 * thread (the pool drops its answer) and the check ends as a timeout at
 * the lookup's stage. */
static void lookup_cut(struct probe *p, int64_t now)
{
	struct address *ad;

	close_fd(p);
	if (p->state == P_RESOLVE) {
		p->res.resolve_ns = now_ns() - p->step_start;
		p->res.err = sk_timeout(STAGE_RESOLVE);
	} else if (p->state == P_BIND_LOOKUP) {
		stage_time(p, STAGE_BIND);
		current(p)->err = sk_timeout(STAGE_BIND);
	} else {
		ad = reverse_address(p);
		ad->reverse_ns = now_ns() - p->step_start;
		ad->reverse_err = sk_timeout(STAGE_REVERSE);
		if (p->plan->resolve_only)
			p->res.err = ad->reverse_err;
		else
			current(p)->err = ad->reverse_err;
	}
	finish(p, now);
}

/* A wait for the socket ran out of time: the step's timeout. */
static void fd_wait_timed_out(struct probe *p, int64_t now)
{
	if (p->state == P_TLS)
		tls_failed(p, TLS_FAIL_TIMEOUT, TLS_OP_HANDSHAKE, STAGE_TLS, now);
	else if (p->tls && (p->state == P_SEND || p->state == P_RECV))
		tls_failed(p, TLS_FAIL_TIMEOUT,
			   p->state == P_SEND ? TLS_OP_WRITE : TLS_OP_READ,
			   waiting_stage(p), now);
	else
		attempt_failed(p, sk_timeout(waiting_stage(p)), now);
}

static bool waits_for_lookup(const struct probe *p)
{
	return !p->job_ready && (p->state == P_RESOLVE ||
				 p->state == P_BIND_LOOKUP ||
				 p->state == P_REVERSE);
}

void probe_timer(struct probe *p, int64_t now, struct probe_wait *w)
{
	if (waits_for_lookup(p)) {
		lookup_cut(p, now);
	} else if (p->state == P_RETRY) {
		begin_try(p, now);
	} else if (p->state == P_RACE) {
		/* the next start, or the race's deadline: step_race() */
	} else if (p->state == P_CONNECT) {
		/* the unix connect retry: the deadline is --wait's */
		if (p->wait_deadline >= 0 && now >= p->wait_deadline)
			attempt_failed(p, sk_timeout(STAGE_CONNECT), now);
	} else {
		fd_wait_timed_out(p, now);
	}
	run_steps(p, now, w);
}

void probe_job_done(struct probe *p, int64_t now, struct probe_wait *w)
{
	p->job_ready = true;
	run_steps(p, now, w);
}

void probe_fdslot(struct probe *p, bool available, int64_t now,
		  struct probe_wait *w)
{
	if (!available) {
		attempt_failed(p, sk_errno(STAGE_SOCKET, p->socket_errno), now);
		run_steps(p, now, w);
		return;
	}
	run_steps(p, now, w);
}

void probe_free(struct probe *p)
{
	close_fd(p);
	job_clear(&p->job);
	result_free(&p->res);
	target_free(&p->target);
	free(p->idna_host);
	p->idna_host = NULL;
	free(p->tls_name);
	p->tls_name = NULL;
}
