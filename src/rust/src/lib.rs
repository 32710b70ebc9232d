//! miraiRs: the Rust engine behind the R package. One module per concern:
//! `auth` (the optional shared secret),
//! `protocol` (frames on the wire), `transport` (NNG sockets), `dispatcher`
//! (the task state machine), `host` (the dispatcher's threads and socket),
//! `window` (flow control of the host's messages), `worker` (the daemon's
//! side), `replies` (a daemon's results, batched while more tasks wait),
//! `launcher` (local daemon processes), `http_launch` (the requests of
//! http_config()),
//! `rserial` (R serialization into frames), `shared` (large payloads through
//! shared memory), `spin` (brief spinning before
//! a wait), `promises` (waking R through
//! later), `tls` (certificates for tls+tcp), `toplevel` (R calls that may
//! raise errors) and `rapi` (the R bindings).

mod auth;
pub mod dispatcher;
pub mod heartbeat;
pub mod host;
mod http_launch;
mod hugepages;
pub mod launcher;
mod link;
mod map_frames;
mod plain_serial;
mod promises;
pub mod protocol;
mod rapi;
mod refhook;
mod replies;
mod rserial;
mod rsubmit;
mod rtask;
mod serial_size;
pub mod shared;
mod spin;
mod tls;
mod toplevel;
pub mod transport;
pub mod window;
pub mod worker;
pub mod workers_api;
