//! The daemon side: dial the host, say hello, hand tasks to R's main thread,
//! and interrupt a running task when the host cancels it. Frames arrive on
//! NNG's completion thread; R evaluates on its own thread and only ever sees
//! bytes through `take`.

use crate::auth;
use crate::link::{self, Link};
use crate::protocol::{
    self, Header, Hello, Init, Kind, ACK_EVERY, FLAG_LAST, FLAG_PERSIST, FLAG_SHARED, MAX_PREFETCH,
    PROTOCOL_VERSION,
};
use crate::replies::Replies;
use crate::shared::{self, Sharing};
use crate::transport::{self, Frame};
use nng::options::{Options, SendTimeout};
use nng::{Aio, AioResult, Message, PipeEvent, Socket};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::Duration;

/// More waiting tasks than the host ever sends means a confused peer (its
/// view runs ahead of ours by the task that just finished, and one in flight).
const MAX_WAITING: usize = MAX_PREFETCH + 2;

extern "C" {
    // R's own flag, set by its SIGINT handler; cleared here when a cancel
    // arrived too late to hit the task it was meant for.
    static mut R_interrupts_pending: libc::c_int;
}

pub struct Task {
    pub id: u64,
    pub persist: bool,
    frame: Frame,
    offset: usize,
}

impl Task {
    /// The serialized task, or why it cannot be read.
    pub fn payload(&self) -> Result<&[u8], String> {
        self.frame.payload(self.offset)
    }
}

#[derive(Default)]
struct State {
    /// Tasks received and not started, in order. The host keeps one running
    /// and one prefetched, but its view runs ahead of ours: it counts a task
    /// as running once the previous result left, maybe before R took it.
    next: VecDeque<Task>,
    running: Option<u64>,
    /// Why the daemon must stop, once it must.
    closing: Option<String>,
    /// The host's serialization configuration (serialized by R), from init.
    serial: Option<Arc<Vec<u8>>>,
    /// The host found our probe: large results go through shared memory.
    sharing: bool,
    /// Probe files sent in a hello, removed once the host has answered
    /// (it removes those it finds).
    probes: Vec<String>,
}

struct Shared {
    state: Mutex<State>,
    ready: Condvar,
    /// Bumped when a task arrives or the daemon must stop, so `wait` can
    /// spin briefly before sleeping (a woken thread costs tens of microseconds).
    generation: AtomicU64,
    /// R's main thread, the one a cancel interrupts.
    main: libc::pthread_t,
    r_version: String,
    /// Answers the host's challenge, if it has a secret.
    secret: Option<Vec<u8>>,
    /// Dialing, heartbeats and redialing (see `link.rs`).
    link: Link,
    replies: Arc<Replies>,
    /// Messages received on this connection, and the most this daemon has
    /// told the host of (the host's flow control, see `SEND_WINDOW`).
    received: AtomicU64,
    reported: AtomicU64,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn interrupt_if_running(&self, st: &State, id: Option<u64>) {
        if st.running.is_some() && (id.is_none() || st.running == id) {
            // SAFETY: `main` is a live thread of this process (R's main thread).
            unsafe {
                libc::pthread_kill(self.main, libc::SIGINT);
            }
        }
    }

    fn close(&self, why: String) {
        self.link.stop();
        let mut st = self.lock();
        if st.closing.is_none() {
            st.closing = Some(why);
        }
        self.interrupt_if_running(&st, None);
        drop(st);
        self.generation.fetch_add(1, Ordering::Release);
        self.ready.notify_all();
    }

    /// A hello, with a fresh probe of shared memory and, to answer a
    /// challenge, its `proof`.
    fn hello(&self, proof: Option<Vec<u8>>) -> Vec<u8> {
        let probe = shared::probe();
        if let Some(name) = &probe {
            self.lock().probes.push(name.clone());
        }
        hello_frame(&self.r_version, proof, probe)
    }

    fn remove_probes(&self) {
        for name in std::mem::take(&mut self.lock().probes) {
            shared::remove(&name);
        }
    }

    /// A result's header, acknowledging the messages received so far.
    fn result_header(&self, id: u64, flags: u8) -> Vec<u8> {
        let ack = self.received.load(Ordering::Acquire);
        self.reported.fetch_max(ack, Ordering::AcqRel);
        protocol::encode_header_acking(Kind::Result, id, flags, ack)
    }

    /// Tells the host of the messages received, unless a result did lately.
    fn acknowledge(&self, socket: &Socket) {
        let received = self.received.load(Ordering::Acquire);
        if received - self.reported.load(Ordering::Acquire) < ACK_EVERY {
            return;
        }
        self.reported.fetch_max(received, Ordering::AcqRel);
        let frame = protocol::encode_header_acking(Kind::Ack, 0, 0, received);
        if let Err((_, e)) = socket.send(Message::from(&frame[..])) {
            tracing::warn!("could not acknowledge the host's messages: {e}");
        }
    }

    fn on_message(&self, socket: &Socket, msg: Message) {
        self.received.fetch_add(1, Ordering::AcqRel);
        self.take_message(socket, msg);
        self.acknowledge(socket);
    }

    fn take_message(&self, socket: &Socket, msg: Message) {
        let (header, offset) = match protocol::decode(msg.as_slice()) {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!("dropped a malformed message from the host: {e}");
                return;
            }
        };
        if header.kind != Kind::Batch {
            return self.on_frame(socket, header, offset, Frame::from_message(msg));
        }
        let frames = match protocol::split_batch(&msg.as_slice()[offset..]) {
            Ok(f) => f,
            Err(e) => return tracing::warn!("dropped a malformed message from the host: {e}"),
        };
        for frame in frames {
            match protocol::decode(frame) {
                Ok((h, at)) => self.on_frame(socket, h, at, Frame::new(frame, &[])),
                Err(e) => tracing::warn!("dropped a malformed frame from the host: {e}"),
            }
        }
    }

    fn on_frame(&self, socket: &Socket, header: Header, offset: usize, msg: Frame) {
        match header.kind {
            Kind::Task => {
                let mut st = self.lock();
                if st.next.len() >= MAX_WAITING {
                    tracing::warn!(id = header.id, "dropped a task: too many waiting");
                    return;
                }
                let mut frame = msg;
                if header.flags & FLAG_SHARED != 0 {
                    // Opened now: the host may remove the name before R starts.
                    frame.open_shared(offset, false);
                }
                st.next.push_back(Task {
                    id: header.id,
                    persist: header.flags & FLAG_PERSIST != 0,
                    frame,
                    offset,
                });
                drop(st);
                self.generation.fetch_add(1, Ordering::Release);
                self.ready.notify_one();
            }
            Kind::Cancel => {
                let mut st = self.lock();
                if let Some(pos) = st.next.iter().position(|t| t.id == header.id) {
                    // Not started yet: acknowledge so the host frees this daemon.
                    st.next.remove(pos);
                    drop(st);
                    // An empty payload: the host ignores it.
                    let frame = self.result_header(header.id, 0);
                    if let Err((_, e)) = socket.send(Message::from(&frame[..])) {
                        tracing::warn!(id = header.id, "could not acknowledge a cancel: {e}");
                    }
                } else {
                    self.interrupt_if_running(&st, Some(header.id));
                }
            }
            Kind::Recall => {
                let mut st = self.lock();
                if let Some(pos) = st.next.iter().position(|t| t.id == header.id) {
                    st.next.remove(pos);
                    drop(st);
                    let frame = protocol::encode(Kind::Recalled, header.id, 0, &[]);
                    if let Err((_, e)) = socket.send(Message::from(&frame[..])) {
                        tracing::warn!("could not give back a task: {e}");
                    }
                }
            }
            Kind::Exit => {
                let why = String::from_utf8_lossy(&msg.as_slice()[offset..]).into_owned();
                self.link.exiting(&why);
                self.close(why);
            }
            Kind::Ping => self.link.heard(&msg.as_slice()[offset..]),
            Kind::Challenge => {
                let nonce = &msg.as_slice()[offset..];
                match &self.secret {
                    Some(secret) => {
                        let frame = self.hello(Some(auth::proof(secret, nonce)));
                        if let Err((_, e)) = socket.send(Message::from(&frame[..])) {
                            tracing::warn!("could not answer the host's challenge: {e}");
                        }
                    }
                    None => {
                        let why = "the host requires a shared secret: set 'secret' or MIRAI_SECRET";
                        self.link.exiting(why);
                        self.close(why.into());
                    }
                }
            }
            Kind::Init => match protocol::decode_body::<Init>(&msg.as_slice()[offset..]) {
                Ok(init) => {
                    tracing::info!(daemon = init.daemon, "accepted by the host");
                    let mut st = self.lock();
                    st.serial = init.serial.map(|b| Arc::new(b.into_vec()));
                    st.sharing = init.shared;
                    drop(st);
                    self.remove_probes();
                }
                Err(e) => tracing::warn!("dropped a malformed init: {e}"),
            },
            other => tracing::warn!("the host may not send {other:?} here"),
        }
    }
}

impl link::Owner for Shared {
    fn link(&self) -> &Link {
        &self.link
    }

    /// The host has already resolved what this daemon held (19, or sent it
    /// elsewhere): tasks not started are dropped, and the running one's
    /// result will not be sent; with autoexit it is interrupted.
    fn lost(&self) {
        let mut st = self.lock();
        st.next.clear();
        if self.link.autoexit {
            self.interrupt_if_running(&st, None);
        }
        st.running = None;
        drop(st);
        self.replies.discard();
    }

    fn stop(&self, why: String) {
        self.close(why);
    }
}

pub struct Worker {
    socket: Socket,
    shared: Arc<Shared>,
    _receiver: Aio,
}

impl Worker {
    /// Dials `url` and says hello on every connection. Must be called from
    /// R's main thread, which is the thread a cancel interrupts.
    /// `tls_cert`: for a `tls+tcp://` url, the host's certificate (PEM), the
    /// only one this daemon trusts.
    pub fn connect(
        url: &str,
        r_version: &str,
        autoexit: bool,
        tls_cert: Option<&str>,
        secret: Option<String>,
    ) -> Result<Worker, String> {
        if url.starts_with("tls+tcp://") && tls_cert.is_none() {
            return Err(format!(
                "'{url}' is a TLS url: the host's certificate is needed ('tlscert')"
            ));
        }
        let socket = transport::dialer_socket(url)?;
        // With the host gone a send would wait for a peer forever.
        socket
            .set_opt::<SendTimeout>(Some(Duration::from_secs(5)))
            .map_err(|e| format!("cannot configure the socket: {e}"))?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            ready: Condvar::new(),
            // SAFETY: pthread_self has no preconditions.
            main: unsafe { libc::pthread_self() },
            r_version: r_version.to_string(),
            secret: secret.map(String::into_bytes),
            generation: AtomicU64::new(0),
            link: Link::new(url, tls_cert, autoexit),
            replies: Replies::start(socket.clone())?,
            received: AtomicU64::new(0),
            reported: AtomicU64::new(0),
        });
        let weak: Weak<Shared> = Arc::downgrade(&shared);
        let hello_socket = socket.clone();
        let same_user_only = transport::is_local_url(url);
        let url_said = url.to_string();
        socket
            .pipe_notify(move |pipe, event| {
                let Some(shared) = weak.upgrade() else { return };
                match event {
                    // Whoever listens at a local url is this user's session,
                    // or a stranger who took the name once the session had
                    // gone: a daemon never takes tasks from a stranger.
                    PipeEvent::AddPre
                        if same_user_only && !transport::peer_is_this_user(pipe.nng_pipe()) =>
                    {
                        pipe.close();
                        // NNG may redial before the daemon is gone.
                        if !shared.link.done() {
                            let why = format!("the listener at {url_said} runs as another user");
                            shared.link.exiting(&why);
                            shared.close(why);
                        }
                    }
                    PipeEvent::AddPost if shared.link.added(pipe) => {
                        // The host counts each connection's messages afresh.
                        shared.received.store(0, Ordering::Release);
                        shared.reported.store(0, Ordering::Release);
                        // Sending from inside the notification would wait on
                        // the pipe being added, so a short-lived thread does it.
                        let s = hello_socket.clone();
                        let frame = shared.hello(None);
                        std::thread::spawn(move || {
                            if let Err((_, e)) = s.send(Message::from(&frame[..])) {
                                tracing::warn!("could not say hello: {e}");
                            }
                        });
                    }
                    PipeEvent::RemovePost if shared.link.removed(pipe) => {
                        link::Owner::lost(&*shared);
                    }
                    _ => {}
                }
            })
            .map_err(|e| format!("cannot watch the connection: {e}"))?;
        let weak = Arc::downgrade(&shared);
        let rx_socket = socket.clone();
        let receiver = Aio::new(move |aio, result| {
            let Some(shared) = weak.upgrade() else { return };
            match result {
                AioResult::Recv(Ok(msg)) => {
                    shared.on_message(&rx_socket, msg);
                    let _ = rx_socket.recv_async(&aio);
                }
                AioResult::Recv(Err(nng::Error::Closed)) => {}
                AioResult::Recv(Err(e)) => {
                    tracing::warn!("receive failed: {e}");
                    let _ = rx_socket.recv_async(&aio);
                }
                _ => {}
            }
        })
        .map_err(|e| format!("cannot create a receiver: {e}"))?;
        socket
            .recv_async(&receiver)
            .map_err(|e| format!("cannot start receiving: {e}"))?;
        // Only now: a connection made before the hook was in place would
        // never say hello.
        link::check_url(&socket, url)?;
        link::spawn(&shared, socket.clone())?;
        Ok(Worker {
            socket,
            shared,
            _receiver: receiver,
        })
    }

    /// Waits up to `slice` for a task or for the order to stop.
    pub fn wait(&self, slice: Duration) -> bool {
        let seen = self.shared.generation.load(Ordering::Acquire);
        let ready = |st: &State| !st.next.is_empty() || st.closing.is_some();
        if ready(&self.shared.lock()) {
            return true;
        }
        // Nothing to do: results held for company would only wait.
        self.shared.replies.flush();
        crate::spin::until_changed(&self.shared.generation, seen);
        let st = self.shared.lock();
        let (st, _) = self
            .shared
            .ready
            .wait_timeout_while(st, slice, |st| st.next.is_empty() && st.closing.is_none())
            .unwrap_or_else(|e| e.into_inner());
        !st.next.is_empty() || st.closing.is_some()
    }

    /// The next task, now marked running; or Err(reason) once the daemon must stop.
    pub fn take(&self) -> Result<Option<Task>, String> {
        let mut st = self.shared.lock();
        if let Some(why) = &st.closing {
            return Err(why.clone());
        }
        let task = st.next.pop_front();
        st.running = task.as_ref().map(|t| t.id);
        Ok(task)
    }

    /// How a large result is to be written (see `shared.rs`).
    pub fn sharing(&self) -> Sharing {
        if self.shared.lock().sharing {
            Sharing::RemovedByReceiver
        } else {
            Sharing::Off
        }
    }

    /// The host's serialization configuration, if it sent one.
    pub fn serial(&self) -> Option<Arc<Vec<u8>>> {
        self.shared.lock().serial.clone()
    }

    /// The id of the task R is evaluating.
    pub fn running(&self) -> Option<u64> {
        self.shared.lock().running
    }

    /// The frame prefix of a result; with `last` the host hangs up after it.
    pub fn result_header(&self, id: u64, last: bool) -> Vec<u8> {
        self.shared
            .result_header(id, if last { FLAG_LAST } else { 0 })
    }

    /// Sends the running task's result frame (built with `result_header`)
    /// and marks the daemon idle. With more tasks waiting (and this not the
    /// `last` result) it may go with the next ones (see `replies.rs`).
    pub fn reply(&self, frame: Frame, last: bool) {
        let mut st = self.shared.lock();
        let running = st.running.take();
        let more = !st.next.is_empty();
        // A cancel (or a lost connection's interrupt) that raced the end of
        // the task must not hit the next one.
        // SAFETY: R's main thread (this one) owns the flag; its signal handler
        // only ever sets it, and interrupts are sent under the lock we hold.
        unsafe {
            R_interrupts_pending = 0;
        }
        if running.is_none() {
            return; // its connection was lost: nobody waits for this result
        }
        drop(st);
        self.shared.replies.send(frame, more && !last);
    }

    pub fn close(&self) {
        self.shared.close("the daemon was closed".into());
        self.shared.replies.flush();
        self.shared.replies.stop();
        self.socket.close();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.shared.remove_probes();
        self.shared.replies.stop();
        self.socket.close();
    }
}

/// The first frame on every connection: who this daemon is.
pub fn hello_frame(r_version: &str, proof: Option<Vec<u8>>, probe: Option<String>) -> Vec<u8> {
    let hello = Hello {
        protocol: PROTOCOL_VERSION,
        pid: std::process::id(),
        hostname: hostname(),
        r_version: r_version.to_string(),
        proof: proof.map(serde_bytes::ByteBuf::from),
        probe,
    };
    protocol::encode(Kind::Hello, 0, 0, &protocol::encode_body(&hello))
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates
    // within it or truncates.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len()) };
    if rc != 0 {
        return String::new();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..end]).into_owned()
}
