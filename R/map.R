#' mirai Map
#'
#' Asynchronous parallel map of a function over a list or vector, each
#' application of `.f` being a separate [mirai()]. For a matrix or data frame,
#' maps over its rows (multiple map). Names are kept.
#'
#' Each element (or row) goes out as its own mirai, so the daemons' first-in,
#' first-out scheduling keeps them all busy. Failures do not stop the others:
#' every 'miraiError' or 'errorValue' is returned in its place, so only the
#' failures need re-running (unless collected with `.stop`).
#'
#' Daemons must be set first ([daemons()]); `mirai_map()` errors otherwise,
#' and it refuses to run on a daemon (inside a mirai), which would otherwise
#' fan a map out from every element of another map.
#'
#' @param .x a list or atomic vector; or a matrix or data frame, to map over
#'   its rows.
#' @param .f a function, applied to each element of `.x` (or each row).
#' @param ... (optional) named objects that `.f` refers to but does not
#'   define (helper functions, data), or an environment of them; assigned to
#'   the daemons' global environment as for [mirai()].
#' @param .args (optional) a list of further constant arguments to `.f`.
#' @param .promise (optional) a function, or a list of two functions
#'   (onFulfilled, onRejected): each mirai of the map also becomes a promise
#'   with these handlers (needs the \pkg{promises} package), run from
#'   \pkg{later}'s event loop as each element finishes.
#' @param .compute character name of the compute profile, or NULL for the one
#'   in use.
#'
#' @return A 'mirai_map': a list of 'mirai' objects, with the names of `.x`
#'   (or the character row names of a matrix or data frame).
#'
#' @section Collection Options:
#'
#' `x[]` waits for every mirai of the map `x` (blocking, but Ctrl-C returns
#' control) and returns a list of their values.
#'
#' `x[.flat]` collects and flattens the values into a vector, checking they
#' are all of the same type, so nothing is coerced. It errors if a value is an
#' 'errorValue' or the types differ.
#'
#' `x[.progress]` collects with a progress bar: the 'cli' package's, with
#' percentage and ETA, if installed, or else a text bar
#' ([utils::txtProgressBar()]), on stderr. A map that finishes quickly may
#' never show the bar.
#'
#' `x[.stop]` collects with early stopping: at the first 'errorValue' (in the
#' order of `x`), the remaining mirai are cancelled with [stop_mirai()] and an
#' error is raised naming the index (and name) and the original message.
#'
#' Options combine, as in `x[.stop, .progress]`. [collect_mirai()] takes them
#' as a character vector: `collect_mirai(x, c(".stop", ".progress"))`.
#'
#' @section Multiple Map:
#'
#' For a matrix or data frame `.x`, `.f` is called once per row with the row's
#' elements as its arguments: by name when the data frame has names or the
#' matrix has column names, by position otherwise. `.f` must accept as many
#' arguments as there are columns. To map over columns instead, use
#' `as.list()` on a data frame, or `t()` on a matrix.
#'
#' @examples
#' daemons(2)
#' mm <- mirai_map(c(a = 1, b = 2, c = 3), function(x) x * 10)
#' mm
#' mm[]
#' mm[.flat]
#'
#' # constant arguments through .args, helpers through ...
#' mirai_map(1:3, function(x, y) f(x) + y, .args = list(y = 1), f = sqrt)[.flat]
#'
#' # rows of a data frame as arguments
#' df <- data.frame(a = c("x", "y"), b = 1:2)
#' mirai_map(df, function(a, b) paste(a, b))[.flat]
#'
#' # early stopping
#' tryCatch(mirai_map(list(1, "a", 3), sum)[.stop], error = conditionMessage)
#' daemons(0)
#'
#' @export
#'
mirai_map <- function(.x, .f, ..., .args = list(), .promise = NULL, .compute = NULL) {
  if (on_daemon())
    stop("mirai_map() cannot be called on a daemon (inside a mirai): map from the host session instead", call. = FALSE)
  require_daemons(.compute = .compute, call = environment())
  if (!is.function(.f)) stop(sprintf("`.f` must be of type function, not %s", typeof(.f)), call. = FALSE)
  if (!is.list(.args)) stop(sprintf("`.args` must be a list, not %s", typeof(.args)), call. = FALSE)
  if (!(is.atomic(.x) || is.list(.x) || is.null(.x)))
    stop(sprintf("`.x` must be a list, vector, matrix or data frame, not %s", typeof(.x)), call. = FALSE)
  if (!is.null(.promise) && !(is.function(.promise) ||
      (is.list(.promise) && length(.promise) %in% 1:2 && all(vapply(.promise, is.function, logical(1L))))))
    stop("`.promise` must be a function, or a list of one or two functions (onFulfilled, onRejected)", call. = FALSE)
  .compute <- compute_name(.compute)

  # Each element is a mirai() call, submitted directly: the expression and
  # globals are the same for every element, so mirai()'s own handling of
  # them is done once here.
  globals <- list(...)
  element_args <- function(x) list(.f = .f, .x = x, .args = .args, .mirai_within_map = TRUE)
  one <- function(x, expr) submit_mirai(expr, globals, element_args(x), NULL, .compute, wait = TRUE)
  dx <- dim(.x)
  if (is.data.frame(.x)) {
    cols <- unclass(.x)
    attributes(cols) <- list(names = names(.x))
    vec <- lapply(seq_len(nrow(.x)), function(i) one(lapply(cols, `[[`, i), row_call))
    rn <- attr(.x, "row.names", exact = TRUE)
    names(vec) <- if (is.character(rn)) rn
  } else if (length(dx) == 2L) {
    cn <- dimnames(.x)[[2L]]
    vec <- lapply(seq_len(dx[1L]), function(i) {
      row <- as.list(.x[i, , drop = TRUE])
      names(row) <- cn
      one(row, row_call)
    })
    names(vec) <- dimnames(.x)[[1L]]
  } else {
    vec <- map_elements(as.list(.x), one, element_args, globals, .compute)
    names(vec) <- names(.x)
  }
  if (!is.null(.promise)) attach_promises(vec, .promise)
  structure(vec, class = "mirai_map")
}

# The mirai of a map over `xs` (the elements lapply() would give): all
# submitted at once where the engine can place each element in a single
# serialization of the task (see host_submit_map in rapi.rs), which is the
# case for elements written without a symbol (plain vectors, lists of them)
# without a per-task seed, memory cap or sync evaluation; else one mirai()
# each.
map_elements <- function(xs, one, element_args, globals, .compute) {
  if (length(xs) > 1L) {
    task <- task_data(element_call, globals, element_args(map_marker))
    ms <- .Call(wrap__host_submit_map, get_profile(.compute), task, map_marker, xs)
    if (!is.null(ms)) return(ms)
  }
  lapply(xs, one, expr = element_call)
}

# Stands for `.x` in the task serialized once for a whole map.
map_marker <- charToRaw("miraiRs map: .x!")

# .promise: each mirai also settles a promise with these handlers, run from
# later's event loop as each one finishes.
attach_promises <- function(ms, handlers) {
  if (!requireNamespace("promises", quietly = TRUE))
    stop("`.promise` needs the 'promises' package", call. = FALSE)
  if (is.function(handlers)) handlers <- list(handlers)
  for (m in ms) promises::then(m, onFulfilled = handlers[[1L]], onRejected = if (length(handlers) > 1L) handlers[[2L]])
}

#' mirai Map Options
#'
#' The collection options of a 'mirai_map', used inside `[]`: `x[.flat]`,
#' `x[.progress]`, `x[.stop]`, or combined as `x[.stop, .progress]`.
#'
#' @inheritSection mirai_map Collection Options
#'
#' @format A marker object of class 'miraiMapOption'.
#'
#' @keywords internal
#' @export
#'
.flat <- structure(".flat", class = "miraiMapOption")

#' @rdname dot-flat
#' @format NULL
#' @export
#'
.progress <- structure(".progress", class = "miraiMapOption")

#' @rdname dot-flat
#' @format NULL
#' @export
#'
.stop <- structure(".stop", class = "miraiMapOption")

#' @export
`[.mirai_map` <- function(x, ...) {
  if (missing(..1)) return(collect_map(x))
  exprs <- as.list(substitute(list(...)))[-1L]
  opts <- vapply(exprs, map_option, character(1L), envir = parent.frame())
  collect_map(x, flat = ".flat" %in% opts, progress = ".progress" %in% opts, stop = ".stop" %in% opts)
}

#' @export
print.mirai_map <- function(x, ...) {
  done <- sum(!vapply(unclass(x), unresolved, logical(1L)))
  cat(sprintf("< mirai map [%d/%d] >\n", done, length(x)), file = stdout())
  invisible(x)
}

#' @export
print.miraiMapOption <- function(x, ...) {
  cat(sprintf("< mirai map option: %s >\n", unclass(x)), file = stdout())
  invisible(x)
}

# internals --------------------------------------------------------------------

map_options <- c(".flat", ".progress", ".stop")

# What the daemon evaluates, in an environment holding .f, .x and .args.
element_call <- quote(do.call(.f, c(list(.x), .args), quote = TRUE))
row_call <- quote(do.call(.f, c(.x, .args), quote = TRUE))

# One argument of `[`: the option symbols themselves, or anything evaluating
# to an option (miraiRs::.flat, a variable holding one).
map_option <- function(expr, envir) {
  if (is.symbol(expr) && as.character(expr) %in% map_options) return(as.character(expr))
  value <- if (is.symbol(expr) && identical(as.character(expr), "")) NULL else
    tryCatch(eval(expr, envir), error = function(e) NULL)
  if (inherits(value, "miraiMapOption")) return(unclass(value))
  stop(sprintf(
    "unknown collection option for a 'mirai_map': `%s`; use x[], x[.flat], x[.progress], x[.stop] or a combination such as x[.stop, .progress]",
    paste(deparse(expr, nlines = 1L), collapse = "")
  ), call. = FALSE)
}

# collect_mirai(x, options): a character vector of options, or a named
# vector or list whose names are the options (the value of .progress then
# names the progress bar, or is a list of arguments to cli_progress_bar()).
collect_options <- function(x, options) {
  bar <- NULL
  if (length(names(options))) {
    keep <- !vapply(options, isFALSE, logical(1L), USE.NAMES = FALSE)
    bar <- if (".progress" %in% names(options)) options[[".progress"]]
    options <- names(options)[keep]
  }
  if (!is.character(options) || anyNA(options) || !all(options %in% map_options))
    stop("`options` must name collection options: \".flat\", \".progress\" and/or \".stop\"", call. = FALSE)
  if (!(is.character(bar) && length(bar) == 1L) && !is.list(bar)) bar <- NULL
  collect_map(x, flat = ".flat" %in% options, progress = ".progress" %in% options,
              stop = ".stop" %in% options, bar = bar)
}

# Collects a list of mirai in order. With `stop`, the first error value
# cancels the rest and raises an error; with `flat`, the values are checked
# to share one type and flattened; with `progress`, a bar advances per value.
collect_map <- function(x, flat = FALSE, progress = FALSE, stop = FALSE, bar = NULL) {
  n <- length(x)
  out <- vector("list", n)
  # Each test below runs once per element, so each is a single comparison:
  # an update is due at `next_update` (never without a bar).
  next_update <- n + 1L
  if (progress) {
    pb <- progress_start(n, bar)
    next_update <- 1L
  }
  check <- stop || flat
  typ <- NULL
  for (i in seq_len(n)) {
    m <- .subset2(x, i)
    xi <- if (is_mirai(m)) collect_one(m) else m
    if (check) {
      if (is_error_value(xi)) {
        stop_mirai(x)
        map_error(x, i, xi)
      }
      if (flat) {
        if (i == 1L) {
          typ <- typeof(xi)
        } else if (typeof(xi) != typ) {
          stop_mirai(x)
          flat_error(x, i, typ, typeof(xi))
        }
      }
    }
    if (!is.null(xi)) out[[i]] <- xi
    if (i >= next_update) next_update <- progress_update(pb, i, n)
  }
  names(out) <- names(x)
  if (flat) unlist(out, recursive = FALSE) else out
}

map_error <- function(x, i, xi) {
  name <- names(x)[i]
  msg <- attr(xi, "message", exact = TRUE)
  if (is.null(msg)) msg <- sprintf("errorValue %d | %s", as.integer(xi), error_text(xi))
  if (use_cli()) {
    parent <- errorCondition(msg, call = attr(xi, "call", exact = TRUE))
    cli::cli_abort(
      c(i = "In index: {i}.", i = if (length(name) && !is.na(name) && nzchar(name)) "With name: {name}."),
      location = i, name = name, parent = parent, call = quote(mirai_map())
    )
  }
  stop(sprintf("In index %d:\n%s", i, msg), call. = FALSE)
}

flat_error <- function(x, i, typ, now) {
  if (use_cli()) {
    cli::cli_abort(
      c(`!` = "cannot flatten outputs of differing type: {typ} / {now}"),
      location = i, name = names(x)[i], call = quote(mirai_map())
    )
  }
  stop(sprintf("Cannot flatten outputs of differing type: %s / %s", typ, now), call. = FALSE)
}

# The bar lives in the frame of the caller (collect_map), so cli closes it
# when that frame exits, error or not.
progress_start <- function(n, bar, envir = parent.frame()) {
  p <- new.env(parent = emptyenv())
  p$step <- 1L
  p$last <- proc.time()[["elapsed"]]
  if (use_cli()) {
    args <- if (is.list(bar)) bar else list(name = bar, type = NULL)
    do.call(cli::cli_progress_bar, c(list(total = n, auto_terminate = TRUE, .envir = envir), args))
    p$envir <- envir
    return(p)
  }
  p$pb <- utils::txtProgressBar(min = 0, max = max(n, 1L), style = 3, file = stderr())
  do.call(on.exit, list(call("close", p$pb), TRUE, FALSE), envir = envir)
  p
}

# Moves the bar to `i` and returns the element at which to move it next (at
# the latest the last, `n`; past the end once there). An update costs ~35 us
# (cli), a third of a tiny task's share of a map, so the step between
# updates doubles while they come faster than every 50 ms and halves when
# they are slower than 200 ms: a slow map still moves with each element, a
# fast one updates a few times a second.
progress_update <- function(p, i, n) {
  if (is.null(p$pb)) cli::cli_progress_update(set = i, .envir = p$envir) else utils::setTxtProgressBar(p$pb, i)
  now <- proc.time()[["elapsed"]]
  gap <- now - p$last
  p$last <- now
  if (gap < 0.05) p$step <- p$step * 2L else if (gap > 0.2 && p$step > 1L) p$step <- p$step %/% 2L
  if (i < n) min(i + p$step, n) else n + 1L
}
