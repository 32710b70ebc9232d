//! R's serialization (binary format, version 3), written here for the small
//! objects most tasks and results are: calls, symbols, plain vectors, lists
//! and closures of the global environment, with their attributes.
//!
//! Each call of R's own serializer allocates a fresh reference table (a
//! 1,099-slot list, ~9 KB, then garbage): most of the cost of serializing a
//! small task, and the main churn for R's garbage collector when thousands
//! are submitted. The bytes written here are the bytes R writes (the tests
//! compare them with `serialize(x, NULL, xdr = FALSE)`); anything else (an
//! environment other than the usual ones, byte code, external pointers,
//! ALTREP objects, long vectors, more than `MAX_BYTES`) is left to R's
//! serializer: `serialize` says None.

use extendr_ffi::{
    R_BaseEnv, R_BaseNamespace, R_EmptyEnv, R_GlobalEnv, R_MissingArg, R_NaString, R_NilValue,
    R_UnboundValue, ALTREP, CAR, CDR, DATAPTR_RO, LENGTH, PRINTNAME, R_CHAR, SEXP, SEXPTYPE,
    STRING_ELT, TAG, TYPEOF, VECTOR_ELT, XLENGTH,
};

// SEXP is an opaque pointer to R (see rserial.rs).
#[allow(improper_ctypes)]
extern "C" {
    pub fn ATTRIB(x: SEXP) -> SEXP;
    fn LEVELS(x: SEXP) -> i32;
    fn OBJECT(x: SEXP) -> i32;
    fn FORMALS(x: SEXP) -> SEXP;
    fn BODY(x: SEXP) -> SEXP;
    fn CLOENV(x: SEXP) -> SEXP;
}

/// Past this, R's serializer writes straight into the frame instead (a
/// copy saved is worth more than the reference table).
pub const MAX_BYTES: usize = 64 * 1024;

// serialize.c's codes for objects written by reference or as a constant.
const REFSXP: i32 = 255;
const NILVALUE_SXP: i32 = 254;
const GLOBALENV_SXP: i32 = 253;
const UNBOUNDVALUE_SXP: i32 = 252;
const MISSINGARG_SXP: i32 = 251;
const BASENAMESPACE_SXP: i32 = 247;
const EMPTYENV_SXP: i32 = 242;
const BASEENV_SXP: i32 = 241;
/// Bits of a CHARSXP's levels that are R's own bookkeeping, not written.
const CACHED_MASK: i32 = 1 << 5;
const HASHASH_MASK: i32 = 1;

/// Appends the serialization of `x` to `out`, after `header` (the header R
/// writes, see `rserial::header`); false, with `out` as it was, when `x`
/// is not one of the objects handled here.
///
/// # Safety
/// On R's main thread, with `x` a valid, protected object.
pub unsafe fn serialize(x: SEXP, header: &[u8], out: &mut Vec<u8>) -> bool {
    let start = out.len();
    out.extend_from_slice(header);
    let mut writer = Writer::new(out, start);
    if writer.item(x) && writer.out.len() <= writer.limit {
        return true;
    }
    writer.out.truncate(start);
    false
}

/// Appends `x`'s item alone (no header) to `out` when it is self-contained:
/// written here and without a symbol, so it neither refers to nor adds to
/// the reference table, and stands anywhere in another serialization (see
/// map_frames.rs). False, with `out` as it was, otherwise.
///
/// # Safety
/// As `serialize`.
pub unsafe fn self_contained_item(x: SEXP, out: &mut Vec<u8>) -> bool {
    let start = out.len();
    let mut writer = Writer::new(out, start);
    if writer.item(x) && writer.symbols.is_empty() && writer.out.len() <= writer.limit {
        return true;
    }
    writer.out.truncate(start);
    false
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    /// `out`'s length past which the object is left to R: what it held
    /// before, plus `MAX_BYTES`.
    limit: usize,
    /// The reference table: symbols in the order first written (a task has
    /// a handful, so a list beats a hash).
    symbols: Vec<SEXP>,
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut Vec<u8>, start: usize) -> Self {
        Writer {
            out,
            limit: start + MAX_BYTES,
            symbols: Vec::new(),
        }
    }

    fn int(&mut self, v: i32) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    unsafe fn bytes(&mut self, p: *const u8, n: usize) {
        if n > 0 {
            self.out.extend_from_slice(std::slice::from_raw_parts(p, n));
        }
    }

    /// WriteItem of serialize.c, for the objects handled here.
    unsafe fn item(&mut self, mut s: SEXP) -> bool {
        // A pairlist's tail is written as a loop, as R does, so a long
        // call or list of attributes does not deepen the recursion.
        loop {
            if self.out.len() > self.limit || ALTREP(s) != 0 {
                return false;
            }
            if let Some(code) = constant(s) {
                self.int(code);
                return true;
            }
            let kind = TYPEOF(s);
            match kind {
                SEXPTYPE::SYMSXP => return self.symbol(s),
                SEXPTYPE::LISTSXP | SEXPTYPE::LANGSXP | SEXPTYPE::CLOSXP => {
                    let closure = kind == SEXPTYPE::CLOSXP;
                    // A closure's environment is written where a tag would be.
                    let (tag, car, cdr) = if closure {
                        (CLOENV(s), FORMALS(s), BODY(s))
                    } else {
                        (TAG(s), CAR(s), CDR(s))
                    };
                    let attributes = ATTRIB(s);
                    let has_tag = tag != R_NilValue;
                    self.int(flags(s, attributes != R_NilValue, has_tag));
                    if attributes != R_NilValue && !self.item(attributes) {
                        return false;
                    }
                    if has_tag && !self.item(tag) {
                        return false;
                    }
                    if !self.item(car) {
                        return false;
                    }
                    s = cdr;
                }
                SEXPTYPE::CHARSXP => {
                    self.chars(s);
                    return true;
                }
                SEXPTYPE::LGLSXP
                | SEXPTYPE::INTSXP
                | SEXPTYPE::REALSXP
                | SEXPTYPE::CPLXSXP
                | SEXPTYPE::RAWSXP
                | SEXPTYPE::STRSXP
                | SEXPTYPE::VECSXP
                | SEXPTYPE::EXPRSXP => return self.vector(s, kind),
                _ => return false,
            }
        }
    }

    unsafe fn symbol(&mut self, s: SEXP) -> bool {
        if let Some(i) = self.symbols.iter().position(|&known| known == s) {
            // References count from 1, packed into the flags.
            self.int(((i as i32 + 1) << 8) | REFSXP);
            return true;
        }
        self.symbols.push(s);
        self.int(SEXPTYPE::SYMSXP as i32);
        self.item(PRINTNAME(s))
    }

    unsafe fn chars(&mut self, s: SEXP) {
        let levels = LEVELS(s) & !(CACHED_MASK | HASHASH_MASK);
        self.int(SEXPTYPE::CHARSXP as i32 | (levels << 12));
        if s == R_NaString {
            self.int(-1);
        } else {
            let n = LENGTH(s);
            self.int(n);
            self.bytes(R_CHAR(s) as *const u8, n as usize);
        }
    }

    unsafe fn vector(&mut self, s: SEXP, kind: SEXPTYPE) -> bool {
        let n = XLENGTH(s);
        if n > i32::MAX as isize {
            return false;
        }
        let attributes = ATTRIB(s);
        self.int(flags(s, attributes != R_NilValue, false));
        self.int(n as i32);
        let n = n as usize;
        if let Some(width) = atomic_width(kind) {
            if self.out.len() + n * width > self.limit {
                return false;
            }
            self.bytes(DATAPTR_RO(s) as *const u8, n * width);
        } else {
            for i in 0..n {
                let element = if kind == SEXPTYPE::STRSXP {
                    STRING_ELT(s, i as isize)
                } else {
                    VECTOR_ELT(s, i as isize)
                };
                if !self.item(element) {
                    return false;
                }
            }
        }
        attributes == R_NilValue || self.item(attributes)
    }
}

/// The bytes per element R writes for an atomic vector of type `kind`
/// (its data as in memory); None for any other type.
pub fn atomic_width(kind: SEXPTYPE) -> Option<usize> {
    match kind {
        SEXPTYPE::RAWSXP => Some(1),
        SEXPTYPE::LGLSXP | SEXPTYPE::INTSXP => Some(4),
        SEXPTYPE::REALSXP => Some(8),
        SEXPTYPE::CPLXSXP => Some(16),
        _ => None,
    }
}

/// PackFlags of serialize.c: the type, the levels (gp bits), and whether
/// the object has the object bit, attributes and a tag.
unsafe fn flags(s: SEXP, has_attributes: bool, has_tag: bool) -> i32 {
    let mut flags = TYPEOF(s) as i32 | (LEVELS(s) << 12);
    if OBJECT(s) != 0 {
        flags |= 1 << 8;
    }
    if has_attributes {
        flags |= 1 << 9;
    }
    if has_tag {
        flags |= 1 << 10;
    }
    flags
}

/// The objects R writes as a code of their own (SaveSpecialHook).
unsafe fn constant(s: SEXP) -> Option<i32> {
    [
        (R_NilValue, NILVALUE_SXP),
        (R_GlobalEnv, GLOBALENV_SXP),
        (R_EmptyEnv, EMPTYENV_SXP),
        (R_BaseEnv, BASEENV_SXP),
        (R_UnboundValue, UNBOUNDVALUE_SXP),
        (R_MissingArg, MISSINGARG_SXP),
        (R_BaseNamespace, BASENAMESPACE_SXP),
    ]
    .into_iter()
    .find_map(|(object, code)| (object == s).then_some(code))
}
