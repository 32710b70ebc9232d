# http_config(): launch requests to a stand-in launch API on 127.0.0.1
# (fake_service() in helper-http.R), which starts the daemons on this machine.

launch_url <- function(fake) sprintf("http://127.0.0.1:%d/launch", fake$port)

json_body <- '{"command": "%s"}'

# A JSON object whose only member is the string "command" (a regular
# expression for this shape stands in for a JSON parser).
command_json <- '^\\{"command": "(\\\\["\\\\/bfnrt]|\\\\u[0-9a-f]{4}|[^"\\\\[:cntrl:]])*"\\}$'

test_that("http_config() returns the configuration as given", {
  token <- function() "tok"
  cfg <- http_config(url = "https://launcher.example.com/jobs", method = "PUT", headers = c(A = "1"),
                     data = json_body, job = "x", token = token)
  expect_identical(cfg, list(type = "http", url = "https://launcher.example.com/jobs", method = "PUT",
                             headers = c(A = "1"), data = json_body, dots = list(job = "x"),
                             cookie = NULL, token = token))
  # The defaults stand for Posit Workbench; making the configuration works.
  default <- http_config()
  expect_identical(default$type, "http")
  expect_identical(default$method, "POST")
  expect_null(default$token)
  expect_null(default$cookie)
  expect_true(is.function(default$url) && is.function(default$headers) && is.function(default$data))
})

test_that("http_config() checks its arguments", {
  expect_error(http_config(url = 1), "`url` must be a single character string or a function returning one",
               fixed = TRUE)
  expect_error(http_config(url = c("http://a", "http://b")), "`url` must be a single character string", fixed = TRUE)
  for (method in list("", NA_character_, c("GET", "POST"), 1))
    expect_error(http_config(method = method),
                 "`method` must be a single non-empty character string such as \"POST\"", fixed = TRUE)
  expect_error(http_config(cookie = 1),
               "`cookie` must be NULL, a single character string or a function returning one", fixed = TRUE)
  expect_error(http_config(token = c("a", "b")),
               "`token` must be NULL, a single character string or a function returning one", fixed = TRUE)
  expect_error(http_config(data = NULL), "`data` must be a single character string or a function returning one",
               fixed = TRUE)
  for (headers in list("no name", c(A = NA_character_), list(A = "1")))
    expect_error(http_config(headers = headers),
                 "`headers` must be NULL, a named character vector or a function returning one", fixed = TRUE)
  expect_error(daemons(1, url = local_url(tcp = TRUE), remote = list(type = "ftp")),
               "`remote` must be a configuration made by remote_config(), ssh_config(), cluster_config() or http_config()",
               fixed = TRUE)
})

test_that("launching with the Posit Workbench defaults, or with bad values, is an error", {
  on.exit(daemons(0))
  workbench <- "of http_config() is for the Posit Workbench launcher, which miraiRs does not support: give `url` and `data`"
  expect_error(daemons(1, url = local_url(tcp = TRUE), remote = http_config()),
               paste("the default `url`", workbench), fixed = TRUE)
  expect_identical(status()$connections, 0L)
  url <- "http://127.0.0.1:1/launch"
  expect_error(launch_remote(1, http_config(url = url)), paste("the default `data`", workbench), fixed = TRUE)
  expect_error(launch_remote(1, http_config(url = url, headers = function() 1, data = json_body)),
               "`headers` of http_config() must give a named character vector or NULL at launch", fixed = TRUE)
  expect_error(launch_remote(1, http_config(url = "ftp://127.0.0.1/launch", cookie = NULL, data = json_body)),
               "`url` of http_config() must be an http:// or https:// URL, not \"ftp://127.0.0.1/launch\"",
               fixed = TRUE)
  expect_error(launch_remote(1, http_config(url = function() NULL, cookie = NULL, data = json_body)),
               "`url` of http_config() must give a single character string at launch", fixed = TRUE)
  expect_error(launch_remote(1, http_config(url = url, cookie = NULL, token = function() 1, data = json_body)),
               "`token` of http_config() must give a single character string or NULL at launch", fixed = TRUE)
  expect_error(launch_remote(1, http_config(url = url, cookie = NULL, data = '{"command": "s"}')),
               "`data` of http_config() must contain \"%s\", where the daemon's R call goes", fixed = TRUE)
})

test_that("daemons(n, url, remote = http_config()) starts a daemon through the launch API", {
  fake <- fake_service(list(list(status = 201L, body = '{"id": "job-1", "status": "pending"}')), launch = TRUE)
  on.exit({
    daemons(0)
    tools::pskill(fake$pid)
    unlink(fake$dir, recursive = TRUE)
  })
  remote <- http_config(url = launch_url(fake), cookie = "c=1", token = function() "tok", data = json_body)
  expect_output(daemons(1, url = local_url(tcp = TRUE), remote = remote), NA)
  expect_equal(wait_connections(1), 1L)
  # Bounded: without a daemon, errorValue 5 (Timed out) rather than a hang.
  pid <- mirai(Sys.getpid(), .timeout = 20000)[]
  expect_false(is_error_value(pid))
  expect_type(pid, "integer")
  expect_false(pid == Sys.getpid())
  on.exit(if (!wait_dead(pid)) tools::pskill(pid, tools::SIGKILL), add = TRUE)

  requests <- fake_requests(fake)
  expect_length(requests, 1L)
  request <- requests[[1L]]
  expect_identical(request$method, "POST")
  expect_identical(request$path, "/launch")
  expect_identical(request$headers[["cookie"]], "c=1")
  expect_identical(request$headers[["authorization"]], "Bearer tok")
  expect_identical(request$headers[["content-type"]], "application/json")
  expect_match(request$body, command_json)
  expect_match(request$command, sprintf("^miraiRs::daemon\\(\"%s\", ", status()$daemons))
})

test_that("launch_remote() sends one request per daemon and returns their commands", {
  fake <- fake_service(rep(list(list(status = 200L, body = "")), 2L))
  on.exit({
    daemons(0)
    tools::pskill(fake$pid)
    unlink(fake$dir, recursive = TRUE)
  })
  # tls+tcp: the calls carry the certificate, whose line breaks are
  # backslashes in R code, and backslashes need escaping in JSON.
  daemons(url = "tls+tcp://127.0.0.1:0")
  data <- function(rscript) sprintf('{"exe": "%s", "command": "%%s"}', rscript)
  cmds <- launch_remote(2, http_config(url = launch_url(fake), method = "PUT", headers = function() c(`X-Api-Version` = "2"),
                                       data = data, rscript = rscript(), cookie = function() "c=2"))
  expect_s3_class(cmds, "miraiLaunchCmd")
  expect_length(cmds, 2L)
  requests <- fake_requests(fake)
  expect_length(requests, 2L)
  for (i in 1:2) {
    request <- requests[[i]]
    expect_identical(request$method, "PUT")
    expect_identical(request$headers[["cookie"]], "c=2")
    expect_identical(request$headers[["x-api-version"]], "2")
    expect_false("authorization" %in% names(request$headers))
    expect_match(request$body, sprintf('^\\{"exe": "%s", "command": "', rscript()))
    expect_match(request$body, "BEGIN CERTIFICATE-----\\\\n", fixed = TRUE)
    # The body carries the very R code the command runs.
    expect_identical(sprintf("Rscript -e %s", shQuote(request$command)), cmds[[i]])
  }
  expect_false(identical(requests[[1L]]$command, requests[[2L]]$command))
  expect_identical(status()$connections, 0L)
})

test_that("an error answer or no answer is an error naming the URL, never the credentials", {
  fake <- fake_service(list(list(status = 500L, body = '{"error": "no capacity"}')))
  on.exit({
    daemons(0)
    tools::pskill(fake$pid)
    unlink(fake$dir, recursive = TRUE)
  })
  daemons(url = local_url(tcp = TRUE))
  secret <- http_config(url = launch_url(fake), cookie = "session=s3cret", token = "s3cret", data = json_body)
  err <- tryCatch(launch_remote(1, secret), error = conditionMessage)
  expect_identical(err, sprintf(
    "http_config(): %s answered HTTP status 500 to the launch request: {\"error\": \"no capacity\"}", launch_url(fake)
  ))
  expect_length(fake_requests(fake), 1L)

  closed <- free_port()
  url <- sprintf("http://127.0.0.1:%d/launch", closed)
  err <- tryCatch(launch_remote(1, http_config(url = paste0(url, "?key=s3cret"), cookie = NULL, data = json_body)),
                  error = conditionMessage)
  expect_match(err, sprintf("^http_config\\(\\): the launch request to %s failed: .*refused", url))
  expect_no_match(err, "s3cret", fixed = TRUE)
})

test_that("an https:// launch API is reached over TLS, and a certificate no known authority signed is refused", {
  skip_if_not(has_command("openssl"), "openssl is not installed")
  dir <- tempfile("http-tls")
  dir.create(dir)
  on.exit({
    daemons(0)
    unlink(dir, recursive = TRUE)
  })
  cert <- file.path(dir, "cert.pem")
  key <- file.path(dir, "key.pem")
  made <- system2("openssl", c("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                               "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", shQuote(key), "-out", shQuote(cert)),
                  stdout = FALSE, stderr = FALSE)
  expect_identical(made, 0L)
  port <- free_port()
  pidfile <- file.path(dir, "pid")
  # `exec` makes the recorded pid the server's own.
  system(sprintf("sh -c %s >/dev/null 2>&1", shQuote(sprintf(
    "echo $$ > %s; exec openssl s_server -accept 127.0.0.1:%d -cert %s -key %s -www",
    shQuote(pidfile), port, shQuote(cert), shQuote(key)
  ))), wait = FALSE)
  deadline <- Sys.time() + 20
  while (!(file.exists(pidfile) && accepts(port)) && Sys.time() < deadline) Sys.sleep(0.05)
  pid <- as.integer(readLines(pidfile))
  on.exit(tools::pskill(pid), add = TRUE, after = FALSE)
  daemons(url = local_url(tcp = TRUE))
  url <- sprintf("https://127.0.0.1:%d/launch", port)
  expect_error(launch_remote(1, http_config(url = url, cookie = NULL, data = json_body)),
               sprintf("http_config(): the launch request to %s failed: io: invalid peer certificate", url),
               fixed = TRUE)
})
