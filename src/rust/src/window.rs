//! Flow control of the host's messages, per connection. NNG 1.5's
//! polyamorous socket drops a message silently when the connection's queue
//! is full, so the host keeps at most `SEND_WINDOW` messages in flight to a
//! daemon, counted against the daemon's acknowledgements; the rest wait here
//! in order and leave together, small frames packed into one batch, as soon
//! as the daemon acknowledges. No frame is lost and none overtakes another.

use crate::protocol::{MAX_BATCHED_FRAME, SEND_WINDOW};
use crate::transport::Frame;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

/// The most frames packed into one batch: a daemon holds no more tasks than
/// `MAX_PREFETCH` and two, so more would only come from control frames.
const MAX_BATCH_FRAMES: usize = 64;

#[derive(Default)]
struct Window {
    sent: u64,
    acked: u64,
    waiting: VecDeque<Frame>,
}

impl Window {
    /// The messages this window may send now.
    fn drain(&mut self) -> Vec<Frame> {
        let mut out = Vec::new();
        while self.sent - self.acked < SEND_WINDOW {
            let Some(first) = self.waiting.pop_front() else {
                break;
            };
            out.push(self.pack(first));
            self.sent += 1;
        }
        out
    }

    /// `first` alone, or with the small frames waiting after it as a batch.
    fn pack(&mut self, first: Frame) -> Frame {
        let small = |f: &Frame| f.as_slice().len() <= MAX_BATCHED_FRAME;
        if !small(&first) || !self.waiting.front().is_some_and(small) {
            return first;
        }
        let mut frames = vec![first];
        while frames.len() < MAX_BATCH_FRAMES {
            match self.waiting.pop_front() {
                Some(f) if small(&f) => frames.push(f),
                Some(f) => {
                    self.waiting.push_front(f);
                    break;
                }
                None => break,
            }
        }
        Frame::batch(&frames)
    }
}

#[derive(Default)]
pub struct Windows(Mutex<HashMap<u32, Window>>);

impl Windows {
    fn lock(&self) -> MutexGuard<'_, HashMap<u32, Window>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn added(&self, pipe: u32) {
        self.lock().insert(pipe, Window::default());
    }

    /// Frames waiting for a connection that is gone are dropped: the
    /// dispatcher resolves or requeues its tasks.
    pub fn removed(&self, pipe: u32) {
        self.lock().remove(&pipe);
    }

    /// Queues `frames` for `pipe`, in order, and gives `send` the messages
    /// that may go now. It runs under this lock, so messages reach NNG in
    /// order whichever thread sends them.
    pub fn send(&self, pipe: u32, frames: Vec<Frame>, send: impl FnMut(Frame)) {
        let mut windows = self.lock();
        let Some(w) = windows.get_mut(&pipe) else {
            return; // not (or no longer) connected: NNG would drop them too
        };
        w.waiting.extend(frames);
        w.drain().into_iter().for_each(send);
    }

    /// The daemon on `pipe` has received `count` messages.
    pub fn acked(&self, pipe: u32, count: u64, send: impl FnMut(Frame)) {
        let mut windows = self.lock();
        let Some(w) = windows.get_mut(&pipe) else {
            return;
        };
        // A count beyond what was sent comes from a confused peer.
        let count = count.min(w.sent);
        if count <= w.acked {
            return;
        }
        w.acked = count;
        w.drain().into_iter().for_each(send);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{self, decode, split_batch, Kind};

    fn task(id: u64) -> Frame {
        Frame::new(&protocol::encode_header(Kind::Task, id, 0), &[])
    }

    /// The task ids in each message sent.
    fn ids(sent: &[Frame]) -> Vec<Vec<u64>> {
        sent.iter()
            .map(|f| {
                let (h, at) = decode(f.as_slice()).unwrap();
                if h.kind != Kind::Batch {
                    return vec![h.id];
                }
                split_batch(&f.as_slice()[at..])
                    .unwrap()
                    .iter()
                    .map(|inner| decode(inner).unwrap().0.id)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn holds_frames_beyond_the_window_and_sends_them_batched_on_acknowledgement() {
        let windows = Windows::default();
        windows.added(1);
        let mut sent = Vec::new();
        for id in 1..=6 {
            windows.send(1, vec![task(id)], |f| sent.push(f));
        }
        assert_eq!(ids(&sent), vec![vec![1], vec![2]]);
        windows.acked(1, 1, |f| sent.push(f));
        assert_eq!(ids(&sent[2..]), vec![vec![3, 4, 5, 6]]);
        // Stale or impossible counts change nothing.
        windows.acked(1, 1, |f| sent.push(f));
        windows.acked(1, 99, |f| sent.push(f));
        windows.send(1, vec![task(7)], |f| sent.push(f));
        assert_eq!(ids(&sent[3..]), vec![vec![7]]);
    }

    #[test]
    fn a_large_frame_travels_alone_and_in_order() {
        let windows = Windows::default();
        windows.added(1);
        let mut sent = Vec::new();
        let big = Frame::new(
            &protocol::encode_header(Kind::Task, 2, 0),
            &vec![0u8; MAX_BATCHED_FRAME + 1],
        );
        windows.send(1, vec![task(0)], |f| sent.push(f));
        windows.send(1, vec![task(9)], |f| sent.push(f));
        windows.send(1, vec![task(1), big, task(3), task(4)], |f| sent.push(f));
        windows.acked(1, 2, |f| sent.push(f));
        assert_eq!(ids(&sent), vec![vec![0], vec![9], vec![1], vec![2]]);
        windows.acked(1, 4, |f| sent.push(f));
        assert_eq!(ids(&sent[4..]), vec![vec![3, 4]]);
    }

    #[test]
    fn frames_for_an_unknown_or_closed_connection_are_dropped() {
        let windows = Windows::default();
        let mut sent = Vec::new();
        windows.send(5, vec![task(1)], |f| sent.push(f));
        windows.added(5);
        windows.removed(5);
        windows.send(5, vec![task(2)], |f| sent.push(f));
        assert!(sent.is_empty());
    }
}
