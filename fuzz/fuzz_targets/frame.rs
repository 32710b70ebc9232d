//! Any bytes as a whole frame: `decode` returns an error or a header whose
//! payload offset lies inside the frame, and a decoded header re-encodes to
//! the same header.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirairs_fuzz::protocol::{decode, encode_header};

fuzz_target!(|data: &[u8]| {
    if let Ok((header, offset)) = decode(data) {
        assert!(offset <= data.len());
        let again = encode_header(header.kind, header.id, header.flags);
        assert_eq!(decode(&again), Ok((header, again.len())));
    }
});
