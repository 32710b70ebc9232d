//! The engine's wire protocol, compiled from its source file so that the
//! fuzz targets exercise exactly the decoders the host and daemons run.

#[path = "../../src/rust/src/protocol.rs"]
pub mod protocol;
