//! A daemon's link to its host. A thread of its own dials with backoff until
//! the host answers (one line on stderr per try, which a container's log
//! shows), then pings the host each heartbeat interval and hangs up when the
//! host has been silent for longer than the bound (see `heartbeat.rs`). A
//! connection lost without the host's exit frame (a cut link, a host
//! restarting) is a hiccup: the link redials. Only an exit frame ends the
//! daemon (`daemons(0)`, a refusal), or, with autoexit, a host that has gone
//! for good: its address refuses connections for longer than the bound.

use crate::heartbeat;
use nng::ffi as sys;
use nng::{Message, Pipe, Socket};
use std::ffi::CString;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

/// The daemon behind a link.
pub trait Owner: Send + Sync + 'static {
    fn link(&self) -> &Link;
    /// The connection went without an exit frame.
    fn lost(&self);
    /// The daemon must stop, for this reason.
    fn stop(&self, why: String);
}

/// The first retry waits this long, doubling up to MAX_BACKOFF.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// A connection attempt not completed by then is abandoned: a SYN into a cut
/// link would otherwise wait minutes for the kernel to give up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// One line on the daemon's stderr. R's `sink()` does not reach it: it goes
/// straight to file descriptor 2.
pub fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "miraiRs daemon: {line}");
}

pub struct Link {
    url: String,
    tls_cert: Option<String>,
    pub autoexit: bool,
    state: Mutex<State>,
    wake: Condvar,
}

struct State {
    pipe: Option<Pipe>,
    /// When the host was last heard (a ping, or the connection made).
    heard: Instant,
    interval: Duration,
    /// The connection is gone: the link thread redials.
    lost: bool,
    /// Stop for good.
    done: bool,
}

impl Link {
    pub fn new(url: &str, tls_cert: Option<&str>, autoexit: bool) -> Link {
        Link {
            url: url.to_string(),
            tls_cert: tls_cert.map(str::to_string),
            autoexit,
            state: Mutex::new(State {
                pipe: None,
                heard: Instant::now(),
                interval: heartbeat::interval_from_env(),
                lost: false,
                done: false,
            }),
            wake: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A connection is up (said here, before any frame on it can arrive).
    /// False once the daemon is leaving: NNG may still have redialed after
    /// the host hung up, and that connection is closed unused.
    pub fn added(&self, pipe: Pipe) -> bool {
        let mut st = self.lock();
        if st.done {
            drop(st);
            pipe.close();
            return false;
        }
        say(&format!("connected to {}", self.url));
        st.pipe = Some(pipe);
        st.heard = Instant::now();
        true
    }

    /// A connection went. True if that is a loss (the link redials), not the end.
    pub fn removed(&self, pipe: Pipe) -> bool {
        let mut st = self.lock();
        if st.pipe != Some(pipe) {
            return false;
        }
        st.pipe = None;
        self.wake.notify_all();
        if st.done {
            return false;
        }
        if !st.lost {
            say(&format!("lost the connection to {}, redialing", self.url));
            st.lost = true;
        }
        self.wake.notify_all();
        true
    }

    /// A ping from the host: it is alive, and sets the interval.
    pub fn heard(&self, payload: &[u8]) {
        let mut st = self.lock();
        st.heard = Instant::now();
        if let Some(interval) = heartbeat::ping_interval(payload) {
            if interval != st.interval {
                st.interval = interval;
                self.wake.notify_all();
            }
        }
    }

    /// The host said goodbye (an exit frame): hang up, no redial.
    pub fn exiting(&self, why: &str) {
        let mut st = self.lock();
        if !st.done {
            say(&format!("{why}; exiting"));
        }
        st.done = true;
        self.wake.notify_all();
    }

    pub fn stop(&self) {
        self.lock().done = true;
        self.wake.notify_all();
    }

    /// After the dialer was closed: waits (briefly) until the connection's
    /// removal is reported, so a late report can never touch the next
    /// connection. True if it never came and the loss is to be handled here.
    fn await_hangup(&self) -> bool {
        let st = self.lock();
        let (mut st, _) = self
            .wake
            .wait_timeout_while(st, Duration::from_secs(2), |st| st.pipe.is_some())
            .unwrap_or_else(|e| e.into_inner());
        st.pipe.take().is_some() && !st.done
    }

    pub fn done(&self) -> bool {
        self.lock().done
    }
}

/// Fails now, not in the link's thread, on a url NNG cannot dial.
pub fn check_url(socket: &Socket, url: &str) -> Result<(), String> {
    let dialer = create(socket, url).map_err(|e| format!("cannot dial '{url}': {}", e.text))?;
    close(dialer);
    Ok(())
}

/// Starts the link's thread: it dials, keeps the connection alive and
/// redials, until the link stops or the socket closes.
pub fn spawn<O: Owner>(owner: &Arc<O>, socket: Socket) -> Result<(), String> {
    let owner = Arc::downgrade(owner);
    std::thread::Builder::new()
        .name("miraiRs-link".into())
        .spawn(move || run(owner, socket))
        .map(|_| ())
        .map_err(|e| format!("cannot start the connection thread: {e}"))
}

fn run<O: Owner>(owner: Weak<O>, socket: Socket) {
    let mut backoff = FIRST_BACKOFF;
    let mut refused_since: Option<Instant> = None;
    let mut was_connected = false;
    loop {
        let Some(o) = owner.upgrade() else { return };
        let link = o.link();
        if link.done() {
            return;
        }
        link.lock().lost = false;
        match dial(&socket, &link.url, link.tls_cert.as_deref()) {
            Ok(dialer) => {
                was_connected = true;
                refused_since = None;
                let since = Instant::now();
                keep_alive(link, &socket);
                if link.done() {
                    // The daemon closes the socket, and the dialer with it
                    // (closing it here too could race that: NNG 1.5.2 then
                    // panics). A redial meanwhile is refused in `added`.
                    return;
                }
                // Closing the dialer closes its connection, if still open.
                close(dialer);
                if link.await_hangup() {
                    o.lost();
                }
                if since.elapsed() >= MAX_BACKOFF {
                    backoff = FIRST_BACKOFF;
                    continue; // a connection that lasted: redial at once
                }
            }
            Err(e) if e.closed => return,
            Err(e) => {
                if link.autoexit && was_connected && e.refused {
                    let since = *refused_since.get_or_insert_with(Instant::now);
                    let bound = heartbeat::bound(link.lock().interval);
                    if since.elapsed() > bound {
                        let why =
                            format!("the host at {} has gone (it refuses connections)", link.url);
                        say(&format!("{why}; exiting"));
                        o.stop(why);
                        return;
                    }
                } else {
                    refused_since = None;
                }
                say(&format!(
                    "cannot reach {} ({}), retrying in {} s",
                    link.url,
                    e.text,
                    backoff.as_secs()
                ));
            }
        }
        let st = link.lock();
        let (st, _) = link
            .wake
            .wait_timeout_while(st, backoff, |st| !st.done)
            .unwrap_or_else(|e| e.into_inner());
        if st.done {
            return;
        }
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// While connected: pings the host each interval and gives up on a host
/// silent for longer than the bound. Returns once the connection is lost or
/// the link stops.
fn keep_alive(link: &Link, socket: &Socket) {
    let mut next_ping = Instant::now();
    let mut st = link.lock();
    st.heard = Instant::now();
    loop {
        if st.done || st.lost {
            return;
        }
        let now = Instant::now();
        if now >= next_ping {
            let ping = heartbeat::ping_frame(st.interval);
            next_ping = now + st.interval;
            drop(st);
            // Never wait: on a cut link a ping could only queue.
            let _ = socket.try_send(Message::from(&ping[..]));
            st = link.lock();
            continue;
        }
        let bound = heartbeat::bound(st.interval);
        let silent = now.saturating_duration_since(st.heard);
        if silent > bound {
            say(&format!(
                "no heartbeat from {} for {:.1} s, redialing",
                link.url,
                silent.as_secs_f64()
            ));
            st.lost = true;
            return;
        }
        let wait = (next_ping - now).min(bound - silent) + Duration::from_millis(1);
        st = link
            .wake
            .wait_timeout(st, wait)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}

struct DialError {
    text: String,
    refused: bool,
    closed: bool,
}

fn error(rc: i32) -> DialError {
    DialError {
        text: crate::transport::nng_error(rc),
        refused: rc as u32 == sys::NNG_ECONNREFUSED,
        closed: rc as u32 == sys::NNG_ECLOSED,
    }
}

fn create(socket: &Socket, url: &str) -> Result<sys::nng_dialer, DialError> {
    let curl = CString::new(url).map_err(|_| DialError {
        text: "the url contains NUL".into(),
        refused: false,
        closed: true,
    })?;
    let mut dialer = sys::nng_dialer_s {
        _bindgen_opaque_blob: 0,
    };
    // SAFETY: a valid socket and a NUL-terminated url.
    let rc = unsafe { sys::nng_dialer_create(&mut dialer, socket.nng_socket(), curl.as_ptr()) };
    if rc != 0 {
        return Err(error(rc));
    }
    Ok(dialer)
}

fn close(dialer: sys::nng_dialer) {
    // SAFETY: closing a dialer (and its connection) once; an unknown one is a harmless error.
    unsafe {
        sys::nng_dialer_close(dialer);
    }
}

/// One connection attempt, bounded by CONNECT_TIMEOUT. Leaves a started
/// dialer (which NNG never redials by itself: the socket's reconnect times
/// are set far out) holding the connection.
fn dial(socket: &Socket, url: &str, cert: Option<&str>) -> Result<sys::nng_dialer, DialError> {
    let dialer = create(socket, url)?;
    if let Some(cert) = cert {
        if let Err(text) = crate::tls::configure_dialer(dialer, cert) {
            close(dialer);
            return Err(DialError {
                text,
                refused: false,
                closed: false,
            });
        }
    }
    // On a thread of its own, so a hanging attempt can be abandoned.
    let (done, finished) = mpsc::channel();
    let attempt = std::thread::Builder::new()
        .name("miraiRs-dial".into())
        .spawn(move || {
            // SAFETY: starts a dialer made above; 0: wait for the outcome.
            let _ = done.send(unsafe { sys::nng_dialer_start(dialer, 0) });
        });
    if let Err(e) = attempt {
        close(dialer);
        return Err(DialError {
            text: format!("cannot start a thread: {e}"),
            refused: false,
            closed: false,
        });
    }
    let rc = match finished.recv_timeout(CONNECT_TIMEOUT) {
        Ok(rc) => rc,
        Err(_) => {
            close(dialer); // ends the attempt
            let _ = finished.recv();
            return Err(DialError {
                text: "timed out".into(),
                refused: false,
                closed: false,
            });
        }
    };
    if rc != 0 {
        close(dialer);
        return Err(error(rc));
    }
    Ok(dialer)
}
