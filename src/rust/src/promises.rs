//! Promises without polling: when a watched task finishes, the thread that
//! finished it asks the `later` package (through its thread-safe C entry
//! point `execLaterNative2`) to run `settle` on R's main thread, which calls
//! the R function that resolves or rejects the mirai's promise.

use extendr_ffi::{
    R_GlobalEnv, R_PreserveObject, R_ReleaseObject, R_tryEvalSilent, Rf_install, Rf_protect,
    Rf_unprotect, SEXP,
};
use std::ffi::{c_void, CStr};
use std::os::raw::{c_char, c_int};
use std::sync::OnceLock;

use crate::toplevel;

type ExecLater = unsafe extern "C" fn(extern "C" fn(*mut c_void), *mut c_void, f64, c_int);

// SEXP is an opaque pointer to R; the lint cannot see through extendr-ffi's type.
#[allow(improper_ctypes)]
extern "C" {
    fn R_GetCCallable(package: *const c_char, name: *const c_char) -> *const c_void;
    fn Rf_lang2(f: SEXP, x: SEXP) -> SEXP;
    fn Rf_lang3(f: SEXP, a: SEXP, b: SEXP) -> SEXP;
}

static EXEC_LATER: OnceLock<usize> = OnceLock::new();

extern "C" fn lookup(data: *mut c_void) {
    // SAFETY: inside R_ToplevelExec on R's main thread; `data` is a usize slot.
    unsafe {
        let f = R_GetCCallable(c"later".as_ptr(), c"execLaterNative2".as_ptr());
        *(data as *mut usize) = f as usize;
    }
}

/// later's `execLaterNative2`, looked up once on R's main thread (the R side
/// loads the later namespace first).
fn exec_later() -> Result<ExecLater, String> {
    if let Some(&f) = EXEC_LATER.get() {
        // SAFETY: a non-null function pointer with later's documented signature.
        return Ok(unsafe { std::mem::transmute::<usize, ExecLater>(f) });
    }
    let mut f: usize = 0;
    // SAFETY: on R's main thread; R_GetCCallable errors are caught there.
    let ok = unsafe { toplevel::run(lookup, &mut f as *mut usize as *mut c_void) };
    if !ok || f == 0 {
        return Err("the 'later' package's C interface is not available".into());
    }
    let _ = EXEC_LATER.set(f);
    // SAFETY: as above.
    Ok(unsafe { std::mem::transmute::<usize, ExecLater>(f) })
}

/// Keeps `mirai` (an R environment) alive and returns a callback that, from
/// any thread, schedules `miraiRs:::settle_promise(mirai)` on R's main thread.
/// Must be called on R's main thread.
pub fn settler(mirai: SEXP) -> Result<Box<dyn FnOnce() + Send>, String> {
    let exec = exec_later()?;
    // SAFETY: on R's main thread; released in `settle`.
    unsafe { R_PreserveObject(mirai) };
    let addr = mirai as usize;
    Ok(Box::new(move || {
        // SAFETY: later documents execLaterNative2 as callable from any
        // thread; the pointer is only dereferenced by `settle`, on R's thread.
        unsafe { exec(settle, addr as *mut c_void, 0.0, 0) }
    }))
}

/// Undoes `settler`'s hold on `mirai` when its callback will never run (the
/// task finished before the callback was registered). On R's main thread.
pub fn release(mirai: SEXP) {
    // SAFETY: balanced with the R_PreserveObject in `settler`.
    unsafe { R_ReleaseObject(mirai) };
}

extern "C" fn settle(data: *mut c_void) {
    let mirai = data as SEXP;
    // SAFETY: later runs this on R's main thread; R_tryEvalSilent catches R
    // errors, so nothing jumps over this frame.
    unsafe {
        let name = |s: &CStr| Rf_install(s.as_ptr());
        // (miraiRs:::settle_promise)(mirai)
        let fun = Rf_protect(Rf_lang3(
            name(c":::"),
            name(c"miraiRs"),
            name(c"settle_promise"),
        ));
        let call = Rf_protect(Rf_lang2(fun, mirai));
        let mut error: c_int = 0;
        R_tryEvalSilent(call, R_GlobalEnv, &mut error);
        Rf_unprotect(2);
        R_ReleaseObject(mirai);
    }
}
