//! The one way this crate runs R code that may raise an error or see an
//! interrupt: inside `R_ToplevelExec`, which catches R's longjmp at its own
//! boundary, so no jump ever crosses a Rust frame.

use std::ffi::c_void;
use std::os::raw::c_int;

extern "C" {
    fn R_ToplevelExec(fun: extern "C" fn(*mut c_void), data: *mut c_void) -> c_int;
}

/// Runs `fun(data)` on R's main thread; false if R raised an error or an
/// interrupt inside it (which R has then already handled).
///
/// # Safety
/// Call on R's main thread; `data` must be what `fun` expects.
pub unsafe fn run(fun: extern "C" fn(*mut c_void), data: *mut c_void) -> bool {
    R_ToplevelExec(fun, data) != 0
}
