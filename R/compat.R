#' Dispatcher
#'
#' In mirai, `dispatcher()` is the function a separate dispatcher process
#' runs. In miraiRs the dispatcher is a thread of the engine inside the host
#' session, started by [daemons()], so there is no process to run: this
#' function only stops with an error saying so. It exists so that code
#' naming `dispatcher` (for instance in `mirai::dispatcher` checks) still
#' finds it.
#'
#' @param host,url,n,... ignored.
#'
#' @return Does not return: always an error.
#'
#' @examples
#' try(dispatcher("tcp://127.0.0.1:5555"))
#'
#' @export
#'
dispatcher <- function(host, url = NULL, n = 0L, ...) {
  stop("miraiRs has no dispatcher process: its dispatcher is a thread in the host session, started by daemons()",
       call. = FALSE)
}
