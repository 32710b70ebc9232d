//! `mirai()`'s common case as a native routine R calls directly.
//!
//! Every `mirai()` goes through here, so it skips extendr's wrapper, which
//! passes each of the five arguments through its protection table: R
//! already protects a `.Call`'s arguments. R reaches the routine through
//! an external pointer tagged "native symbol" (`mirai_submit_routine`),
//! which `.Call` accepts like a registered routine.

use crate::rapi::host_submit;
use crate::rtask;
use extendr_api::prelude::*;
use extendr_ffi::{
    R_NaInt, R_NaString, R_NamesSymbol, R_NilValue, R_UnboundValue, Rboolean, Rf_allocVector,
    Rf_getAttrib, Rf_install, Rf_protect, Rf_unprotect, Rf_xlength, INTEGER_ELT, REAL_ELT, R_CHAR,
    SET_VECTOR_ELT, SEXP, SEXPTYPE, STRING_ELT, TYPEOF,
};
use std::ffi::c_void;

// SEXP is an opaque pointer to R, as for the declarations extendr-ffi makes.
#[allow(improper_ctypes)]
extern "C" {
    // Both in R's API (Rinternals.h); extendr-ffi does not declare them.
    fn Rf_findVarInFrame3(rho: SEXP, symbol: SEXP, doget: Rboolean) -> SEXP;
    fn R_MakeExternalPtrFn(p: unsafe extern "C" fn() -> *mut c_void, tag: SEXP, prot: SEXP)
        -> SEXP;
}

/// The routine for `.Call(mirai_submit_native, ...)`, made once at load.
#[extendr]
fn mirai_submit_routine() -> Robj {
    type Routine = extern "C" fn(SEXP, SEXP, SEXP, SEXP, SEXP) -> SEXP;
    // SAFETY: R calls the routine with the five arguments it is given, as
    // for any routine (a call with another count is R's caller's bug);
    // the pointer is a fresh R object.
    unsafe {
        let routine =
            std::mem::transmute::<Routine, unsafe extern "C" fn() -> *mut c_void>(mirai_submit);
        let tag = Rf_install(c"native symbol".as_ptr());
        Robj::from_sexp(R_MakeExternalPtrFn(routine, tag, R_NilValue))
    }
}

/// `mirai()`'s common case in one call, as `submit_mirai()` would do it with
/// `task_data()` and `new_mirai()`: the new 'mirai', or NULL where R takes
/// the long way: no daemons, a profile with a seed or its own submission
/// (`daemons(memory = , sync = )`), `...` as an environment, an argument to
/// reject with R's wording, or a task that cannot be sent (R's way then
/// says why).
extern "C" fn mirai_submit(
    profile: SEXP,
    expr: SEXP,
    globals: SEXP,
    args: SEXP,
    timeout: SEXP,
) -> SEXP {
    // A panic must not unwind into R; R's way reports the failure.
    let made = std::panic::catch_unwind(|| submit(profile, expr, globals, args, timeout));
    // SAFETY: reading R's NULL.
    made.ok().flatten().unwrap_or(unsafe { R_NilValue })
}

fn submit(profile: SEXP, expr: SEXP, globals: SEXP, args: SEXP, timeout: SEXP) -> Option<SEXP> {
    let h = plain_profile(profile)?;
    let (true, true, Some(timeout_ms)) =
        (named_list(globals), named_list(args), timeout_ms(timeout))
    else {
        return None;
    };
    // SAFETY: on R's main thread, in a .Call that protects its arguments;
    // the task list is protected until its Robj holds it.
    let data = unsafe {
        let data = Rf_protect(Rf_allocVector(SEXPTYPE::VECSXP, 3));
        SET_VECTOR_ELT(data, 0, expr);
        SET_VECTOR_ELT(data, 1, globals);
        SET_VECTOR_ELT(data, 2, args);
        let data = Robj::from_sexp(data);
        Rf_unprotect(1);
        data
    };
    let task = host_submit(h, data, timeout_ms, false).ok()?;
    // SAFETY: `task` is protected by its Robj until the mirai holds it.
    Some(rtask::new_mirai(unsafe { task.get() }))
}

thread_local! {
    // Looked up once, on R's main thread; R never frees a symbol.
    static PROFILE_SYMBOLS: [SEXP; 3] = unsafe {
        [c"h", c"seed", c"submit"].map(|name| Rf_install(name.as_ptr()))
    };
}

/// The host of a compute profile (its environment) that submits tasks as
/// they are; None for any other.
pub fn plain_profile(profile: SEXP) -> Option<i32> {
    // SAFETY: reads bindings of a live environment on R's main thread;
    // neither call allocates.
    unsafe {
        if TYPEOF(profile) != SEXPTYPE::ENVSXP {
            return None;
        }
        let [h, seed, submit] = PROFILE_SYMBOLS.with(|s| *s);
        let local = |symbol: SEXP| Rf_findVarInFrame3(profile, symbol, Rboolean::TRUE);
        let unset = |v: SEXP| v == R_NilValue || v == R_UnboundValue;
        let h = local(h);
        if TYPEOF(h) != SEXPTYPE::INTSXP || Rf_xlength(h) != 1 {
            return None;
        }
        (unset(local(seed)) && unset(local(submit))).then(|| INTEGER_ELT(h, 0))
    }
}

/// A list whose elements all have names (or no elements), as `mirai()` needs
/// for `...` and `.args`.
fn named_list(x: SEXP) -> bool {
    // SAFETY: reads a live list and its names on R's main thread.
    unsafe {
        if TYPEOF(x) != SEXPTYPE::VECSXP {
            return false;
        }
        let n = Rf_xlength(x);
        if n == 0 {
            return true;
        }
        let names = Rf_getAttrib(x, R_NamesSymbol);
        TYPEOF(names) == SEXPTYPE::STRSXP
            && (0..n).all(|i| {
                let name = STRING_ELT(names, i);
                name != R_NaString && *R_CHAR(name) != 0
            })
    }
}

/// `.timeout` in milliseconds (-1 for none), or None for what `check_timeout()` rejects.
fn timeout_ms(t: SEXP) -> Option<f64> {
    // SAFETY: reads a live vector on R's main thread.
    let ms = unsafe {
        if t == R_NilValue {
            return Some(-1.0);
        }
        if Rf_xlength(t) != 1 {
            return None;
        }
        match TYPEOF(t) {
            SEXPTYPE::REALSXP => REAL_ELT(t, 0),
            SEXPTYPE::INTSXP if INTEGER_ELT(t, 0) != R_NaInt => f64::from(INTEGER_ELT(t, 0)),
            _ => return None,
        }
    };
    (!ms.is_nan() && ms >= 0.0).then_some(ms)
}

extendr_module! {
    mod rsubmit;
    fn mirai_submit_routine;
}
