#' Launch Daemons
#'
#' `launch_local()` starts daemons on this machine, in new background
#' `Rscript` processes (forked from one R start-up, as for [daemons()]), that
#' connect to an existing compute profile: use it to
#' add daemons at any time without resetting, or to replace daemons that have
#' exited after reaching a time or task limit.
#'
#' `launch_remote()` returns the shell commands that start daemons connecting
#' to the compute profile, as a character vector of class 'miraiLaunchCmd'
#' (printed ready to copy and paste on the remote machines). With a `remote`
#' configuration that has a command ([ssh_config()], [cluster_config()] or
#' [remote_config()] with `command`), it also runs them; with
#' [http_config()], it sends one launch request per daemon instead.
#'
#' Daemons must already be set with [daemons()]. Each launched daemon gets
#' its own L'Ecuyer-CMRG random number stream (as the `rs` argument of
#' [daemon()] in the command), unless the profile has a `seed`.
#'
#' @param n integer number of daemons; for `launch_remote()`, may also be a
#'   'miraiCluster' or 'miraiNode' made with a `url`.
#' @param ... (optional) arguments passed on to [daemon()]: `autoexit`,
#'   `cleanup`, `output`, `idletime`, `walltime`, `maxtasks`. When given, they
#'   replace those given to [daemons()] for the profile.
#' @param .compute character name of the compute profile, or NULL for the one
#'   in use.
#'
#' @return For `launch_local()`: the integer number of daemons launched.
#'
#' @examples
#' daemons(url = local_url())
#' launch_local(2)
#' launch_remote(1)
#' daemons(0)
#'
#' @export
#'
launch_local <- function(n = 1L, ..., .compute = NULL) {
  profile <- launcher_profile(.compute)
  check_count(n, "n")
  args <- if (...length()) check_daemon_args(list(...)) else profile$args
  n <- as.integer(n)
  if (n > 0L) launch_daemons(profile, n, local_dial_url(profile$url), args)
  n
}

#' @param remote a remote launch configuration from [remote_config()],
#'   [ssh_config()], [cluster_config()] or [http_config()]. The default, a
#'   [remote_config()] without a command, launches nothing and only returns
#'   the commands.
#'
#' @return For `launch_remote()`: a character vector of class
#'   'miraiLaunchCmd', one shell command per daemon.
#'
#' @rdname launch_local
#' @export
#'
launch_remote <- function(n = 1L, remote = remote_config(), ..., .compute = NULL) {
  if (inherits(n, c("miraiCluster", "miraiNode"))) {
    .compute <- attr(n, "id")
    n <- max(length(n), 1L)
  }
  profile <- launcher_profile(.compute)
  check_count(n, "n")
  n <- as.integer(n)
  args <- if (...length()) check_daemon_args(list(...)) else profile$args
  check_remote(remote)
  command <- remote[["command"]]
  rargs <- remote[["args"]]
  url <- profile$url

  if (length(command) && is.list(rargs)) {
    if (isTRUE(remote[["tunnel"]])) {
      parts <- parse_tcp_url(url)
      if (is.null(parts) || parts[["host"]] != "127.0.0.1")
        stop("SSH tunnelling requires daemons `url` hostname to be `127.0.0.1`", call. = FALSE)
      prefix <- sprintf("-R %s:127.0.0.1:%s", parts[["port"]], parts[["port"]])
      rargs <- lapply(rargs, function(a) `[<-`(a, 1L, sprintf("%s %s", prefix, a[1L])))
    }
    if (length(rargs) == 1L) {
      rargs <- rep(rargs, n)
    } else if (n == 1L || n == length(rargs)) {
      n <- length(rargs)
    } else {
      stop("`n` must equal the length of `args`, or either must be 1", call. = FALSE)
    }
  }

  calls <- vapply(seq_len(n), function(i) daemon_call(url, args, daemon_stream(profile), profile$tlscert), character(1L))
  cmds <- sprintf("%s -e %s", remote[["rscript"]] %||% "Rscript", shQuote(calls))

  if (is_http_config(remote)) {
    for (call in calls) http_launch(remote, call)
  } else if (length(command)) {
    for (i in seq_len(n)) {
      a <- if (is.list(rargs)) rargs[[i]] else rargs
      quote <- remote[["quote"]]
      cargs <- if (is.null(quote)) {
        # cluster_config(): a here-document for /bin/sh -c
        a[find_dot(a)] <- cmds[[i]]
        c("-c", shQuote(paste(a, collapse = "")))
      } else {
        `[<-`(a, find_dot(a), if (isTRUE(quote)) shQuote(cmds[[i]]) else cmds[[i]])
      }
      system2(command, args = cargs, wait = FALSE)
    }
  }
  structure(cmds, class = "miraiLaunchCmd")
}

#' Generic Remote Launch Configuration
#'
#' A configuration for [launch_remote()] (and so for launching daemons on
#' other machines): the command that runs a daemon's launch command there.
#'
#' @param command the command that effects the launch (such as `"ssh"` or
#'   `"srun"`). The default NULL launches nothing: [launch_remote()] then
#'   only returns the shell commands, for deployment by hand.
#' @param args the arguments to `command`, as a character vector that
#'   includes `"."` as an element, which is replaced by the daemon's launch
#'   command; or a list of such vectors, one launch for each.
#' @param rscript the Rscript executable on the remote machine: `"Rscript"`
#'   when it is on the search path, otherwise its full path.
#' @param quote logical: whether to quote the launch command as one shell
#'   word (needed by `"ssh"` or Slurm's `"sbatch"`, not by `"srun"`).
#'
#' @return A list (command, args, rscript, quote, tunnel) to pass as `remote`
#'   to [launch_remote()].
#'
#' @seealso [ssh_config()], [cluster_config()], [http_config()].
#'
#' @examples
#' # Slurm srun
#' remote_config(command = "srun", args = c("--mem 512", "-n 1", "."),
#'               rscript = file.path(R.home("bin"), "Rscript"))
#' # SSH needs quote = TRUE
#' remote_config(command = "/usr/bin/ssh", args = c("-fTp 22 10.75.32.90", "."),
#'               quote = TRUE)
#'
#' @export
#'
remote_config <- function(command = NULL, args = c("", "."), rscript = "Rscript", quote = FALSE) {
  if (!is.null(command) && !is_string(command))
    stop("`command` must be NULL or a single character string", call. = FALSE)
  if (is.list(args)) lapply(args, find_dot) else find_dot(args)
  list(command = command, args = args, rscript = rscript, quote = quote, tunnel = FALSE)
}

#' SSH Remote Launch Configuration
#'
#' A configuration for [launch_remote()] that starts daemons over SSH, each
#' dialling back to the host's URL directly or (with `tunnel = TRUE`) through
#' an SSH tunnel.
#'
#' Key-based SSH authentication must already work. For direct connections,
#' the host's port must accept connections from the remote machines. With
#' tunnelling, set the [daemons()] `url` host to `127.0.0.1` (as
#' `local_url(tcp = TRUE)` does): the same port on each remote machine is
#' forwarded back to the host's, so nothing but SSH needs to be open.
#'
#' @param remotes the URL or URLs to SSH into, with the 'ssh://' scheme and
#'   optionally a port (22 by default), such as 'ssh://10.75.32.90:22' or
#'   'ssh://nodename'.
#' @param tunnel logical: whether to use SSH tunnelling.
#' @param timeout seconds allowed for setting up the connection.
#' @param command the SSH executable.
#' @inheritParams remote_config
#'
#' @inherit remote_config return
#'
#' @examples
#' ssh_config(c("ssh://10.75.32.90:222", "ssh://nodename"), timeout = 5)
#' ssh_config("ssh://10.75.32.90", tunnel = TRUE)
#'
#' @export
#'
ssh_config <- function(remotes, tunnel = FALSE, timeout = 10, command = "ssh", rscript = "Rscript") {
  if (!(is.character(remotes) && length(remotes) && !anyNA(remotes)))
    stop("`remotes` must be a character vector of 'ssh://' URLs", call. = FALSE)
  args <- lapply(remotes, function(r) {
    p <- parse_ssh_url(r)
    c(sprintf("-o ConnectTimeout=%s -fTp %s", as.character(timeout), p[["port"]]), p[["host"]], ".")
  })
  list(command = command, args = args, rscript = rscript, quote = TRUE, tunnel = isTRUE(tunnel))
}

#' Cluster Remote Launch Configuration
#'
#' A configuration for [launch_remote()] that submits each daemon as a job to
#' an HPC resource manager: Slurm `sbatch`, SGE and Torque/PBS `qsub`, or LSF
#' `bsub`. The job script is given to `command` as a here-document run by
#' `/bin/sh`.
#'
#' @param command the submission command: `"sbatch"` for Slurm, `"qsub"` for
#'   SGE / Torque / PBS, `"bsub"` for LSF.
#' @param options the lines of the job script before the launch command, as
#'   in a script given to `command` (such as `"#SBATCH --mem=10G"`), separated
#'   by new lines; other shell commands (such as `module load R`) may be
#'   included. Leading spaces on each line are removed; no shebang line is
#'   needed.
#' @inheritParams remote_config
#'
#' @inherit remote_config return
#'
#' @examples
#' # Slurm
#' cluster_config(command = "sbatch", options = "#SBATCH --job-name=mirai
#'                #SBATCH --mem=10G
#'                #SBATCH --output=job.out
#'                module load R/4.5.0")
#' # SGE
#' cluster_config(command = "qsub", options = "#$ -N mirai
#'                #$ -l mem_free=10G")
#' # Torque/PBS
#' cluster_config(command = "qsub", options = "#PBS -N mirai
#'                #PBS -l mem=10gb")
#' # LSF
#' cluster_config(command = "bsub", options = "#BSUB -J mirai
#'                #BSUB -M 10000")
#'
#' @export
#'
cluster_config <- function(command = "sbatch", options = "", rscript = file.path(R.home("bin"), "Rscript")) {
  if (!(is.character(command) && length(command) >= 1L && !is.na(command[[1L]])))
    stop("`command` must be a character string such as \"sbatch\"", call. = FALSE)
  if (!is_string(options))
    stop("`options` must be a single character string", call. = FALSE)
  command <- command[[1L]]
  options <- gsub("(^|\n)[ \t]+", "\\1", options, perl = TRUE)
  args <- c(sprintf("%s<<'EOF'\n#!/bin/sh\n%s\n", command, options), ".", "\nEOF")
  list(command = "/bin/sh", args = args, rscript = rscript, quote = NULL)
}

#' URL Constructors
#'
#' `host_url()` makes a URL at which daemons on other machines can reach this
#' one: 'tcp://' (or 'tls+tcp://') with this machine's IP address, for the
#' `url` argument of [daemons()]. With several network interfaces it returns
#' one URL per interface, named by interface, of which [daemons()] uses the
#' first; with none found, the host name is used instead.
#'
#' `local_url()` makes a URL for daemons on this machine: an abstract Unix
#' socket with a random name, or with `tcp = TRUE` a TCP port on 127.0.0.1
#' (as SSH tunnelling needs, see [ssh_config()]).
#'
#' No network traffic is involved: the addresses are read from this
#' machine's interfaces.
#'
#' @param tls logical: use the 'tls+tcp://' scheme.
#' @param port the port; 0 (the default) picks a free port when [daemons()]
#'   starts listening, which [status()] then shows. For `local_url()` it only
#'   matters with `tcp = TRUE`.
#'
#' @return A character vector of URLs (named for `host_url()` when the
#'   interfaces are known).
#'
#' @examples
#' host_url()
#' host_url(tls = TRUE, port = 5555)
#' local_url()
#' local_url(tcp = TRUE, port = 5555)
#'
#' @export
#'
host_url <- function(tls = FALSE, port = 0) {
  port <- check_port(port)
  ip <- ip_addresses()
  if (!length(ip)) ip <- Sys.info()[["nodename"]]
  urls <- sprintf("%s://%s:%d", if (isTRUE(tls)) "tls+tcp" else "tcp", ip, port)
  names(urls) <- names(ip)
  urls
}

#' @param tcp logical: use a TCP port on 127.0.0.1 instead of a Unix socket.
#'
#' @rdname host_url
#' @export
#'
local_url <- function(tcp = FALSE, port = 0) {
  port <- check_port(port)
  if (isTRUE(tcp)) return(sprintf("tcp://127.0.0.1:%d", port))
  .Call(wrap__local_socket_url)
}

#' @export
print.miraiLaunchCmd <- function(x, ...) {
  for (i in seq_along(x)) cat(sprintf("[%d]\n%s\n\n", i, x[[i]]), file = stdout())
  invisible(x)
}

# internals --------------------------------------------------------------------

# Local daemons: started by the Rust side without a shell and reaped by it
# after daemons(0). Each gets its own random number stream (unless the
# profile has a seed) and, for a profile at a local url, a socket of its own
# to dial (faster than the profile's, see transport.rs). Several daemons
# share one R start-up: one Rscript is forked into a group of them (see
# fork_groups() and fork_daemons()).
launch_daemons <- function(profile, n, url, args = profile$args) {
  output <- isTRUE(args$output)
  rscript <- file.path(R.home("bin"), "Rscript")
  libs <- paste(.libPaths(), collapse = .Platform$path.sep)
  calls <- vapply(seq_len(n), function(i) {
    own <- .Call(wrap__host_own_url, profile$h)
    daemon_call(if (is.null(own)) url else own, args, daemon_stream(profile), profile$tlscert)
  }, character(1L))
  for (group in fork_groups(calls))
    .Call(wrap__host_launch, profile$h, rscript, fork_code(group), libs, output)
  profile$n <- profile$n + n
  invisible(n)
}

# The calls in groups, one R start-up each: at most 64 daemons (they share
# its CPU as they start), and the group's code within R's limit of 10,000
# bytes on the code given to `Rscript -e`, which counts each space as three
# (Rscript passes it as "~+~"). R drops longer code with a warning, and no
# daemon of that group would start.
fork_groups <- function(calls, most = 64L, bytes = 9500) {
  groups <- list()
  start <- 1L
  for (i in seq_along(calls)[-1L]) {
    if (i - start == most || rscript_bytes(fork_code(calls[start:i])) > bytes) {
      groups[[length(groups) + 1L]] <- calls[start:(i - 1L)]
      start <- i
    }
  }
  c(groups, list(calls[start:length(calls)]))
}

# The code an Rscript runs for a group of daemon calls.
fork_code <- function(calls) {
  if (length(calls) == 1L) calls else sprintf("miraiRs:::fork_daemons(%s)", paste(deparse(calls), collapse = " "))
}

rscript_bytes <- function(code) nchar(code, "bytes") + 2L * (nchar(code) - nchar(gsub(" ", "", code, fixed = TRUE)))

# What an Rscript started for several daemons runs: it forks into one daemon
# per call, and stays as their parent until the last has exited. Each child
# makes its own temporary directory (tempdir() recreates a missing one), so
# that none removes another's when it exits.
fork_daemons <- function(calls) {
  unlink(tempdir(), recursive = TRUE)
  i <- .Call(wrap__fork_daemons, calls, file.path(R.home("bin"), "Rscript"))
  if (i > 0L) {
    tempdir(check = TRUE)
    eval(str2lang(calls[[i]]), .GlobalEnv)
  }
  invisible()
}

# The R code a daemon runs, e.g. miraiRs::daemon("abstract://...", cleanup = TRUE, rs = c(...))
daemon_call <- function(url, args, rs = NULL, tlscert = NULL) {
  extra <- c(if (length(rs)) list(rs = rs), if (length(tlscert)) list(tlscert = tlscert))
  call <- as.call(c(list(quote(miraiRs::daemon), url), args, extra))
  paste(deparse(call, width.cutoff = 500L), collapse = " ")
}

check_remote <- function(remote) {
  if (!is.list(remote) || !(is_http_config(remote) || all(c("command", "args", "rscript") %in% names(remote))))
    stop("`remote` must be a configuration made by remote_config(), ssh_config(), cluster_config() or http_config()",
         call. = FALSE)
}

# Whether `remote` starts daemons itself; otherwise its commands are for
# deployment by hand.
launches <- function(remote) length(remote[["command"]]) > 0L || is_http_config(remote)

launcher_profile <- function(.compute) {
  profile <- get_profile(compute_name(.compute))
  if (is.null(profile)) stop("daemons must be set to use launchers", call. = FALSE)
  if (isTRUE(profile$sync)) stop("launchers are not available with daemons(sync = TRUE)", call. = FALSE)
  profile
}

find_dot <- function(args) {
  sel <- args == "."
  if (!any(sel)) stop("`.` must be an element of the character vector(s) supplied to `args`", call. = FALSE)
  sel
}

check_port <- function(port) {
  if (!(is.numeric(port) && length(port) == 1L && !is.na(port) && port >= 0 && port <= 65535 && port == trunc(port)))
    stop("`port` must be an integer between 0 and 65535", call. = FALSE)
  as.integer(port)
}

# list(host, port) of a tcp:// or tls+tcp:// URL (IPv6 hosts without their
# brackets), or NULL for other schemes.
parse_tcp_url <- function(url) {
  m <- regmatches(url, regexec("^(tls\\+)?tcp://(\\[[^]]*\\]|[^:/]*):([0-9]+)", url))[[1L]]
  if (!length(m)) return(NULL)
  list(host = gsub("^\\[|\\]$", "", m[[3L]]), port = m[[4L]])
}

parse_ssh_url <- function(url) {
  m <- regmatches(url, regexec("^(ssh://)?(\\[[^]]*\\]|[^:/]+)(:([0-9]+))?/?$", url))[[1L]]
  if (!length(m)) stop(sprintf("'%s' is not a valid URL such as 'ssh://nodename:22'", url), call. = FALSE)
  list(host = gsub("^\\[|\\]$", "", m[[3L]]), port = if (nzchar(m[[5L]])) m[[5L]] else "22")
}

# This machine's IPv4 addresses other than loopback, named by interface, read
# from the interfaces (`ip`, else `hostname -I`): no network traffic.
ip_addresses <- function() {
  out <- tryCatch(
    suppressWarnings(system2("ip", c("-4", "-o", "addr", "show"), stdout = TRUE, stderr = FALSE)),
    error = function(e) character()
  )
  m <- regmatches(out, regexec("^[0-9]+:\\s+(\\S+)\\s+inet\\s+([0-9.]+)/", out))
  m <- Filter(length, m)
  if (length(m)) {
    ip <- vapply(m, `[[`, "", 3L)
    names(ip) <- vapply(m, `[[`, "", 2L)
  } else {
    out <- tryCatch(
      suppressWarnings(system2("hostname", "-I", stdout = TRUE, stderr = FALSE)),
      error = function(e) character()
    )
    ip <- grep("^[0-9]+(\\.[0-9]+){3}$", unlist(strsplit(out, "\\s+")), value = TRUE)
  }
  ip[!startsWith(ip, "127.")]
}

# Listens at `url`; a TCP port 0 becomes a free port picked here (the engine
# does not report the port the system would pick), so the profile's URL, as
# status() shows, is one daemons can dial. The pick does not use R's random
# number generator, so the session's random state is untouched.
listen_url <- function(url, tls = NULL, secret = NULL) {
  if (!grepl("^(tls\\+)?tcp://.*:0/?$", url)) return(.Call(wrap__host_listen, url, tls, secret))
  range <- tryCatch(
    as.integer(scan("/proc/sys/net/ipv4/ip_local_port_range", quiet = TRUE)),
    error = function(e) c(49152L, 65535L), warning = function(w) c(49152L, 65535L)
  )
  if (length(range) != 2L || anyNA(range) || range[2L] <= range[1L]) range <- c(49152L, 65535L)
  span <- range[2L] - range[1L] + 1L
  start <- (Sys.getpid() * 7919 + floor(as.numeric(Sys.time()) * 1000)) %% span
  for (i in 0:99) {
    port <- range[1L] + (start + i * 7L) %% span
    try_url <- sub(":0(/?)$", sprintf(":%d\\1", as.integer(port)), url)
    h <- tryCatch(.Call(wrap__host_listen, try_url, tls, secret), error = function(e) e)
    if (!inherits(h, "error")) return(h)
    if (!grepl("in use", conditionMessage(h), fixed = TRUE)) stop(h)
  }
  stop(sprintf("cannot listen at '%s': no free port found", url), call. = FALSE)
}
