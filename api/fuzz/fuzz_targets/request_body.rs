//! Any bytes as the body of `/workers/start` and `/workers/stop`: parsing
//! and validation return an error or values that are safe to put in
//! container names, labels and environment variables.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirai_api::extract::parse;
use mirai_api::routes::workers::{StartRequest, StopRequest};
use mirai_api::validate;

/// What a validated dispatcher may contain: an IP address or a host name.
fn is_safe(dispatcher: &str) -> bool {
    !dispatcher.is_empty()
        && dispatcher.len() <= 253
        && dispatcher
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:".contains(&b))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(req) = parse::<StartRequest>(data)
        && let (Ok(d), Ok(port), Ok(n)) = (
            validate::dispatcher(req.dispatcher),
            validate::port(req.port),
            validate::worker_count(req.n, 8),
        )
    {
        assert!(is_safe(&d), "{d:?}");
        assert!(port >= 1 && (1..=8).contains(&n));
    }
    if let Ok(req) = parse::<StopRequest>(data)
        && let Ok(d) = validate::dispatcher(req.dispatcher)
    {
        assert!(is_safe(&d), "{d:?}");
    }
});
