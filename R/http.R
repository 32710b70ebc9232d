#' HTTP Remote Launch Configuration
#'
#' A configuration for [launch_remote()] (and so for [daemons()] with
#' `remote`) that starts each daemon by sending an HTTP request to a launch
#' API, such as a job launcher or a service of your own in front of
#' Kubernetes: the request body carries the R call the daemon runs.
#'
#' For each daemon, when it is launched: `url`, `headers`, `data`, `cookie`
#' and `token` are evaluated if they are functions (so credentials are read
#' when needed, not when the configuration is made; `data` gets the `...`
#' arguments); every `"\%s"` in `data` is replaced by the daemon's R call,
#' such as `miraiRs::daemon("tcp://10.0.0.1:5555", rs = c(10407L, ...))`,
#' escaped as inside a JSON string; and the request is sent with
#' `Content-Type: application/json` (unless `headers` names another), the
#' `headers`, `Cookie: <cookie>` (unless `cookie` is NULL) and
#' `Authorization: Bearer <token>` (unless `token` is NULL). An
#' answer other than 2xx, or none within 60 seconds (5 to connect), is an
#' error naming the URL (without its query) and the status; the cookie and
#' token are never shown.
#'
#' `https://` servers are verified against the Mozilla root certificates
#' built into miraiRs (those of webpki-roots), not the system's: a server
#' with a certificate from a private authority is refused. Proxy settings
#' (`http_proxy`) are not used: requests go straight to `url`.
#'
#' The defaults of `url`, `headers` and `data` stand for mirai's Posit
#' Workbench launcher, which miraiRs does not support: `http_config()` with
#' them returns a configuration, but launching with the default `url` or
#' `data` is an error asking for them (the default `headers` add none).
#'
#' @param url character URL of the launch API ('http://' or 'https://'), or
#'   a function without arguments returning it.
#' @param method character HTTP method, typically `"POST"`.
#' @param headers named character vector of HTTP headers (authentication,
#'   API version, ...), a function without arguments returning one, or NULL
#'   for none.
#' @param data character request body, normally JSON, with a placeholder
#'   `"\%s"` where the daemon's R call goes, such as
#'   `'\{"command": "Rscript", "args": ["-e", "\%s"]\}'`; or a function
#'   returning it, called with the `...` arguments.
#' @param ... arguments passed to `data` when it is a function.
#' @param cookie character session cookie sent as the `Cookie` header, a
#'   function without arguments returning it, or NULL for none.
#' @param token character bearer token sent as `Authorization: Bearer
#'   <token>`, a function without arguments returning it, or NULL for none.
#'
#' @return A list (type `"http"`, url, method, headers, data, dots, cookie,
#'   token) to pass as `remote` to [launch_remote()] or [daemons()].
#'
#' @seealso [remote_config()], [ssh_config()] and [cluster_config()] for the
#'   other remote launch configurations.
#'
#' @examples
#' tryCatch(http_config(), error = identity)
#'
#' # A launch API of your own, its token read at launch time
#' http_config(
#'   url = "https://launcher.example.com/api/jobs",
#'   headers = function() c(`X-API-Version` = "2"),
#'   token = function() Sys.getenv("LAUNCHER_TOKEN"),
#'   data = '{"name": "mirai", "command": "Rscript", "args": ["-e", "%s"]}'
#' )
#'
#' @export
#'
http_config <- function(url = posit_workbench_url, method = "POST", headers = posit_workbench_headers,
                        data = posit_workbench_data, ..., cookie = NULL, token = NULL) {
  check_http_arg(url, "url")
  if (!(is_string(method) && nzchar(method)))
    stop("`method` must be a single non-empty character string such as \"POST\"", call. = FALSE)
  if (!(is.function(headers) || is_headers(headers)))
    stop("`headers` must be NULL, a named character vector or a function returning one", call. = FALSE)
  check_http_arg(data, "data")
  check_http_arg(cookie, "cookie", null = TRUE)
  check_http_arg(token, "token", null = TRUE)
  list(type = "http", url = url, method = method, headers = headers, data = data, dots = list(...),
       cookie = cookie, token = token)
}

# internals --------------------------------------------------------------------

is_http_config <- function(remote) identical(remote[["type"]], "http")

# Sends the launch request of one daemon, whose R code is `call`.
http_launch <- function(remote, call) {
  url <- http_value(remote[["url"]], "url")
  if (!grepl("^https?://[^/?#]", url, ignore.case = TRUE))
    stop(sprintf("`url` of http_config() must be an http:// or https:// URL, not \"%s\"", shown_url(url)),
         call. = FALSE)
  extra <- http_value(remote[["headers"]], "headers", valid = is_headers, what = "a named character vector or NULL")
  cookie <- http_value(remote[["cookie"]], "cookie", null = TRUE)
  token <- http_value(remote[["token"]], "token", null = TRUE)
  data <- http_value(remote[["data"]], "data", args = remote[["dots"]])
  slots <- gregexpr("%s", data, fixed = TRUE)
  if (slots[[1L]][[1L]] == -1L)
    stop("`data` of http_config() must contain \"%s\", where the daemon's R call goes", call. = FALSE)
  regmatches(data, slots) <- list(rep(json_escape(call), length(slots[[1L]])))
  json <- if (!"content-type" %in% tolower(names(extra))) c(`Content-Type` = "application/json")
  headers <- c(json, extra, Cookie = cookie, Authorization = if (!is.null(token)) paste("Bearer", token))
  # 60 s for the whole exchange (of which 5 to connect, in the engine).
  res <- .Call(wrap__http_request, remote[["method"]], url, names(headers), unname(headers), data, 60)
  if (is.na(res$status))
    stop(sprintf("http_config(): the launch request to %s failed: %s", shown_url(url), res$error), call. = FALSE)
  if (res$status < 200L || res$status > 299L) {
    body <- trimws(gsub("\\s+", " ", res$body))
    if (nchar(body) > 200L) body <- paste0(substr(body, 1L, 200L), "...")
    stop(sprintf("http_config(): %s answered HTTP status %d to the launch request%s", shown_url(url),
                 res$status, if (nzchar(body)) paste0(": ", body) else ""), call. = FALSE)
  }
  invisible(res$status)
}

# The value of argument `arg` at launch time: `x` itself, or what the function
# `x` returns, called with `args`; `valid` checks it, `what` says what it must be.
http_value <- function(x, arg, null = FALSE, args = list(),
                       valid = function(v) is_string(v) || null && is.null(v),
                       what = paste0("a single character string", if (null) " or NULL")) {
  if (is.function(x)) x <- do.call(x, as.list(args))
  if (!valid(x)) stop(sprintf("`%s` of http_config() must give %s at launch", arg, what), call. = FALSE)
  x
}

is_headers <- function(x) {
  is.null(x) || is.character(x) && !anyNA(x) && (!length(x) || !is.null(names(x)) && all(nzchar(names(x))))
}

check_http_arg <- function(x, arg, null = FALSE) {
  if (!(is_string(x) || is.function(x) || null && is.null(x)))
    stop(sprintf("`%s` must be %sa single character string or a function returning one", arg,
                 if (null) "NULL, " else ""), call. = FALSE)
}

# `x` as inside a JSON string: backslash, double quote and control characters
# escaped.
json_escape <- function(x) {
  x <- gsub("\\", "\\\\", x, fixed = TRUE)
  x <- gsub("\"", "\\\"", x, fixed = TRUE)
  controls <- gregexpr("[\\x01-\\x1f]", x, perl = TRUE)
  regmatches(x, controls) <- lapply(regmatches(x, controls), function(ch) sprintf("\\u%04x", vapply(ch, utf8ToInt, 0L)))
  x
}

# A URL for messages: without user information and query, which may carry
# credentials.
shown_url <- function(url) sub("^([A-Za-z]+://)[^/@]*@", "\\1", sub("[?#].*$", "", url))

# The defaults: mirai's read Posit Workbench's environment; miraiRs has no
# Workbench to verify them against, so they only say so at launch.
posit_workbench_url <- function() posit_workbench_unsupported("url")

# Workbench's own headers (its session's) mean nothing to another API.
posit_workbench_headers <- function() NULL

posit_workbench_data <- function(...) posit_workbench_unsupported("data")

posit_workbench_unsupported <- function(arg) {
  stop(sprintf(paste0(
    "the default `%s` of http_config() is for the Posit Workbench launcher, which miraiRs does not support: ",
    "give `url` and `data` for your launch API"
  ), arg), call. = FALSE)
}
