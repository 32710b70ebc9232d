#' Daemons (Set Persistent Processes)
#'
#' Sets up persistent background R processes (daemons) to evaluate mirai
#' expressions, or resets them with `daemons(0)`.
#'
#' `daemons(n)` listens at a local socket and launches `n` local daemons
#' (`Rscript -e 'miraiRs::daemon(url)'`) that dial back to it. It returns at
#' once; daemons connect within a fraction of a second and take tasks as they
#' connect. Tasks are queued first in, first out, each going to the first
#' idle daemon. Several daemons share one R start-up: one `Rscript` loads R
#' and forks into up to 64 daemons, then stays as their parent until they
#' exit; each daemon is still its own process with its own temporary
#' directory and random number stream. Set the environment variable
#' `MIRAIRS_NO_FORK` to start one `Rscript` per daemon instead.
#'
#' `daemons(url = "tcp://0.0.0.0:5555")` listens at a network address for
#' daemons started elsewhere (for instance with `daemon(url)` in a container).
#' With `remote` as well, `n` daemons are launched there (see
#' [launch_remote()]) instead of on this machine.
#'
#' `daemons(0)` resets: every mirai still outstanding resolves to
#' 'errorValue' 19 (Connection reset) and the daemons exit. Calling
#' `daemons()` with new settings on a profile already in use resets it first.
#'
#' @param n integer number of local daemons to launch, or zero to reset.
#' @param url (optional) the URL to listen at for daemons, such as
#'   `"tcp://0.0.0.0:5555"`; by default a local socket with a random name.
#'   A local url (`abstract://` or `ipc://`) takes daemons of this user only:
#'   any process on the machine can reach an abstract socket, so a
#'   connection from another user's process is refused, and a daemon leaves
#'   a local url where another user listens.
#' @param remote (optional, with `url`) a remote launch configuration from
#'   [ssh_config()], [cluster_config()], [remote_config()] or
#'   [http_config()]: the `n` daemons are launched through it by
#'   [launch_remote()]. A configuration without a command launches nothing
#'   and prints the shell commands to run instead.
#' @param dispatcher logical; accepted for compatibility with mirai: the
#'   dispatcher is always a thread in this session.
#' @param ... (optional) arguments passed on to [daemon()] for the local
#'   daemons: `autoexit`, `cleanup`, `output`, `idletime`, `walltime`,
#'   `maxtasks`.
#' @param sync logical: TRUE evaluates each [mirai()] in this process,
#'   synchronously, when it is created (for testing and debugging, e.g. with
#'   [browser()]); other arguments but `seed`, `serial` and `.compute` are
#'   then ignored. See the Synchronous Mode section.
#' @param seed (optional) NULL (the default) gives each daemon its own
#'   L'Ecuyer-CMRG random number stream, as the \pkg{parallel} package does:
#'   statistically sound, but not reproducible, as which task runs on which
#'   daemon varies. An integer instead starts a stream for the compute
#'   profile that is advanced for each [mirai()] call, which carries it to its
#'   daemon: results are then the same for the same seed, whatever the number
#'   of daemons and the order in which tasks complete. [everywhere()] does not
#'   advance it.
#' @param serial (optional) a configuration made by [serial_config()]:
#'   custom serialization of reference objects of its classes, both ways,
#'   with every daemon of this profile. Classes registered with
#'   [register_serial()] apply as well (those named in `serial` take
#'   precedence).
#' @param memory (optional) the capacity, in MB (1 MB = 1,000,000 bytes), of
#'   the queue of tasks waiting for a daemon. See the Memory section.
#' @param tls (for a `tls+tcp://` url) NULL to make a self-signed certificate
#'   now, which the local daemons and the launch commands of
#'   [launch_remote()] carry; or c(certificate, key): PEM text or files.
#'   Daemons trust exactly that certificate (`daemon(tlscert = )`), so a peer
#'   without it cannot connect and none can listen in.
#' @param secret (optional) a shared secret every daemon must prove it knows
#'   (by answering a random challenge; the secret itself never crosses the
#'   network) before it gets any task, on any transport. NULL uses the
#'   environment variable `MIRAI_SECRET` when set. Local daemons receive it
#'   in their environment; start remote ones with `MIRAI_SECRET` set, or
#'   `daemon(secret = )`.
#' @param retries the number of times a task whose daemon is lost mid-run
#'   (killed, or its connection cut) is sent again before it resolves to
#'   'errorValue' 19. mirai's behaviour is 0; with retries, make sure tasks
#'   can safely run twice.
#' @param .compute character name of the compute profile: each profile has its
#'   own daemons.
#'
#' @return Invisibly, TRUE (of class 'miraiDaemons', so that
#'   `with(daemons(n), expr)` works, see [with.miraiDaemons()]) when setting
#'   daemons, FALSE when resetting; with no arguments, the value of [status()].
#'
#' @section Memory:
#' With `memory` set, the tasks queued in this session waiting for a daemon
#' (their serialized payloads, as sent; a task already sent to a daemon,
#' running or prefetched, no longer counts) may hold at most that many MB.
#' A [mirai()] whose payload does not fit waits (blocking, Ctrl-C returns
#' control) until daemons take enough tasks off the queue; [try_mirai()]
#' returns NULL at once instead. A payload larger than the whole capacity is
#' queued once the queue is empty rather than never. `status()$memory` reports
#' the bytes `used` now, the `peak` reached and the `capacity`, in MB; run a
#' representative workload without `memory` to learn the peak it needs.
#'
#' @section Large Payloads:
#' A task or result whose serialization is 4 MB or more travels between this
#' session and daemons on the same machine through a file in `/dev/shm`
#' (named `mirairs-<pid>-<random>`, readable by this user only) instead of
#' the socket (a 100 MB round trip took 0.19-0.20 s instead of 0.27-0.36 s
#' here). A daemon proves it sees this
#' machine's `/dev/shm` when it connects; one that does not (another
#' machine, a container) gets payloads in its messages, as does every daemon
#' when `/dev/shm` has no room. A task's file is removed once the task is
#' done, a result's as soon as it arrives; files of processes that died are
#' removed (once 2 s old) when daemons are next set or reset.
#'
#' @section Synchronous Mode:
#' `daemons(sync = TRUE)` starts no process: each [mirai()] (and
#' [mirai_map()], [everywhere()]) is evaluated in this R session when it is
#' created, as a daemon would evaluate it (objects in `...` in an environment
#' of the profile, whose parent is the global environment, where they stay
#' until `daemons(0)`; `.args` in a fresh environment below it), and the mirai
#' is returned resolved. Errors become 'miraiError' values; `print()` and
#' `browser()` work as usual. `.timeout` does not apply.
#'
#' @examples
#' daemons(2)
#' status()
#' m <- mirai(Sys.getpid())
#' m[]
#' daemons(0)
#'
#' daemons(sync = TRUE)
#' mirai(Sys.getpid() == pid, pid = Sys.getpid())[]
#' daemons(0)
#'
#' @export
#'
daemons <- function(n, url = NULL, remote = NULL, dispatcher = TRUE, ..., sync = FALSE, seed = NULL,
                    serial = NULL, memory = NULL, tls = NULL, secret = NULL, retries = 0L, .compute = NULL) {
  .compute <- compute_name(.compute)
  if (missing(n) && is.null(url) && isFALSE(sync)) return(status(.compute))
  if (!missing(n)) check_count(n, "n")
  if (is.character(url) && length(url) > 1L) url <- url[[1L]] # host_url(): one per interface
  if (!is.null(url) && !(is_string(url) && nzchar(url)))
    stop("'url' must be a single character string such as \"tcp://0.0.0.0:5555\"", call. = FALSE)
  if (!(is.logical(dispatcher) && length(dispatcher) == 1L && !is.na(dispatcher)))
    stop("'dispatcher' must be TRUE or FALSE", call. = FALSE)
  if (!is.null(seed) && !(is.numeric(seed) && length(seed) == 1L && !is.na(seed)))
    stop("'seed' must be NULL or a single integer", call. = FALSE)
  if (!is.null(tls) && !(is.character(tls) && length(tls) == 2L && !anyNA(tls)))
    stop("'tls' must be NULL or c(certificate, key): PEM text or files", call. = FALSE)
  if (!(is.logical(sync) && length(sync) == 1L && !is.na(sync)))
    stop("'sync' must be TRUE or FALSE", call. = FALSE)
  if (!is.null(memory) && !(is.numeric(memory) && length(memory) == 1L && !is.na(memory) && memory > 0))
    stop("'memory' must be NULL or a positive number of MB", call. = FALSE)
  check_count(retries, "retries")
  if (!is.null(remote)) {
    check_remote(remote)
    if (is.null(url)) stop("'remote' needs a 'url' for the remote daemons to dial", call. = FALSE)
  }
  secret <- check_secret(secret)
  daemon_args <- check_daemon_args(list(...))
  serial <- profile_serial(serial)

  reset(.compute)
  if (sync) return(sync_daemons(seed, .compute))
  if (!missing(n) && n == 0 && is.null(url)) return(invisible(FALSE))

  url <- url %||% .Call(wrap__local_socket_url)
  h <- listen_url(url, if (!is.null(tls)) vapply(tls, read_pem, ""), secret)
  if (retries > 0) .Call(wrap__host_set_retries, h, as.integer(retries))
  set_host_serial(h, serial)
  profile <- new.env(parent = emptyenv())
  profile$h <- h
  profile$url <- .Call(wrap__host_url, h)
  profile$tlscert <- .Call(wrap__host_tls_cert, h)
  profile$n <- 0L
  profile$args <- daemon_args
  profile$seed <- seed
  profile$stream <- init_stream(seed)
  if (!is.null(memory)) {
    .Call(wrap__host_set_memory, h, memory * 1e6)
    profile$submit <- bounded_submit
  }
  assign(.compute, profile, envir = ..)
  n <- if (!missing(n)) as.integer(n) else if (!is.null(remote)) 1L else 0L
  if (!is.null(remote)) {
    launched <- launch_remote(n, remote, .compute = .compute)
    if (!launches(remote)) print(launched)
  } else if (n > 0L) {
    launch_daemons(profile, n, local_dial_url(profile$url))
  }
  # Classed for with(daemons(n), expr): see with.miraiDaemons() in profiles.R.
  invisible(structure(TRUE, class = c("miraiDaemons", .compute)))
}

#' Status Information
#'
#' Retrieves the status of the daemons of a compute profile.
#'
#' @param .compute character name of the compute profile.
#'
#' @return A named list: `connections` (the number of connected daemons),
#'   `daemons` (the URL they connect to), `mirai`, a named integer vector
#'   of tasks `awaiting` dispatch, `executing` and `completed`, and `memory`,
#'   a named numeric vector in MB (1,000,000 bytes) of the payloads queued
#'   for daemons: `used` now, `peak` and `capacity` (`daemons(memory = )`, NA
#'   when unbounded). With no daemons set, `connections` and `daemons` are 0;
#'   with `daemons(sync = TRUE)` there are no connections and no queue.
#'
#' @examples
#' status()
#' daemons(1)
#' status()
#' daemons(0)
#'
#' @export
#'
status <- function(.compute = NULL) {
  if (inherits(.compute, "miraiCluster")) return(cluster_status(.compute))
  profile <- get_profile(compute_name(.compute))
  if (is.null(profile)) return(list(connections = 0L, daemons = 0L))
  if (is.null(profile$h)) return(list(connections = 0L, daemons = profile$url))
  c <- .Call(wrap__host_counts, profile$h)
  list(
    connections = c$connections,
    daemons = profile$url,
    mirai = c(awaiting = c$awaiting, executing = c$executing, completed = as.integer(c$completed)),
    memory = structure(.Call(wrap__host_memory, profile$h) / 1e6, names = c("used", "peak", "capacity"))
  )
}

#' Information Statistics
#'
#' Counters for the daemons of a compute profile.
#'
#' @param .compute character name of the compute profile.
#'
#' @return A named integer vector: `connections` (now), `cumulative` (ever
#'   connected), `awaiting`, `executing` and `completed` tasks; NULL when no
#'   daemons are set.
#'
#' @examples
#' daemons(1)
#' info()
#' daemons(0)
#'
#' @export
#'
info <- function(.compute = NULL) {
  profile <- get_profile(compute_name(.compute))
  if (is.null(profile)) return(invisible())
  if (is.null(profile$h))
    return(c(connections = 0L, cumulative = NA, awaiting = NA, executing = NA, completed = NA))
  c <- .Call(wrap__host_counts, profile$h)
  c(
    connections = c$connections,
    cumulative = as.integer(c$cumulative),
    awaiting = c$awaiting,
    executing = c$executing,
    completed = as.integer(c$completed)
  )
}

#' Evaluate Everywhere
#'
#' Evaluates an expression once on every connected daemon of a compute
#' profile, for instance to load packages or export common data. Changes it
#' makes to the global environment, attached packages and options persist on
#' each daemon, whatever its `cleanup` setting; each daemon runs it before any
#' task queued after it.
#'
#' @inheritParams mirai
#' @param .min the minimum number of daemons to evaluate on: with fewer
#'   connected, it first waits for that many to connect (Ctrl-C returns
#'   control), a synchronization point for remote daemons that take time to
#'   connect. Ignored with `daemons(sync = TRUE)`.
#'
#' @return A list of 'mirai' (class 'mirai_map'), one per daemon, invisibly.
#'
#' @examples
#' daemons(2)
#' everywhere(y <- 3, x = 1)
#' mirai(x + y)[]
#' daemons(0)
#'
#' @export
#'
everywhere <- function(.expr, ..., .args = list(), .min = 1L, .compute = NULL) {
  profile <- get_profile(compute_name(.compute))
  if (is.null(profile)) stop("daemons must be set to use everywhere()", call. = FALSE)
  if (!(is.numeric(.min) && length(.min) == 1L && !is.na(.min) && .min >= 0))
    stop("'.min' must be a non-negative integer", call. = FALSE)
  expr <- substitute(.expr)
  if (is.symbol(expr) && .Call(wrap__is_bound, expr, parent.frame()) && is.language(.expr))
    expr <- .expr
  data <- task_data(expr, list(...), .args)
  if (isTRUE(profile$sync)) return(invisible(structure(list(sync_mirai(profile, data)), class = "mirai_map")))
  while (.Call(wrap__host_counts, profile$h)$connections < .min) Sys.sleep(0.01)
  tasks <- .Call(wrap__host_everywhere, profile$h, data)
  invisible(structure(lapply(tasks, new_mirai), class = "mirai_map"))
}

# internals --------------------------------------------------------------------

# NULL means the environment's MIRAI_SECRET; "" means none.
check_secret <- function(secret) {
  if (is.null(secret)) secret <- Sys.getenv("MIRAI_SECRET")
  if (!is_string(secret))
    stop("'secret' must be NULL or a single character string", call. = FALSE)
  if (nzchar(secret)) secret
}

# PEM given as text, or as the path of a file holding it.
read_pem <- function(x) {
  if (grepl("-----BEGIN", x, fixed = TRUE)) return(x)
  if (!file.exists(x)) stop(sprintf("'%s' is neither PEM text nor a file", x), call. = FALSE)
  paste(readLines(x, warn = FALSE), collapse = "\n")
}

compute_name <- function(.compute) {
  # NULL: the profile in use (set by with_daemons() / local_daemons()).
  if (is.null(.compute)) return(.[["cp"]] %||% "default")
  if (!(is_string(.compute) && nzchar(.compute)))
    stop("'.compute' must be a single character string naming a compute profile", call. = FALSE)
  .compute
}

get_profile <- function(name) ..[[name]]

check_count <- function(x, name) {
  if (!(is.numeric(x) && length(x) == 1L && !is.na(x) && x >= 0 && x == trunc(x) && x < .Machine$integer.max))
    stop(sprintf("'%s' must be a non-negative integer", name), call. = FALSE)
}

check_daemon_args <- function(args) {
  allowed <- c("asyncdial", "autoexit", "cleanup", "output", "idletime", "walltime", "maxtasks")
  nms <- names(args)
  if (length(args) && (is.null(nms) || !all(nms %in% allowed)))
    stop(sprintf("arguments in '...' must be named, and one of: %s", paste(allowed, collapse = ", ")),
         call. = FALSE)
  args
}

reset <- function(name) {
  profile <- get_profile(name)
  if (is.null(profile)) return(invisible())
  rm(list = name, envir = ..)
  if (!is.null(profile$h)) .Call(wrap__host_close, profile$h)
  invisible()
}

# A listener at tcp://0.0.0.0 is dialled by local daemons through loopback.
local_dial_url <- function(url) sub("^(tcp|tls\\+tcp)://(0\\.0\\.0\\.0|\\*|\\[::\\])", "\\1://127.0.0.1", url)
