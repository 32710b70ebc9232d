//! Liveness across a link cut without a word (a cable pulled, an interface
//! set down: no FIN, no RST, so TCP alone would wait for hours). Both ends
//! send a `Ping` on every connection each interval, whatever else flows; an
//! end that has heard no ping on a connection for `bound` (MISSES intervals)
//! closes it, and the usual loss path runs: on the host the task resolves to
//! 19 (or is sent again with retries), the daemon redials.
//!
//! Pings are sent by a thread of their own and received on NNG's threads,
//! never R's, so a daemon deep in a long task still answers; tasks pay
//! nothing for them. The host's interval travels in its pings and the daemon
//! adopts it, so only the host's setting (`MIRAIRS_HEARTBEAT_MS`) matters.
//! One message that takes longer than the bound to cross the link (a very
//! large object on a slow one) also cuts it: raise the interval there.

use crate::protocol::{self, Kind};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const ENV: &str = "MIRAIRS_HEARTBEAT_MS";
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// Intervals without a ping after which a connection counts as cut.
pub const MISSES: u32 = 6;
/// Pings more often than this would be busy work, not liveness.
const MIN_INTERVAL: Duration = Duration::from_millis(10);

/// The interval set by `MIRAIRS_HEARTBEAT_MS`, or the default.
pub fn interval_from_env() -> Duration {
    std::env::var(ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEFAULT_INTERVAL)
        .max(MIN_INTERVAL)
}

/// How long a connection may stay silent.
pub fn bound(interval: Duration) -> Duration {
    interval * MISSES
}

pub fn ping_frame(interval: Duration) -> Vec<u8> {
    let ms = interval.as_millis() as u64;
    protocol::encode(Kind::Ping, 0, 0, &ms.to_le_bytes())
}

/// The sender's interval in a ping's payload, if it is a sane one.
pub fn ping_interval(payload: &[u8]) -> Option<Duration> {
    let bytes: [u8; 8] = payload.get(..8)?.try_into().ok()?;
    let ms = u64::from_le_bytes(bytes);
    // A day is far beyond any useful interval: a confused peer.
    (ms > 0 && ms <= 86_400_000).then(|| Duration::from_millis(ms).max(MIN_INTERVAL))
}

/// The host's view: when each connection was last heard pinging.
#[derive(Default)]
pub struct Table(Mutex<HashMap<u32, Instant>>);

impl Table {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Instant>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new connection counts as just heard.
    pub fn added(&self, pipe: u32) {
        self.lock().insert(pipe, Instant::now());
    }

    pub fn removed(&self, pipe: u32) {
        self.lock().remove(&pipe);
    }

    pub fn heard(&self, pipe: u32) {
        if let Some(at) = self.lock().get_mut(&pipe) {
            *at = Instant::now();
        }
    }

    /// Splits the connections into those to ping and those silent for longer
    /// than `bound` (forgotten here: the caller closes them).
    pub fn sweep(&self, now: Instant, bound: Duration) -> (Vec<u32>, Vec<u32>) {
        let mut table = self.lock();
        let silent: Vec<u32> = table
            .iter()
            .filter(|(_, &at)| now.saturating_duration_since(at) > bound)
            .map(|(&pipe, _)| pipe)
            .collect();
        for pipe in &silent {
            table.remove(pipe);
        }
        (table.keys().copied().collect(), silent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pings_carry_the_interval_and_bad_payloads_are_ignored() {
        let frame = ping_frame(Duration::from_millis(250));
        let (h, at) = protocol::decode(&frame).unwrap();
        assert_eq!(h.kind, Kind::Ping);
        assert_eq!(
            ping_interval(&frame[at..]),
            Some(Duration::from_millis(250))
        );
        assert_eq!(ping_interval(b""), None);
        assert_eq!(ping_interval(&[1, 2, 3]), None);
        assert_eq!(ping_interval(&0u64.to_le_bytes()), None);
        assert_eq!(ping_interval(&u64::MAX.to_le_bytes()), None);
    }

    #[test]
    fn silent_connections_are_swept_once() {
        let table = Table::default();
        table.added(1);
        table.added(2);
        let later = Instant::now() + Duration::from_secs(10);
        table.heard(2);
        let (alive, silent) = table.sweep(later, Duration::from_secs(5));
        // Both were last heard just now, 10 s before `later`.
        assert_eq!(silent.len(), 2);
        assert!(alive.is_empty());
        table.added(3);
        let (alive, silent) = table.sweep(Instant::now(), Duration::from_secs(5));
        assert_eq!((alive, silent), (vec![3], vec![]));
        table.removed(3);
        assert_eq!(table.sweep(later, Duration::ZERO), (vec![], vec![]));
    }
}
