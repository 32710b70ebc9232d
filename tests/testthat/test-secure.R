free_port <- function() 40000L + (Sys.getpid() * 7L + sample.int(5000L, 1L)) %% 20000L

test_that("tasks flow over tls+tcp with a certificate made on the fly", {
  on.exit(daemons(0))
  url <- sprintf("tls+tcp://127.0.0.1:%d", free_port())
  daemons(2, url = url)
  expect_equal(wait_connections(2), 2L)
  expect_identical(status()$daemons, url)
  expect_identical(unlist(collect_mirai(lapply(1:10, function(i) mirai(i^2, i = i)))), (1:10)^2)
})

test_that("a daemon with another certificate, or without TLS, is refused and gets no task", {
  on.exit(daemons(0))
  on.exit(daemons(0, .compute = "other"), add = TRUE)
  url <- sprintf("tls+tcp://127.0.0.1:%d", free_port())
  daemons(1, url = url)
  expect_equal(wait_connections(1), 1L)
  daemons(url = sprintf("tls+tcp://127.0.0.1:%d", free_port()), .compute = "other")
  wrong <- miraiRs:::get_profile("other")$tlscert
  marker <- tempfile()
  script <- tempfile(fileext = ".R")
  writeLines(c(
    sprintf("try(miraiRs::daemon('%s', tlscert = %s, idletime = 3000))", url, deparse(wrong)),
    sprintf("writeLines('exited', '%s')", marker)
  ), script)
  system2(rscript(), script, wait = FALSE, stdout = FALSE, stderr = FALSE)
  # A plain TCP peer speaks no TLS at all.
  port <- as.integer(sub(".*:", "", url))
  con <- socketConnection("127.0.0.1", port, blocking = TRUE, open = "r+b", timeout = 5)
  writeBin(as.raw(0:255), con)
  close(con)
  ms <- lapply(1:6, function(i) mirai(Sys.getpid()))
  pids <- unique(unlist(collect_mirai(ms)))
  expect_length(pids, 1L)
  deadline <- Sys.time() + 20
  while (!file.exists(marker) && Sys.time() < deadline) Sys.sleep(0.1)
  expect_true(file.exists(marker)) # gave up idle, never connected
  expect_identical(status()$connections, 1L)
  expect_identical(info()[["cumulative"]], 1L)
})

test_that("'tls' and 'tlscert' are validated", {
  expect_error(daemons(1, url = "tls+tcp://127.0.0.1:0", tls = "x"), "'tls' must be NULL or c\\(certificate, key\\)")
  expect_error(daemons(1, retries = -1), "'retries' must be a non-negative integer")
  expect_error(daemon("tls+tcp://127.0.0.1:1", tlscert = 1), "'tlscert' must be NULL")
})

test_that("with retries, a task whose daemon is killed runs again elsewhere", {
  on.exit(daemons(0))
  daemons(2, retries = 1)
  expect_equal(wait_connections(2), 2L)
  marker <- tempfile()
  m <- rerunnable_task(marker, 30)
  deadline <- Sys.time() + 10
  while (!file.exists(marker) && Sys.time() < deadline) Sys.sleep(0.05)
  tools::pskill(as.integer(readLines(marker)), tools::SIGKILL)
  expect_identical(m[], "second run")
})

test_that("with a shared secret, only daemons that know it get tasks", {
  on.exit(daemons(0))
  port <- free_port()
  url <- sprintf("tcp://127.0.0.1:%d", port)
  daemons(2, url = url, secret = "correct horse battery staple")
  expect_equal(wait_connections(2), 2L) # local daemons get it in their environment
  marker <- tempfile()
  script <- tempfile(fileext = ".R")
  writeLines(c(
    sprintf("try(miraiRs::daemon('%s', secret = 'wrong', idletime = 3000))", url),
    sprintf("try(miraiRs::daemon('%s', secret = '', idletime = 3000))", url),
    sprintf("writeLines('exited', '%s')", marker)
  ), script)
  system2(rscript(), script, wait = FALSE, stdout = FALSE, stderr = FALSE)
  pids <- unique(unlist(collect_mirai(lapply(1:8, function(i) mirai({ Sys.sleep(0.2); Sys.getpid() })))))
  deadline <- Sys.time() + 30
  while (!file.exists(marker) && Sys.time() < deadline) Sys.sleep(0.1)
  expect_true(file.exists(marker))
  expect_length(pids, 2L)
  expect_identical(status()$connections, 2L)
  expect_identical(info()[["cumulative"]], 2L)
  expect_error(daemons(1, secret = 1), "'secret' must be NULL or a single character string")
})

# Another user's R for the tests of local urls: setpriv to nobody (root
# only), where nobody can load miraiRs from this library. NULL otherwise.
as_another_user <- function() {
  if (Sys.info()[["effective_user"]] != "root" || !nzchar(Sys.which("setpriv"))) return(NULL)
  cmd <- c("--reuid=65534", "--regid=65534", "--clear-groups", rscript())
  loads <- system2("setpriv", c(cmd, "-e", shQuote("library(miraiRs)")), stdout = FALSE, stderr = FALSE)
  if (identical(loads, 0L)) cmd
}

wait_until <- function(cond, seconds = 20) {
  deadline <- Sys.time() + seconds
  while (!cond() && Sys.time() < deadline) Sys.sleep(0.05)
  cond()
}

log_says <- function(log, text) file.exists(log) && any(grepl(text, readLines(log, warn = FALSE), fixed = TRUE))

test_that("at a local url, another user's daemon is refused and gets no task", {
  stranger <- as_another_user()
  skip_if(is.null(stranger), "needs root, setpriv and a library other users can read")
  on.exit(daemons(0))
  daemons(url = local_url())
  log <- tempfile()
  system2("setpriv", c(stranger, "-e", shQuote(sprintf("miraiRs::daemon('%s')", status()$daemons))),
          wait = FALSE, stdout = log, stderr = log)
  launch_local(1)
  expect_equal(wait_connections(1), 1L)
  expect_true(wait_until(function() log_says(log, "runs as another user; exiting")))
  users <- unlist(collect_mirai(lapply(1:20, function(i) mirai(Sys.info()[["effective_user"]]))))
  expect_identical(unique(users), "root")
  expect_identical(status()$connections, 1L)
})

test_that("a daemon leaves a local url where another user listens, saying why", {
  stranger <- as_another_user()
  skip_if(is.null(stranger), "needs root, setpriv and a library other users can read")
  url <- local_url()
  # In /tmp (the session's own temporary directory is closed to other
  # users), made by the impostor (Linux keeps one user from opening another's
  # file there).
  pid_file <- tempfile("miraiRs-impostor-", tmpdir = "/tmp")
  on.exit(unlink(pid_file))
  # An impostor: another user's session listening at the url a daemon dials.
  impostor <- sprintf("miraiRs::daemons(url = '%s'); writeLines(as.character(Sys.getpid()), '%s'); Sys.sleep(60)", url, pid_file)
  system2("setpriv", c(stranger, "-e", shQuote(impostor)), wait = FALSE, stdout = FALSE, stderr = FALSE)
  expect_true(wait_until(function() file.exists(pid_file) && length(readLines(pid_file)) == 1L))
  on.exit(tools::pskill(as.integer(readLines(pid_file))), add = TRUE, after = FALSE)
  log <- tempfile()
  status <- system2(rscript(), c("-e", shQuote(sprintf("miraiRs::daemon('%s')", url))), stdout = log, stderr = log, timeout = 30)
  expect_identical(status, 0L)
  expect_true(log_says(log, sprintf("the listener at %s runs as another user; exiting", url)))
})
