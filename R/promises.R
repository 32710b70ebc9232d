#' Make a mirai a Promise
#'
#' Methods for the \pkg{promises} package: a 'mirai' (or a 'mirai_map')
#' becomes a promise that resolves with its value, or is rejected with its
#' error, as soon as it finishes. The engine signals completion through the
#' \pkg{later} event loop from its own thread, so nothing polls; Shiny and
#' any code running `later::run_now()` see the promise settle.
#'
#' A 'miraiError', a timeout (5), a cancellation (20) or a reset (19) rejects
#' the promise with an error whose message is that of the error value.
#'
#' @param x a 'mirai' or 'mirai_map'.
#'
#' @return A 'promise' (from \pkg{promises}).
#'
#' @examplesIf requireNamespace("promises", quietly = TRUE) && requireNamespace("later", quietly = TRUE)
#' daemons(1)
#' result <- NULL
#' p <- promises::then(mirai(x + 1, x = 1), function(value) result <<- value)
#' while (is.null(result)) later::run_now(0.1)
#' result
#' daemons(0)
#'
#' @name as.promise.mirai
#' @exportS3Method promises::as.promise
#'
as.promise.mirai <- function(x) {
  promise <- .subset2(x, "promise")
  if (is.null(promise)) {
    promise <- promises::promise(function(resolve, reject) {
      x[["resolve"]] <- resolve
      x[["reject"]] <- reject
      # Loads later's namespace, whose C interface the engine calls.
      requireNamespace("later", quietly = TRUE)
      # A mirai of daemons(sync = TRUE) has no task: it is already resolved.
      if (isTRUE(.subset2(x, "done")) || !.Call(wrap__task_on_done, .subset2(x, "task"), x)) settle_promise(x)
    })
    x[["promise"]] <- promise
  }
  promise
}

#' @rdname as.promise.mirai
#' @exportS3Method promises::as.promise
#'
as.promise.mirai_map <- function(x) {
  promises::then(
    promises::promise_all(.list = lapply(unclass(x), promises::as.promise)),
    function(values) `names<-`(values, names(x))
  )
}

# Called on R's main thread, from later's event loop, when the task is done.
settle_promise <- function(x) {
  value <- x$data
  if (is_error_value(value)) {
    message <- if (is_mirai_error(value)) as.character(value) else error_text(value)
    .subset2(x, "reject")(simpleError(message))
  } else {
    .subset2(x, "resolve")(value)
  }
  invisible()
}

#' @rdname as.promise.mirai
#' @return For `is.promising()`: TRUE, a 'mirai' or 'mirai_map' can always
#'   become a promise.
#' @exportS3Method promises::is.promising
#'
is.promising.mirai <- function(x) TRUE

#' @rdname as.promise.mirai
#' @exportS3Method promises::is.promising
#'
is.promising.mirai_map <- function(x) TRUE
