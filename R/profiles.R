#' Query if Daemons are Set
#'
#' Whether daemons have been set for a compute profile.
#'
#' @param .compute character name of the compute profile, or NULL for the
#'   profile in use (the 'default' profile unless [with_daemons()] or
#'   [local_daemons()] say otherwise).
#'
#' @return TRUE or FALSE.
#'
#' @examples
#' daemons_set()
#' daemons(1)
#' daemons_set()
#' daemons(0)
#'
#' @export
#'
daemons_set <- function(.compute = NULL) !is.null(get_profile(compute_name(.compute)))

#' Require Daemons
#'
#' Returns TRUE if daemons are set for the compute profile, and otherwise
#' stops with an error telling the user how to set them. Useful at the top of
#' functions that need daemons, such as [mirai_map()].
#'
#' @inheritParams daemons_set
#' @param call the execution environment of the function calling this one,
#'   such as `environment()`: when the 'cli' package is installed, the error
#'   names that function as its source.
#'
#' @return TRUE, or else an error.
#'
#' @note The arguments used to be the other way round (`call` first); an
#'   environment given as the first argument is still taken as `call`.
#'
#' @examples
#' daemons(1)
#' require_daemons()
#' daemons(0)
#' try(require_daemons())
#'
#' @export
#'
require_daemons <- function(.compute = NULL, call = environment()) {
  if (is.environment(.compute)) {
    env <- .compute
    .compute <- if (is.character(call)) call
    call <- env
  }
  daemons_set(.compute) || stop_no_daemons(.compute, call)
}

#' With Daemons
#'
#' `with_daemons()` evaluates an expression with a compute profile as the one
#' in use: [mirai()], [mirai_map()], [status()] and other functions called
#' without `.compute` (or with `.compute = NULL`) inside it use that profile.
#' `local_daemons()` makes a profile the one in use until the function it is
#' called from returns.
#'
#' Both work with daemons that are already set and error otherwise, unlike
#' `with(daemons(...), expr)`, which sets daemons for the duration of `expr`
#' and resets them afterwards.
#'
#' @param .compute character name of the compute profile to use.
#' @param expr an expression to evaluate.
#'
#' @return For `with_daemons()`: the value of `expr`. For `local_daemons()`:
#'   invisible NULL.
#'
#' @examples
#' daemons(1, .compute = "cpu")
#' with_daemons("cpu", {
#'   status()$connections
#'   m <- mirai(Sys.getpid())
#' })
#' m[]
#' f <- function() {
#'   local_daemons("cpu")
#'   mirai(1 + 1)[]
#' }
#' f()
#' daemons(0, .compute = "cpu")
#'
#' @export
#'
with_daemons <- function(.compute, expr) {
  require_daemons(.compute = .compute, call = environment())
  prev <- .[["cp"]]
  .[["cp"]] <- .compute
  on.exit(.[["cp"]] <- prev)
  expr
}

#' @param frame the frame (environment) whose exit ends the use of the
#'   profile; by default the caller's.
#'
#' @rdname with_daemons
#' @export
#'
local_daemons <- function(.compute, frame = parent.frame()) {
  require_daemons(.compute = .compute, call = frame)
  prev <- .[["cp"]]
  .[["cp"]] <- .compute
  restore <- as.call(list(function() .[["cp"]] <- prev))
  do.call(on.exit, list(restore, TRUE, FALSE), envir = frame)
  invisible()
}

#' With Mirai Daemons
#'
#' Evaluates an expression with daemons that last for the duration of the
#' expression: `with(daemons(2), expr)` sets 2 daemons, makes their compute
#' profile the one in use while `expr` runs, then resets them. Collect every
#' mirai made inside (with `m[]` or [call_mirai()]) before the end of `expr`,
#' as the reset resolves those still outstanding to 'errorValue' 19.
#'
#' This is the [with()] method for the value of [daemons()] (class
#' 'miraiDaemons').
#'
#' @param data the value of a call to [daemons()].
#' @param expr an expression to evaluate.
#' @param ... not used.
#'
#' @return The value of `expr`.
#'
#' @examples
#' with(daemons(2), {
#'   m1 <- mirai(Sys.getpid())
#'   m2 <- mirai(Sys.getpid())
#'   c(m1[], m2[])
#' })
#' daemons_set()
#'
#' @export
#'
with.miraiDaemons <- function(data, expr, ...) {
  profile <- class(data)[2L]
  prev <- .[["cp"]]
  .[["cp"]] <- profile
  on.exit({
    daemons(0L, .compute = profile)
    .[["cp"]] <- prev
  })
  expr
}

#' @export
print.miraiDaemons <- function(x, ...) {
  print(unclass(x))
  invisible(x)
}

#' On Daemon
#'
#' Whether the code is being evaluated on a daemon, as part of a mirai.
#'
#' @return TRUE or FALSE.
#'
#' @examples
#' on_daemon()
#' daemons(1)
#' mirai(miraiRs::on_daemon())[]
#' daemons(0)
#'
#' @export
#'
on_daemon <- function() isTRUE(.[["daemon"]])

# internals --------------------------------------------------------------------

stop_no_daemons <- function(.compute, call) {
  named <- is.character(.compute)
  if (use_cli()) {
    cli::cli_abort(
      if (named) c(
        sprintf("No daemons set for the '%s' compute profile.", .compute),
        sprintf("Use e.g. {.code miraiRs::daemons(6, .compute = \"%s\")} to set 6 local daemons.", .compute)
      ) else c(
        "No daemons set.",
        "Use e.g. {.code miraiRs::daemons(6)} to set 6 local daemons."
      ),
      call = if (is.environment(call)) call
    )
  }
  stop(
    if (named) {
      sprintf("No daemons set for the '%1$s' compute profile.\nUse e.g. miraiRs::daemons(6, .compute = \"%1$s\") to set 6 local daemons.", .compute)
    } else {
      "No daemons set.\nUse e.g. miraiRs::daemons(6) to set 6 local daemons."
    },
    call. = FALSE
  )
}

# Errors and progress bars come from 'cli' when it is installed, as in mirai
# (cli_abort needs 'rlang' too). The option miraiRs.cli = FALSE turns that off.
use_cli <- function() {
  !isFALSE(getOption("miraiRs.cli")) &&
    requireNamespace("cli", quietly = TRUE) &&
    requireNamespace("rlang", quietly = TRUE)
}
