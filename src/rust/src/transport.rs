//! NNG sockets for both ends.
//!
//! The host listens on one Pair1 socket in polyamorous mode, so each message
//! can be addressed to one daemon's pipe and every received message names the
//! pipe it came from. NNG 1.5 opens that mode only through
//! `nng_pair1_open_poly`, which the `nng` crate does not wrap, so the host's
//! sockets are a small wrapper over `nng-sys` here. A daemon dials with the
//! crate's plain Pair1 socket.
//!
//! That mode costs time: NNG 1.5 passes each message through two more queues
//! and task-queue callbacks each way than a monogamous Pair1 socket, which
//! sends and delivers directly. So a daemon the host launches on this machine
//! dials a monogamous socket of its own (`Peers::One`, at a fresh local url);
//! the polyamorous one stays for daemons that dial the profile's url.

use crate::protocol;
use crate::shared::{self, SharedFile};
use nng::ffi as sys;
use nng::options::{Options, ReconnectMaxTime, ReconnectMinTime, RecvMaxSize};
use nng::{Message, Protocol, Socket};
use std::ffi::{c_void, CString};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A fresh local URL: an abstract socket on Linux (no file to clean up).
pub fn local_url() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let pid = std::process::id();
    if cfg!(target_os = "linux") {
        format!("abstract://miraiRs-{pid}-{n}-{nanos:x}")
    } else {
        let dir = std::env::temp_dir();
        format!("ipc://{}/miraiRs-{pid}-{n}-{nanos:x}", dir.display())
    }
}

/// Whether only this machine can dial `url`.
pub fn is_local_url(url: &str) -> bool {
    url.starts_with("abstract://") || url.starts_with("ipc://")
}

/// Whether the process at the other end of `pipe`, a connection at a local
/// url, runs as this process's user. Nothing else guards such a url: any
/// process in the network namespace, of any user, can dial an abstract
/// socket, or listen at the name of one whose host has gone. False where
/// the peer's user cannot be read.
pub fn peer_is_this_user(pipe: sys::nng_pipe) -> bool {
    let mut uid: u64 = u64::MAX;
    // SAFETY: reads an option of a pipe NNG is telling us about into a u64.
    let rc = unsafe { sys::nng_pipe_get_uint64(pipe, c"ipc:peer-uid".as_ptr(), &mut uid) };
    // SAFETY: geteuid has no preconditions.
    rc == 0 && uid == u64::from(unsafe { libc::geteuid() })
}

fn describe(e: nng::Error, what: &str, url: &str) -> String {
    format!("cannot {what} '{url}': {e}")
}

/// A daemon's socket. Its link (`link.rs`) dials and redials itself, with
/// its own backoff and log lines, so NNG's own redial is set far out.
pub fn dialer_socket(url: &str) -> Result<Socket, String> {
    let socket = Socket::new(Protocol::Pair1).map_err(|e| describe(e, "open a socket for", url))?;
    socket
        .set_opt::<RecvMaxSize>(0)
        .map_err(|e| describe(e, "configure", url))?;
    let never = Some(Duration::from_secs(24 * 3600));
    socket
        .set_opt::<ReconnectMinTime>(never)
        .map_err(|e| describe(e, "configure", url))?;
    socket
        .set_opt::<ReconnectMaxTime>(never)
        .map_err(|e| describe(e, "configure", url))?;
    Ok(socket)
}

/// Runs `close` on a thread of its own and waits at most `bound` for it to
/// finish; false if it did not. NNG 1.5.2's `nng_close` can wait forever for
/// a task its reaper never sees start (nanomsg/nng#1543, seen here about once
/// in a few hundred closes under load): the caller goes on, and the stuck
/// thread keeps the socket's memory alive rather than free what NNG may use.
pub fn close_within(bound: Duration, close: impl FnOnce() + Send + 'static) -> bool {
    let (done, finished) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("miraiRs-close".into())
        .spawn(move || {
            close();
            let _ = done.send(());
        });
    spawned.is_ok() && finished.recv_timeout(bound).is_ok()
}

/// An NNG message owned by Rust: a frame on its way in or out. A frame
/// whose payload is in shared memory (`protocol::FLAG_SHARED`) carries the
/// file's name as its payload, and the file itself beside the message.
pub struct Frame {
    msg: NonNull<sys::nng_msg>,
    shared: Option<Shared>,
}

/// The payload of a frame with `FLAG_SHARED`.
#[derive(Clone)]
enum Shared {
    File(Arc<SharedFile>),
    /// The named file could not be opened: why.
    Unreadable(String),
}

// SAFETY: an nng_msg has a single owner and no thread affinity.
unsafe impl Send for Frame {}

impl Frame {
    /// A frame of `prefix` followed by `payload`, copied once.
    pub fn new(prefix: &[u8], payload: &[u8]) -> Frame {
        Frame::from_parts(&[prefix, payload])
    }

    /// A frame of `parts` one after another, copied once into a buffer of
    /// their total size.
    pub fn from_parts(parts: &[&[u8]]) -> Frame {
        let mut msgp: *mut sys::nng_msg = std::ptr::null_mut();
        let total = parts.iter().map(|p| p.len()).sum();
        // SAFETY: nng_msg_alloc writes a valid message or fails; the appends
        // copy from valid slices. Allocation failure is fatal, as for any
        // Rust allocation.
        unsafe {
            let rc = sys::nng_msg_alloc(&mut msgp, 0);
            assert!(rc == 0 && !msgp.is_null(), "out of memory for a message");
            let frame = Frame::own(msgp);
            let rc = nng_msg_reserve(msgp, total);
            assert!(rc == 0, "out of memory for a message");
            for part in parts {
                if !part.is_empty() {
                    let rc = sys::nng_msg_append(msgp, part.as_ptr() as *const c_void, part.len());
                    assert!(rc == 0, "out of memory for a message");
                }
            }
            frame
        }
    }

    /// An empty frame with room for `capacity` bytes, or None if that much
    /// cannot be had (the caller then lets the frame grow as it is written).
    pub fn reserved(capacity: usize) -> Option<Frame> {
        let frame = Frame::new(&[], &[]);
        // SAFETY: the frame owns a valid, empty message.
        unsafe {
            if nng_msg_reserve(frame.msg.as_ptr(), capacity) != 0 {
                return None;
            }
            advise_huge_pages(frame.msg.as_ptr());
        }
        Some(frame)
    }

    /// `frames` packed into one batch message (`protocol::encode_batch`).
    pub fn batch(frames: &[Frame]) -> Frame {
        Frame::new(
            &crate::protocol::encode_batch(frames.iter().map(Frame::as_slice)),
            &[],
        )
    }

    /// Appends `bytes`, growing the buffer geometrically: R's serializer
    /// writes in many small pieces.
    pub fn append(&mut self, bytes: &[u8]) {
        // SAFETY: the frame owns a valid message; growing keeps its bytes.
        unsafe {
            let need = sys::nng_msg_len(self.msg.as_ptr()) + bytes.len();
            let capacity = nng_msg_capacity(self.msg.as_ptr());
            if need > capacity {
                self.grow(need.max(capacity * 2).max(256));
            }
            let p = self.msg.as_ptr();
            let rc = sys::nng_msg_append(p, bytes.as_ptr() as *const c_void, bytes.len());
            assert!(rc == 0, "out of memory for a message");
        }
    }

    /// Grows the buffer to `capacity`. A large buffer is a fresh message
    /// advised to use huge pages before the old body is copied in:
    /// `nng_msg_reserve` would copy first, faulting in 4 KiB pages.
    fn grow(&mut self, capacity: usize) {
        if capacity < HUGE_FRAME {
            // SAFETY: the frame owns a valid message; reserving keeps its bytes.
            let rc = unsafe { nng_msg_reserve(self.msg.as_ptr(), capacity) };
            assert!(rc == 0, "out of memory for a message");
            return;
        }
        let mut fresh = Frame::reserved(capacity).expect("out of memory for a message");
        fresh.append(self.as_slice());
        *self = fresh;
    }

    /// Takes over a message received through the `nng` crate.
    pub fn from_message(msg: Message) -> Frame {
        let p = msg.nng_msg();
        // Ownership moves to the Frame.
        std::mem::forget(msg);
        // SAFETY: a Message always holds a valid, non-null nng_msg.
        unsafe { Frame::own(p) }
    }

    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: body and length describe the message's own buffer.
        unsafe {
            let len = sys::nng_msg_len(self.msg.as_ptr());
            if len == 0 {
                return &[];
            }
            std::slice::from_raw_parts(sys::nng_msg_body(self.msg.as_ptr()) as *const u8, len)
        }
    }

    /// The pipe a received frame came from.
    pub fn pipe(&self) -> u32 {
        // SAFETY: reads a field of a valid message.
        let pipe = unsafe { sys::nng_msg_get_pipe(self.msg.as_ptr()) };
        pipe._bindgen_opaque_blob
    }

    /// A copy of the frame.
    pub fn duplicate(&self) -> Frame {
        let mut dup: *mut sys::nng_msg = std::ptr::null_mut();
        // SAFETY: duplicating a valid message into a fresh one.
        unsafe {
            let rc = sys::nng_msg_dup(&mut dup, self.msg.as_ptr());
            assert!(rc == 0 && !dup.is_null(), "out of memory for a message");
            Frame {
                msg: NonNull::new_unchecked(dup),
                shared: self.shared.clone(),
            }
        }
    }

    /// Sends the frame on a socket of the `nng` crate (the daemon's).
    pub fn send_on(self, socket: &Socket) -> Result<(), String> {
        let p = self.into_raw();
        // SAFETY: on success NNG owns the message; on failure we still do.
        unsafe {
            let rc = sys::nng_sendmsg(socket.nng_socket(), p, 0);
            if rc != 0 {
                sys::nng_msg_free(p);
                return Err(nng_error(rc));
            }
        }
        Ok(())
    }

    /// The message, for NNG to send and free. A shared payload's file is
    /// let go here: its reader opens it by name, and (a task) the dispatcher
    /// keeps a copy of the frame until the task is done.
    fn into_raw(mut self) -> *mut sys::nng_msg {
        let p = self.msg.as_ptr();
        drop(self.shared.take());
        std::mem::forget(self);
        p
    }

    /// # Safety
    /// `p` is a valid message this frame alone will own.
    unsafe fn own(p: *mut sys::nng_msg) -> Frame {
        Frame {
            msg: NonNull::new_unchecked(p),
            shared: None,
        }
    }

    /// A frame of `header` (with `FLAG_SHARED`) whose payload is in `file`.
    pub fn shared(header: &[u8], file: SharedFile) -> Frame {
        let mut frame = Frame::new(header, file.name().as_bytes());
        frame.shared = Some(Shared::File(Arc::new(file)));
        frame
    }

    /// For a received frame with `FLAG_SHARED`: opens the file named by its
    /// payload (from `offset`), removing the name if `remove`. A file that
    /// cannot be opened makes `payload` say why.
    pub fn open_shared(&mut self, offset: usize, remove: bool) {
        let name = String::from_utf8_lossy(&self.as_slice()[offset.min(self.as_slice().len())..]);
        self.shared = Some(match shared::open(&name, remove) {
            Ok(file) => Shared::File(Arc::new(file)),
            Err(e) => Shared::Unreadable(e),
        });
    }

    /// For a received frame with `FLAG_SHARED` that may not have it.
    pub fn refuse_shared(&mut self, why: &str) {
        self.shared = Some(Shared::Unreadable(why.to_string()));
    }

    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// The payload from `offset`: the message's bytes, or the shared file's.
    pub fn payload(&self, offset: usize) -> Result<&[u8], String> {
        match &self.shared {
            None => Ok(&self.as_slice()[offset..]),
            Some(Shared::File(file)) => file.bytes(),
            Some(Shared::Unreadable(why)) => Err(why.clone()),
        }
    }

    /// The memory this frame holds: its message and its shared file.
    pub fn weight(&self) -> usize {
        let file = match &self.shared {
            Some(Shared::File(file)) => file.size(),
            _ => 0,
        };
        self.as_slice().len() + file
    }

    /// The same frame with its payload in the message, for a daemon that
    /// cannot see the shared file: its header without `FLAG_SHARED`, then
    /// the file's bytes.
    pub fn inlined(&self) -> Result<Frame, String> {
        let (_, offset) = protocol::decode(self.as_slice()).map_err(|e| e.to_string())?;
        let header = protocol::with_flag(&self.as_slice()[..offset], protocol::FLAG_SHARED, false)
            .map_err(|e| e.to_string())?;
        Ok(Frame::new(&header, self.payload(offset)?))
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        // SAFETY: the frame owns its message.
        unsafe { sys::nng_msg_free(self.msg.as_ptr()) }
    }
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frame({} bytes)", self.weight())
    }
}

/// Past this size a frame's buffer asks for transparent huge pages before it
/// is written: one fault per 2 MiB instead of per 4 KiB.
const HUGE_FRAME: usize = 4 << 20;

/// Advises huge pages for the untouched capacity of a large message.
unsafe fn advise_huge_pages(p: *mut sys::nng_msg) {
    let capacity = nng_msg_capacity(p);
    if capacity < HUGE_FRAME {
        return;
    }
    let start = sys::nng_msg_body(p) as usize;
    // The capacity may count headroom before the body: stay a page short.
    crate::hugepages::advise(start, start + capacity - 4096);
}

extern "C" {
    // In libnng since 1.5; the nng-sys bindings predate them.
    fn nng_msg_capacity(msg: *mut sys::nng_msg) -> usize;
    fn nng_msg_reserve(msg: *mut sys::nng_msg, capacity: usize) -> i32;
}

fn nng_pipe(id: u32) -> sys::nng_pipe {
    sys::nng_pipe_s {
        _bindgen_opaque_blob: id,
    }
}

/// NNG's message for error code `rc`.
pub(crate) fn nng_error(rc: i32) -> String {
    // SAFETY: nng_strerror returns a static NUL-terminated string.
    let msg = unsafe { std::ffi::CStr::from_ptr(sys::nng_strerror(rc)) };
    msg.to_string_lossy().into_owned()
}

fn check(rc: i32, what: &str, url: &str) -> Result<(), String> {
    if rc == 0 {
        return Ok(());
    }
    Err(format!("cannot {what} '{url}': {}", nng_error(rc)))
}

/// Pipe events the host cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipeEvent {
    Added,
    Removed,
}

type PipeCallback = Box<dyn Fn(u32, PipeEvent) + Send + Sync>;
type RecvCallback = Box<dyn Fn(Frame) + Send + Sync>;

struct Receiver {
    socket: sys::nng_socket,
    aio: *mut sys::nng_aio,
    on_frame: RecvCallback,
}

/// How many peers a host socket takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Peers {
    /// Polyamorous: every daemon that dials the profile's url.
    Many,
    /// Monogamous: one daemon, launched here for this socket alone.
    One,
}

/// One of the host's Pair1 sockets.
pub struct HostSocket {
    socket: sys::nng_socket,
    closed: std::sync::atomic::AtomicBool,
    // Boxed so NNG's callbacks keep stable pointers; freed after the socket closes.
    on_pipe: Box<PipeWatch>,
    receiver: Box<Receiver>,
}

// SAFETY: NNG sockets and aios are thread-safe handles; the callbacks are Send + Sync.
unsafe impl Send for HostSocket {}
unsafe impl Sync for HostSocket {}

/// A host socket's pipe callback, with what every connection must pass first.
struct PipeWatch {
    /// The socket is at a local url: only this user's processes may connect.
    same_user_only: bool,
    on_pipe: PipeCallback,
}

extern "C" fn pipe_trampoline(pipe: sys::nng_pipe, ev: sys::nng_pipe_ev, arg: *mut c_void) {
    let event = match ev {
        // ADD_PRE runs before the pipe starts receiving, so a peer's first
        // message can never arrive before we know of its pipe.
        sys::NNG_PIPE_EV_ADD_PRE => PipeEvent::Added,
        sys::NNG_PIPE_EV_REM_POST => PipeEvent::Removed,
        _ => return,
    };
    // SAFETY: `arg` is the PipeWatch boxed in the HostSocket, alive until
    // after the socket is closed.
    let watch = unsafe { &*(arg as *const PipeWatch) };
    if event == PipeEvent::Added && watch.same_user_only && !peer_is_this_user(pipe) {
        tracing::warn!(
            pipe = pipe._bindgen_opaque_blob,
            "refused a connection from another user's process"
        );
        // Closed before it is added, the pipe is never seen again: no
        // removal follows.
        // SAFETY: closing a pipe from its ADD_PRE notification is allowed.
        unsafe { sys::nng_pipe_close(pipe) };
        return;
    }
    (watch.on_pipe)(pipe._bindgen_opaque_blob, event);
}

extern "C" fn recv_trampoline(arg: *mut c_void) {
    // SAFETY: `arg` is the Receiver boxed in the HostSocket; its aio is
    // stopped before the box is freed.
    let rx = unsafe { &*(arg as *const Receiver) };
    // SAFETY: the aio is valid; a successful receive hands us its message.
    let rc = unsafe { sys::nng_aio_result(rx.aio) };
    if rc == 0 {
        let msgp = unsafe { sys::nng_aio_get_msg(rx.aio) };
        if !msgp.is_null() {
            // SAFETY: the received message is ours alone.
            (rx.on_frame)(unsafe { Frame::own(msgp) });
        }
    } else if rc as u32 == sys::NNG_ECLOSED || rc as u32 == sys::NNG_ECANCELED {
        return;
    }
    // SAFETY: re-arming the same aio on the same socket from its callback is allowed.
    unsafe { sys::nng_recv_aio(rx.socket, rx.aio) }
}

impl HostSocket {
    /// Opens the socket and installs the callbacks; `listen` starts it.
    pub fn open(
        url: &str,
        peers: Peers,
        on_pipe: impl Fn(u32, PipeEvent) + Send + Sync + 'static,
        on_frame: impl Fn(Frame) + Send + Sync + 'static,
    ) -> Result<HostSocket, String> {
        let mut socket = sys::nng_socket_s {
            _bindgen_opaque_blob: 0,
        };
        // SAFETY: plain FFI calls on handles created here.
        unsafe {
            let rc = match peers {
                Peers::Many => sys::nng_pair1_open_poly(&mut socket),
                Peers::One => sys::nng_pair1_open(&mut socket),
            };
            check(rc, "open a socket for", url)?;
            let mut me = HostSocket {
                socket,
                closed: std::sync::atomic::AtomicBool::new(false),
                on_pipe: Box::new(PipeWatch {
                    same_user_only: is_local_url(url),
                    on_pipe: Box::new(on_pipe),
                }),
                receiver: Box::new(Receiver {
                    socket,
                    aio: std::ptr::null_mut(),
                    on_frame: Box::new(on_frame),
                }),
            };
            // Large R objects are legitimate payloads: lift NNG's 1 MiB cap.
            check(
                sys::nng_socket_set_size(socket, sys::NNG_OPT_RECVMAXSZ.as_ptr() as *const _, 0),
                "configure",
                url,
            )?;
            if peers == Peers::One {
                // A monogamous socket holds a send while its pipe is busy and
                // would block the sender (perhaps an NNG thread the pipe's
                // completion needs): room for far more than the host's flow
                // control (`SEND_WINDOW`) and heartbeats ever queue.
                check(
                    sys::nng_socket_set_int(socket, sys::NNG_OPT_SENDBUF.as_ptr() as *const _, 256),
                    "configure",
                    url,
                )?;
            }
            let arg = &*me.on_pipe as *const PipeWatch as *mut c_void;
            for ev in [sys::NNG_PIPE_EV_ADD_PRE, sys::NNG_PIPE_EV_REM_POST] {
                check(
                    sys::nng_pipe_notify(socket, ev, Some(pipe_trampoline), arg),
                    "watch",
                    url,
                )?;
            }
            let rx_arg = &*me.receiver as *const Receiver as *mut c_void;
            check(
                sys::nng_aio_alloc(&mut me.receiver.aio, Some(recv_trampoline), rx_arg),
                "receive on",
                url,
            )?;
            sys::nng_recv_aio(socket, me.receiver.aio);
            Ok(me)
        }
    }

    pub fn listen(&self, url: &str) -> Result<(), String> {
        let curl = CString::new(url).map_err(|_| format!("'url' must not contain NUL: {url:?}"))?;
        // SAFETY: a valid socket and a NUL-terminated URL.
        check(
            unsafe { sys::nng_listen(self.socket, curl.as_ptr(), std::ptr::null_mut(), 0) },
            "listen at",
            url,
        )
    }

    /// Listens at a `tls+tcp://` url with this certificate and key (PEM).
    pub fn listen_tls(&self, url: &str, cert: &str, key: &str) -> Result<(), String> {
        crate::tls::listen(self.socket, url, cert, key)
    }

    /// NNG's id of this socket.
    pub fn id(&self) -> u32 {
        self.socket._bindgen_opaque_blob
    }

    pub fn close(&self) {
        if self.closed.swap(true, std::sync::atomic::Ordering::AcqRel) {
            return;
        }
        // SAFETY: closing the socket ends its pipes and their callbacks;
        // stopping the aio waits for a running receive callback to return.
        unsafe {
            sys::nng_close(self.socket);
            if !self.receiver.aio.is_null() {
                sys::nng_aio_stop(self.receiver.aio);
            }
        }
    }
}

/// Sends `frame` to one pipe, on whichever of the host's sockets it belongs
/// to (NNG's pipe ids are unique across sockets). A frame for a pipe that has
/// gone is dropped; the pipe's removal is reported separately.
pub fn send_to(pipe: u32, frame: Frame) {
    let p = frame.into_raw();
    // SAFETY: on success NNG owns the message; on failure we still do. A
    // pipe that has gone gives a socket id NNG refuses.
    unsafe {
        let socket = sys::nng_pipe_socket(nng_pipe(pipe));
        sys::nng_msg_set_pipe(p, nng_pipe(pipe));
        let rc = sys::nng_sendmsg(socket, p, 0);
        if rc != 0 {
            sys::nng_msg_free(p);
            tracing::debug!(pipe, "send failed with NNG error {rc}");
        }
    }
}

/// The id of the socket `pipe` came in on (NNG's, as `HostSocket::id`).
pub fn socket_of(pipe: u32) -> u32 {
    // SAFETY: asking about an unknown pipe gives an invalid id, no harm.
    unsafe { sys::nng_pipe_socket(nng_pipe(pipe)) }._bindgen_opaque_blob
}

/// Drops one connection (a misbehaving or refused peer). On a thread of its
/// own: from inside one of NNG's callbacks, closing a pipe can wait on that
/// very thread and stall the socket.
pub fn close_pipe(pipe: u32) {
    let closer = std::thread::Builder::new().name("miraiRs-hangup".into());
    let spawned = closer.spawn(move || {
        // SAFETY: closing an unknown or closed pipe is a harmless error.
        unsafe {
            sys::nng_pipe_close(nng_pipe(pipe));
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(pipe, "cannot close a connection: {e}");
    }
}

/// The parts of a socket that outlive it until NNG has let go of them.
struct Remains {
    socket: sys::nng_socket,
    closed: bool,
    on_pipe: Box<PipeWatch>,
    receiver: Box<Receiver>,
}

// SAFETY: as for HostSocket.
unsafe impl Send for Remains {}

impl Drop for HostSocket {
    fn drop(&mut self) {
        // The last reference may be dropped inside one of this socket's own
        // callbacks, where stopping its aio would wait on itself: finish on
        // another thread, which waits for that callback to return.
        let noop_pipe = Box::new(PipeWatch {
            same_user_only: true,
            on_pipe: Box::new(|_, _| {}),
        });
        let remains = Remains {
            socket: self.socket,
            closed: self.closed.load(std::sync::atomic::Ordering::Acquire),
            on_pipe: std::mem::replace(&mut self.on_pipe, noop_pipe),
            receiver: std::mem::replace(
                &mut self.receiver,
                Box::new(Receiver {
                    socket: self.socket,
                    aio: std::ptr::null_mut(),
                    on_frame: Box::new(|_| {}),
                }),
            ),
        };
        let _ = std::thread::Builder::new()
            .name("miraiRs-close".into())
            .spawn(move || remains.release());
    }
}

impl Remains {
    fn release(self) {
        // SAFETY: the handles are valid until freed here, once.
        unsafe {
            if !self.closed {
                sys::nng_close(self.socket);
            }
            if !self.receiver.aio.is_null() {
                sys::nng_aio_stop(self.receiver.aio);
                sys::nng_aio_free(self.receiver.aio);
            }
        }
        drop(self.on_pipe);
        drop(self.receiver);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Mutex};

    /// A bare peer for an abstract socket, in a child process running as
    /// `uid` (None: this user): it completes NNG's handshake for Pair1 and
    /// stays connected for a while. Only system calls after the fork.
    fn peer_as(url: &str, uid: Option<u32>) -> libc::pid_t {
        let name = url.strip_prefix("abstract://").expect("an abstract url");
        // SAFETY: a zeroed sockaddr_un is valid; the name fits (tested).
        let mut addr: libc::sockaddr_un = unsafe { std::mem::zeroed() };
        addr.sun_family = libc::AF_UNIX as libc::sa_family_t;
        assert!(name.len() < addr.sun_path.len());
        for (i, b) in name.bytes().enumerate() {
            addr.sun_path[i + 1] = b as libc::c_char;
        }
        let len = (std::mem::size_of::<libc::sa_family_t>() + 1 + name.len()) as libc::socklen_t;
        // "\0SP\0", then Pair1 v1 (protocol 0x11), then two reserved bytes.
        let hello: [u8; 8] = [0, b'S', b'P', 0, 0, 0x11, 0, 0];
        // SAFETY: the child makes only system calls, then exits.
        unsafe {
            let pid = libc::fork();
            assert!(pid >= 0, "fork failed");
            if pid > 0 {
                return pid;
            }
            if let Some(uid) = uid {
                if libc::setgid(uid) != 0 || libc::setuid(uid) != 0 {
                    libc::_exit(2);
                }
            }
            let fd = libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0);
            let addr = &addr as *const libc::sockaddr_un as *const libc::sockaddr;
            if fd < 0 || libc::connect(fd, addr, len) != 0 {
                libc::_exit(3);
            }
            libc::write(fd, hello.as_ptr().cast(), hello.len());
            let mut reply = [0u8; 8];
            libc::read(fd, reply.as_mut_ptr().cast(), reply.len());
            libc::sleep(3);
            libc::_exit(0);
        }
    }

    fn reap(pid: libc::pid_t) {
        // SAFETY: the child is ours; kill and wait for it.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
            libc::waitpid(pid, std::ptr::null_mut(), 0);
        }
    }

    #[test]
    fn a_host_at_a_local_url_sees_no_connection_from_another_user() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: only root can run a peer as another user");
            return;
        }
        let url = local_url();
        let (added, events) = mpsc::channel();
        let added = Mutex::new(added);
        let on_pipe = move |_, event| {
            if event == PipeEvent::Added {
                let _ = added.lock().unwrap().send(());
            }
        };
        let socket = HostSocket::open(&url, Peers::Many, on_pipe, |_| {}).unwrap();
        socket.listen(&url).unwrap();
        let stranger = peer_as(&url, Some(65534));
        let seen = events.recv_timeout(Duration::from_secs(2));
        reap(stranger);
        assert!(seen.is_err(), "another user's connection was let in");
        // The same peer as this user is let in: the user made the difference.
        let own = peer_as(&url, None);
        let seen = events.recv_timeout(Duration::from_secs(5));
        reap(own);
        assert!(seen.is_ok(), "this user's connection was not seen");
        socket.close();
    }
}
