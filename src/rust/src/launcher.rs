//! Local daemon processes: started without a shell, reaped in the background
//! so neither zombies nor strays outlive `daemons(0)`.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `Rscript --vanilla -e <expr>`. The host's library paths go along in
/// `R_LIBS` because `--vanilla` skips the user's start-up files.
/// `secret` goes in the environment (`MIRAI_SECRET`), where other users'
/// `ps` cannot see it.
pub fn spawn(
    rscript: &str,
    expr: &str,
    libs: &str,
    output: bool,
    secret: Option<&str>,
) -> Result<Child, String> {
    let stdio = || {
        if output {
            Stdio::inherit()
        } else {
            Stdio::null()
        }
    };
    let mut cmd = Command::new(rscript);
    // SAFETY: prctl is async-signal-safe. A local daemon dies with this
    // session even when it never got to connect (and so never saw it go).
    unsafe {
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            Ok(())
        });
    }
    if let Some(secret) = secret {
        cmd.env("MIRAI_SECRET", secret);
    }
    cmd.env(
        "GLIBC_TUNABLES",
        with_huge_pages(std::env::var("GLIBC_TUNABLES").ok()),
    );
    cmd.arg("--vanilla")
        .arg("-e")
        .arg(expr)
        .env("R_LIBS", libs)
        .stdin(Stdio::null())
        .stdout(stdio())
        .stderr(stdio())
        .spawn()
        .map_err(|e| format!("cannot start '{rscript}': {e}"))
}

/// Forks this freshly started R into one daemon per call: each child gets
/// its number (1 to `calls.len()`) back at once; this process waits until
/// every child has exited, then gets 0. R's start-up with its default
/// packages is 0.15-0.2 s of CPU, most of a local daemon's start, so one
/// start-up serves many daemons. The parent stays to reap its children, and
/// they die with it, as it dies with the host session.
///
/// A fork copies only the calling thread, and one holding a lock elsewhere
/// would leave the child stuck. This runs before any socket or thread of
/// ours exists; if R started with threads of its own (a threaded BLAS, say),
/// or `MIRAIRS_NO_FORK` is set, each call gets its own `rscript` instead.
pub fn fork_daemons(calls: &[String], rscript: &str) -> Result<i32, String> {
    let threads = std::fs::read_dir("/proc/self/task").map_or(0, |d| d.count());
    if threads != 1 || std::env::var_os("MIRAIRS_NO_FORK").is_some() {
        let libs = std::env::var("R_LIBS").unwrap_or_default();
        for call in calls {
            // Children of this process: stdio, secret and tunables as it has them.
            spawn(rscript, call, &libs, true, None)?;
        }
        reap_all();
        return Ok(0);
    }
    // SAFETY: getpid, fork, prctl, getppid and _exit are plain system calls,
    // and the process is single-threaded (checked above).
    let parent = unsafe { libc::getpid() };
    for i in 1..=calls.len() as i32 {
        match unsafe { libc::fork() } {
            0 => unsafe {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                if libc::getppid() != parent {
                    libc::_exit(1); // the parent died before the line above
                }
                return Ok(i);
            },
            -1 => {
                let e = std::io::Error::last_os_error();
                tracing::warn!("forked {} of {} daemons: {e}", i - 1, calls.len());
                break;
            }
            _ => {}
        }
    }
    reap_all();
    Ok(0)
}

/// Waits until this process has no child left.
fn reap_all() {
    loop {
        // SAFETY: waitpid with a null status pointer is allowed.
        if unsafe { libc::waitpid(-1, std::ptr::null_mut(), 0) } == -1
            && std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
        {
            return; // ECHILD: none left
        }
    }
}

/// glibc's tunables with transparent huge pages for malloc: a daemon that
/// receives a 100 MB object fills fresh buffers for the message, the R
/// vector and the reply, and 4 KiB pages cost a fault each (about a third of
/// a large round trip). A setting the user made wins.
fn with_huge_pages(tunables: Option<String>) -> String {
    match tunables {
        Some(t) if t.contains("glibc.malloc.hugetlb") => t,
        Some(t) if !t.is_empty() => format!("{t}:glibc.malloc.hugetlb=1"),
        _ => "glibc.malloc.hugetlb=1".to_string(),
    }
}

/// Waits for `children` on a background thread; any still running after
/// `grace` is killed.
pub fn reap(mut children: Vec<Child>, grace: Duration) {
    let spawned = std::thread::Builder::new()
        .name("miraiRs-reaper".into())
        .spawn(move || {
            let deadline = Instant::now() + grace;
            while !children.is_empty() {
                children.retain_mut(|c| matches!(c.try_wait(), Ok(None)));
                if Instant::now() >= deadline {
                    for c in &mut children {
                        let _ = c.kill();
                        let _ = c.wait();
                    }
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the reaper thread: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::with_huge_pages;

    #[test]
    fn adds_huge_pages_to_the_users_tunables() {
        assert_eq!(with_huge_pages(None), "glibc.malloc.hugetlb=1");
        assert_eq!(
            with_huge_pages(Some("glibc.malloc.arena_max=2".into())),
            "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"
        );
        let own = "glibc.malloc.hugetlb=0".to_string();
        assert_eq!(with_huge_pages(Some(own.clone())), own);
    }
}
