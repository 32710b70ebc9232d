//! Large payloads between a host and daemons on the same machine, through
//! files in `/dev/shm` instead of the socket.
//!
//! Through the socket a 100 MB payload was copied four times (into a fresh
//! frame, into the kernel, out into a fresh receive buffer, into R) and two
//! fresh 100 MB regions were zeroed by the kernel on the way; `perf` put most
//! of a 100 MB round trip there. Here the sender writes the serialization
//! into a tmpfs file (one copy; pages a write fills whole are not zeroed
//! first) and sends only the file's name; the receiver maps the file and R
//! reads from the mapping (one copy).
//!
//! Who removes a file: a task's file is the host's, removed when the task is
//! done with (the last frame holding it is dropped), so a retry can read it
//! again; a result's file is removed by the host as soon as it has opened
//! it. A file left behind by a process that died (a daemon killed while it
//! wrote a result) is removed by `sweep`. Whether a daemon sees the host's
//! files at all (same machine, same user, same `/dev/shm`) is proved when it
//! connects: its hello names a probe file it made, which the host must find.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::ptr::NonNull;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// Payloads from this size on go through a file: below it the socket's
/// copies cost less than making, mapping and removing a file.
pub const SHARED_MIN: usize = 4 << 20;

/// Whether a payload may go through shared memory, and who removes its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    Off,
    /// The sender removes it when done (the host's tasks, kept for retries).
    KeptBySender,
    /// The receiver removes it on opening (a daemon's results).
    RemovedByReceiver,
}

const DIR: &str = "/dev/shm";
const PREFIX: &str = "mirairs-";
/// Bytes gathered before a write(2): R's serializer writes a vector in
/// pieces of ~64 KB, which go straight to the file, and everything else a
/// few bytes at a time.
const WRITE_BUFFER: usize = 64 << 10;
const WRITE_DIRECT: usize = 16 << 10;

/// A file holding one payload. It holds no file descriptor (a session
/// may queue many large tasks): a receiver maps the file as it opens it, a
/// sender maps it by name only if it must read it back (`Frame::inlined`).
pub struct SharedFile {
    name: String,
    len: usize,
    map: OnceLock<Result<Mapping, String>>,
    /// Removed on drop by this process (the host's task files): not by a
    /// child forked from it (`parallel::mclapply()`), whose garbage
    /// collector may drop its copy of a task the parent still holds.
    remove: Option<u32>,
}

struct Mapping(NonNull<u8>, usize);

// SAFETY: a read-only mapping, unmapped once, on drop.
unsafe impl Send for Mapping {}
unsafe impl Sync for Mapping {}

impl Drop for Mapping {
    fn drop(&mut self) {
        if self.1 > 0 {
            // SAFETY: the mapping made in `map_file`, unmapped only here.
            unsafe { libc::munmap(self.0.as_ptr() as *mut libc::c_void, self.1) };
        }
    }
}

impl SharedFile {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn size(&self) -> usize {
        self.len
    }

    /// The payload's bytes.
    pub fn bytes(&self) -> Result<&[u8], String> {
        let map = self.map.get_or_init(|| {
            let file = File::open(path(&self.name))
                .map_err(|e| format!("could not open shared memory {}: {e}", self.name))?;
            map_file(&file, &self.name, self.len)
        });
        match map {
            Ok(Mapping(p, len)) => {
                // SAFETY: a live read-only mapping of `len` bytes.
                Ok(unsafe { std::slice::from_raw_parts(p.as_ptr(), *len) })
            }
            Err(e) => Err(e.clone()),
        }
    }
}

/// The first `len` bytes of `file`, mapped read-only (and faulted in now).
fn map_file(file: &File, name: &str, len: usize) -> Result<Mapping, String> {
    use std::os::fd::AsRawFd;
    if len == 0 {
        return Ok(Mapping(NonNull::dangling(), 0));
    }
    // SAFETY: mapping an open file read-only; checked below.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_READ,
            libc::MAP_SHARED | libc::MAP_POPULATE,
            file.as_raw_fd(),
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(format!(
            "could not map shared memory {name}: {}",
            std::io::Error::last_os_error()
        ));
    }
    Ok(Mapping(
        NonNull::new(p as *mut u8).expect("mmap succeeded"),
        len,
    ))
}

impl Drop for SharedFile {
    fn drop(&mut self) {
        if self.remove == Some(std::process::id()) {
            let _ = std::fs::remove_file(path(&self.name));
        }
    }
}

impl std::fmt::Debug for SharedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedFile({}, {} bytes)", self.name, self.len)
    }
}

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// A fresh name: this process's id, then 64 random bits.
fn fresh_name() -> std::io::Result<String> {
    use ring::rand::{SecureRandom, SystemRandom};
    let mut random = [0u8; 8];
    SystemRandom::new()
        .fill(&mut random)
        .map_err(|_| std::io::Error::other("no randomness for a file name"))?;
    Ok(format!(
        "{PREFIX}{}-{:016x}",
        std::process::id(),
        u64::from_le_bytes(random)
    ))
}

fn create_file() -> std::io::Result<(String, File)> {
    let name = fresh_name()?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .read(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path(&name))?;
    Ok((name, file))
}

/// The bytes `/dev/shm` can still take.
fn room() -> u64 {
    let dir = std::ffi::CString::new(DIR).expect("no NUL in the path");
    // SAFETY: statvfs fills the zeroed struct it is given.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        if libc::statvfs(dir.as_ptr(), &mut st) != 0 {
            return 0;
        }
        st.f_bavail as u64 * st.f_frsize as u64
    }
}

/// Writes one payload into a fresh file.
pub struct SharedWriter {
    name: String,
    file: File,
    buf: Vec<u8>,
    written: usize,
}

impl SharedWriter {
    /// A writer for about `expected` bytes, unless `/dev/shm` has not that
    /// much room (a container's is 64 MB by default): then failing now saves
    /// serializing twice.
    pub fn create(expected: usize) -> std::io::Result<SharedWriter> {
        if room() < expected as u64 {
            return Err(std::io::Error::from_raw_os_error(libc::ENOSPC));
        }
        let (name, file) = create_file()?;
        Ok(SharedWriter {
            name,
            file,
            buf: Vec::with_capacity(WRITE_BUFFER),
            written: 0,
        })
    }

    pub fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.buf.len() + bytes.len() > WRITE_BUFFER || bytes.len() >= WRITE_DIRECT {
            self.flush()?;
        }
        if bytes.len() >= WRITE_DIRECT {
            self.file.write_all(bytes)?;
            self.written += bytes.len();
        } else {
            self.buf.extend_from_slice(bytes);
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.write_all(&self.buf)?;
        self.written += self.buf.len();
        self.buf.clear();
        Ok(())
    }

    /// The finished file, which `remove` says whether to remove on drop
    /// (the host keeps its task files; a daemon hands its results over).
    pub fn finish(mut self, remove: bool) -> std::io::Result<SharedFile> {
        self.flush()?;
        Ok(SharedFile {
            name: std::mem::take(&mut self.name),
            len: self.written,
            map: OnceLock::new(),
            remove: remove.then(std::process::id),
        })
    }
}

impl Drop for SharedWriter {
    fn drop(&mut self) {
        // Not finished: the serialization failed or the file was full.
        if !self.name.is_empty() {
            let _ = std::fs::remove_file(path(&self.name));
        }
    }
}

/// Maps a file another process named, read-only, and (`remove`) removes its
/// name at once: from then on it lives as long as the returned value. Only
/// names of the form this module makes, regular files of this user.
pub fn open(name: &str, remove: bool) -> Result<SharedFile, String> {
    if !valid_name(name) {
        return Err(format!(
            "'{}' is not a shared memory name",
            name.escape_debug()
        ));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path(name))
        .map_err(|e| format!("could not open shared memory {name}: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("could not read shared memory {name}: {e}"))?;
    // SAFETY: geteuid cannot fail.
    if !meta.is_file() || meta.uid() != unsafe { libc::geteuid() } {
        return Err(format!("shared memory {name} is not this user's file"));
    }
    let len = meta.len() as usize;
    let map = map_file(&file, name, len);
    if remove {
        let _ = std::fs::remove_file(path(name));
    }
    Ok(SharedFile {
        name: name.to_string(),
        len,
        map: OnceLock::from(Ok(map?)),
        remove: None,
    })
}

fn valid_name(name: &str) -> bool {
    name.len() <= 64
        && name.strip_prefix(PREFIX).is_some_and(|rest| {
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        })
}

/// A daemon's probe: an empty file whose name goes in its hello.
pub fn probe() -> Option<String> {
    create_file().ok().map(|(name, _)| name)
}

/// Removes a file this process made (a probe nobody looked for).
pub fn remove(name: &str) {
    if valid_name(name) {
        let _ = std::fs::remove_file(path(name));
    }
}

/// Whether the probe `name` is there to be found (then it is removed).
pub fn found(name: &str) -> bool {
    open(name, true).is_ok()
}

/// Removes files of this module whose maker is no longer alive and which
/// are at least `min_age` old (a younger one may be a result still on its
/// way from a daemon that has just exited).
pub fn sweep(min_age: Duration) {
    let Ok(entries) = std::fs::read_dir(DIR) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = maker(name) else { continue };
        // SAFETY: signal 0 only checks that the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if alive {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= min_age);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The id of the process that made the file `name`.
fn maker(name: &str) -> Option<i32> {
    if !valid_name(name) {
        return None;
    }
    let rest = name.strip_prefix(PREFIX)?;
    rest.split('-').next()?.parse().ok()
}

/// Whether `name` (of a file this module made) is in `/dev/shm`.
#[cfg(test)]
pub fn exists(name: &str) -> bool {
    std::path::Path::new(&path(name)).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_reads_back_and_is_removed_with_its_owner() {
        let mut w = SharedWriter::create(0).unwrap();
        let big: Vec<u8> = (0..(3 * WRITE_BUFFER + 17)).map(|i| i as u8).collect();
        w.write(b"head").unwrap();
        w.write(&big).unwrap();
        w.write(b"tail").unwrap();
        let owned = w.finish(true).unwrap();
        let name = owned.name().to_string();
        let read = open(&name, false).unwrap();
        let bytes = read.bytes().unwrap();
        assert_eq!(bytes.len(), 4 + big.len() + 4);
        assert_eq!(&bytes[..4], b"head");
        assert_eq!(&bytes[4..4 + big.len()], &big[..]);
        assert_eq!(owned.bytes().unwrap(), bytes);
        drop(owned);
        assert!(!exists(&name));
        // The reader's mapping outlives the name.
        assert_eq!(&read.bytes().unwrap()[bytes.len() - 4..], b"tail");
    }

    #[test]
    fn a_receiver_that_removes_leaves_no_file() {
        let mut w = SharedWriter::create(0).unwrap();
        w.write(b"result").unwrap();
        let handed = w.finish(false).unwrap();
        let name = handed.name().to_string();
        drop(handed);
        assert!(exists(&name));
        let got = open(&name, true).unwrap();
        assert!(!exists(&name));
        assert_eq!(got.bytes().unwrap(), b"result");
    }

    #[test]
    fn no_file_is_made_for_more_than_dev_shm_can_take() {
        let e = SharedWriter::create(usize::MAX).err().unwrap();
        assert_eq!(e.raw_os_error(), Some(libc::ENOSPC));
    }

    #[test]
    fn only_names_of_this_module_are_opened() {
        for bad in [
            "",
            "mirairs-",
            "../etc/passwd",
            "mirairs-1/../../x",
            "other-12-ab",
        ] {
            assert!(open(bad, false).is_err(), "{bad}");
        }
        assert!(open("mirairs-1-0000000000000000", false).is_err()); // absent
    }

    #[test]
    fn a_probe_is_found_once() {
        let name = probe().unwrap();
        assert!(found(&name));
        assert!(!found(&name));
    }

    #[test]
    fn sweep_removes_files_of_dead_makers_only() {
        // A child that has exited: its pid is free (reaped).
        let dead = std::process::Command::new("true").spawn().unwrap();
        let pid = dead.id();
        dead.wait_with_output().unwrap();
        let orphan = format!("{PREFIX}{pid}-00000000000000ab");
        std::fs::write(path(&orphan), b"x").unwrap();
        let mine = probe().unwrap();
        sweep(Duration::from_secs(3600));
        assert!(exists(&orphan), "too young to be swept");
        sweep(Duration::ZERO);
        assert!(!exists(&orphan));
        assert!(exists(&mine));
        assert!(found(&mine));
    }
}
