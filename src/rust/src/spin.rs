//! Waiting for a reply that is usually tens of microseconds away.
//!
//! Sleeping on a condition variable costs a wake-up of about as much again,
//! so a waiter first spins on a counter. Spinning only pays while a core is
//! free: on a machine with every core busy (more daemons than cores, or
//! other work) it steals the time the awaited peer needs, so the spin is
//! skipped when the kernel reports as many runnable threads as cores.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a waiter spins at most; `MIRAIRS_SPIN_US` overrides it.
fn budget() -> Duration {
    static BUDGET: OnceLock<Duration> = OnceLock::new();
    *BUDGET.get_or_init(|| {
        let us = std::env::var("MIRAIRS_SPIN_US")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(200);
        Duration::from_micros(us)
    })
}

/// Spins until `generation` moves away from `seen` (true) or the budget is
/// spent, or skips spinning when no core is free (false).
pub fn until_changed(generation: &AtomicU64, seen: u64) -> bool {
    let budget = budget();
    if budget.is_zero() || !core_is_free() {
        return false;
    }
    let start = Instant::now();
    while start.elapsed() < budget {
        if generation.load(Ordering::Acquire) != seen {
            return true;
        }
        std::thread::yield_now();
    }
    false
}

/// How long a reading of /proc/loadavg stands: a read is three system calls,
/// and a waiter can come by every few microseconds.
const LOAD_FRESH_US: u64 = 10_000;

/// Whether fewer threads are runnable than there are cores, read from
/// /proc/loadavg at most once per LOAD_FRESH_US. Elsewhere than Linux: true.
fn core_is_free() -> bool {
    static CHECKED_AT: AtomicU64 = AtomicU64::new(0);
    static FREE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    let now = EPOCH.get_or_init(Instant::now).elapsed().as_micros() as u64 + 1;
    let last = CHECKED_AT.load(Ordering::Relaxed);
    if last != 0 && now - last < LOAD_FRESH_US {
        return FREE.load(Ordering::Relaxed);
    }
    CHECKED_AT.store(now, Ordering::Relaxed);
    let free = match (runnable_threads(), cores()) {
        // The count includes this thread, which is about to wait.
        (Some(running), cores) => running <= cores,
        (None, _) => true,
    };
    FREE.store(free, Ordering::Relaxed);
    free
}

/// The kernel's count of runnable threads: the fourth field of
/// /proc/loadavg is "running/total".
fn runnable_threads() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    parse_running(&text)
}

fn parse_running(loadavg: &str) -> Option<usize> {
    loadavg
        .split_whitespace()
        .nth(3)?
        .split('/')
        .next()?
        .parse()
        .ok()
}

fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_running_count_from_loadavg() {
        assert_eq!(parse_running("0.52 0.58 0.59 3/467 12345\n"), Some(3));
        assert_eq!(parse_running("garbage"), None);
    }

    #[test]
    fn sees_a_counter_that_moved() {
        let g = AtomicU64::new(5);
        // On a busy machine the spin is skipped and the caller sleeps instead.
        assert_eq!(until_changed(&g, 4), core_is_free());
        assert!(!until_changed(&g, 5));
    }
}
