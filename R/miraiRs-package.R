#' miraiRs: Minimalist Async Evaluation for R, with a Rust Engine
#'
#' A drop-in replacement for the 'mirai' package. `daemons()` starts
#' persistent background R processes, `mirai()` evaluates an expression on
#' one of them and returns at once, `m[]` waits for the value. The dispatcher
#' (queue, assignment, cancellation, timeouts) is a Rust thread inside this R
#' session; daemons talk to it over NNG sockets.
#'
#' @section Logging:
#' Set the environment variable `MIRAIRS_LOG` to `error`, `warn`, `info`,
#' `debug` or `trace` before loading the package to see the engine's log on
#' stderr. It is off by default.
#'
#' @useDynLib miraiRs, .registration = TRUE
#' @keywords internal
"_PACKAGE"

# Compute profiles by name: each an environment with the host handle `h`,
# its `url` and the number of daemons launched `n`.
.. <- new.env(parent = emptyenv())

# Daemon-side state: `daemon` is TRUE while this process serves tasks.
. <- new.env(parent = emptyenv())

# mirai()'s native routine (see rsubmit.rs), set at load.
mirai_submit_native <- NULL

.onLoad <- function(libname, pkgname) {
  .Call(wrap__log_init)
  mirai_submit_native <<- .Call(wrap__mirai_submit_routine)
  invisible()
}

`%||%` <- function(x, y) if (is.null(x)) y else x

# A single, non-missing character string.
is_string <- function(x) is.character(x) && length(x) == 1L && !is.na(x)
