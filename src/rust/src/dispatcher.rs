//! The dispatcher's state machine: queue, assignment, prefetch, cancellation,
//! timeouts and daemon loss. It owns no thread and no socket: the host
//! (`host.rs`) drives it under one lock and gives it an `Outbox` to send
//! through, which keeps every rule here testable without processes.
//!
//! Each daemon runs one task and may hold more, prefetched, so it starts its
//! next task without waiting a round trip. How many depends on its pace
//! (`Pace`): one behind a slow task, up to `MAX_PREFETCH` behind tasks of
//! microseconds, topped up in one batch when half are gone, so tiny tasks
//! travel many to a message. A prefetched task is only a small one, kept
//! here as a copy until it finishes: if its daemon dies it goes back to the
//! front of the queue, and if another daemon falls idle with nothing queued,
//! one is recalled and given to that daemon instead, so a long task never
//! holds a short one back for long.

use crate::protocol::{self, Init, Kind, FLAG_PERSIST, MAX_BATCHED_FRAME, MAX_PREFETCH};
use crate::transport::Frame;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

/// mirai's error values.
pub const TIMED_OUT: i32 = 5;
pub const CONNECTION_RESET: i32 = 19;
pub const CANCELLED: i32 = 20;

/// Tasks larger than this are never prefetched: copying them costs more than
/// the round trip a prefetch saves.
pub const PREFETCH_MAX_BYTES: usize = MAX_BATCHED_FRAME;

/// The work a daemon may hold ahead, at its pace: enough to stay busy for
/// this long, so a task waits at most about this long behind others.
const PREFETCH_HORIZON: Duration = Duration::from_millis(2);

/// Where the dispatcher's frames go: one daemon, by its key.
pub trait Outbox {
    fn send(&self, daemon: u32, frame: Frame);
    /// Several frames for one daemon, in order, in as few messages as may be.
    fn send_batch(&self, daemon: u32, frames: Vec<Frame>) {
        for frame in frames {
            self.send(daemon, frame);
        }
    }
}

/// How a task ended.
#[derive(Debug)]
pub enum Outcome {
    /// The daemon's reply frame; the serialized R value starts at `offset`.
    Value { frame: Frame, offset: usize },
    /// A mirai error value (5, 19, 20).
    Error(i32),
}

#[derive(Debug)]
enum Phase {
    Queued(Frame),
    /// Sent to `daemon`. A prefetched task (or any, with retries) keeps a
    /// `copy` until it finishes, so it can be sent again elsewhere.
    Sent {
        daemon: u32,
        copy: Option<Frame>,
    },
    Done(Outcome),
}

#[derive(Debug)]
struct Task {
    phase: Phase,
    /// Times this task was sent again after its daemon was lost mid-run.
    retried: u32,
    /// Nobody will read this task's outcome (its mirai was garbage collected).
    orphan: bool,
}

impl Task {
    fn new(phase: Phase) -> Task {
        Task {
            phase,
            retried: 0,
            orphan: false,
        }
    }
}

#[derive(Debug)]
struct Daemon {
    number: u64,
    running: Option<u64>,
    /// Sent to run after `running`, in this order.
    prefetched: VecDeque<u64>,
    /// The prefetched task a recall is on its way for.
    recalling: Option<u64>,
    /// everywhere() tasks for this daemon only; they go before the queue.
    pinned: VecDeque<u64>,
    pace: Pace,
    /// It sees this host's shared memory (its probe was found).
    shares: bool,
}

/// How fast a daemon gets through its tasks, from the time between results
/// while it had its next task at hand (an idle gap would tell nothing).
#[derive(Debug, Default)]
struct Pace {
    /// The last result, if the daemon had its next task then.
    busy_since: Option<Instant>,
    /// Moving average of the time per task, once measured.
    per_task: Option<Duration>,
}

impl Pace {
    /// A result at `now`; `busy` if the daemon has its next task already.
    fn record(&mut self, now: Instant, busy: bool) {
        if let Some(since) = self.busy_since {
            let took = now.saturating_duration_since(since);
            self.per_task = Some(match self.per_task {
                None => took,
                Some(mean) => (mean * 7 + took) / 8,
            });
        }
        self.busy_since = busy.then_some(now);
    }

    /// How many tasks the daemon may hold ahead: one until measured.
    fn depth(&self) -> usize {
        match self.per_task {
            None => 1,
            Some(t) => {
                let fit = PREFETCH_HORIZON.as_nanos() / t.as_nanos().max(1);
                fit.clamp(1, MAX_PREFETCH as u128) as usize
            }
        }
    }
}

/// Counts behind `status()` and `info()`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub connections: usize,
    /// Queued or prefetched: not started.
    pub awaiting: usize,
    pub executing: usize,
    pub completed: u64,
    pub connected_total: u64,
    pub disconnected_total: u64,
    pub cancelled: u64,
}

pub struct Dispatcher<O: Outbox> {
    outbox: O,
    tasks: HashMap<u64, Task>,
    /// FIFO of queued task ids; ids of tasks cancelled while queued stay here
    /// until they reach the front, where they are skipped.
    queue: VecDeque<u64>,
    daemons: HashMap<u32, Daemon>,
    /// Idle daemons in the order they became idle: the first gets the next task.
    idle: VecDeque<u32>,
    /// Daemons running a task with room for a prefetch (stale entries skipped).
    open: VecDeque<u32>,
    deadlines: BinaryHeap<Reverse<(Instant, u64)>>,
    counts: Counts,
    next_daemon: u64,
    closed: bool,
    /// Tasks someone waits on through a callback (a promise), and those of
    /// them finished since the host last looked.
    watched: HashSet<u64>,
    fired: Vec<u64>,
    /// How many times a task whose daemon is lost mid-run is sent again
    /// before it resolves to 19 (`daemons(retries = )`; mirai's is 0).
    retries: u32,
    /// The serialization configuration sent to each daemon in its init frame.
    serial: Option<Vec<u8>>,
    memory: Memory,
    /// Frames to send once the current operation is done: those for one
    /// daemon then go together (see `flush`).
    out: Vec<(u32, Frame)>,
}

/// Bytes of the frames of queued tasks: not yet sent to a daemon
/// (`daemons(memory = )`, `status()$memory`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    pub used: usize,
    /// The most `used` has been after a submission.
    pub peak: usize,
    /// The cap on `used` that `has_room` enforces, if any.
    pub capacity: Option<usize>,
}

impl<O: Outbox> Dispatcher<O> {
    pub fn new(outbox: O) -> Self {
        Dispatcher {
            outbox,
            tasks: HashMap::new(),
            queue: VecDeque::new(),
            daemons: HashMap::new(),
            idle: VecDeque::new(),
            open: VecDeque::new(),
            deadlines: BinaryHeap::new(),
            counts: Counts::default(),
            next_daemon: 0,
            closed: false,
            watched: HashSet::new(),
            fired: Vec::new(),
            retries: 0,
            serial: None,
            memory: Memory::default(),
            out: Vec::new(),
        }
    }

    /// With retries, every sent task keeps a copy until it finishes.
    pub fn set_retries(&mut self, retries: u32) {
        self.retries = retries;
    }

    /// The serialization configuration daemons get when they connect.
    pub fn set_serial(&mut self, serial: Option<Vec<u8>>) {
        self.serial = serial;
    }

    pub fn set_capacity(&mut self, bytes: Option<usize>) {
        self.memory.capacity = bytes;
    }

    pub fn memory(&self) -> Memory {
        self.memory
    }

    /// Whether a task of `bytes` may be queued under the capacity. With
    /// nothing queued it always may: a task larger than the capacity goes
    /// alone instead of waiting forever.
    pub fn has_room(&self, bytes: usize) -> bool {
        let m = &self.memory;
        m.capacity
            .is_none_or(|cap| m.used == 0 || m.used.saturating_add(bytes) <= cap)
    }

    /// Watches pending task `id`: once it finishes, `take_fired` reports it.
    /// False if the task is unknown or already finished.
    pub fn watch(&mut self, id: u64) -> bool {
        if self.is_done(id) != Some(false) {
            return false;
        }
        self.watched.insert(id);
        true
    }

    /// Watched tasks finished since the last call.
    pub fn take_fired(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.fired)
    }

    pub fn counts(&self) -> Counts {
        Counts {
            connections: self.daemons.len(),
            ..self.counts
        }
    }

    /// No task left to report on.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Keys of the daemons that have said hello, in connection order.
    pub fn daemon_keys(&self) -> Vec<u32> {
        let mut keys: Vec<(u64, u32)> = self.daemons.iter().map(|(k, d)| (d.number, *k)).collect();
        keys.sort_unstable();
        keys.into_iter().map(|(_, k)| k).collect()
    }

    /// Queues task `id` (its whole frame in `msg`), or sends it at once to
    /// the first idle daemon, or as a prefetch to a busy one. A task for a
    /// closed dispatcher resolves to 19.
    pub fn submit(&mut self, id: u64, msg: Frame, deadline: Option<Instant>) {
        if self.closed {
            self.finish(id, Outcome::Error(CONNECTION_RESET));
            return;
        }
        self.enqueue(id, msg);
        if let Some(at) = deadline {
            self.deadlines.push(Reverse((at, id)));
        }
        self.queue.push_back(id);
        // Only the queue's front moves, so the FIFO order holds.
        while let Some(&daemon) = self.idle.front() {
            if self.queue.is_empty() {
                break;
            }
            self.idle.pop_front();
            self.next_for(daemon);
        }
        self.fill_prefetch();
        self.memory.peak = self.memory.peak.max(self.memory.used);
        self.flush();
    }

    /// Queues a task for one daemon only (everywhere()).
    pub fn submit_pinned(&mut self, daemon: u32, id: u64, msg: Frame) {
        self.enqueue(id, msg);
        match self.daemons.get_mut(&daemon) {
            Some(d) => d.pinned.push_back(id),
            None => {
                self.counts.awaiting -= 1;
                self.finish(id, Outcome::Error(CONNECTION_RESET));
                return;
            }
        }
        if let Some(pos) = self.idle.iter().position(|&k| k == daemon) {
            self.idle.remove(pos);
            self.next_for(daemon);
        }
        self.flush();
    }

    /// A daemon said hello: it becomes a connection and takes work.
    /// `shares`: it sees this host's shared memory.
    pub fn hello(&mut self, daemon: u32, shares: bool) {
        if self.closed || self.daemons.contains_key(&daemon) {
            return;
        }
        self.next_daemon += 1;
        let number = self.next_daemon;
        self.daemons.insert(
            daemon,
            Daemon {
                number,
                running: None,
                prefetched: VecDeque::new(),
                recalling: None,
                pinned: VecDeque::new(),
                pace: Pace::default(),
                shares,
            },
        );
        self.counts.connected_total += 1;
        let init = protocol::encode(
            Kind::Init,
            0,
            0,
            &protocol::encode_body(&Init {
                daemon: number,
                serial: self.serial.clone().map(serde_bytes::ByteBuf::from),
                shared: shares,
            }),
        );
        self.send(daemon, Frame::new(&init, &[]));
        self.next_for(daemon);
        self.flush();
    }

    /// Whether every connected daemon sees this host's shared memory (None
    /// with none connected).
    pub fn all_share(&self) -> Option<bool> {
        (!self.daemons.is_empty()).then(|| self.daemons.values().all(|d| d.shares))
    }

    /// Whether `daemon` sees this host's shared memory.
    pub fn shares(&self, daemon: u32) -> bool {
        self.daemons.get(&daemon).is_some_and(|d| d.shares)
    }

    /// A daemon replied for task `id`: the result of its running task, or the
    /// acknowledgement of a cancelled prefetch. Returns whether it was expected.
    pub fn result(&mut self, daemon: u32, id: u64, frame: Frame, offset: usize) -> bool {
        let Some(d) = self.daemons.get_mut(&daemon) else {
            return false;
        };
        if let Some(pos) = d.prefetched.iter().position(|&p| p == id) {
            // Cancelled before it started: the task is already resolved.
            d.prefetched.remove(pos);
            if d.recalling == Some(id) {
                d.recalling = None;
            }
            self.prefetch_to(daemon);
            self.flush();
            return true;
        }
        if !self.complete_running(daemon, id, frame, offset) {
            return false;
        }
        self.promote(daemon);
        self.flush();
        true
    }

    /// Records the result of `daemon`'s running task `id`, unless it was
    /// already resolved (cancelled, timed out). False if `id` is not what
    /// the daemon runs.
    fn complete_running(&mut self, daemon: u32, id: u64, frame: Frame, offset: usize) -> bool {
        let Some(d) = self.daemons.get_mut(&daemon) else {
            return false;
        };
        if d.running != Some(id) {
            return false;
        }
        d.running = None;
        d.pace.record(Instant::now(), !d.prefetched.is_empty());
        if matches!(self.tasks.get(&id).map(|t| &t.phase), Some(Phase::Sent { daemon: k, .. }) if *k == daemon)
        {
            self.counts.executing -= 1;
            self.finish(id, Outcome::Value { frame, offset });
        }
        true
    }

    /// The daemon's result for `id` is its last (a limit such as `maxtasks`
    /// was reached): it runs nothing more, so whatever else it holds has not
    /// started and goes back to the queue, and it is told to exit. Returns
    /// whether the result was expected.
    pub fn retire(&mut self, daemon: u32, id: u64, frame: Frame, offset: usize) -> bool {
        if !self.daemons.contains_key(&daemon) {
            return false;
        }
        let accepted = self.complete_running(daemon, id, frame, offset);
        let exit = protocol::encode(Kind::Exit, 0, 0, b"the daemon reached its limit");
        self.send(daemon, Frame::new(&exit, &[]));
        self.lost(daemon);
        accepted
    }

    /// The daemon gave back task `id` unstarted (see `steal`). Our view runs
    /// ahead of the daemon's: we may already count `id` as its running task
    /// (its previous result has arrived), in which case its prefetched task,
    /// if any, is what it runs now.
    pub fn recalled(&mut self, daemon: u32, id: u64) {
        let Some(d) = self.daemons.get_mut(&daemon) else {
            return;
        };
        if let Some(pos) = d.prefetched.iter().position(|&p| p == id) {
            d.prefetched.remove(pos);
        } else if d.running == Some(id) {
            d.running = d.prefetched.pop_front();
            self.counts.executing -= 1;
            self.counts.awaiting += 1;
            if d.running.is_some() {
                self.counts.awaiting -= 1;
                self.counts.executing += 1;
            }
        } else {
            return;
        }
        if d.recalling == Some(id) {
            d.recalling = None;
        }
        let running = d.running.is_some();
        self.requeue_front(id);
        if let Some(idle) = self.idle.pop_front() {
            self.next_for(idle);
        }
        if running {
            self.open.push_back(daemon);
            self.fill_prefetch();
        } else {
            self.next_for(daemon);
        }
        self.flush();
    }

    /// A daemon's connection is gone: its running task resolves to 19 (or,
    /// with retries left, is sent again), its prefetched task (never started)
    /// goes back to the front of the queue.
    pub fn lost(&mut self, daemon: u32) {
        self.idle.retain(|&k| k != daemon);
        let Some(d) = self.daemons.remove(&daemon) else {
            return;
        };
        self.counts.disconnected_total += 1;
        let mut requeued = false;
        // Prefetched first, last first: all go to the queue's front, the
        // older in front.
        for &id in d.prefetched.iter().rev() {
            self.requeue_front(id);
            requeued = true;
        }
        if let Some(id) = d.running {
            let retry = match self.tasks.get_mut(&id) {
                Some(Task {
                    phase: Phase::Sent { copy, .. },
                    retried,
                    ..
                }) => {
                    self.counts.executing -= 1;
                    let retry = copy.is_some() && *retried < self.retries;
                    if retry {
                        *retried += 1;
                    }
                    Some(retry)
                }
                _ => None,
            };
            match retry {
                Some(true) => {
                    self.counts.awaiting += 1;
                    self.requeue_front(id);
                    requeued = true;
                }
                Some(false) => self.finish(id, Outcome::Error(CONNECTION_RESET)),
                None => {}
            }
        }
        for id in d.pinned {
            if matches!(
                self.tasks.get(&id).map(|t| &t.phase),
                Some(Phase::Queued(_))
            ) {
                self.counts.awaiting -= 1;
                self.finish(id, Outcome::Error(CONNECTION_RESET));
            }
        }
        if requeued {
            while let Some(idle) = self.idle.pop_front() {
                self.next_for(idle);
                if self.queue.is_empty() {
                    break;
                }
            }
            self.fill_prefetch();
        }
        self.flush();
    }

    /// Resolves task `id` to `code` if it has not finished: a queued task is
    /// dropped, a sent one is cancelled on its daemon (which interrupts it if
    /// it started; the daemon stays busy until it replies). Returns whether
    /// the task was still pending.
    pub fn cancel(&mut self, id: u64, code: i32) -> bool {
        let phase = match self.tasks.get(&id) {
            Some(t) => &t.phase,
            None => return false,
        };
        match phase {
            Phase::Done(_) => return false,
            Phase::Queued(_) => self.counts.awaiting -= 1,
            Phase::Sent { daemon, .. } => {
                if self
                    .daemons
                    .get(daemon)
                    .is_some_and(|d| d.running == Some(id))
                {
                    self.counts.executing -= 1;
                } else {
                    self.counts.awaiting -= 1;
                }
                let daemon = *daemon;
                let frame = protocol::encode(Kind::Cancel, id, 0, &[]);
                self.send(daemon, Frame::new(&frame, &[]));
            }
        }
        self.counts.cancelled += 1;
        self.finish(id, Outcome::Error(code));
        self.flush();
        true
    }

    /// Times out every task whose deadline has passed; returns the next deadline.
    pub fn expire(&mut self, now: Instant) -> Option<Instant> {
        while let Some(Reverse((at, id))) = self.deadlines.peek().copied() {
            if at > now {
                return Some(at);
            }
            self.deadlines.pop();
            self.cancel(id, TIMED_OUT);
        }
        None
    }

    pub fn is_done(&self, id: u64) -> Option<bool> {
        self.tasks
            .get(&id)
            .map(|t| matches!(t.phase, Phase::Done(_)))
    }

    /// Hands over a finished task's outcome, forgetting the task.
    pub fn take(&mut self, id: u64) -> Option<Outcome> {
        if self.is_done(id) != Some(true) {
            return None;
        }
        match self.tasks.remove(&id) {
            Some(Task {
                phase: Phase::Done(outcome),
                ..
            }) => Some(outcome),
            _ => None,
        }
    }

    /// Nobody will read task `id`: it still runs (it may have side effects),
    /// but its outcome is dropped as soon as it exists.
    pub fn forget(&mut self, id: u64) {
        if let Some(task) = self.tasks.get_mut(&id) {
            if matches!(task.phase, Phase::Done(_)) {
                self.tasks.remove(&id);
            } else {
                task.orphan = true;
            }
        }
    }

    /// daemons(0): every pending task resolves to 19 and every daemon is told
    /// to exit. Returns the daemons' keys.
    pub fn close(&mut self) -> Vec<u32> {
        self.closed = true;
        let pending: Vec<u64> = self
            .tasks
            .iter()
            .filter(|(_, t)| !matches!(t.phase, Phase::Done(_)))
            .map(|(id, _)| *id)
            .collect();
        for id in pending {
            self.cancel(id, CONNECTION_RESET);
        }
        self.queue.clear();
        self.deadlines.clear();
        self.idle.clear();
        self.open.clear();
        let keys = self.daemon_keys();
        let exit = protocol::encode(Kind::Exit, 0, 0, b"the host called daemons(0)");
        for &k in &keys {
            self.send(k, Frame::new(&exit, &[]));
        }
        self.flush();
        keys
    }

    /// A new task, not yet queued anywhere.
    fn enqueue(&mut self, id: u64, msg: Frame) {
        self.memory.used += msg.weight();
        self.tasks.insert(id, Task::new(Phase::Queued(msg)));
        self.counts.awaiting += 1;
    }

    fn finish(&mut self, id: u64, outcome: Outcome) {
        if let Some(Phase::Queued(msg)) = self.tasks.get(&id).map(|t| &t.phase) {
            self.memory.used -= msg.weight();
        }
        self.counts.completed += 1;
        if self.watched.remove(&id) {
            self.fired.push(id);
        }
        let orphan = self.tasks.get(&id).is_some_and(|t| t.orphan);
        if orphan {
            self.tasks.remove(&id);
        } else {
            self.tasks.insert(id, Task::new(Phase::Done(outcome)));
        }
    }

    /// After a result: the daemon's prefetched task (already there) becomes
    /// its running one and the next queued task is prefetched; with nothing
    /// prefetched the daemon takes the next task or falls idle.
    fn promote(&mut self, daemon: u32) {
        let Some(d) = self.daemons.get_mut(&daemon) else {
            return;
        };
        let Some(id) = d.prefetched.pop_front() else {
            self.next_for(daemon);
            return;
        };
        if d.recalling == Some(id) {
            // The daemon may still give it back; `recalled` handles that.
            d.recalling = None;
        }
        d.running = Some(id);
        // Its copy stays until it finishes: the daemon may not have started
        // it yet, and a recall can still bring it back.
        if matches!(
            self.tasks.get(&id).map(|t| &t.phase),
            Some(Phase::Sent { .. })
        ) {
            self.counts.awaiting -= 1;
            self.counts.executing += 1;
        }
        self.prefetch_to(daemon);
    }

    /// Gives an idle daemon its next task: its own pinned ones first, then the
    /// queue's front; with nothing to do it joins the idle list and tries to
    /// take over a task prefetched elsewhere.
    fn next_for(&mut self, daemon: u32) {
        loop {
            let next = match self.daemons.get_mut(&daemon) {
                Some(d) => d.pinned.pop_front(),
                None => return,
            };
            let Some(id) = next.or_else(|| self.queue.pop_front()) else {
                self.idle.push_back(daemon);
                self.steal();
                return;
            };
            if self.start(daemon, id, false) {
                self.prefetch_to(daemon);
                return;
            }
        }
    }

    /// Tops up `daemon`'s prefetched tasks from the queue's front to its
    /// depth, once no more than half of them are left.
    fn prefetch_to(&mut self, daemon: u32) {
        let Some(d) = self.daemons.get(&daemon) else {
            return;
        };
        let depth = d.pace.depth();
        if d.running.is_none() || !d.pinned.is_empty() || d.prefetched.len() > depth / 2 {
            return;
        }
        let mut held = d.prefetched.len();
        while held < depth {
            let Some(&id) = self.queue.front() else { break };
            match self.tasks.get(&id).map(|t| &t.phase) {
                Some(Phase::Queued(f)) if f.weight() <= PREFETCH_MAX_BYTES => {
                    self.queue.pop_front();
                    self.start(daemon, id, true);
                    held += 1;
                }
                Some(Phase::Queued(_)) => break, // too large: it waits for an idle daemon
                _ => {
                    self.queue.pop_front(); // resolved while queued
                }
            }
        }
        // Only a daemon about to run dry takes submissions one by one; one
        // with work in hand waits for its next top-up, which then carries
        // everything queued meanwhile in one batch.
        if held == 0 {
            self.open.push_back(daemon);
        }
    }

    /// Prefetches queued tasks to busy daemons with room.
    fn fill_prefetch(&mut self) {
        loop {
            match self
                .queue
                .front()
                .map(|id| self.tasks.get(id).map(|t| &t.phase))
            {
                None => return,
                Some(Some(Phase::Queued(f))) if f.weight() > PREFETCH_MAX_BYTES => return,
                Some(Some(Phase::Queued(_))) => {}
                Some(_) => {
                    self.queue.pop_front(); // resolved while queued
                    continue;
                }
            }
            let Some(daemon) = self.open.pop_front() else {
                return;
            };
            self.prefetch_to(daemon); // a stale entry (no room) is just dropped
        }
    }

    /// An idle daemon and an empty queue: recall the last task prefetched on
    /// the busiest daemon so the idle one can run it now.
    fn steal(&mut self) {
        if !self.queue.is_empty() {
            return;
        }
        let victim = self
            .daemons
            .iter_mut()
            .filter(|(_, d)| d.recalling.is_none())
            .max_by_key(|(_, d)| d.prefetched.len());
        if let Some((&key, d)) = victim {
            let Some(&id) = d.prefetched.back() else {
                return;
            };
            d.recalling = Some(id);
            let frame = protocol::encode(Kind::Recall, id, 0, &[]);
            self.send(key, Frame::new(&frame, &[]));
        }
    }

    /// Puts a prefetched task back at the queue's front, from its copy.
    fn requeue_front(&mut self, id: u64) {
        let Some(task) = self.tasks.get_mut(&id) else {
            return;
        };
        let copy = match &mut task.phase {
            Phase::Sent { copy, .. } => copy.take(),
            _ => None,
        };
        if let Some(frame) = copy {
            self.memory.used += frame.weight();
            task.phase = Phase::Queued(frame);
            self.queue.push_front(id);
        }
    }

    /// Sends task `id` to `daemon` to run now, or (`prefetch`) to run next,
    /// keeping a copy. Returns false if the task is no longer queued.
    fn start(&mut self, daemon: u32, id: u64, prefetch: bool) -> bool {
        let Some(task) = self.tasks.get_mut(&id) else {
            return false;
        };
        if !matches!(task.phase, Phase::Queued(_)) {
            return false;
        }
        let placeholder = Phase::Sent { daemon, copy: None };
        let Phase::Queued(msg) = std::mem::replace(&mut task.phase, placeholder) else {
            unreachable!("checked above");
        };
        self.memory.used -= msg.weight();
        // A task in shared memory keeps its file until it is done.
        if prefetch || self.retries > 0 || msg.is_shared() {
            task.phase = Phase::Sent {
                daemon,
                copy: Some(msg.duplicate()),
            };
        }
        if !prefetch {
            self.counts.awaiting -= 1;
            self.counts.executing += 1;
        }
        if let Some(d) = self.daemons.get_mut(&daemon) {
            if prefetch {
                d.prefetched.push_back(id);
            } else {
                d.running = Some(id);
            }
        }
        let msg = if msg.is_shared() && !self.shares(daemon) {
            // A daemon elsewhere gets the payload itself.
            msg.inlined().unwrap_or_else(|e| {
                tracing::warn!(id, "could not read a task's shared memory: {e}");
                msg
            })
        } else {
            msg
        };
        self.send(daemon, msg);
        true
    }

    fn send(&mut self, daemon: u32, frame: Frame) {
        self.out.push((daemon, frame));
    }

    /// Sends what the operation produced: the frames for each daemon
    /// together, in order, so they can travel as one message.
    fn flush(&mut self) {
        if self.out.len() <= 1 {
            if let Some((daemon, frame)) = self.out.pop() {
                self.outbox.send(daemon, frame);
            }
            return;
        }
        let mut runs: Vec<(u32, Vec<Frame>)> = Vec::new();
        for (daemon, frame) in self.out.drain(..) {
            match runs.iter_mut().find(|(d, _)| *d == daemon) {
                Some((_, run)) => run.push(frame),
                None => runs.push((daemon, vec![frame])),
            }
        }
        for (daemon, frames) in runs {
            self.outbox.send_batch(daemon, frames);
        }
    }
}

/// The frame prefix of a task.
pub fn task_header(id: u64, persist: bool) -> Vec<u8> {
    protocol::encode_header(Kind::Task, id, if persist { FLAG_PERSIST } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::time::Duration;

    /// Every frame sent, and the size of each batch.
    #[derive(Default)]
    struct Recorder(RefCell<Vec<(u32, Frame)>>, RefCell<Vec<usize>>);

    impl Outbox for &Recorder {
        fn send(&self, daemon: u32, frame: Frame) {
            self.0.borrow_mut().push((daemon, frame));
        }

        fn send_batch(&self, daemon: u32, frames: Vec<Frame>) {
            self.1.borrow_mut().push(frames.len());
            for frame in frames {
                self.send(daemon, frame);
            }
        }
    }

    impl Recorder {
        /// (daemon, header, payload) of each frame of `kind` sent.
        fn frames(&self, kind: Kind) -> Vec<(u32, protocol::Header, Vec<u8>)> {
            self.0
                .borrow()
                .iter()
                .filter_map(|(d, f)| {
                    let (h, at) = protocol::decode(f.as_slice()).unwrap();
                    (h.kind == kind).then(|| (*d, h, f.as_slice()[at..].to_vec()))
                })
                .collect()
        }
        fn kinds(&self, kind: Kind) -> Vec<(u32, u64)> {
            self.frames(kind)
                .into_iter()
                .map(|(d, h, _)| (d, h.id))
                .collect()
        }
        fn tasks(&self) -> Vec<(u32, u64)> {
            self.kinds(Kind::Task)
        }
    }

    fn task(id: u64) -> Frame {
        Frame::new(&task_header(id, false), &[])
    }

    fn big_task(id: u64) -> Frame {
        Frame::new(&task_header(id, false), &vec![0u8; PREFETCH_MAX_BYTES + 1])
    }

    fn reply() -> Frame {
        Frame::new(b"result", &[])
    }

    fn shared_task(id: u64, payload: &[u8]) -> (Frame, String) {
        let mut w = crate::shared::SharedWriter::create(0).unwrap();
        w.write(payload).unwrap();
        let file = w.finish(true).unwrap();
        let name = file.name().to_string();
        let header =
            protocol::with_flag(&task_header(id, false), protocol::FLAG_SHARED, true).unwrap();
        (Frame::shared(&header, file), name)
    }

    #[test]
    fn a_task_in_shared_memory_goes_inline_where_it_cannot_be_seen_and_keeps_its_file_until_done() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, true);
        d.hello(2, false);
        let (one, one_file) = shared_task(1, b"first payload");
        let (two, two_file) = shared_task(2, b"second payload");
        d.submit(1, one, None);
        d.submit(2, two, None);
        let sent: Vec<(u32, u8, Vec<u8>)> = rec
            .frames(Kind::Task)
            .into_iter()
            .map(|(daemon, h, payload)| (daemon, h.flags, payload))
            .collect();
        assert_eq!(
            sent,
            vec![
                (1, protocol::FLAG_SHARED, one_file.clone().into_bytes()),
                (2, 0, b"second payload".to_vec()),
            ]
        );
        // Sent frames are freed, as NNG would; each file lives until its
        // task is done: by a result, or a cancel.
        rec.0.borrow_mut().clear();
        assert!(crate::shared::exists(&one_file) && crate::shared::exists(&two_file));
        d.result(1, 1, reply(), 0);
        assert!(!crate::shared::exists(&one_file));
        assert!(d.cancel(2, 20));
        assert!(!crate::shared::exists(&two_file));
    }

    /// Daemon 1 runs task 1 and holds task 2; daemon 2 then connects with
    /// nothing queued, so task 2 is recalled from daemon 1.
    fn recalling_setup(rec: &Recorder) -> Dispatcher<&Recorder> {
        let mut d = Dispatcher::new(rec);
        d.hello(1, false);
        d.submit(1, task(1), None);
        d.submit(2, task(2), None);
        d.hello(2, false);
        assert_eq!(rec.kinds(Kind::Recall), vec![(1, 2)]);
        d
    }

    fn counts(d: &Dispatcher<&Recorder>) -> (usize, usize, usize, u64) {
        let c = d.counts();
        (c.connections, c.awaiting, c.executing, c.completed)
    }

    #[test]
    fn queues_fifo_runs_on_the_first_idle_daemon_and_prefetches_one_more() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        for id in 1..=5 {
            d.submit(id, task(id), None);
        }
        assert_eq!(counts(&d), (0, 5, 0, 0));
        d.hello(10, false);
        d.hello(11, false);
        // 10 runs 1 and holds 2; 11 runs 3 and holds 4; 5 waits.
        assert_eq!(rec.tasks(), vec![(10, 1), (10, 2), (11, 3), (11, 4)]);
        assert_eq!(counts(&d), (2, 3, 2, 0));
        assert!(d.result(11, 3, reply(), 0));
        // 4 starts on 11 at once; 5 is prefetched there.
        assert_eq!(rec.tasks().last(), Some(&(11, 5)));
        assert_eq!(counts(&d), (2, 2, 2, 1));
        for (daemon, id) in [(10, 1), (10, 2), (11, 4), (11, 5)] {
            assert!(d.result(daemon, id, reply(), 0));
        }
        assert_eq!(counts(&d), (2, 0, 0, 5));
        // 10 fell idle first, so it gets the next task.
        d.submit(6, task(6), None);
        assert_eq!(rec.tasks().last(), Some(&(10, 6)));
    }

    #[test]
    fn memory_counts_queued_frames_and_caps_them() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        let size = task(1).as_slice().len();
        d.set_capacity(Some(2 * size));
        assert!(d.has_room(10 * size), "an empty queue takes any task");
        d.submit(1, task(1), None);
        d.submit(2, task(2), None);
        assert_eq!((d.memory().used, d.memory().peak), (2 * size, 2 * size));
        assert!(!d.has_room(size));
        // A cancelled queued task frees its bytes.
        assert!(d.cancel(2, CANCELLED));
        assert_eq!(d.memory().used, size);
        assert!(d.has_room(size));
        // A daemon takes task 1: nothing queued, the peak stays.
        d.hello(1, false);
        assert_eq!((d.memory().used, d.memory().peak), (0, 2 * size));
        // Prefetched to the busy daemon: sent, so not queued.
        d.submit(3, task(3), None);
        assert_eq!(d.memory().used, 0);
        // Its daemon is lost: the prefetched copy is queued again.
        d.lost(1);
        assert_eq!(d.memory().used, size);
        d.close();
        assert_eq!(d.memory().used, 0);
    }

    #[test]
    fn large_tasks_are_never_prefetched() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.submit(1, task(1), None);
        d.submit(2, big_task(2), None);
        assert_eq!(rec.tasks(), vec![(1, 1)]);
        assert!(d.result(1, 1, reply(), 0));
        assert_eq!(rec.tasks(), vec![(1, 1), (1, 2)]);
    }

    #[test]
    fn an_idle_daemon_recalls_a_task_prefetched_behind_a_long_one() {
        let rec = Recorder::default();
        let mut d = recalling_setup(&rec);
        d.recalled(1, 2);
        assert_eq!(rec.tasks(), vec![(1, 1), (1, 2), (2, 2)]);
        assert!(d.result(2, 2, reply(), 0));
        assert!(matches!(d.take(2), Some(Outcome::Value { .. })));
        assert_eq!(counts(&d), (2, 0, 1, 1));
    }

    #[test]
    fn a_recall_the_daemon_ignores_changes_nothing() {
        let rec = Recorder::default();
        let mut d = recalling_setup(&rec);
        // Daemon 1 had started task 2: it does not answer the recall.
        assert!(d.result(1, 1, reply(), 0));
        assert!(d.result(1, 2, reply(), 0));
        assert!(matches!(d.take(2), Some(Outcome::Value { .. })));
        assert_eq!(rec.tasks(), vec![(1, 1), (1, 2)]);
        assert_eq!(counts(&d), (2, 0, 0, 2));
    }

    #[test]
    fn a_task_given_back_after_we_counted_it_running_still_runs_once() {
        let rec = Recorder::default();
        let mut d = recalling_setup(&rec);
        // Task 1's result arrives first (we now count 2 as running on 1), then
        // daemon 1's answer: it had not started 2, and gives it back.
        assert!(d.result(1, 1, reply(), 0));
        d.recalled(1, 2);
        assert_eq!(rec.tasks(), vec![(1, 1), (1, 2), (2, 2)]);
        assert_eq!(counts(&d), (2, 0, 1, 1));
        assert!(d.result(2, 2, reply(), 0));
        assert!(matches!(d.take(2), Some(Outcome::Value { .. })));
        assert_eq!(counts(&d), (2, 0, 0, 2));
    }

    #[test]
    fn cancel_drops_queued_and_interrupts_sent_tasks() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.submit(1, task(1), None);
        d.submit(2, task(2), None); // prefetched
        d.submit(3, task(3), None); // queued
        assert!(d.cancel(3, CANCELLED));
        assert!(d.cancel(2, CANCELLED));
        assert!(d.cancel(1, CANCELLED));
        assert!(!d.cancel(1, CANCELLED));
        assert_eq!(rec.kinds(Kind::Cancel), vec![(1, 2), (1, 1)]);
        for id in 1..=3 {
            assert!(matches!(d.take(id), Some(Outcome::Error(CANCELLED))));
        }
        assert_eq!(counts(&d), (1, 0, 0, 3));
        // The daemon acknowledges both; the cancelled queued task is never sent.
        d.submit(4, task(4), None);
        assert!(d.result(1, 2, reply(), 0));
        assert!(d.result(1, 1, reply(), 0));
        assert_eq!(rec.tasks(), vec![(1, 1), (1, 2), (1, 4)]);
    }

    #[test]
    fn a_lost_daemon_gives_19_for_its_running_task_and_requeues_its_prefetch() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.hello(2, false);
        for id in 1..=4 {
            d.submit(id, task(id), None);
        }
        // 1 runs 1 and holds 3; 2 runs 2 and holds 4.
        assert_eq!(rec.tasks(), vec![(1, 1), (2, 2), (1, 3), (2, 4)]);
        d.lost(1);
        assert!(matches!(d.take(1), Some(Outcome::Error(CONNECTION_RESET))));
        assert_eq!(d.is_done(3), Some(false));
        assert!(d.result(2, 2, reply(), 0));
        assert_eq!(
            rec.tasks().last(),
            Some(&(2, 3)),
            "task 3 moves to the survivor"
        );
        assert!(d.result(2, 4, reply(), 0));
        assert!(d.result(2, 3, reply(), 0));
        assert!(matches!(d.take(3), Some(Outcome::Value { .. })));
        assert!(
            !d.result(1, 1, reply(), 0),
            "a reply from a lost daemon is ignored"
        );
        assert_eq!(counts(&d), (1, 0, 0, 4));
    }

    #[test]
    fn with_retries_a_lost_task_runs_again_then_gives_19() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.set_retries(1);
        d.hello(1, false);
        d.submit(1, big_task(1), None);
        d.lost(1);
        assert_eq!(d.is_done(1), Some(false), "sent again, not failed");
        assert_eq!(counts(&d), (0, 1, 0, 0));
        d.hello(2, false);
        assert_eq!(rec.tasks(), vec![(1, 1), (2, 1)]);
        d.lost(2);
        assert!(matches!(d.take(1), Some(Outcome::Error(CONNECTION_RESET))));
        assert_eq!(counts(&d), (0, 0, 0, 1));
    }

    #[test]
    fn a_daemon_at_its_limit_gives_back_its_prefetched_task() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.submit(1, task(1), None);
        d.submit(2, task(2), None); // prefetched on 1
        assert!(d.retire(1, 1, reply(), 0));
        assert!(matches!(d.take(1), Some(Outcome::Value { .. })));
        assert_eq!(rec.kinds(Kind::Exit), vec![(1, 0)]);
        assert_eq!(counts(&d), (0, 1, 0, 1));
        d.hello(2, false);
        assert_eq!(rec.tasks().last(), Some(&(2, 2)));
    }

    #[test]
    fn deadlines_time_tasks_out() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        let now = Instant::now();
        d.submit(1, task(1), Some(now + Duration::from_millis(5)));
        d.submit(2, task(2), Some(now + Duration::from_secs(60)));
        assert_eq!(
            d.expire(now + Duration::from_millis(10)),
            Some(now + Duration::from_secs(60))
        );
        assert!(matches!(d.take(1), Some(Outcome::Error(TIMED_OUT))));
        assert_eq!(d.is_done(2), Some(false));
    }

    #[test]
    fn pinned_tasks_go_to_their_daemon_before_the_queue() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.hello(2, false);
        d.submit(1, task(1), None); // daemon 1 busy
        d.submit_pinned(1, 10, task(10));
        d.submit_pinned(2, 11, task(11)); // daemon 2 idle: starts now
        d.submit(2, task(2), None); // prefetched on 2 (1 has pinned work waiting)
        assert_eq!(rec.tasks(), vec![(1, 1), (2, 11), (2, 2)]);
        d.result(1, 1, reply(), 0);
        assert_eq!(rec.tasks().last(), Some(&(1, 10)));
    }

    #[test]
    fn close_resolves_everything_and_tells_daemons_to_exit() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        for id in 1..=3 {
            d.submit(id, task(id), None);
        }
        assert_eq!(d.close(), vec![1]);
        for id in 1..=3 {
            assert!(matches!(d.take(id), Some(Outcome::Error(CONNECTION_RESET))));
        }
        assert_eq!(rec.kinds(Kind::Exit), vec![(1, 0)]);
        d.submit(4, task(4), None);
        assert!(matches!(d.take(4), Some(Outcome::Error(CONNECTION_RESET))));
        assert_eq!(counts(&d), (1, 0, 0, 4));
    }

    #[test]
    fn watched_tasks_are_reported_once_when_they_finish() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.submit(1, task(1), None);
        d.submit(2, task(2), None);
        assert!(d.watch(1));
        assert!(d.watch(2));
        assert!(!d.watch(99));
        assert!(d.take_fired().is_empty());
        assert!(d.result(1, 1, reply(), 0));
        d.cancel(2, CANCELLED);
        assert_eq!(d.take_fired(), vec![1, 2]);
        assert!(d.take_fired().is_empty());
        assert!(!d.watch(1), "already finished");
    }

    #[test]
    fn forgotten_tasks_still_run_but_leave_nothing_behind() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, false);
        d.submit(1, task(1), None);
        d.forget(1);
        assert!(d.result(1, 1, reply(), 0));
        assert_eq!(d.is_done(1), None);
        assert!(d.is_empty());
    }

    /// Daemon 1, connected first, finishes tasks in quick succession until
    /// it holds the most it may; daemon 2 then connects.
    fn fast_daemon(rec: &Recorder, tasks: u64) -> Dispatcher<&Recorder> {
        let mut d = Dispatcher::new(rec);
        for id in 1..=tasks {
            d.submit(id, task(id), None);
        }
        d.hello(1, false);
        for id in 1..=3 {
            assert!(d.result(1, id, reply(), 0));
        }
        d
    }

    #[test]
    fn pace_sets_how_many_tasks_a_daemon_holds() {
        let t0 = Instant::now();
        let at = |us: u64| t0 + Duration::from_micros(us);
        let mut pace = Pace::default();
        assert_eq!(pace.depth(), 1);
        for i in 0..10 {
            pace.record(at(10 * i), true);
        }
        assert_eq!(pace.depth(), MAX_PREFETCH);
        let mut slow = Pace::default();
        for i in 0..10 {
            slow.record(at(5_000 * i), true);
        }
        assert_eq!(slow.depth(), 1);
        // A gap while the daemon had nothing to do says nothing of its pace.
        let mut idle = Pace::default();
        idle.record(at(0), false);
        idle.record(at(50_000), true);
        assert_eq!(idle.depth(), 1);
        idle.record(at(50_010), true);
        assert_eq!(idle.depth(), MAX_PREFETCH);
    }

    #[test]
    fn a_fast_daemon_holds_more_tasks_topped_up_in_batches() {
        let rec = Recorder::default();
        let mut d = fast_daemon(&rec, 200);
        for id in 4..=200 {
            assert!(d.result(1, id, reply(), 0), "result {id}");
            let c = d.counts();
            assert!(c.awaiting + c.executing <= 200 - id as usize);
            let held = d.daemons[&1].prefetched.len();
            assert!(held <= MAX_PREFETCH, "{held} held");
        }
        // Every task ran once, in order, and most travelled in batches.
        let sent: Vec<u64> = rec.tasks().iter().map(|&(_, id)| id).collect();
        assert_eq!(sent, (1..=200).collect::<Vec<_>>());
        let batches = rec.1.borrow();
        assert!(
            batches.iter().any(|&n| n >= MAX_PREFETCH / 2),
            "{batches:?}"
        );
        assert_eq!(counts(&d), (1, 0, 0, 200));
    }

    #[test]
    fn an_idle_daemon_recalls_the_last_of_many_prefetched_tasks() {
        let rec = Recorder::default();
        let mut d = fast_daemon(&rec, 12);
        let held: Vec<u64> = d.daemons[&1].prefetched.iter().copied().collect();
        assert!(held.len() > 1 && d.queue.is_empty(), "{held:?}");
        d.hello(2, false);
        let last = *held.last().unwrap();
        assert_eq!(rec.kinds(Kind::Recall), vec![(1, last)]);
        d.recalled(1, last);
        assert_eq!(rec.tasks().last(), Some(&(2, last)));
    }

    #[test]
    fn a_lost_daemon_gives_back_all_its_prefetched_tasks_in_order() {
        let rec = Recorder::default();
        let mut d = fast_daemon(&rec, 30);
        let running = d.daemons[&1].running.unwrap();
        let held: Vec<u64> = d.daemons[&1].prefetched.iter().copied().collect();
        assert!(held.len() > 1, "{held:?}");
        d.lost(1);
        assert_eq!(d.is_done(running), Some(true)); // 19: no retries
                                                    // They lead the queue, in their order, for the next daemon.
        let front: Vec<u64> = d.queue.iter().take(held.len()).copied().collect();
        assert_eq!(front, held);
        d.hello(2, false);
        assert_eq!(rec.tasks().last(), Some(&(2, held[1])));
        assert_eq!(rec.tasks()[rec.tasks().len() - 2], (2, held[0]));
    }
}
