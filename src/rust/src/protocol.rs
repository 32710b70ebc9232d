//! The wire protocol between host and daemons.
//!
//! A frame is `[magic "MR"][u16 LE header length][header][payload]`. The
//! header is MessagePack (`Header`); the payload is opaque bytes (an R
//! serialization for tasks and results, MessagePack for hello and init).
//! Every decode is checked: a short, truncated or hostile frame becomes an
//! `Err`, never a panic.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Bumped on any incompatible change; peers with another version are refused.
/// 3: heartbeats (`Ping`), which an older peer would never send.
/// 4: batches (`Batch`), up to `MAX_PREFETCH` tasks held by a daemon, and
/// acknowledgements (`Header::ack`, `Ack`).
pub const PROTOCOL_VERSION: u16 = 5;

/// The most messages the host has in flight to one daemon, unacknowledged.
/// NNG 1.5's polyamorous Pair1 socket queues two messages per connection
/// (plus the one being written) and silently drops a message beyond that,
/// so the host must never outrun a connection; two leaves a margin for the
/// moment between a write and NNG taking the next one.
pub const SEND_WINDOW: u64 = 2;
/// A daemon acknowledges at the latest once this many messages arrived since
/// it last did (on a result, or alone), so a full window always reopens.
pub const ACK_EVERY: u64 = SEND_WINDOW;

/// The most tasks a host sends a daemon ahead of the one it runs. A daemon
/// drops tasks beyond this (and two in flight) as a confused peer's.
pub const MAX_PREFETCH: usize = 32;

/// Frames larger than this always travel alone: a batch copies its frames.
pub const MAX_BATCHED_FRAME: usize = 64 * 1024;

const MAGIC: [u8; 2] = *b"MR";
/// Headers are a handful of bytes; anything larger is hostile.
const MAX_HEADER: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[repr(u8)]
pub enum Kind {
    /// daemon -> host, first message: who I am.
    Hello = 1,
    /// host -> daemon: accepted, with the daemon's settings.
    Init = 2,
    /// host -> daemon: evaluate the payload.
    Task = 3,
    /// daemon -> host: the serialized result of task `id`.
    Result = 4,
    /// host -> daemon: interrupt task `id` if it is running.
    Cancel = 5,
    /// host -> daemon: exit now (payload: reason, UTF-8).
    Exit = 6,
    /// host -> daemon: give back prefetched task `id` if it has not started.
    Recall = 7,
    /// daemon -> host: prefetched task `id` was given back, never started.
    Recalled = 8,
    /// host -> daemon: prove you know the secret (payload: a nonce).
    Challenge = 9,
    /// either way, every heartbeat interval (payload: the sender's interval
    /// in milliseconds, u64 LE): the connection is alive (see `heartbeat.rs`).
    Ping = 10,
    /// either way: several whole frames in one message (payload: each as a
    /// u32 LE length and its bytes), so many small tasks or results cost one
    /// trip through the transport instead of one each.
    Batch = 11,
    /// daemon -> host: the messages received so far on this connection
    /// (in `Header::ack`), when no result carries the count soon enough.
    Ack = 12,
}

/// Flags on a task frame.
pub const FLAG_PERSIST: u8 = 1; // everywhere(): keep its changes to the global state
/// Flags on a result frame.
pub const FLAG_LAST: u8 = 2; // the daemon exits after this result: the host hangs up
/// On a task or result frame: the payload is the name of a file in shared
/// memory holding the serialization (see `shared.rs`). Added in version 5.
pub const FLAG_SHARED: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub version: u16,
    pub kind: Kind,
    pub id: u64,
    pub flags: u8,
    /// From a daemon: how many messages it has received on this connection
    /// (0: no news). See `SEND_WINDOW`.
    #[serde(default)]
    pub ack: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u16,
    pub pid: u32,
    pub hostname: String,
    pub r_version: String,
    /// The answer to the host's challenge, when it has a secret.
    #[serde(default)]
    pub proof: Option<serde_bytes::ByteBuf>,
    /// A file the daemon made in shared memory: if the host finds it, the
    /// two share `/dev/shm` (version 5).
    #[serde(default)]
    pub probe: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Init {
    /// The host's number for this daemon, for logs and status.
    pub daemon: u64,
    /// The serialization configuration (`serial_config()`), itself serialized
    /// by R; with one, every task and result payload carries the trailer of
    /// reference objects (see refhook.rs). Added in protocol version 2.
    #[serde(default)]
    pub serial: Option<serde_bytes::ByteBuf>,
    /// The host found the daemon's probe: large results may go through
    /// shared memory (version 5).
    #[serde(default)]
    pub shared: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    TooShort(usize),
    BadMagic,
    HeaderLength(usize),
    Header(String),
    Version(u16),
    Body(String),
    Batch(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooShort(n) => write!(f, "frame of {n} bytes is too short"),
            DecodeError::BadMagic => write!(f, "frame does not start with the miraiRs magic"),
            DecodeError::HeaderLength(n) => write!(f, "header length {n} is out of range"),
            DecodeError::Header(e) => write!(f, "malformed header: {e}"),
            DecodeError::Version(v) => write!(
                f,
                "protocol version {v} is not supported (this side speaks {PROTOCOL_VERSION})"
            ),
            DecodeError::Body(e) => write!(f, "malformed body: {e}"),
            DecodeError::Batch(e) => write!(f, "malformed batch: {e}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Writes the frame prefix (magic, length, header) for a message of `kind`.
pub fn encode_header(kind: Kind, id: u64, flags: u8) -> Vec<u8> {
    encode_header_acking(kind, id, flags, 0)
}

/// As `encode_header`, acknowledging `ack` messages received.
pub fn encode_header_acking(kind: Kind, id: u64, flags: u8, ack: u64) -> Vec<u8> {
    let header = Header {
        version: PROTOCOL_VERSION,
        kind,
        id,
        flags,
        ack,
    };
    let body = rmp_serde::to_vec(&header).expect("a header always encodes");
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&(body.len() as u16).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// The frame header `header` (a whole encoded header) with `flag` set
/// (`on`) or cleared.
pub fn with_flag(header: &[u8], flag: u8, on: bool) -> Result<Vec<u8>, DecodeError> {
    let (h, _) = decode(header)?;
    let flags = if on { h.flags | flag } else { h.flags & !flag };
    Ok(encode_header_acking(h.kind, h.id, flags, h.ack))
}

/// A whole frame with a payload, for small messages (hello, init, cancel).
pub fn encode(kind: Kind, id: u64, flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = encode_header(kind, id, flags);
    out.extend_from_slice(payload);
    out
}

pub fn encode_body<T: Serialize>(value: &T) -> Vec<u8> {
    rmp_serde::to_vec_named(value).expect("protocol bodies always encode")
}

/// Splits a frame into its header and the offset where the payload starts.
/// A frame with another protocol version gives `DecodeError::Version`.
pub fn decode(frame: &[u8]) -> Result<(Header, usize), DecodeError> {
    if frame.len() < 4 {
        return Err(DecodeError::TooShort(frame.len()));
    }
    if frame[..2] != MAGIC {
        return Err(DecodeError::BadMagic);
    }
    let len = u16::from_le_bytes([frame[2], frame[3]]) as usize;
    if len == 0 || len > MAX_HEADER || 4 + len > frame.len() {
        return Err(DecodeError::HeaderLength(len));
    }
    let header: Header = rmp_serde::from_slice(&frame[4..4 + len])
        .map_err(|e| DecodeError::Header(e.to_string()))?;
    if header.version != PROTOCOL_VERSION {
        return Err(DecodeError::Version(header.version));
    }
    Ok((header, 4 + len))
}

/// A batch frame holding `frames`, in order.
pub fn encode_batch<'a>(frames: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = encode_header(Kind::Batch, 0, 0);
    for frame in frames {
        out.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        out.extend_from_slice(frame);
    }
    out
}

/// The frames of a batch's payload. Each must be non-empty and lie within
/// the payload; a batch holds no batch.
pub fn split_batch(payload: &[u8]) -> Result<Vec<&[u8]>, DecodeError> {
    let mut frames = Vec::new();
    let mut rest = payload;
    while !rest.is_empty() {
        let Some((len, tail)) = rest.split_first_chunk::<4>() else {
            return Err(DecodeError::Batch(format!(
                "{} stray bytes at its end",
                rest.len()
            )));
        };
        let len = u32::from_le_bytes(*len) as usize;
        if len == 0 || len > tail.len() {
            return Err(DecodeError::Batch(format!(
                "a frame of {len} bytes in {} remaining",
                tail.len()
            )));
        }
        let (frame, tail) = tail.split_at(len);
        if frame.starts_with(&MAGIC) && decode(frame).is_ok_and(|(h, _)| h.kind == Kind::Batch) {
            return Err(DecodeError::Batch("a batch inside a batch".into()));
        }
        frames.push(frame);
        rest = tail;
    }
    if frames.is_empty() {
        return Err(DecodeError::Batch("no frames".into()));
    }
    Ok(frames)
}

pub fn decode_body<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, DecodeError> {
    rmp_serde::from_slice(bytes).map_err(|e| DecodeError::Body(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind() {
        for kind in [
            Kind::Hello,
            Kind::Init,
            Kind::Task,
            Kind::Result,
            Kind::Cancel,
            Kind::Exit,
            Kind::Recall,
            Kind::Recalled,
            Kind::Challenge,
            Kind::Ping,
            Kind::Batch,
            Kind::Ack,
        ] {
            let frame = encode(kind, 42, FLAG_PERSIST, b"payload");
            let (h, at) = decode(&frame).unwrap();
            assert_eq!(h.kind, kind);
            assert_eq!(h.id, 42);
            assert_eq!(h.flags, FLAG_PERSIST);
            assert_eq!(&frame[at..], b"payload");
        }
    }

    #[test]
    fn flags_are_set_and_cleared_keeping_the_rest_of_the_header() {
        let header = encode_header_acking(Kind::Result, 9, FLAG_LAST, 4);
        let shared = with_flag(&header, FLAG_SHARED, true).unwrap();
        let (h, at) = decode(&shared).unwrap();
        assert_eq!(
            (h.kind, h.id, h.flags, h.ack, at),
            (Kind::Result, 9, FLAG_LAST | FLAG_SHARED, 4, shared.len())
        );
        assert_eq!(with_flag(&shared, FLAG_SHARED, false).unwrap(), header);
        assert!(with_flag(b"MR", FLAG_SHARED, true).is_err());
    }

    #[test]
    fn hello_body_round_trips() {
        let hello = Hello {
            protocol: PROTOCOL_VERSION,
            pid: 7,
            hostname: "h".into(),
            r_version: "4.2.2".into(),
            proof: Some(serde_bytes::ByteBuf::from(vec![1, 2, 3])),
            probe: Some("mirairs-7-00ff".into()),
        };
        let frame = encode(Kind::Hello, 0, 0, &encode_body(&hello));
        let (_, at) = decode(&frame).unwrap();
        assert_eq!(decode_body::<Hello>(&frame[at..]).unwrap(), hello);
    }

    #[test]
    fn init_body_round_trips_with_and_without_a_serial_config() {
        for serial in [None, Some(serde_bytes::ByteBuf::from(vec![0, 1, 2]))] {
            let init = Init {
                daemon: 3,
                serial,
                shared: true,
            };
            let body = encode_body(&init);
            assert_eq!(decode_body::<Init>(&body).unwrap(), init);
        }
    }

    #[test]
    fn acknowledgements_ride_in_the_header() {
        let frame = encode_header_acking(Kind::Result, 7, 0, 12345);
        let (h, _) = decode(&frame).unwrap();
        assert_eq!((h.kind, h.id, h.ack), (Kind::Result, 7, 12345));
        assert_eq!(decode(&encode_header(Kind::Task, 1, 0)).unwrap().0.ack, 0);
    }

    #[test]
    fn batches_split_back_into_their_frames() {
        let a = encode(Kind::Task, 1, 0, b"one");
        let b = encode(Kind::Task, 2, FLAG_PERSIST, b"");
        let batch = encode_batch([&a[..], &b[..]]);
        let (h, at) = decode(&batch).unwrap();
        assert_eq!(h.kind, Kind::Batch);
        assert_eq!(split_batch(&batch[at..]).unwrap(), vec![&a[..], &b[..]]);
    }

    #[test]
    fn rejects_malformed_batches() {
        let a = encode(Kind::Result, 1, 0, b"value");
        let batch = encode_batch([&a[..]]);
        let (_, at) = decode(&batch).unwrap();
        let payload = &batch[at..];
        for cut in 1..payload.len() {
            assert!(
                split_batch(&payload[..cut]).is_err(),
                "prefix of {cut} bytes"
            );
        }
        assert!(split_batch(&[]).is_err());
        assert!(split_batch(&[0, 0, 0, 0]).is_err());
        assert!(split_batch(&[255, 255, 255, 255, 1]).is_err());
        let nested = encode_batch([&batch[..]]);
        let (_, at) = decode(&nested).unwrap();
        assert!(split_batch(&nested[at..]).is_err());
    }

    #[test]
    fn rejects_short_and_foreign_frames() {
        assert_eq!(decode(b""), Err(DecodeError::TooShort(0)));
        assert_eq!(decode(b"MR\x01"), Err(DecodeError::TooShort(3)));
        assert_eq!(decode(b"XX\x01\x00\x00"), Err(DecodeError::BadMagic));
        assert_eq!(decode(b"MR\x00\x00"), Err(DecodeError::HeaderLength(0)));
        assert_eq!(
            decode(b"MR\xff\x00abc"),
            Err(DecodeError::HeaderLength(255))
        );
    }

    #[test]
    fn rejects_truncated_frames_at_every_length() {
        let frame = encode(Kind::Task, u64::MAX, 0, b"");
        for cut in 0..frame.len() {
            assert!(decode(&frame[..cut]).is_err(), "prefix of {cut} bytes");
        }
    }

    #[test]
    fn rejects_other_protocol_versions() {
        let header = Header {
            version: PROTOCOL_VERSION + 1,
            kind: Kind::Hello,
            id: 0,
            flags: 0,
            ack: 0,
        };
        let body = rmp_serde::to_vec(&header).unwrap();
        let mut frame = b"MR".to_vec();
        frame.extend_from_slice(&(body.len() as u16).to_le_bytes());
        frame.extend_from_slice(&body);
        assert_eq!(
            decode(&frame),
            Err(DecodeError::Version(PROTOCOL_VERSION + 1))
        );
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..2000usize {
            let mut buf = Vec::with_capacity(len);
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                buf.push(x as u8);
            }
            if len > 4 && len % 3 == 0 {
                buf[0] = b'M';
                buf[1] = b'R';
            }
            let _ = decode(&buf);
            let _ = decode_body::<Hello>(&buf);
            let _ = split_batch(&buf);
        }
    }
}
