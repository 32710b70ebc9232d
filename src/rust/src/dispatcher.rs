//! The dispatcher's state machine: queue, assignment, cancellation,
//! timeouts and daemon loss. It owns no thread and no socket: the host
//! (`host.rs`) drives it under one lock and gives it an `Outbox` to send
//! through, which keeps every rule here testable without processes.

use crate::protocol::{self, Hello, Init, Kind, FLAG_PERSIST};
use crate::transport::Frame;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::time::Instant;

/// mirai's error values.
pub const TIMED_OUT: i32 = 5;
pub const CONNECTION_RESET: i32 = 19;
pub const CANCELLED: i32 = 20;

/// Where the dispatcher's frames go: one daemon, by its key.
pub trait Outbox {
    fn send(&self, daemon: u32, frame: Frame);
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
    Running(u32),
    Done(Outcome),
}

#[derive(Debug)]
struct Task {
    phase: Phase,
    /// Nobody will read this task's outcome (its mirai was garbage collected).
    orphan: bool,
}

#[derive(Debug)]
struct Daemon {
    number: u64,
    hello: Hello,
    busy: Option<u64>,
    /// everywhere() tasks for this daemon only; they go before the queue.
    pinned: VecDeque<u64>,
    assigned: u64,
    completed: u64,
}

/// Counts behind `status()` and `info()`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub connections: usize,
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
    deadlines: BinaryHeap<Reverse<(Instant, u64)>>,
    counts: Counts,
    next_daemon: u64,
    closed: bool,
}

impl<O: Outbox> Dispatcher<O> {
    pub fn new(outbox: O) -> Self {
        Dispatcher {
            outbox,
            tasks: HashMap::new(),
            queue: VecDeque::new(),
            daemons: HashMap::new(),
            idle: VecDeque::new(),
            deadlines: BinaryHeap::new(),
            counts: Counts::default(),
            next_daemon: 0,
            closed: false,
        }
    }

    pub fn outbox_mut(&mut self) -> &mut O {
        &mut self.outbox
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

    /// Per daemon: (number, pid, hostname, assigned, completed, busy).
    pub fn daemon_rows(&self) -> Vec<(u64, u32, String, u64, u64, bool)> {
        self.daemon_keys()
            .into_iter()
            .map(|k| {
                let d = &self.daemons[&k];
                (
                    d.number,
                    d.hello.pid,
                    d.hello.hostname.clone(),
                    d.assigned,
                    d.completed,
                    d.busy.is_some(),
                )
            })
            .collect()
    }

    /// Queues task `id` (its whole frame in `msg`), or sends it at once to
    /// the first idle daemon. A task for a closed dispatcher resolves to 19.
    pub fn submit(&mut self, id: u64, msg: Frame, deadline: Option<Instant>) {
        if self.closed {
            self.finish(id, Outcome::Error(CONNECTION_RESET));
            return;
        }
        self.tasks.insert(
            id,
            Task {
                phase: Phase::Queued(msg),
                orphan: false,
            },
        );
        self.counts.awaiting += 1;
        if let Some(at) = deadline {
            self.deadlines.push(Reverse((at, id)));
        }
        match self.idle.front() {
            // Only when the queue is empty, so the FIFO order holds.
            Some(&daemon) if self.queue.is_empty() => {
                self.idle.pop_front();
                self.start(daemon, id);
            }
            _ => self.queue.push_back(id),
        }
    }

    /// Queues a task for one daemon only (everywhere()).
    pub fn submit_pinned(&mut self, daemon: u32, id: u64, msg: Frame) {
        self.tasks.insert(
            id,
            Task {
                phase: Phase::Queued(msg),
                orphan: false,
            },
        );
        self.counts.awaiting += 1;
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
    }

    /// A daemon said hello: it becomes a connection and takes work.
    pub fn hello(&mut self, daemon: u32, hello: Hello) {
        if self.closed || self.daemons.contains_key(&daemon) {
            return;
        }
        self.next_daemon += 1;
        let number = self.next_daemon;
        self.daemons.insert(
            daemon,
            Daemon {
                number,
                hello,
                busy: None,
                pinned: VecDeque::new(),
                assigned: 0,
                completed: 0,
            },
        );
        self.counts.connected_total += 1;
        let init = protocol::encode(
            Kind::Init,
            0,
            0,
            &protocol::encode_body(&Init { daemon: number }),
        );
        self.outbox.send(daemon, Frame::new(&init, &[]));
        self.next_for(daemon);
    }

    /// A daemon replied for task `id`. Returns whether the reply was expected.
    pub fn result(&mut self, daemon: u32, id: u64, frame: Frame, offset: usize) -> bool {
        let Some(d) = self.daemons.get_mut(&daemon) else {
            return false;
        };
        if d.busy != Some(id) {
            return false;
        }
        d.busy = None;
        d.completed += 1;
        if let Some(task) = self.tasks.get(&id) {
            if matches!(task.phase, Phase::Running(k) if k == daemon) {
                self.counts.executing -= 1;
                self.finish(id, Outcome::Value { frame, offset });
            }
        }
        self.next_for(daemon);
        true
    }

    /// A daemon's connection is gone: its running task resolves to 19.
    pub fn lost(&mut self, daemon: u32) {
        self.idle.retain(|&k| k != daemon);
        let Some(d) = self.daemons.remove(&daemon) else {
            return;
        };
        self.counts.disconnected_total += 1;
        if let Some(id) = d.busy {
            if matches!(
                self.tasks.get(&id).map(|t| &t.phase),
                Some(Phase::Running(_))
            ) {
                self.counts.executing -= 1;
                self.finish(id, Outcome::Error(CONNECTION_RESET));
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
    }

    /// Resolves task `id` to `code` if it has not finished: a queued task is
    /// dropped, a running one is interrupted on its daemon (which stays busy
    /// until it replies). Returns whether the task was still pending.
    pub fn cancel(&mut self, id: u64, code: i32) -> bool {
        let phase = match self.tasks.get(&id) {
            Some(t) => &t.phase,
            None => return false,
        };
        match phase {
            Phase::Done(_) => return false,
            Phase::Queued(_) => self.counts.awaiting -= 1,
            Phase::Running(daemon) => {
                self.counts.executing -= 1;
                let frame = protocol::encode(Kind::Cancel, id, 0, &[]);
                self.outbox.send(*daemon, Frame::new(&frame, &[]));
            }
        }
        self.counts.cancelled += 1;
        self.finish(id, Outcome::Error(code));
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
        match self.tasks.get(&id) {
            Some(Task {
                phase: Phase::Done(_),
                ..
            }) => match self.tasks.remove(&id) {
                Some(Task {
                    phase: Phase::Done(outcome),
                    ..
                }) => Some(outcome),
                _ => None,
            },
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
        let keys = self.daemon_keys();
        let exit = protocol::encode(Kind::Exit, 0, 0, b"the host called daemons(0)");
        for &k in &keys {
            self.outbox.send(k, Frame::new(&exit, &[]));
        }
        keys
    }

    fn finish(&mut self, id: u64, outcome: Outcome) {
        self.counts.completed += 1;
        let orphan = self.tasks.get(&id).is_some_and(|t| t.orphan);
        if orphan {
            self.tasks.remove(&id);
        } else {
            self.tasks.insert(
                id,
                Task {
                    phase: Phase::Done(outcome),
                    orphan: false,
                },
            );
        }
    }

    /// Gives an idle daemon its next task: its own pinned ones first, then the
    /// queue's front; with nothing to do it joins the idle list.
    fn next_for(&mut self, daemon: u32) {
        loop {
            let next = match self.daemons.get_mut(&daemon) {
                Some(d) => d.pinned.pop_front(),
                None => return,
            };
            let Some(id) = next.or_else(|| self.queue.pop_front()) else {
                self.idle.push_back(daemon);
                return;
            };
            if self.start(daemon, id) {
                return;
            }
        }
    }

    /// Sends task `id` to `daemon` if it is still queued.
    fn start(&mut self, daemon: u32, id: u64) -> bool {
        let Some(task) = self.tasks.get_mut(&id) else {
            return false;
        };
        if !matches!(task.phase, Phase::Queued(_)) {
            return false;
        }
        let Phase::Queued(msg) = std::mem::replace(&mut task.phase, Phase::Running(daemon)) else {
            unreachable!("checked above");
        };
        self.counts.awaiting -= 1;
        self.counts.executing += 1;
        if let Some(d) = self.daemons.get_mut(&daemon) {
            d.busy = Some(id);
            d.assigned += 1;
        }
        self.outbox.send(daemon, msg);
        true
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

    #[derive(Default)]
    struct Recorder(RefCell<Vec<(u32, Kind, u64)>>);

    impl Outbox for &Recorder {
        fn send(&self, daemon: u32, frame: Frame) {
            let (h, _) = protocol::decode(frame.as_slice()).unwrap();
            self.0.borrow_mut().push((daemon, h.kind, h.id));
        }
    }

    impl Recorder {
        fn tasks(&self) -> Vec<(u32, u64)> {
            self.0
                .borrow()
                .iter()
                .filter(|(_, k, _)| *k == Kind::Task)
                .map(|(d, _, id)| (*d, *id))
                .collect()
        }
        fn kinds(&self, kind: Kind) -> Vec<(u32, u64)> {
            self.0
                .borrow()
                .iter()
                .filter(|(_, k, _)| *k == kind)
                .map(|(d, _, id)| (*d, *id))
                .collect()
        }
    }

    fn hello() -> Hello {
        Hello {
            protocol: protocol::PROTOCOL_VERSION,
            pid: 1,
            hostname: "h".into(),
            r_version: "4".into(),
        }
    }

    fn task(id: u64) -> Frame {
        Frame::new(&task_header(id, false), &[])
    }

    fn reply() -> Frame {
        Frame::new(b"result", &[])
    }

    #[test]
    fn queues_fifo_and_assigns_first_idle_daemon() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        for id in 1..=3 {
            d.submit(id, task(id), None);
        }
        assert_eq!(d.counts().awaiting, 3);
        d.hello(10, hello());
        d.hello(11, hello());
        assert_eq!(rec.tasks(), vec![(10, 1), (11, 2)]);
        assert!(d.result(11, 2, reply(), 0));
        assert!(d.result(10, 1, reply(), 0));
        assert_eq!(rec.tasks(), vec![(10, 1), (11, 2), (11, 3)]);
        let c = d.counts();
        assert_eq!(
            (c.connections, c.awaiting, c.executing, c.completed),
            (2, 0, 1, 2)
        );
        // 10 went idle first after 11 took task 3, so it gets the next one.
        d.submit(4, task(4), None);
        assert_eq!(rec.tasks().last(), Some(&(10, 4)));
    }

    #[test]
    fn cancel_drops_queued_and_interrupts_running() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, hello());
        d.submit(1, task(1), None);
        d.submit(2, task(2), None);
        assert!(d.cancel(2, CANCELLED));
        assert!(d.cancel(1, CANCELLED));
        assert!(!d.cancel(1, CANCELLED));
        assert_eq!(rec.kinds(Kind::Cancel), vec![(1, 1)]);
        assert!(matches!(d.take(2), Some(Outcome::Error(CANCELLED))));
        assert!(matches!(d.take(1), Some(Outcome::Error(CANCELLED))));
        // The daemon stays busy until it acknowledges, then takes new work;
        // the cancelled queued task is never sent.
        d.submit(3, task(3), None);
        assert_eq!(rec.tasks(), vec![(1, 1)]);
        assert!(d.result(1, 1, reply(), 0));
        assert_eq!(rec.tasks(), vec![(1, 1), (1, 3)]);
    }

    #[test]
    fn lost_daemon_resolves_its_task_to_19_and_others_carry_on() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, hello());
        d.hello(2, hello());
        for id in 1..=3 {
            d.submit(id, task(id), None);
        }
        d.lost(1);
        assert!(matches!(d.take(1), Some(Outcome::Error(CONNECTION_RESET))));
        assert!(d.result(2, 2, reply(), 0));
        assert_eq!(rec.tasks().last(), Some(&(2, 3)));
        assert_eq!(d.counts().connections, 1);
        assert!(
            !d.result(1, 1, reply(), 0),
            "a reply from a lost daemon is ignored"
        );
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
        d.hello(1, hello());
        d.hello(2, hello());
        d.submit(1, task(1), None); // daemon 1 busy
        d.submit_pinned(1, 10, task(10));
        d.submit_pinned(2, 11, task(11)); // daemon 2 idle: starts now
        d.submit(2, task(2), None);
        assert_eq!(rec.tasks(), vec![(1, 1), (2, 11)]);
        d.result(1, 1, reply(), 0);
        assert_eq!(rec.tasks().last(), Some(&(1, 10)));
        d.result(2, 11, reply(), 0);
        assert_eq!(rec.tasks().last(), Some(&(2, 2)));
    }

    #[test]
    fn close_resolves_everything_and_tells_daemons_to_exit() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, hello());
        d.submit(1, task(1), None);
        d.submit(2, task(2), None);
        assert_eq!(d.close(), vec![1]);
        assert!(matches!(d.take(1), Some(Outcome::Error(CONNECTION_RESET))));
        assert!(matches!(d.take(2), Some(Outcome::Error(CONNECTION_RESET))));
        assert_eq!(rec.kinds(Kind::Exit), vec![(1, 0)]);
        d.submit(3, task(3), None);
        assert!(matches!(d.take(3), Some(Outcome::Error(CONNECTION_RESET))));
        let c = d.counts();
        assert_eq!((c.awaiting, c.executing), (0, 0));
    }

    #[test]
    fn forgotten_tasks_still_run_but_leave_nothing_behind() {
        let rec = Recorder::default();
        let mut d = Dispatcher::new(&rec);
        d.hello(1, hello());
        d.submit(1, task(1), None);
        d.forget(1);
        assert!(d.result(1, 1, reply(), 0));
        assert_eq!(d.is_done(1), None);
    }
}
