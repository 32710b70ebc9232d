#' Daemon Instance
#'
#' Starts a daemon: a persistent loop that dials the host at `url`, then
#' receives tasks, evaluates them and sends back their results. Local daemons
#' run it through `Rscript`; on another machine run
#' `Rscript -e 'miraiRs::daemon("tcp://hostname:5555")'`.
#'
#' @param url the host's URL, such as `"tcp://10.0.0.1:5555"`.
#' @param dispatcher logical; accepted for compatibility with mirai.
#' @param ... reserved for compatibility with mirai; must be empty.
#' @param asyncdial logical; accepted for compatibility with mirai. A daemon
#'   always dials in the background, retrying with backoff until the host
#'   answers (see the Connections section).
#' @param autoexit logical. A connection lost without the host's word (a
#'   cut link, see the Connections section) never ends a daemon: it redials.
#'   With TRUE, the task it was running is interrupted (the host has already
#'   resolved it), and the daemon exits once the host has gone for good: its
#'   address has refused connections for longer than the heartbeat bound.
#'   With FALSE, that task runs to its end and the daemon redials for as
#'   long as it takes.
#' @param cleanup logical: after each task, remove new objects from the
#'   global environment, detach newly attached packages and restore options,
#'   so every task starts from the same state.
#' @param output logical: keep the daemon's stdout and stderr; by default
#'   they are discarded.
#' @param idletime milliseconds to wait idle for a task before exiting.
#' @param walltime milliseconds after which the daemon exits (checked
#'   between tasks).
#' @param maxtasks the number of tasks after which the daemon exits.
#' @param rs (optional) the initial value of `.Random.seed`: a length 7
#'   integer L'Ecuyer-CMRG stream. [daemons()] and the launchers set it, so
#'   each daemon has its own stream; there is no need to supply it.
#' @param tlscert for a `tls+tcp://` url: the host's certificate (PEM text or
#'   a file), the only one this daemon trusts. [daemons()] makes it and its
#'   launchers pass it on.
#' @param secret the host's shared secret, if it has one (see [daemons()]);
#'   NULL uses the environment variable `MIRAI_SECRET` when set.
#'
#' @section Connections:
#' The daemon may start before its host: it retries with backoff (1 s,
#' doubling up to 8 s), writing one line per try to stderr, such as
#' `miraiRs daemon: cannot reach tcp://10.0.0.1:5555 (Connection refused), retrying in 2 s`,
#' then `connected to ...` once through. These lines go straight to the
#' process's stderr (file descriptor 2), so they reach a container's log even
#' with `output = FALSE`. Host and daemon ping each other every few seconds
#' (the host's `MIRAIRS_HEARTBEAT_MS`, 5000 by default) and each closes a
#' connection silent for 6 intervals, so a link cut without a word is
#' noticed; the daemon then redials. [daemons()] with `n = 0` tells each
#' daemon to exit: it writes `miraiRs daemon: the host called daemons(0); exiting`
#' and exits with status 0.
#'
#' @return Invisibly, an integer exit code once the daemon has exited: 0L
#'   when the host ended the session (or has gone), or the limit reached: 1L (idletime), 2L
#'   (walltime), 3L (maxtasks); [nextcode()] describes it. When the daemon
#'   is the whole of an `Rscript -e` command, such as
#'   `Rscript -e 'miraiRs::daemon(url, maxtasks = 10)'`, the process exits
#'   with this status.
#'
#' @examples
#' \donttest{
#' # Usually started for you by daemons(); by hand:
#' url <- "tcp://127.0.0.1:5559"
#' daemons(url = url)
#' cmd <- sprintf("miraiRs::daemon('%s', maxtasks = 1)", url)
#' system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(cmd)), wait = FALSE)
#' mirai(Sys.getpid())[]
#' daemons(0)
#' }
#'
#' @export
#'
daemon <- function(url, dispatcher = TRUE, ..., asyncdial = FALSE, autoexit = TRUE, cleanup = TRUE,
                   output = FALSE, idletime = Inf, walltime = Inf, maxtasks = Inf, rs = NULL,
                   tlscert = NULL, secret = NULL) {
  if (!(is_string(url) && nzchar(url)))
    stop("'url' must be a single character string such as \"tcp://10.0.0.1:5555\"", call. = FALSE)
  if (...length()) stop("unused arguments in '...'", call. = FALSE)
  for (arg in c("asyncdial", "autoexit", "cleanup", "output")) {
    v <- get(arg)
    if (!(is.logical(v) && length(v) == 1L && !is.na(v)))
      stop(sprintf("'%s' must be TRUE or FALSE", arg), call. = FALSE)
  }
  for (arg in c("idletime", "walltime", "maxtasks")) {
    v <- get(arg)
    if (!(is.numeric(v) && length(v) == 1L && !is.na(v) && v > 0))
      stop(sprintf("'%s' must be a positive number (or Inf)", arg), call. = FALSE)
  }
  if (!is.null(rs) && !(is.numeric(rs) && length(rs) == 7L && !anyNA(rs)))
    stop("'rs' must be NULL or a length 7 integer L'Ecuyer-CMRG stream", call. = FALSE)
  # The exit status of `Rscript -e 'miraiRs::daemon(...)'` is the exit code:
  # quit() runs last, after the other exit handlers below have cleaned up.
  xc <- 0L
  finished <- FALSE
  alone <- sys.nframe() == 1L && !interactive() && launched_alone()
  if (!output) {
    devnull <- file(nullfile(), open = "w")
    sink(devnull)
    sink(devnull, type = "message")
    on.exit({
      sink(type = "message")
      sink()
      close(devnull)
    }, add = TRUE)
  }
  if (!is.null(tlscert)) {
    if (!is_string(tlscert))
      stop("'tlscert' must be NULL or the host's certificate: PEM text or a file", call. = FALSE)
    tlscert <- read_pem(tlscert)
  }
  .Call(wrap__worker_connect, url, R.version.string, autoexit, tlscert, check_secret(secret))
  on.exit(.Call(wrap__worker_close), add = TRUE)
  .$daemon <- TRUE
  on.exit(.$daemon <- NULL, add = TRUE)
  on.exit(if (finished && alone && xc) quit(save = "no", status = xc), add = TRUE)
  if (!is.null(rs)) assign(".Random.seed", as.integer(rs), envir = .GlobalEnv)

  snap <- if (cleanup) snapshot()
  start <- proc.time()[["elapsed"]]
  done <- 0
  # proc.time() costs ~2 us a call: read only with a walltime to keep.
  timed <- is.finite(walltime)
  # Runs tasks until the daemon must leave, then returns TRUE.
  serve <- function() {
    repeat {
      wall <- if (timed) walltime - 1000 * (proc.time()[["elapsed"]] - start) else Inf
      if (wall <= 0) {
        xc <<- 2L
        break
      }
      left <- min(idletime, wall)
      ready <- .Call(wrap__worker_await, if (is.finite(left)) left else -1)
      if (ready == 0L) {
        xc <<- if (idletime < wall) 1L else 2L
        break
      }
      if (ready != 1L) break
      task <- .Call(wrap__worker_take)
      if (is.character(task)) break
      if (is.null(task)) next
      done <<- done + 1
      value <- run_task(task$task)
      # A limit reached: this result is flagged as the last, so the host
      # expects the daemon to leave.
      last <- done >= maxtasks || timed && walltime <= 1000 * (proc.time()[["elapsed"]] - start)
      if (!.Call(wrap__worker_reply, value, last))
        .Call(wrap__worker_reply, mk_mirai_error(simpleError("the result could not be serialized"), NULL), last)
      if (last) {
        xc <<- if (done >= maxtasks) 3L else 2L
        # The host hangs up once it has the result; exiting first could cut it off.
        .Call(wrap__worker_await, 5000)
        break
      }
      if (cleanup) {
        if (task$persist) snap <<- snapshot() else restore(snap)
      }
    }
    TRUE
  }
  # A cancel's SIGINT meant for a task can land just outside the task's own
  # handler (as the task is taken, or as it ends), where it would end an
  # Rscript daemon: it is caught here, the task answered as interrupted (a
  # no-op if its result already left), and the loop goes on. One handler
  # around the whole loop, not one more per task.
  while (is.null(tryCatch(serve(), interrupt = function(cnd) NULL))) {
    .Call(wrap__worker_reply, mirai_interrupt, FALSE)
    if (cleanup) restore(snap)
  }
  finished <- TRUE
  invisible(xc)
}

# Whether this process is `Rscript -e '<a call to daemon()>'` and nothing else.
launched_alone <- function() {
  args <- commandArgs()
  e <- which(args == "-e")
  if (length(e) != 1L || e == length(args)) return(FALSE)
  exprs <- tryCatch(parse(text = gsub("~+~", " ", args[[e + 1L]], fixed = TRUE)), error = function(err) NULL)
  if (length(exprs) != 1L || !is.call(exprs[[1L]])) return(FALSE)
  f <- exprs[[1L]][[1L]]
  identical(f, quote(daemon)) ||
    is.call(f) && length(f) == 3L && identical(f[[1L]], quote(`::`)) && identical(f[[3L]], quote(daemon))
}

# Evaluates one task (the list from the host, or why it could not be read)
# and returns its value, a 'miraiError' or a 'miraiInterrupt': the host always
# hears back. One tryCatch covers it all: it is the costliest R construct on
# this path. `genv`: where `...` objects go (daemons(sync = TRUE) uses its own).
run_task <- function(task, genv = .GlobalEnv) {
  if (is.character(task)) return(mk_mirai_error(simpleError(task), NULL))
  trace <- NULL
  if (!is.null(task[[2L]][[".Random.seed"]])) {
    # A seeded mirai (daemons(seed = )) brings its own random state: the
    # daemon's own stream is put back afterwards, so nothing leaks into the
    # tasks that follow.
    seed <- get0(".Random.seed", envir = .GlobalEnv, inherits = FALSE)
    on.exit(put_random_seed(seed))
  }
  # One exiting handler, not one for errors and one for interrupts (each
  # costs ~4 us a task): an interrupt (a cancel) is turned into an error of
  # its own class where it is signalled, below any handler of the task's.
  tryCatch(
    {
      globals <- task[[2L]]
      if (length(globals)) list2env(globals, envir = genv)
      envir <- list2env(task[[3L]], parent = genv)
      withCallingHandlers(
        eval(task[[1L]], envir),
        error = function(cnd) trace <<- sys.calls(),
        interrupt = function(cnd) stop(cancelled)
      )
    },
    error = function(cnd) if (identical(cnd, cancelled)) mirai_interrupt else mk_mirai_error(cnd, trace)
  )
}

cancelled <- structure(class = c("miraiCancelled", "error", "condition"),
                       list(message = "the task was cancelled", call = NULL))

eval_call <- quote(eval(task[[1L]], envir))

put_random_seed <- function(seed) {
  if (!is.null(seed)) {
    assign(".Random.seed", seed, envir = .GlobalEnv)
  } else if (exists(".Random.seed", envir = .GlobalEnv, inherits = FALSE)) {
    rm(".Random.seed", envir = .GlobalEnv)
  }
}

mirai_interrupt <- structure("", class = c("miraiInterrupt", "errorValue", "try-error"))

# The error as mirai gives it: "Error in f(): msg" with the condition's parts
# as attributes and the calls from the task's frame down to the error.
mk_mirai_error <- function(cnd, calls) {
  call <- conditionCall(cnd)
  msg <- conditionMessage(cnd)
  text <- if (is.null(call) || identical(call, eval_call)) {
    sprintf("Error: %s", msg)
  } else {
    sprintf("Error in %s: %s", paste(deparse(call, width.cutoff = 500L, nlines = 1L), collapse = ""), msg)
  }
  err <- structure(
    text,
    class = c("miraiError", "errorValue", "try-error"),
    message = msg,
    call = call,
    condition.class = class(cnd),
    stack.trace = stack_trace(calls)
  )
  parts <- unclass(cnd)
  for (nm in setdiff(names(parts), c("message", "call"))) attr(err, nm) <- parts[[nm]]
  err
}

stack_trace <- function(calls) {
  if (!length(calls)) return(list())
  top <- which(vapply(calls, identical, logical(1L), eval_call))
  if (!length(top)) return(list())
  frames <- calls[seq.int(max(top) + 1L, length.out = max(0L, length(calls) - max(top) - 1L))]
  frames <- Filter(function(f) !identical(f[[1L]], quote(.handleSimpleError)), frames)
  lapply(rev(frames), `attributes<-`, NULL)
}

# cleanup = TRUE: what a task may change and the daemon puts back. restore()
# runs after every task, so its checks are cheap when nothing changed (the
# common case): the options are kept as a copy of the .Options pairlist,
# which compares with the live one as it is (options() itself costs ~30 us,
# converting .Options to a list ~3 us), and a task's globals go through
# R_removeVarFromFrame (rm() costs ~7 us).
snapshot <- function() {
  globals <- names(.GlobalEnv)
  list(globals = globals, keep = c(globals, ".Random.seed"), search = search(),
       options = as.pairlist(as.list(.Options)))
}

restore <- function(snap) {
  now <- names(.GlobalEnv)
  if (!identical(now, snap$globals)) {
    new <- now[!now %in% snap$keep]
    if (length(new)) .Call(wrap__remove_globals, new)
  }
  if (!identical(search(), snap$search)) {
    for (pkg in setdiff(search(), snap$search)) try(detach(pkg, character.only = TRUE), silent = TRUE)
  }
  if (!identical(.Options, snap$options)) {
    added <- setdiff(names(.Options), names(snap$options))
    options(as.list(snap$options))
    if (length(added)) options(structure(vector("list", length(added)), names = added))
  }
}
