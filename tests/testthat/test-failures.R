test_that("a daemon killed mid-task gives 19 for its task while others carry on", {
  on.exit(daemons(0))
  daemons(2)
  expect_equal(wait_connections(2), 2L)
  pidfile <- tempfile()
  victim <- mirai({ writeLines(as.character(Sys.getpid()), pidfile); Sys.sleep(30) }, pidfile = pidfile)
  deadline <- Sys.time() + 10
  while (!file.exists(pidfile) && Sys.time() < deadline) Sys.sleep(0.05)
  pid <- as.integer(readLines(pidfile))
  others <- lapply(1:20, function(i) mirai(i, i = i))
  tools::pskill(pid, tools::SIGKILL)
  expect_identical(as.integer(victim[]), 19L)
  expect_identical(unlist(collect_mirai(others)), 1:20)
  expect_equal(wait_connections(1), 1L)
  expect_identical(status()$connections, 1L)
})

test_that("garbage from a peer on the daemons' socket loses nothing", {
  on.exit(daemons(0))
  port <- 40000L + Sys.getpid() %% 20000L
  url <- sprintf("tcp://127.0.0.1:%d", port)
  daemons(2, url = url)
  expect_equal(wait_connections(2), 2L)
  ms <- lapply(1:50, function(i) mirai({ Sys.sleep(0.01); i }, i = i))
  for (bytes in list(as.raw(0:255), c(as.raw(c(0, 0x53, 0x50, 0, 0, 0x11, 0, 0)), charToRaw("garbage")), as.raw(rep(0xff, 4096)))) {
    con <- socketConnection("127.0.0.1", port, blocking = TRUE, open = "r+b", timeout = 5)
    writeBin(bytes, con)
    close(con)
  }
  expect_identical(unlist(collect_mirai(ms)), 1:50)
  expect_identical(status()$connections, 2L)
  expect_identical(mirai("still fine")[], "still fine")
})

test_that("SIGINT while m[] waits returns control and leaves the session usable", {
  out <- tempfile()
  script <- tempfile(fileext = ".R")
  writeLines(c(
    "library(miraiRs)",
    "daemons(1)",
    "m <- mirai(Sys.sleep(30))",
    sprintf("writeLines(c('waiting', Sys.getpid()), '%s')", out),
    "r <- tryCatch(m[], interrupt = function(e) 'interrupted')",
    "stop_mirai(m)",
    sprintf("cat(r, mirai(1 + 1)[], sep = '\\n', file = '%s')", out),
    "daemons(0)"
  ), script)
  # A background job of a non-interactive shell starts with SIGINT ignored;
  # perl puts the default back before R starts, as in a terminal.
  reset_sigint <- shQuote('$SIG{INT} = "DEFAULT"; exec @ARGV')
  system2("perl", c("-e", reset_sigint, rscript(), script), wait = FALSE, stdout = FALSE, stderr = FALSE)
  deadline <- Sys.time() + 20
  while (!(file.exists(out) && length(readLines(out)) == 2L) && Sys.time() < deadline) Sys.sleep(0.05)
  pid <- as.integer(readLines(out)[2L])
  Sys.sleep(0.3)
  tools::pskill(pid, tools::SIGINT)
  deadline <- Sys.time() + 20
  while (!isTRUE(readLines(out)[1L] == "interrupted") && Sys.time() < deadline) Sys.sleep(0.05)
  expect_identical(readLines(out), c("interrupted", "2"))
  expect_true(wait_dead(pid))
})
