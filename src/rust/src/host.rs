//! The host side: one listening socket, the dispatcher state behind one lock,
//! and the threads that feed it. Messages are handled on NNG's completion
//! thread (an `Aio` callback) so a reply reaches a waiting R thread with one
//! hop; a timer thread enforces `.timeout`. No R object is ever touched here.

use crate::auth;
use crate::dispatcher::{task_header, Counts, Dispatcher, Memory, Outbox, Outcome};
use crate::heartbeat;
use crate::protocol::{self, Header, Hello, Kind, FLAG_LAST, FLAG_SHARED, PROTOCOL_VERSION};
use crate::shared::{self, Sharing};
use crate::transport::{self, Frame, HostSocket, Peers, PipeEvent};
use crate::window::Windows;
use std::collections::HashMap;
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The host's way out: its sockets behind per-connection flow control
/// (`window.rs`). Every frame to a daemon goes through here.
#[derive(Default)]
pub struct Sender {
    windows: Windows,
}

impl Sender {
    fn send(&self, pipe: u32, frames: Vec<Frame>) {
        self.windows
            .send(pipe, frames, |f| transport::send_to(pipe, f));
    }

    fn send_one(&self, pipe: u32, frame: Frame) {
        self.send(pipe, vec![frame]);
    }

    fn acked(&self, pipe: u32, count: u64) {
        self.windows
            .acked(pipe, count, |f| transport::send_to(pipe, f));
    }
}

/// Sends to a daemon by its key, the NNG pipe id of its connection.
pub struct SocketOutbox(Arc<Sender>);

impl Outbox for SocketOutbox {
    fn send(&self, daemon: u32, frame: Frame) {
        self.0.send_one(daemon, frame);
    }

    fn send_batch(&self, daemon: u32, frames: Vec<Frame>) {
        self.0.send(daemon, frames);
    }
}

/// Run once a watched task finishes (see `Host::on_done`).
pub type Callback = Box<dyn FnOnce() + Send>;

struct State {
    dispatcher: Dispatcher<SocketOutbox>,
    callbacks: HashMap<u64, Callback>,
    /// Connected pipes that have not said (an accepted) hello yet: they get
    /// no task. With a secret, the nonce each was challenged with.
    pending: HashMap<u32, Option<Vec<u8>>>,
    /// The socket each connected pipe came in on (see `Core::retire_socket`).
    sockets: HashMap<u32, u32>,
}

struct Core {
    /// The socket at the profile's url, which any daemon may dial.
    socket: Arc<HostSocket>,
    /// One socket per daemon launched on this machine (see transport.rs).
    own_sockets: Mutex<Vec<HostSocket>>,
    sender: Arc<Sender>,
    /// The shared secret daemons must prove they know, if any.
    secret: Option<Vec<u8>>,
    state: Mutex<State>,
    /// Signalled whenever a task finishes or the connections change.
    changed: Condvar,
    /// Bumped with every signal, so a waiter can spin on it before sleeping.
    generation: AtomicU64,
    /// Callbacks registered and not yet run (see `Host::on_done`).
    watching: AtomicUsize,
    /// Signalled when an earlier deadline arrives or the host closes.
    timer: Condvar,
    /// When each connection last pinged (see `heartbeat.rs`).
    liveness: heartbeat::Table,
    /// Large tasks go through shared memory: every connected daemon sees
    /// it, or, with none connected, the url is one only this machine can
    /// dial (see `shared.rs`).
    sharing: AtomicBool,
    local_url: bool,
}

impl Core {
    /// After a change of state, with the lock released: runs the callbacks
    /// of watched tasks that finished, then wakes the waiters.
    fn signal(&self) {
        // Without a registered callback (no promise in use) the hot path
        // takes no second lock.
        if self.watching.load(Ordering::SeqCst) > 0 {
            let ready: Vec<Callback> = {
                let mut st = self.lock();
                let fired = st.dispatcher.take_fired();
                fired
                    .into_iter()
                    .filter_map(|id| st.callbacks.remove(&id))
                    .collect()
            };
            self.watching.fetch_sub(ready.len(), Ordering::SeqCst);
            for callback in ready {
                callback();
            }
        }
        self.generation.fetch_add(1, Ordering::Release);
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock is a bug; the state is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn on_pipe(&self, key: u32, event: PipeEvent) {
        let mut st = self.lock();
        match event {
            PipeEvent::Added => {
                st.pending.insert(key, None);
                st.sockets.insert(key, transport::socket_of(key));
                self.liveness.added(key);
                self.sender.windows.added(key);
            }
            PipeEvent::Removed => {
                self.liveness.removed(key);
                self.sender.windows.removed(key);
                // Out of `pending`: it said an accepted hello (its daemon may
                // have retired from the dispatcher already, at its limit).
                let was_daemon = st.pending.remove(&key).is_none();
                let socket = st.sockets.remove(&key);
                st.dispatcher.lost(key);
                self.update_sharing(&st);
                drop(st);
                if let (true, Some(socket)) = (was_daemon, socket) {
                    self.retire_socket(socket);
                }
                self.signal();
            }
        }
    }

    /// A daemon on a socket of its own has gone: the socket goes too, or a
    /// session that relaunches daemons would keep one listener per launch.
    /// (A local daemon whose link was cut then cannot redial, and exits, as
    /// a daemon does when its host is gone.) The socket of a peer refused
    /// before its hello stays, for the daemon it was made for.
    fn retire_socket(&self, id: u32) {
        let mut own = self.own_sockets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(pos) = own.iter().position(|s| s.id() == id) {
            // Dropped, it closes on a thread of its own (we are inside one of
            // its callbacks, see HostSocket's Drop).
            let socket = own.swap_remove(pos);
            drop(own);
            drop(socket);
        }
    }

    fn update_sharing(&self, st: &State) {
        let sharing = st.dispatcher.all_share().unwrap_or(self.local_url);
        self.sharing.store(sharing, Ordering::Relaxed);
    }

    fn on_message(&self, msg: Frame) {
        let pipe = msg.pipe();
        let key = pipe;
        let (header, offset) = match protocol::decode(msg.as_slice()) {
            Ok(h) => h,
            Err(e) => return self.refuse(pipe, &format!("dropped a malformed message: {e}")),
        };
        if header.ack > 0 {
            self.sender.acked(pipe, header.ack);
        }
        match header.kind {
            Kind::Hello => {
                let hello: Hello = match protocol::decode_body(&msg.as_slice()[offset..]) {
                    Ok(h) => h,
                    Err(e) => return self.refuse(pipe, &format!("bad hello: {e}")),
                };
                // Every probe is looked for (and so removed), accepted or not.
                let shares = hello.probe.as_deref().is_some_and(shared::found);
                if hello.protocol != PROTOCOL_VERSION {
                    let reason = format!(
                        "protocol version {} refused: this host speaks {PROTOCOL_VERSION}",
                        hello.protocol
                    );
                    let exit = protocol::encode(Kind::Exit, 0, 0, reason.as_bytes());
                    self.sender.send_one(pipe, Frame::new(&exit, &[]));
                    return self.refuse(pipe, &reason);
                }
                let mut st = self.lock();
                let Some(challenge) = st.pending.get_mut(&key) else {
                    return;
                };
                if let Some(secret) = &self.secret {
                    let proof = hello.proof.as_deref();
                    match (challenge.as_deref(), proof) {
                        (Some(nonce), Some(proof)) if auth::verify(secret, nonce, proof) => {}
                        (None, _) => {
                            let nonce = match auth::nonce() {
                                Ok(n) => n,
                                Err(e) => return self.refuse(pipe, &e),
                            };
                            *challenge = Some(nonce.clone());
                            drop(st);
                            let frame = protocol::encode(Kind::Challenge, 0, 0, &nonce);
                            self.sender.send_one(pipe, Frame::new(&frame, &[]));
                            return;
                        }
                        _ => {
                            drop(st);
                            // Told why, the daemon stops instead of redialing.
                            let exit = protocol::encode(
                                Kind::Exit,
                                0,
                                0,
                                b"the host refused this daemon: its secret does not match",
                            );
                            self.sender.send_one(pipe, Frame::new(&exit, &[]));
                            return self.refuse(pipe, "a daemon did not prove it knows the secret");
                        }
                    }
                }
                st.pending.remove(&key);
                tracing::info!(pid = hello.pid, host = %hello.hostname, "daemon connected");
                st.dispatcher.hello(key, shares);
                self.update_sharing(&st);
                drop(st);
                self.signal();
            }
            Kind::Result => {
                let accepted = record_result(&mut self.lock(), key, &header, msg, offset);
                if accepted {
                    self.signal();
                }
            }
            Kind::Recalled => {
                self.lock().dispatcher.recalled(key, header.id);
                self.signal();
            }
            Kind::Batch => self.on_results(pipe, &msg.as_slice()[offset..]),
            Kind::Ack => {} // its count was taken above
            Kind::Ping => self.liveness.heard(pipe),
            other => self.refuse(pipe, &format!("a daemon may not send {other:?}")),
        }
    }

    /// A batch from a daemon: results only (the last may be its last, see
    /// `FLAG_LAST`), recorded under one lock. The
    /// results before a malformed one stand; the connection is then closed,
    /// which resolves the rest.
    fn on_results(&self, pipe: u32, payload: &[u8]) {
        let frames = match protocol::split_batch(payload) {
            Ok(f) => f,
            Err(e) => return self.refuse(pipe, &format!("dropped a malformed message: {e}")),
        };
        let mut st = self.lock();
        let mut accepted = 0;
        let mut ack = 0;
        let mut refusal = None;
        for frame in frames {
            match protocol::decode(frame) {
                Ok((h, at)) if h.kind == Kind::Result => {
                    ack = ack.max(h.ack);
                    if record_result(&mut st, pipe, &h, Frame::new(frame, &[]), at) {
                        accepted += 1;
                    }
                }
                Ok((h, _)) => {
                    refusal = Some(format!("a daemon may not batch {:?}", h.kind));
                    break;
                }
                Err(e) => {
                    refusal = Some(format!("dropped a malformed message: {e}"));
                    break;
                }
            }
        }
        drop(st);
        if ack > 0 {
            self.sender.acked(pipe, ack);
        }
        if accepted > 0 {
            self.signal();
        }
        if let Some(why) = refusal {
            self.refuse(pipe, &why);
        }
    }

    /// Logs and closes a misbehaving connection. Any task it held resolves
    /// through the pipe's removal, so nothing is lost silently.
    fn refuse(&self, pipe: u32, why: &str) {
        tracing::warn!(pipe, "{why}; closing the connection");
        transport::close_pipe(pipe);
    }
}

/// Shared memory files of dead processes older than this are removed when a
/// host starts or closes (younger ones may be results still on their way).
const SWEEP_AGE: Duration = Duration::from_secs(2);

/// A host socket whose callbacks reach the core in `slot`: through a weak
/// reference, since the core owns its sockets and they must not keep it alive.
fn open_socket(
    url: &str,
    peers: Peers,
    slot: &Arc<Mutex<Weak<Core>>>,
) -> Result<HostSocket, String> {
    let core_of =
        |slot: &Arc<Mutex<Weak<Core>>>| slot.lock().unwrap_or_else(|e| e.into_inner()).upgrade();
    let (pipe_slot, frame_slot) = (Arc::clone(slot), Arc::clone(slot));
    HostSocket::open(
        url,
        peers,
        move |key, event| {
            if let Some(core) = core_of(&pipe_slot) {
                core.on_pipe(key, event);
            }
        },
        move |frame| {
            if let Some(core) = core_of(&frame_slot) {
                core.on_message(frame);
            }
        },
    )
}

/// Records a daemon's result for task `h.id`; with `FLAG_LAST` it is the
/// daemon's last, and the daemon is retired (it waits for our exit frame, so
/// its result is never cut off by its own exit). False if unexpected.
/// A payload in shared memory is opened (and its name removed) here, on
/// arrival, and only from a daemon that was offered shared memory.
fn record_result(st: &mut State, pipe: u32, h: &Header, mut frame: Frame, at: usize) -> bool {
    if h.flags & FLAG_SHARED != 0 {
        if st.dispatcher.shares(pipe) {
            frame.open_shared(at, true);
        } else {
            frame.refuse_shared("the daemon sent shared memory it was not offered");
        }
    }
    let accepted = if h.flags & FLAG_LAST != 0 {
        st.dispatcher.retire(pipe, h.id, frame, at)
    } else {
        st.dispatcher.result(pipe, h.id, frame, at)
    };
    if !accepted {
        tracing::warn!(pipe, id = h.id, "dropped an unexpected result");
    }
    accepted
}

pub struct Host {
    url: String,
    /// The certificate (PEM) daemons must trust, for a `tls+tcp://` host.
    tls_cert: Option<String>,
    core: Arc<Core>,
    timer: Mutex<Option<JoinHandle<()>>>,
    /// The heartbeat thread and the sender whose drop stops it.
    heartbeat: Mutex<Option<(mpsc::Sender<()>, JoinHandle<()>)>>,
    children: Mutex<Vec<Child>>,
}

impl Host {
    /// Listens at `url`. A `tls+tcp://` url uses `tls` (certificate and key,
    /// PEM), or a self-signed certificate made now.
    /// With a `secret`, a daemon gets tasks only after answering a challenge.
    pub fn listen(
        url: &str,
        tls: Option<(String, String)>,
        secret: Option<String>,
    ) -> Result<Host, String> {
        shared::sweep(SWEEP_AGE);
        // The socket's callbacks reach the core through this slot, filled
        // once the core exists.
        let slot: Arc<Mutex<Weak<Core>>> = Arc::new(Mutex::new(Weak::new()));
        let local_url = transport::is_local_url(url);
        let socket = Arc::new(open_socket(url, Peers::Many, &slot)?);
        let sender = Arc::new(Sender::default());
        let core = Arc::new(Core {
            socket: Arc::clone(&socket),
            own_sockets: Mutex::new(Vec::new()),
            sender: Arc::clone(&sender),
            secret: secret.map(String::into_bytes),
            state: Mutex::new(State {
                dispatcher: Dispatcher::new(SocketOutbox(sender)),
                pending: HashMap::new(),
                sockets: HashMap::new(),
                callbacks: HashMap::new(),
            }),
            changed: Condvar::new(),
            generation: AtomicU64::new(0),
            watching: AtomicUsize::new(0),
            timer: Condvar::new(),
            liveness: heartbeat::Table::default(),
            sharing: AtomicBool::new(local_url),
            local_url,
        });
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Arc::downgrade(&core);
        // Only now, with every callback able to reach the core, do peers get in.
        let tls_cert = if url.starts_with("tls+tcp://") {
            let (cert, key) = match tls {
                Some(pair) => pair,
                None => crate::tls::self_signed()?,
            };
            socket.listen_tls(url, &cert, &key)?;
            Some(cert)
        } else {
            socket.listen(url)?;
            None
        };
        let timer_core = Arc::clone(&core);
        let timer = std::thread::Builder::new()
            .name("miraiRs-timer".into())
            .spawn(move || run_timer(&timer_core))
            .map_err(|e| format!("cannot start the timer thread: {e}"))?;
        let heartbeat = spawn_heartbeat(&core, heartbeat::interval_from_env())?;
        Ok(Host {
            url: url.to_string(),
            tls_cert,
            core,
            timer: Mutex::new(Some(timer)),
            heartbeat: Mutex::new(Some(heartbeat)),
            children: Mutex::new(Vec::new()),
        })
    }

    /// How a large task is to be written (see `shared.rs`).
    pub fn sharing(&self) -> Sharing {
        if self.core.sharing.load(Ordering::Relaxed) {
            Sharing::KeptBySender
        } else {
            Sharing::Off
        }
    }

    /// The url for one daemon launched on this machine: a monogamous socket
    /// of its own at a fresh local url (see transport.rs), for a host whose
    /// url only this machine can dial; None for any other host, whose
    /// daemons dial its url.
    pub fn own_url(&self) -> Result<Option<String>, String> {
        if !self.core.local_url {
            return Ok(None);
        }
        let url = transport::local_url();
        let slot = Arc::new(Mutex::new(Arc::downgrade(&self.core)));
        let socket = open_socket(&url, Peers::One, &slot)?;
        socket.listen(&url)?;
        self.core
            .own_sockets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(socket);
        Ok(Some(url))
    }

    pub fn set_retries(&self, retries: u32) {
        self.core.lock().dispatcher.set_retries(retries);
    }

    /// The secret, for the environment of local daemons (never a command line).
    pub fn secret(&self) -> Option<String> {
        self.core
            .secret
            .as_ref()
            .map(|s| String::from_utf8_lossy(s).into_owned())
    }

    pub fn tls_cert(&self) -> Option<&str> {
        self.tls_cert.as_deref()
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Submits task `id`, whose whole frame (see `task_header`) is `msg`.
    pub fn submit(&self, id: u64, msg: Frame, timeout: Option<Duration>) {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut st = self.core.lock();
        st.dispatcher.submit(id, msg, deadline);
        let finished = st.dispatcher.is_done(id) == Some(true);
        drop(st);
        if deadline.is_some() {
            self.core.timer.notify_one();
        }
        if finished {
            self.core.signal();
        }
    }

    /// As `submit`, unless the queue has no room for the frame under
    /// `daemons(memory = )`: then the frame comes back untouched.
    pub fn try_submit(&self, id: u64, msg: Frame, timeout: Option<Duration>) -> Result<(), Frame> {
        if !self.core.lock().dispatcher.has_room(msg.weight()) {
            return Err(msg);
        }
        self.submit(id, msg, timeout);
        Ok(())
    }

    /// Waits up to `slice` for room for a task of `bytes` in the queue.
    pub fn wait_room(&self, bytes: usize, slice: Duration) -> bool {
        let st = self.core.lock();
        let (st, _) = self
            .core
            .changed
            .wait_timeout_while(st, slice, |st| {
                !st.dispatcher.has_room(bytes) && !st.dispatcher.is_closed()
            })
            .unwrap_or_else(|e| e.into_inner());
        st.dispatcher.has_room(bytes) || st.dispatcher.is_closed()
    }

    pub fn set_capacity(&self, bytes: Option<usize>) {
        self.core.lock().dispatcher.set_capacity(bytes);
    }

    pub fn memory(&self) -> Memory {
        self.core.lock().dispatcher.memory()
    }

    /// The serialization configuration (serialized by R) for daemons that
    /// connect from now on.
    pub fn set_serial(&self, serial: Option<Vec<u8>>) {
        self.core.lock().dispatcher.set_serial(serial);
    }

    /// everywhere(): one task per connected daemon, each a copy of the
    /// serialized `payload`; ids come from `next_id`.
    pub fn submit_everywhere(&self, payload: &[u8], mut next_id: impl FnMut() -> u64) -> Vec<u64> {
        let mut st = self.core.lock();
        let keys = st.dispatcher.daemon_keys();
        let mut ids = Vec::with_capacity(keys.len());
        for key in keys {
            let id = next_id();
            let msg = Frame::new(&task_header(id, true), payload);
            st.dispatcher.submit_pinned(key, id, msg);
            ids.push(id);
        }
        ids
    }

    /// Waits up to `slice` for task `id` to finish. None: no such task.
    pub fn wait(&self, id: u64, slice: Duration) -> Option<bool> {
        let seen = self.core.generation.load(Ordering::Acquire);
        let mut st = self.core.lock();
        match st.dispatcher.is_done(id) {
            Some(false) => {}
            other => return other,
        }
        drop(st);
        if crate::spin::until_changed(&self.core.generation, seen) {
            st = self.core.lock();
            match st.dispatcher.is_done(id) {
                Some(false) => {}
                other => return other,
            }
        } else {
            st = self.core.lock();
        }
        let (st, _) = self
            .core
            .changed
            .wait_timeout_while(st, slice, |st| st.dispatcher.is_done(id) == Some(false))
            .unwrap_or_else(|e| e.into_inner());
        st.dispatcher.is_done(id)
    }

    /// Waits up to `slice` for any of `ids` to finish: the position of the
    /// first finished (or unknown) one in `ids`, if any.
    pub fn wait_any(&self, ids: &[u64], slice: Duration) -> Option<usize> {
        let first = |st: &State| {
            ids.iter()
                .position(|&id| st.dispatcher.is_done(id) != Some(false))
        };
        let st = self.core.lock();
        if let Some(i) = first(&st) {
            return Some(i);
        }
        let (st, _) = self
            .core
            .changed
            .wait_timeout_while(st, slice, |st| first(st).is_none())
            .unwrap_or_else(|e| e.into_inner());
        first(&st)
    }

    pub fn is_done(&self, id: u64) -> Option<bool> {
        self.core.lock().dispatcher.is_done(id)
    }

    pub fn take(&self, id: u64) -> Option<Outcome> {
        self.core.lock().dispatcher.take(id)
    }

    pub fn cancel(&self, id: u64, code: i32) -> bool {
        let cancelled = self.core.lock().dispatcher.cancel(id, code);
        if cancelled {
            self.core.signal();
        }
        cancelled
    }

    pub fn forget(&self, id: u64) {
        self.core.lock().dispatcher.forget(id);
    }

    pub fn counts(&self) -> Counts {
        self.core.lock().dispatcher.counts()
    }

    /// Runs `callback` once task `id` finishes (from whichever thread
    /// finishes it). False, and `callback` dropped, if it already has.
    pub fn on_done(&self, id: u64, callback: Callback) -> bool {
        let mut st = self.core.lock();
        if !st.dispatcher.watch(id) {
            return false;
        }
        st.callbacks.insert(id, callback);
        self.core.watching.fetch_add(1, Ordering::SeqCst);
        true
    }

    pub fn is_closed_and_drained(&self) -> bool {
        let st = self.core.lock();
        st.dispatcher.is_closed() && st.dispatcher.is_empty()
    }

    pub fn adopt(&self, child: Child) {
        self.children
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(child);
    }

    /// daemons(0): resolves everything outstanding to 19, tells every daemon
    /// to exit and closes the socket. Child processes are reaped in the
    /// background (killed if they have not exited within `grace`).
    pub fn close(&self, grace: Duration) {
        let was_open = {
            let mut st = self.core.lock();
            let open = !st.dispatcher.is_closed();
            if open {
                st.dispatcher.close();
            }
            open
        };
        self.core.signal();
        self.core.timer.notify_all();
        if !was_open {
            return;
        }
        // NNG has no linger: closing at once could cut the exit frames off,
        // and a daemon that missed its frame would redial. Each daemon hangs
        // up on its frame, so wait for that (briefly: a cut link never will).
        self.core.wait_for_hangups(HANGUP_WAIT);
        if let Some((stop, beat)) = self
            .heartbeat
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            drop(stop);
            let _ = beat.join();
        }
        let socket = Arc::clone(&self.core.socket);
        let own = std::mem::take(
            &mut *self
                .core
                .own_sockets
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        let close_all = move || {
            socket.close();
            for s in own {
                s.close();
            }
        };
        if !crate::transport::close_within(CLOSE_WAIT, close_all) {
            tracing::warn!(
                "the sockets did not close within {CLOSE_WAIT:?}; going on without them"
            );
        }
        shared::sweep(SWEEP_AGE);
        let timer = self.timer.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(t) = timer {
            let _ = t.join();
        }
        let children =
            std::mem::take(&mut *self.children.lock().unwrap_or_else(|e| e.into_inner()));
        if !children.is_empty() {
            crate::launcher::reap(children, grace);
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.close(Duration::from_secs(2));
    }
}

/// How long `daemons(0)` waits for NNG to close the socket (see `close_within`).
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// How long `daemons(0)` waits for daemons to hang up on their exit frames.
const HANGUP_WAIT: Duration = Duration::from_millis(500);

impl Core {
    fn wait_for_hangups(&self, bound: Duration) {
        let st = self.lock();
        let _ = self
            .changed
            .wait_timeout_while(st, bound, |st| st.dispatcher.counts().connections > 0);
    }
}

/// Pings every connection each `interval` and closes those silent for longer
/// than the bound; stops when the returned sender is dropped.
fn spawn_heartbeat(
    core: &Arc<Core>,
    interval: Duration,
) -> Result<(mpsc::Sender<()>, JoinHandle<()>), String> {
    let (stop, stopped) = mpsc::channel::<()>();
    let core = Arc::clone(core);
    let beat = std::thread::Builder::new()
        .name("miraiRs-heartbeat".into())
        .spawn(move || {
            let ping = heartbeat::ping_frame(interval);
            let bound = heartbeat::bound(interval);
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                let (alive, silent) = core.liveness.sweep(Instant::now(), bound);
                for pipe in alive {
                    core.sender.send_one(pipe, Frame::new(&ping, &[]));
                }
                for pipe in silent {
                    tracing::warn!(pipe, "no heartbeat for {bound:?}: the link is cut");
                    transport::close_pipe(pipe);
                    // Its tasks are resolved now rather than on NNG's removal
                    // event, which never comes once NNG 1.5.2's reaper is
                    // stuck (nanomsg/nng#1543): seen as a task whose daemon
                    // was killed waiting forever. A later event is a no-op.
                    core.on_pipe(pipe, PipeEvent::Removed);
                }
            }
        })
        .map_err(|e| format!("cannot start the heartbeat thread: {e}"))?;
    Ok((stop, beat))
}

fn run_timer(core: &Core) {
    let mut st = core.lock();
    loop {
        if st.dispatcher.is_closed() {
            return;
        }
        let before = st.dispatcher.counts().completed;
        let next = st.dispatcher.expire(Instant::now());
        if st.dispatcher.counts().completed != before {
            drop(st);
            core.signal();
            st = core.lock();
            // A close or a new deadline notified while the lock was free
            // would be lost on a wait now: look again first.
            continue;
        }
        st = match next {
            Some(at) => {
                let wait = at.saturating_duration_since(Instant::now());
                core.timer
                    .wait_timeout(st, wait)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
            None => core.timer.wait(st).unwrap_or_else(|e| e.into_inner()),
        };
    }
}
