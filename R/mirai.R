#' mirai (Evaluate Async)
#'
#' Evaluates an expression asynchronously on a daemon and returns a 'mirai'
#' at once; the mirai resolves to the value when evaluation completes.
#'
#' The expression is evaluated in a clean environment on the daemon holding
#' only the objects in `.args`, whose parent is the daemon's global
#' environment, to which the objects in `...` are assigned. Supply every
#' object the expression needs (functions included) through one of the two.
#'
#' With no daemons set, a one-off daemon is started for this mirai alone.
#'
#' The value is at `$data` (an 'unresolved' logical NA until it arrives);
#' `m[]` waits for it (Ctrl-C returns control), as does [call_mirai()].
#'
#' @section Errors:
#' An error in evaluation resolves the mirai to a character string of class
#' 'miraiError' and 'errorValue' (test with [is_mirai_error()]); `$message`,
#' `$call`, `$condition.class` and `$stack.trace` (a list of calls, innermost
#' first) give its parts. A timeout resolves to 'errorValue' 5, a cancellation
#' with [stop_mirai()] to 20, a daemon lost mid-task or a reset to 19.
#'
#' @param .expr an expression to evaluate asynchronously (of any length,
#'   wrapped in \{ \} where necessary), or a language object.
#' @param ... (optional) named objects, or an environment of them, assigned to
#'   the daemon's global environment before evaluation.
#' @param .args (optional) a named list, or an environment, of objects that
#'   stay local to the evaluation environment.
#' @param .timeout (optional) integer milliseconds after which the mirai
#'   resolves to 'errorValue' 5 and its evaluation is cancelled.
#' @param .compute character name of the compute profile to use.
#'
#' @return For `mirai()`: a 'mirai' object. For `try_mirai()`: a 'mirai', or
#'   NULL (invisibly) when the queue has no room for this task under
#'   `daemons(memory = )`.
#'
#' @section Bounded Queue:
#' With `daemons(memory = )` set, `mirai()` waits (blocking, interruptible)
#' until the queue has room for its task; `try_mirai()` never waits: it
#' returns NULL at once, and the caller decides whether to drop the task,
#' retry later or signal the pressure upstream. Without a capacity (or with
#' no daemons set), `try_mirai()` is the same as `mirai()`.
#'
#' @examples
#' daemons(1)
#' m <- mirai(x + y + 1, x = 2, .args = list(y = 3))
#' m[]
#' m$data
#' m2 <- mirai(stop("oops"))
#' m2[]
#' is_mirai_error(m2$data)
#' daemons(0)
#'
#' @export
#'
mirai <- function(.expr, ..., .args = list(), .timeout = NULL, .compute = NULL) {
  if (missing(.expr)) stop("missing expression, perhaps wrap in {}?", call. = FALSE)
  expr <- substitute(.expr)
  if (is.symbol(expr) && .Call(wrap__is_bound, expr, parent.frame()) && is.language(.expr))
    expr <- .expr
  globals <- list(...)
  # The common case, the default profile, in one call: NULL from it means
  # the long way (see rsubmit.rs).
  m <- if (is.null(.compute) && is.null(.[["cp"]]) || identical(.compute, "default"))
    .Call(mirai_submit_native, ..[["default"]], expr, globals, .args, .timeout)
  if (is.null(m)) submit_mirai(expr, globals, .args, .timeout, .compute, wait = TRUE) else m
}

#' @rdname mirai
#' @export
#'
try_mirai <- function(.expr, ..., .args = list(), .timeout = NULL, .compute = NULL) {
  if (missing(.expr)) stop("missing expression, perhaps wrap in {}?", call. = FALSE)
  expr <- substitute(.expr)
  if (is.symbol(expr) && .Call(wrap__is_bound, expr, parent.frame()) && is.language(.expr))
    expr <- .expr
  m <- submit_mirai(expr, list(...), .args, .timeout, .compute, wait = FALSE)
  if (is.null(m)) invisible() else m
}

# The rest of mirai() and try_mirai(); `wait`: whether to wait for room in a
# bounded queue (FALSE: NULL when there is none).
submit_mirai <- function(expr, globals, args, .timeout, .compute, wait) {
  timeout <- if (is.null(.timeout)) -1 else check_timeout(.timeout)
  data <- task_data(expr, globals, args)
  profile <- get_profile(compute_name(.compute))
  if (is.null(profile)) return(ephemeral_mirai(data, timeout))
  # daemons(seed = ): this mirai's own stream, whichever daemon runs it.
  if (!is.null(profile[["seed"]])) data[[2L]][[".Random.seed"]] <- next_stream(profile)
  # daemons(memory = ) or daemons(sync = TRUE): see bounded_submit(), sync_submit().
  submit <- profile[["submit"]]
  if (!is.null(submit)) return(submit(profile, data, timeout, wait))
  new_mirai(.Call(wrap__host_submit, profile$h, data, timeout, FALSE))
}

# Submission under daemons(memory = ): the task once the queue has room.
bounded_submit <- function(profile, data, timeout, wait) {
  task <- .Call(wrap__host_submit_bounded, profile$h, data, timeout, wait)
  if (is.null(task)) return(NULL)
  if (identical(task, -2L)) raise_interrupt()
  new_mirai(task)
}

#' mirai (Call Value)
#'
#' Waits for a 'mirai' (or each of a list of them) to resolve; the value is
#' then at `$data`. The wait can be interrupted with Ctrl-C.
#'
#' @param x a 'mirai' object, or a list of them.
#'
#' @return `x`, invisibly.
#'
#' @examples
#' daemons(1)
#' m <- mirai(Sys.getpid())
#' call_mirai(m)$data
#' daemons(0)
#'
#' @export
#'
call_mirai <- function(x) {
  if (is_mirai(x)) await(x) else lapply(x, function(m) if (is_mirai(m)) await(m))
  invisible(x)
}

#' mirai (Collect Value)
#'
#' Waits for a 'mirai' to resolve and returns its value; for a list of mirai,
#' a list of values with the same names. `x[]` is the same for one mirai.
#'
#' @param x a 'mirai' object, or a list of them.
#' @param options unused for a single mirai; reserved for 'mirai_map' options.
#'
#' @return The value of the mirai, or a list of values.
#'
#' @examples
#' daemons(1)
#' ms <- list(a = mirai(1), b = mirai(2))
#' collect_mirai(ms)
#' daemons(0)
#'
#' @export
#'
collect_mirai <- function(x, options = NULL) {
  if (is_mirai(x)) return(collect_one(x))
  if (length(options)) return(collect_options(x, options))
  lapply(x, function(m) if (is_mirai(m)) collect_one(m) else m)
}

#' mirai (Stop)
#'
#' Stops a 'mirai': it resolves at once to 'errorValue' 20 (Operation
#' canceled). A queued task is dropped and never evaluated; a running one is
#' interrupted on its daemon, which then takes the next task.
#'
#' @param x a 'mirai' object, or a list of them.
#'
#' @return TRUE if the mirai was still pending (so is now cancelled), FALSE if
#'   it had already resolved; a logical vector for a list.
#'
#' @examples
#' daemons(1)
#' m <- mirai(Sys.sleep(10))
#' stop_mirai(m)
#' m$data
#' daemons(0)
#'
#' @export
#'
stop_mirai <- function(x) {
  if (!is_mirai(x)) return(vapply(x, stop_mirai, logical(1L), USE.NAMES = FALSE))
  if (isTRUE(.subset2(x, "done"))) return(FALSE)
  .Call(wrap__task_cancel, .subset2(x, "task"))
}

#' mirai (Race)
#'
#' Waits for the first of a list of 'mirai' to resolve (blocking, but Ctrl-C
#' returns control) and returns its position. If some have resolved already,
#' it returns at once the position of the first of those in list order. This
#' gives a "process as completed" loop:
#' \preformatted{
#' remaining <- list(m1, m2, m3)
#' while (length(remaining)) {
#'   i <- race_mirai(remaining)
#'   print(remaining[[i]]$data)
#'   remaining <- remaining[-i]
#' }
#' }
#'
#' @param x a list of 'mirai' (or a 'mirai_map'), all of one compute profile.
#' @param .compute character name of the compute profile, or NULL for the one
#'   in use: daemons must be set.
#'
#' @return The position in `x` of the first resolved 'mirai' (invisibly).
#'
#' @examples
#' daemons(2)
#' m1 <- mirai({ Sys.sleep(0.3); "slow" })
#' m2 <- mirai({ Sys.sleep(0.1); "fast" })
#' race_mirai(list(m1, m2))
#' daemons(0)
#'
#' @export
#'
race_mirai <- function(x, .compute = NULL) {
  require_daemons(.compute = .compute, call = environment())
  if (is_mirai(x)) x <- list(x)
  x <- unclass(x)
  if (!length(x) || !all(vapply(x, is_mirai, logical(1L))))
    stop("'x' must be a non-empty list of 'mirai' objects", call. = FALSE)
  done <- vapply(x, function(m) isTRUE(.subset2(m, "done")), logical(1L))
  if (any(done)) return(invisible(which(done)[1L]))
  i <- .Call(wrap__tasks_race, lapply(x, .subset2, "task"), -1)
  if (i == -2L) raise_interrupt()
  invisible(i)
}

#' Query if a mirai is Unresolved
#'
#' Whether a 'mirai' (or any of a list of them), or a value taken from
#' `$data`, is still unresolved. It never waits.
#'
#' @param x a 'mirai', a list of them, or a value from `$data`.
#'
#' @return TRUE if unresolved, FALSE otherwise.
#'
#' @examples
#' daemons(1)
#' m <- mirai(Sys.sleep(0.2))
#' unresolved(m)
#' m[]
#' unresolved(m)
#' daemons(0)
#'
#' @export
#'
unresolved <- function(x) {
  if (is_mirai(x)) return(inherits(x$data, "unresolvedValue"))
  if (inherits(x, "unresolvedValue")) return(TRUE)
  if (is.list(x) && !is.object(x)) return(any(vapply(x, function(m) is_mirai(m) && unresolved(m), logical(1L))))
  if (inherits(x, "mirai_map")) return(any(vapply(unclass(x), unresolved, logical(1L))))
  FALSE
}

#' Is mirai / mirai_map
#'
#' Whether an object is a 'mirai', or a 'mirai_map' (a list of mirai).
#'
#' @param x an object.
#'
#' @return TRUE or FALSE.
#'
#' @examples
#' daemons(1)
#' m <- mirai(1)
#' is_mirai(m)
#' is_mirai(m[])
#' daemons(0)
#'
#' @export
#'
is_mirai <- function(x) inherits(x, "mirai")

#' @rdname is_mirai
#' @export
#'
is_mirai_map <- function(x) inherits(x, "mirai_map")

#' Error Validators
#'
#' `is_mirai_error()`: whether `x` is a 'miraiError' (an error in evaluation).
#' `is_mirai_interrupt()`: whether `x` is a 'miraiInterrupt' (evaluation was
#' interrupted on the daemon). `is_error_value()`: whether `x` is any
#' 'errorValue', including timeouts (5), resets (19) and cancellations (20).
#'
#' @param x an object.
#'
#' @return TRUE or FALSE.
#'
#' @examples
#' daemons(1)
#' m <- mirai(stop("boom"))
#' is_mirai_error(m[])
#' m$data$message
#' m2 <- mirai(Sys.sleep(1), .timeout = 50)
#' is_error_value(m2[])
#' daemons(0)
#'
#' @export
#'
is_mirai_error <- function(x) inherits(x, "miraiError")

#' @rdname is_mirai_error
#' @export
#'
is_mirai_interrupt <- function(x) inherits(x, "miraiInterrupt")

#' @rdname is_mirai_error
#' @export
#'
is_error_value <- function(x) inherits(x, "errorValue")

# methods ----------------------------------------------------------------------

#' @export
`[.mirai` <- function(x, i) collect_one(x)

#' @export
print.mirai <- function(x, ...) {
  cat(if (unresolved(x)) "< mirai [] >\n" else "< mirai [$data] >\n", file = stdout())
  invisible(x)
}

#' @export
print.miraiError <- function(x, ...) {
  cat(sprintf("'miraiError' chr %s\n", x), file = stdout())
  invisible(x)
}

#' @export
print.miraiInterrupt <- function(x, ...) {
  cat("'miraiInterrupt' chr \"\"\n", file = stdout())
  invisible(x)
}

#' @export
print.errorValue <- function(x, ...) {
  cat(sprintf("'errorValue' int %d | %s\n", as.integer(x), error_text(x)), file = stdout())
  invisible(x)
}

#' @export
print.unresolvedValue <- function(x, ...) {
  cat("'unresolved' logi NA\n", file = stdout())
  invisible(x)
}

#' @export
`$.miraiError` <- function(x, name) attr(x, name, exact = TRUE)

# Completion of `err$` in the console: the error's parts.
#' @exportS3Method utils::.DollarNames miraiError
.DollarNames.miraiError <- function(x, pattern = "") {
  grep(pattern, setdiff(names(attributes(x)), "class"), value = TRUE)
}

# `$data` is the mirai's value, fetched from the dispatcher the first time it
# is there (an S3 method costs less per mirai than an active binding).
#' @export
`$.mirai` <- function(x, name) if (identical(name, "data")) mirai_value(x) else .subset2(x, name)

# internals --------------------------------------------------------------------

unresolved_value <- structure(NA, class = "unresolvedValue")

error_value <- function(code) structure(as.integer(code), class = c("errorValue", "try-error"))

error_text <- function(code) {
  switch(as.character(as.integer(code)),
    "5" = "Timed out",
    "19" = "Connection reset",
    "20" = "Operation canceled",
    "Error"
  )
}

check_timeout <- function(t) {
  if (is.null(t)) return(-1)
  if (!(is.numeric(t) && length(t) == 1L && !is.na(t) && t >= 0))
    stop("'.timeout' must be NULL or a non-negative number of milliseconds", call. = FALSE)
  as.double(t)
}

# The task as the daemon receives it: list(expression, globals, local args);
# the engine serializes it straight into the message.
task_data <- function(expr, globals, args) {
  if (length(globals)) {
    gn <- names(globals)
    if (is.null(gn) && length(globals) == 1L && is.environment(globals[[1L]])) {
      globals <- as.list.environment(globals[[1L]], all.names = TRUE)
      globals[[".Random.seed"]] <- NULL # never the caller's random state
    } else if (is.null(gn) || !all(nzchar(gn))) {
      stop("all '...' arguments must be named, unless supplying an environment", call. = FALSE)
    }
  }
  if (is.environment(args)) {
    args <- as.list.environment(args, all.names = TRUE)
  } else if (!is.list(args) || (length(args) && (is.null(names(args)) || !all(nzchar(names(args)))))) {
    stop("'.args' must be a named list or an environment", call. = FALSE)
  }
  list(expr, globals, args)
}

# A mirai, made by the engine as mirai() makes it (see new_mirai in rtask.rs).
new_mirai <- function(task) .Call(wrap__new_mirai, task)

mirai_value <- function(m) .Call(wrap__mirai_value, m, FALSE, unresolved_value, NULL)

# m[]: waits for the value; Ctrl-C returns control to the prompt.
collect_one <- function(m) {
  value <- .Call(wrap__mirai_value, m, TRUE, unresolved_value, interrupted)
  if (identical(value, interrupted)) raise_interrupt()
  value
}

# What the engine returns from a wait that Ctrl-C ended.
interrupted <- new.env(parent = emptyenv())

await <- function(m) {
  if (isTRUE(.subset2(m, "done"))) return(invisible(m))
  if (.Call(wrap__task_await, .subset2(m, "task"), -1) == -2L) raise_interrupt()
  invisible(m)
}

# Re-raises a user interrupt caught while waiting in Rust: handlers for
# 'interrupt' conditions run, then control returns to the top level.
raise_interrupt <- function() {
  signalCondition(structure(class = c("interrupt", "condition"), list(message = "", call = NULL)))
  invokeRestart("abort")
}

# With no daemons set, mirai() starts a one-off daemon for this task alone;
# the mirai owns that host and closes it once the value is collected.
ephemeral_mirai <- function(data, timeout) {
  url <- .Call(wrap__local_socket_url)
  h <- .Call(wrap__host_listen, url, NULL, NULL)
  profile <- list2env(list(h = h, n = 0L))
  launch_daemons(profile, 1L, url, list(maxtasks = 1L))
  new_mirai(.Call(wrap__host_submit, h, data, timeout, TRUE))
}
