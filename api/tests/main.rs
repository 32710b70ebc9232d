//! Integration tests of mirai-api against the real local Docker Engine.
//! Run `bash tests/setup.sh` once first (it installs the C compiler used to
//! build the test worker image).

mod binary;
mod common;
mod fuzz;
mod unreachable;
mod validation;
mod workers;
