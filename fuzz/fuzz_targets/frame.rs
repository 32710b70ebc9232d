//! Any bytes as a whole frame: `decode` returns an error or a header whose
//! payload offset lies inside the frame, and a decoded header re-encodes to
//! the same header. A batch's payload splits into frames inside it, or fails.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mirairs_fuzz::protocol::{decode, encode_header_acking, split_batch, Kind};

fuzz_target!(|data: &[u8]| {
    if let Ok((header, offset)) = decode(data) {
        assert!(offset <= data.len());
        let again = encode_header_acking(header.kind, header.id, header.flags, header.ack);
        assert_eq!(decode(&again), Ok((header, again.len())));
        if header.kind == Kind::Batch {
            if let Ok(frames) = split_batch(&data[offset..]) {
                let total: usize = frames.iter().map(|f| f.len() + 4).sum();
                assert_eq!(total, data.len() - offset);
            }
        }
    }
});
