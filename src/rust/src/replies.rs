//! A daemon's results on their way to the host. While more tasks wait on the
//! daemon, a small result is held briefly and goes with the next ones in one
//! batch: each message costs a trip through NNG's threads on both sides,
//! which for tiny tasks costs more than the tasks. A result is held at most
//! `HOLD_FOR`: past that a thread of its own sends it, so a long task that
//! follows never delays the results before it.

use crate::protocol::MAX_BATCHED_FRAME;
use crate::transport::Frame;
use nng::Socket;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The longest a result waits for company.
const HOLD_FOR: Duration = Duration::from_millis(1);
/// A batch this full goes at once.
const HOLD_MAX_FRAMES: usize = 32;
const HOLD_MAX_BYTES: usize = MAX_BATCHED_FRAME;

#[derive(Default)]
struct Held {
    frames: Vec<Frame>,
    bytes: usize,
    /// When the oldest held result was held.
    since: Option<Instant>,
    stopped: bool,
}

pub struct Replies {
    socket: Socket,
    /// Sending happens under this lock, so results leave in order whichever
    /// thread sends them.
    held: Mutex<Held>,
    wake: Condvar,
}

impl Replies {
    /// Starts the thread that sends results held too long.
    pub fn start(socket: Socket) -> Result<Arc<Replies>, String> {
        let replies = Arc::new(Replies {
            socket,
            held: Mutex::new(Held::default()),
            wake: Condvar::new(),
        });
        let flusher = Arc::clone(&replies);
        std::thread::Builder::new()
            .name("miraiRs-replies".into())
            .spawn(move || flusher.send_overdue())
            .map_err(|e| format!("cannot start the reply thread: {e}"))?;
        Ok(replies)
    }

    fn lock(&self) -> MutexGuard<'_, Held> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends a result frame; with `hold` (more tasks wait here) a small one
    /// may wait to go with the next results.
    pub fn send(&self, frame: Frame, hold: bool) {
        let len = frame.as_slice().len();
        let mut held = self.lock();
        let fits = held.frames.len() + 1 < HOLD_MAX_FRAMES && held.bytes + len <= HOLD_MAX_BYTES;
        let fresh = held.since.is_none_or(|t| t.elapsed() < HOLD_FOR);
        if hold && fits && fresh {
            if held.frames.is_empty() {
                held.since = Some(Instant::now());
                self.wake.notify_one();
            }
            held.bytes += len;
            held.frames.push(frame);
            return;
        }
        let mut frames = take(&mut held);
        frames.push(frame);
        self.transmit(frames);
    }

    /// Sends whatever is held.
    pub fn flush(&self) {
        let mut held = self.lock();
        if !held.frames.is_empty() {
            let frames = take(&mut held);
            self.transmit(frames);
        }
    }

    /// The connection is gone: the host has resolved these tasks already.
    pub fn discard(&self) {
        take(&mut self.lock());
    }

    pub fn stop(&self) {
        self.lock().stopped = true;
        self.wake.notify_all();
    }

    fn send_overdue(&self) {
        let mut held = self.lock();
        while !held.stopped {
            let Some(since) = held.since else {
                held = self.wake.wait(held).unwrap_or_else(|e| e.into_inner());
                continue;
            };
            let due = since + HOLD_FOR;
            let now = Instant::now();
            if now < due {
                held = self
                    .wake
                    .wait_timeout(held, due - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
                continue;
            }
            let frames = take(&mut held);
            self.transmit(frames);
        }
    }

    /// Sends `frames` in order: one alone, several as a batch, a large one
    /// after the batch of those before it. Called with `held` locked.
    fn transmit(&self, mut frames: Vec<Frame>) {
        let last = match frames.last() {
            Some(f) if frames.len() > 1 && f.as_slice().len() > MAX_BATCHED_FRAME => frames.pop(),
            _ => None,
        };
        let batch = match frames.len() {
            0 => None,
            1 => frames.pop(),
            _ => Some(Frame::batch(&frames)),
        };
        for frame in batch.into_iter().chain(last) {
            if let Err(e) = frame.send_on(&self.socket) {
                tracing::warn!("could not send a result: {e}");
            }
        }
    }
}

fn take(held: &mut Held) -> Vec<Frame> {
    held.since = None;
    held.bytes = 0;
    std::mem::take(&mut held.frames)
}
