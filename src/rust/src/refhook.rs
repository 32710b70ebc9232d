//! Custom serialization of reference objects (`serial_config()`).
//!
//! R's serializer hands every external pointer, weak reference and ordinary
//! environment to a persistence hook. Here the hook checks the object's class
//! against the configuration, list(class, sfunc, ufunc): for a match it calls
//! `sfunc(x)`, keeps the raw vector it returns as a side blob, and writes only
//! a persistent name, c(class index, blob index), into the stream; any other
//! object is serialized as usual. The blobs follow R's stream in the payload:
//!
//! `[R stream][blob 0][blob 1]...[u64 length of each blob][u64 count]["MRrefs01"]`
//!
//! Reading parses that trailer first; the unserializer's hook then rebuilds
//! each object with `ufunc(blob)`. Both ends of a connection use the trailer
//! exactly when a configuration is in effect (the host sends it to its
//! daemons in the init frame), so a payload never has to be sniffed.
//!
//! The hooks run inside `R_Serialize` / `R_Unserialize` on R's main thread.
//! An error in `sfunc` is recorded and fails the serialization with its
//! message; an error in `ufunc` rebuilds the object as 'errorValue' 1000, so
//! a faulty hook never takes a daemon down. A malformed name or blob index
//! (a corrupt or hostile frame) rebuilds as NULL.

use extendr_api::prelude::*;
use extendr_ffi::{
    R_GlobalEnv, R_NilValue, R_tryEvalSilent, Rf_allocVector, Rf_protect, Rf_unprotect, Rf_xlength,
    RAW, R_CHAR, SET_STRING_ELT, SEXP, SEXPTYPE, STRING_ELT, TYPEOF, VECTOR_ELT,
};
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int};

#[allow(improper_ctypes)]
extern "C" {
    fn Rf_inherits(x: SEXP, name: *const c_char) -> c_int;
    fn Rf_lang2(f: SEXP, x: SEXP) -> SEXP;
    fn Rf_mkChar(s: *const c_char) -> SEXP;
    fn Rf_ScalarInteger(x: c_int) -> SEXP;
    fn Rf_classgets(x: SEXP, klass: SEXP) -> SEXP;
    fn R_curErrorBuf() -> *const c_char;
}

const MAGIC: &[u8; 8] = b"MRrefs01";
/// What `ufunc` failing gives instead of the object, as in mirai.
const UFUNC_FAILED: c_int = 1000;

#[derive(Default)]
pub struct Collected {
    pub blobs: Vec<Vec<u8>>,
    pub error: Option<String>,
}

thread_local! {
    /// Blobs made by the serialization in progress on this (R's) thread.
    static OUT: RefCell<Collected> = RefCell::new(Collected::default());
    /// Blobs of the payload being unserialized: (start, length) in its bytes.
    static IN: RefCell<Vec<(*const u8, usize)>> = const { RefCell::new(Vec::new()) };
}

/// Checks that `cfg` is list(class = <character>, sfunc = <list of
/// functions>, ufunc = <list of functions>), all of one length.
pub fn check_config(cfg: &Robj) -> std::result::Result<(), String> {
    let bad = || {
        "a serialization configuration must be list(class, sfunc, ufunc) as made by serial_config()"
            .to_string()
    };
    let parts = cfg.as_list().ok_or_else(bad)?;
    if parts.len() != 3 {
        return Err(bad());
    }
    let items: Vec<Robj> = parts.values().collect();
    let n = items[0].as_str_vector().ok_or_else(bad)?.len();
    for funs in &items[1..] {
        let funs = funs.as_list().ok_or_else(bad)?;
        if funs.len() != n || !funs.values().all(|f| f.is_function()) {
            return Err(bad());
        }
    }
    Ok(())
}

/// Starts collecting blobs for a serialization; returns what an enclosing
/// one had collected, to hand back to `end_out`.
pub fn begin_out() -> Collected {
    OUT.with(|o| std::mem::take(&mut *o.borrow_mut()))
}

/// The blobs (or error) of the serialization that just ended.
pub fn end_out(outer: Collected) -> Collected {
    OUT.with(|o| std::mem::replace(&mut *o.borrow_mut(), outer))
}

/// Writes the trailer that follows R's stream.
pub fn write_trailer(blobs: &[Vec<u8>], mut write: impl FnMut(&[u8])) {
    for blob in blobs {
        write(blob);
    }
    for blob in blobs {
        write(&(blob.len() as u64).to_le_bytes());
    }
    write(&(blobs.len() as u64).to_le_bytes());
    write(MAGIC);
}

/// Splits a payload written with a trailer into R's stream and the blobs.
pub fn split_trailer(bytes: &[u8]) -> std::result::Result<(&[u8], Vec<&[u8]>), String> {
    let bad = || {
        format!(
            "the reference-object trailer is malformed ({} bytes)",
            bytes.len()
        )
    };
    let u64_at = |at: usize| -> Option<usize> {
        let b: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
        usize::try_from(u64::from_le_bytes(b)).ok()
    };
    let end = bytes.len().checked_sub(MAGIC.len()).ok_or_else(bad)?;
    if &bytes[end..] != MAGIC {
        return Err(bad());
    }
    let count_at = end.checked_sub(8).ok_or_else(bad)?;
    let count = u64_at(count_at).ok_or_else(bad)?;
    let table = count
        .checked_mul(8)
        .and_then(|t| count_at.checked_sub(t))
        .ok_or_else(bad)?;
    let mut lengths = Vec::with_capacity(count.min(1 << 16));
    let mut total: usize = 0;
    for k in 0..count {
        let len = u64_at(table + 8 * k).ok_or_else(bad)?;
        total = total.checked_add(len).ok_or_else(bad)?;
        lengths.push(len);
    }
    let mut at = table.checked_sub(total).ok_or_else(bad)?;
    let stream = &bytes[..at];
    let mut blobs = Vec::with_capacity(lengths.len());
    for len in lengths {
        blobs.push(&bytes[at..at + len]);
        at += len;
    }
    Ok((stream, blobs))
}

/// Makes `blobs` visible to `in_hook` while it lives.
pub struct InBlobs {
    outer: Vec<(*const u8, usize)>,
}

impl InBlobs {
    pub fn set(blobs: &[&[u8]]) -> InBlobs {
        let now = blobs.iter().map(|b| (b.as_ptr(), b.len())).collect();
        InBlobs {
            outer: IN.with(|i| std::mem::replace(&mut *i.borrow_mut(), now)),
        }
    }
}

impl Drop for InBlobs {
    fn drop(&mut self) {
        let outer = std::mem::take(&mut self.outer);
        IN.with(|i| *i.borrow_mut() = outer);
    }
}

/// `f(x)`, or the error message R gave.
unsafe fn call1(f: SEXP, x: SEXP) -> std::result::Result<SEXP, String> {
    let call = Rf_protect(Rf_lang2(f, x));
    let mut err: c_int = 0;
    let value = R_tryEvalSilent(call, R_GlobalEnv, &mut err);
    Rf_unprotect(1);
    if err != 0 {
        let msg = CStr::from_ptr(R_curErrorBuf()).to_string_lossy();
        return Err(msg.trim_end().to_string());
    }
    Ok(value)
}

unsafe fn class_name(classes: SEXP, i: isize) -> String {
    CStr::from_ptr(R_CHAR(STRING_ELT(classes, i)))
        .to_string_lossy()
        .into_owned()
}

/// The serializer's persistence hook; `cfg` is the configuration list.
pub unsafe extern "C" fn out_hook(x: SEXP, cfg: SEXP) -> SEXP {
    let classes = VECTOR_ELT(cfg, 0);
    for i in 0..Rf_xlength(classes) {
        if Rf_inherits(x, R_CHAR(STRING_ELT(classes, i))) == 0 {
            continue;
        }
        let sfunc = VECTOR_ELT(VECTOR_ELT(cfg, 1), i);
        let bytes = match call1(sfunc, x) {
            Ok(v) if TYPEOF(v) == SEXPTYPE::RAWSXP => {
                Ok(std::slice::from_raw_parts(RAW(v), Rf_xlength(v) as usize).to_vec())
            }
            Ok(_) => Err(format!(
                "the serialization function for class '{}' did not return a raw vector",
                class_name(classes, i)
            )),
            Err(e) => Err(format!(
                "the serialization function for class '{}' failed: {e}",
                class_name(classes, i)
            )),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                // Serialized as usual for now; the caller reports the error.
                OUT.with(|o| {
                    o.borrow_mut().error.get_or_insert(e);
                });
                return R_NilValue;
            }
        };
        let j = OUT.with(|o| {
            let mut o = o.borrow_mut();
            o.blobs.push(bytes);
            o.blobs.len() - 1
        });
        let name = Rf_protect(Rf_allocVector(SEXPTYPE::STRSXP, 2));
        for (k, n) in [i as usize, j].into_iter().enumerate() {
            let s = CString::new(n.to_string()).expect("digits have no NUL");
            SET_STRING_ELT(name, k as isize, Rf_mkChar(s.as_ptr()));
        }
        Rf_unprotect(1);
        return name;
    }
    R_NilValue
}

/// The unserializer's persistence hook: rebuilds object c(i, j) with
/// `ufunc[[i]](blob j)`.
pub unsafe extern "C" fn in_hook(name: SEXP, cfg: SEXP) -> SEXP {
    let index = |k: isize| -> Option<usize> {
        CStr::from_ptr(R_CHAR(STRING_ELT(name, k)))
            .to_str()
            .ok()?
            .parse()
            .ok()
    };
    if TYPEOF(name) != SEXPTYPE::STRSXP || Rf_xlength(name) != 2 {
        return R_NilValue;
    }
    let (Some(i), Some(j)) = (index(0), index(1)) else {
        return R_NilValue;
    };
    let ufuncs = VECTOR_ELT(cfg, 2);
    if i as isize >= Rf_xlength(ufuncs) {
        return R_NilValue;
    }
    let Some((ptr, len)) = IN.with(|b| b.borrow().get(j).copied()) else {
        return R_NilValue;
    };
    let raw = Rf_protect(Rf_allocVector(SEXPTYPE::RAWSXP, len as isize));
    std::ptr::copy_nonoverlapping(ptr, RAW(raw), len);
    let value = match call1(VECTOR_ELT(ufuncs, i as isize), raw) {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!("an unserialization function failed: {e}");
            ufunc_failed()
        }
    };
    Rf_unprotect(1);
    value
}

unsafe fn ufunc_failed() -> SEXP {
    let value = Rf_protect(Rf_ScalarInteger(UFUNC_FAILED));
    let klass = Rf_protect(Rf_allocVector(SEXPTYPE::STRSXP, 2));
    for (k, c) in [c"errorValue", c"try-error"].into_iter().enumerate() {
        SET_STRING_ELT(klass, k as isize, Rf_mkChar(c.as_ptr()));
    }
    Rf_classgets(value, klass);
    Rf_unprotect(2);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_trailer(stream: &[u8], blobs: &[Vec<u8>]) -> Vec<u8> {
        let mut out = stream.to_vec();
        write_trailer(blobs, |b| out.extend_from_slice(b));
        out
    }

    #[test]
    fn trailer_round_trips() {
        let blobs = vec![b"one".to_vec(), Vec::new(), vec![0u8; 1000]];
        let bytes = with_trailer(b"R stream", &blobs);
        let (stream, got) = split_trailer(&bytes).unwrap();
        assert_eq!(stream, b"R stream");
        assert_eq!(got, blobs.iter().map(|b| &b[..]).collect::<Vec<_>>());
        let empty = with_trailer(b"x", &[]);
        let (stream, got) = split_trailer(&empty).unwrap();
        assert_eq!((stream, got.len()), (&b"x"[..], 0));
    }

    #[test]
    fn truncated_or_hostile_trailers_are_errors() {
        let bytes = with_trailer(b"stream", &[b"blob".to_vec()]);
        for cut in 0..bytes.len() {
            // Every strict suffix cut loses the magic or the counts.
            assert!(split_trailer(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut huge = b"s".to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        huge.extend_from_slice(&1u64.to_le_bytes());
        huge.extend_from_slice(MAGIC);
        assert!(split_trailer(&huge).is_err());
        let mut many = Vec::new();
        many.extend_from_slice(&u64::MAX.to_le_bytes());
        many.extend_from_slice(MAGIC);
        assert!(split_trailer(&many).is_err());
    }
}
