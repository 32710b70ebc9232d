#' Worker Containers (mirai-api)
#'
#' Ask a mirai-api service (the HTTP service in the miraiRs repository's `api/`
#' directory, running next to a Docker Engine) to start, stop or list worker
#' containers. Each worker runs `miraiRs::daemon()` and dials back to the
#' dispatcher at `dispatcher:port`, where this session listens with, for
#' example, `daemons(url = "tcp://0.0.0.0:5555")`.
#'
#' The service is found from environment variables:
#' \describe{
#'   \item{`MIRAI_API_HOST`}{(required) its host name or IP address.}
#'   \item{`MIRAI_API_PORT`}{its port, 8080 by default.}
#'   \item{`MIRAI_API_TOKEN`}{its bearer token, sent as
#'     `Authorization: Bearer <token>` when set.}
#' }
#' The requests are plain HTTP, straight to the service (proxy settings are
#' not used), so the token should only travel on a trusted network.
#'
#' A call waits for the service's answer: up to 11 minutes for
#' `start_workers()` (the service may first pull the worker image), 2 minutes
#' for `stop_workers()` and 90 seconds for `list_workers()`; 5 seconds to
#' connect. Errors of the service (unreachable, token refused, invalid
#' argument, Docker failing) become R errors that say what went wrong.
#'
#' @param dispatcher character host name or IP address the workers dial back
#'   to: the address of the machine running this R session, as reachable
#'   from the workers.
#' @param n integer number of workers to start.
#' @param port integer port the dispatcher listens at; by default the
#'   environment variable `MIRAI_PORT`, else 5555.
#'
#' @return `start_workers()` and `stop_workers()`: the service's answer as a
#'   list (invisibly), with `started` (names of the new containers) or
#'   `stopped` (`id` and `name` of each), `failed` and `errors`. They print
#'   `Started 4 worker(s) -> 192.168.2.4:5555` or `Stopped 4 worker(s) for
#'   192.168.2.4:5555` and warn once per container that failed.
#'
#'   `list_workers()`: a list with one entry per worker container the
#'   service manages (for every dispatcher), each a list with `id`, `name`,
#'   `dispatcher`, `port`, `index`, `image`, `state`, `status` and `created`.
#'
#' @examples
#' \dontrun{
#' Sys.setenv(MIRAI_API_HOST = "192.168.2.10", MIRAI_API_TOKEN = "<token>")
#' daemons(url = "tcp://0.0.0.0:5555")
#' start_workers("192.168.2.4", n = 4)
#' length(list_workers())
#' mirai(Sys.info()[["nodename"]])[]
#' stop_workers("192.168.2.4")
#' daemons(0)
#' }
#'
#' @name workers
NULL

#' @rdname workers
#' @export
start_workers <- function(dispatcher, n = 4, port = Sys.getenv("MIRAI_PORT", "5555")) {
  workers_check_dispatcher(dispatcher)
  n <- workers_check_count(n)
  port <- workers_check_port(port, if (missing(port)) "MIRAI_PORT" else "'port'")
  api <- workers_api()
  body <- workers_result(
    .Call(wrap__workers_api_start, api$host, api$port, api$token, dispatcher, n, port),
    api, "start workers"
  )
  workers_warn(body$errors, "start")
  message(sprintf("Started %d worker(s) -> %s", length(body$started),
                  workers_endpoint(body$dispatcher, body$port)))
  invisible(body)
}

#' @rdname workers
#' @export
stop_workers <- function(dispatcher, port = Sys.getenv("MIRAI_PORT", "5555")) {
  workers_check_dispatcher(dispatcher)
  port <- workers_check_port(port, if (missing(port)) "MIRAI_PORT" else "'port'")
  api <- workers_api()
  body <- workers_result(
    .Call(wrap__workers_api_stop, api$host, api$port, api$token, dispatcher, port),
    api, "stop workers"
  )
  workers_warn(body$errors, "stop")
  message(sprintf("Stopped %d worker(s) for %s", as.integer(body$count),
                  workers_endpoint(body$dispatcher, body$port)))
  invisible(body)
}

#' @rdname workers
#' @export
list_workers <- function() {
  api <- workers_api()
  body <- workers_result(.Call(wrap__workers_api_list, api$host, api$port, api$token),
                         api, "list workers")
  body$workers
}

# Where the service is, from MIRAI_API_HOST / MIRAI_API_PORT / MIRAI_API_TOKEN
# (empty counts as unset, as in the service's own configuration).
workers_api <- function() {
  host <- Sys.getenv("MIRAI_API_HOST")
  if (!nzchar(host))
    stop("MIRAI_API_HOST is not set: set it to the host name or address of the mirai-api ",
         "service, e.g. Sys.setenv(MIRAI_API_HOST = \"192.168.2.10\")", call. = FALSE)
  if (grepl("[/[:space:]]", host))
    stop(sprintf("MIRAI_API_HOST must be a host name or address only (no scheme, path or spaces), not \"%s\"",
                 host), call. = FALSE)
  port <- Sys.getenv("MIRAI_API_PORT")
  list(host = host,
       port = if (nzchar(port)) workers_check_port(port, "MIRAI_API_PORT") else 8080L,
       token = Sys.getenv("MIRAI_API_TOKEN"))
}

workers_check_dispatcher <- function(dispatcher) {
  if (!(is_string(dispatcher) && nzchar(dispatcher)))
    stop("'dispatcher' must be a single character string: the host name or address workers dial back to",
         call. = FALSE)
}

workers_check_count <- function(n) {
  if (!(is.numeric(n) && length(n) == 1L && !is.na(n) && n >= 1 && n <= .Machine$integer.max &&
        n == trunc(n)))
    stop("'n' must be a positive integer", call. = FALSE)
  as.integer(n)
}

# `what` names the argument or environment variable the port came from.
# Ports from environment variables arrive as strings of digits.
workers_check_port <- function(port, what) {
  value <- if (is.character(port) && length(port) == 1L && grepl("^[0-9]{1,5}$", port))
    as.numeric(port) else port
  if (!(is.numeric(value) && length(value) == 1L && !is.na(value) && value >= 1 && value <= 65535 &&
        value == trunc(value)))
    stop(sprintf("%s must be an integer 1-65535, not %s", what,
                 paste(deparse(port), collapse = " ")), call. = FALSE)
  as.integer(value)
}

# The service's JSON answer, or an R error that says what went wrong.
# `reply` is list(status, body, error) from src/rust/src/workers_api.rs.
workers_result <- function(reply, api, what) {
  where <- workers_endpoint(api$host, api$port)
  if (!is.null(reply$error))
    stop(sprintf("cannot reach the mirai-api service at %s (MIRAI_API_HOST, MIRAI_API_PORT): %s",
                 where, reply$error), call. = FALSE)
  body <- reply$body
  if (reply$status == 200L && is.list(body)) return(body)
  # A body that is not a JSON object came from something else than mirai-api.
  if (!is.list(body))
    stop(sprintf("could not %s: %s answered HTTP %d, not with mirai-api's JSON: %s",
                 what, where, reply$status, substr(paste(body, collapse = ""), 1L, 200L)),
         call. = FALSE)
  if (reply$status == 401L)
    stop(sprintf("could not %s: the mirai-api service at %s %s (HTTP 401); set MIRAI_API_TOKEN to the service's token",
                 what, where, if (nzchar(api$token)) "rejected the token" else "requires a token"),
         call. = FALSE)
  if (reply$status == 400L && !is.null(body$field))
    stop(sprintf("could not %s: the mirai-api service refused '%s': %s (HTTP 400)",
                 what, body$field, body$error), call. = FALSE)
  failed <- if (length(body$errors))
    paste0(": ", paste(vapply(body$errors, function(e) sprintf("%s: %s", e$name, e$error), ""),
                       collapse = "; ")) else ""
  stop(sprintf("could not %s: the mirai-api service at %s answered HTTP %d%s: %s%s",
               what, where, reply$status, if (is.null(body$code)) "" else paste0(" (", body$code, ")"),
               body$error %||% "no message", failed), call. = FALSE)
}

# One warning per container the service could not start or stop.
workers_warn <- function(errors, verb) {
  for (e in errors)
    warning(sprintf("could not %s worker %s: %s", verb, e$name, e$error), call. = FALSE)
}

workers_endpoint <- function(host, port) {
  bracket <- grepl(":", host, fixed = TRUE) && !startsWith(host, "[")
  sprintf(if (bracket) "[%s]:%d" else "%s:%d", host, as.integer(port))
}
