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
