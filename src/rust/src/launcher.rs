//! Local daemon processes: started without a shell, reaped in the background
//! so neither zombies nor strays outlive `daemons(0)`.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `Rscript --vanilla -e <expr>`, or what it amounts to (see
/// `r_binary`). The host's library paths go along in `R_LIBS` because
/// `--vanilla` skips the user's start-up files. `secret` goes in the
/// environment (`MIRAI_SECRET`), where other users' `ps` cannot see it.
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
    let mut cmd = match r_binary(&Env::current()) {
        Some(binary) => direct(binary, expr),
        None => {
            let mut cmd = Command::new(rscript);
            cmd.arg("--vanilla").arg("-e").arg(expr);
            cmd
        }
    };
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
    cmd.env("R_LIBS", libs)
        .stdin(Stdio::null())
        .stdout(stdio())
        .stderr(stdio())
        .spawn()
        .map_err(|e| format!("cannot start '{rscript}': {e}"))
}

/// The host's environment, as far as starting R goes.
struct Env {
    r_home: Option<String>,
    r_arch: String,
    share_dir: bool,
    library_path: String,
}

impl Env {
    fn current() -> Env {
        let var = |k| std::env::var(k).ok();
        Env {
            r_home: var("R_HOME"),
            r_arch: var("R_ARCH").unwrap_or_default(),
            share_dir: var("R_SHARE_DIR").is_some(),
            library_path: var("LD_LIBRARY_PATH").unwrap_or_default(),
        }
    }
}

/// R's own binary, when this session was started through R's front-end
/// script: it left R_SHARE_DIR and R's libraries on LD_LIBRARY_PATH in the
/// environment, which is all the script would set up again. Starting the
/// binary directly skips Rscript, two shells and a `uname`: about 35 ms of a
/// daemon's 150 ms start. Elsewhere (R embedded in another program): None,
/// and Rscript it is.
fn r_binary(env: &Env) -> Option<PathBuf> {
    let home = env.r_home.as_deref()?;
    let lib = format!("{home}/lib");
    if !env.share_dir || !env.library_path.split(':').any(|p| p == lib) {
        return None;
    }
    let binary = PathBuf::from(format!("{home}/bin/exec{}/R", env.r_arch));
    binary.is_file().then_some(binary)
}

/// The command Rscript would end in: `R --no-echo --no-restore --vanilla -e
/// <expr>`, with what the front-end script sets for `--vanilla`, and the
/// expression escaped as it escapes it (R undoes that), so the daemon's
/// `commandArgs()` are the same either way.
fn direct(binary: PathBuf, expr: &str) -> Command {
    let mut cmd = Command::new(binary);
    for var in ["R_ENVIRON", "R_ENVIRON_USER", "R_PROFILE", "R_PROFILE_USER"] {
        cmd.env(var, "");
    }
    cmd.args(["--no-echo", "--no-restore", "--vanilla", "-e"])
        .arg(escape_expr(expr));
    cmd
}

fn escape_expr(expr: &str) -> String {
    expr.trim_end_matches('\n')
        .replace(' ', "~+~")
        .replace('\n', "~n~")
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
    use super::*;

    fn env(home: &str, library_path: &str, share_dir: bool) -> Env {
        Env {
            r_home: Some(home.into()),
            r_arch: String::new(),
            share_dir,
            library_path: library_path.into(),
        }
    }

    #[test]
    fn starts_r_directly_only_where_the_front_end_set_it_up() {
        let home = std::env::temp_dir().join(format!("mirairs-rhome-{}", std::process::id()));
        std::fs::create_dir_all(home.join("bin/exec")).unwrap();
        std::fs::write(home.join("bin/exec/R"), b"").unwrap();
        let home = home.to_str().unwrap();
        let libs = format!("/opt/x:{home}/lib:/usr/lib");
        assert_eq!(
            r_binary(&env(home, &libs, true)),
            Some(PathBuf::from(format!("{home}/bin/exec/R")))
        );
        assert_eq!(r_binary(&env(home, "/usr/lib", true)), None);
        assert_eq!(r_binary(&env(home, &libs, false)), None);
        assert_eq!(
            r_binary(&env("/nonexistent", "/nonexistent/lib", true)),
            None
        );
        let mut unset = env(home, &libs, true);
        unset.r_home = None;
        assert_eq!(r_binary(&unset), None);
        std::fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn escapes_the_expression_as_the_front_end_does() {
        assert_eq!(
            escape_expr("miraiRs::daemon(\"u\", tlscert = \"a\nb\")\n"),
            "miraiRs::daemon(\"u\",~+~tlscert~+~=~+~\"a~n~b\")"
        );
    }

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
