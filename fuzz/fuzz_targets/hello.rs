//! Any bytes as a frame then as the body of a daemon's hello (what the host
//! decodes from every new connection): errors, never a panic, and an
//! accepted hello survives a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirairs_fuzz::protocol::{decode, decode_body, encode_body, Hello};

fuzz_target!(|data: &[u8]| {
    let body = match decode(data) {
        Ok((_, offset)) => &data[offset..],
        Err(_) => data,
    };
    if let Ok(hello) = decode_body::<Hello>(body) {
        assert_eq!(decode_body::<Hello>(&encode_body(&hello)), Ok(hello));
    }
});
