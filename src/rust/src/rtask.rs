//! The R objects of a task: the external pointer a mirai holds, and the
//! mirai itself. `mirai()` makes one of each per call, so they are made with
//! R's C API directly: extendr's `ExternalPtr` allocates a type-name string
//! per pointer and passes every object through its protection table, which
//! together cost about as much as the rest of a submission.

use extendr_api::prelude::*;
use extendr_ffi::{
    R_ClassSymbol, R_ClearExternalPtr, R_EmptyEnv, R_ExternalPtrAddr, R_ExternalPtrTag,
    R_MakeExternalPtr, R_NewEnv, R_NilValue, R_PreserveObject, R_RegisterCFinalizerEx, Rboolean,
    Rf_defineVar, Rf_install, Rf_protect, Rf_setAttrib, Rf_unprotect, MARK_NOT_MUTABLE, SEXP,
    SEXPTYPE, TYPEOF,
};

/// A task as R holds it: dropping it (when its mirai is garbage collected)
/// tells the host nobody will read the outcome (see `rapi::release_task`).
pub struct TaskRef {
    pub h: i32,
    pub id: u64,
    /// The host exists for this task alone (a mirai() without daemons).
    pub own: bool,
}

impl Drop for TaskRef {
    fn drop(&mut self) {
        crate::rapi::release_task(self);
    }
}

thread_local! {
    // Made on first use, on R's main thread (the only one that uses them).
    // Symbols are never collected; the class vector is preserved.
    /// The tag that marks a task's external pointer.
    static TAG: SEXP = unsafe { Rf_install(c"miraiRs_task".as_ptr()) };
    static TASK_SYMBOL: SEXP = unsafe { Rf_install(c"task".as_ptr()) };
    /// c("mirai", "recvAio"), one vector shared by every mirai: R copies an
    /// attribute before changing it, and this one is marked as shared.
    static MIRAI_CLASS: SEXP = {
        let class = Strings::from_values(["mirai", "recvAio"]);
        // SAFETY: preserved before its Robj lets go.
        unsafe {
            MARK_NOT_MUTABLE(class.get());
            R_PreserveObject(class.get());
            class.get()
        }
    };
}

fn tag() -> SEXP {
    TAG.with(|t| *t)
}

extern "C" fn finalize(ptr: SEXP) {
    // SAFETY: `ptr` is one of ours (only `new_pointer` registers this
    // finalizer); clearing it first makes a second run a no-op.
    unsafe {
        let task = R_ExternalPtrAddr(ptr) as *mut TaskRef;
        if !task.is_null() {
            R_ClearExternalPtr(ptr);
            drop(Box::from_raw(task));
        }
    }
}

/// A new external pointer owning `task`, which is dropped when R collects
/// the pointer. Unprotected: the caller protects it before allocating again.
pub fn new_pointer(task: TaskRef) -> SEXP {
    // SAFETY: on R's main thread; the pointer is protected while its
    // finalizer is registered (which allocates).
    unsafe {
        let ptr = R_MakeExternalPtr(Box::into_raw(Box::new(task)).cast(), tag(), R_NilValue);
        Rf_protect(ptr);
        R_RegisterCFinalizerEx(ptr, Some(finalize), Rboolean::FALSE);
        Rf_unprotect(1);
        ptr
    }
}

/// The task behind `x`, if `x` is a task's external pointer (and not one
/// R has finalized).
pub fn task_of(x: &Robj) -> std::result::Result<&TaskRef, String> {
    // SAFETY: reads the type, tag and address of a live R object; the
    // TaskRef lives as long as the pointer, which `x` keeps alive.
    unsafe {
        let s = x.get();
        if TYPEOF(s) == SEXPTYPE::EXTPTRSXP && R_ExternalPtrTag(s) == tag() {
            if let Some(task) = (R_ExternalPtrAddr(s) as *const TaskRef).as_ref() {
                return Ok(task);
            }
        }
    }
    Err("expected a mirai's task".into())
}

/// A new 'mirai': an environment holding `task` (a task's pointer, or NULL
/// for a mirai resolved on this side), of class c("mirai", "recvAio").
/// Once resolved it also holds `done` and `value` (see `rapi::mirai_value`).
/// Unprotected, as `new_pointer`.
pub fn new_mirai(task: SEXP) -> SEXP {
    // SAFETY: on R's main thread; `task` and the environment are protected
    // while the environment is filled.
    unsafe {
        Rf_protect(task);
        let env = Rf_protect(R_NewEnv(R_EmptyEnv, 0, 0));
        Rf_defineVar(TASK_SYMBOL.with(|s| *s), task, env);
        Rf_setAttrib(env, R_ClassSymbol, MIRAI_CLASS.with(|c| *c));
        Rf_unprotect(2);
        env
    }
}
