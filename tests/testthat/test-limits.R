# Daemon limits and their exit codes, as the status of an
# `Rscript -e 'miraiRs::daemon(...)'` process: 0 connection ended,
# 1 idletime, 2 walltime, 3 maxtasks. And daemons(output = TRUE).
# The hosts listen at TCP on 127.0.0.1 (see the skipped test at the end for
# abstract sockets).

child_env <- function() sprintf("R_LIBS=%s", paste(.libPaths(), collapse = ":"))

# Runs `code` in `Rscript -e` and returns its exit status (124 on timeout).
run_rscript <- function(code, timeout = 30) {
  system2(rscript(), c("-e", shQuote(code)), env = child_env(),
          stdout = FALSE, stderr = FALSE, wait = TRUE, timeout = timeout)
}

daemon_code <- function(url, args) sprintf("miraiRs::daemon(\"%s\"%s)", url, args)

test_that("a daemon exits with status 1 at its idletime limit", {
  on.exit(daemons(0))
  daemons(url = local_url(tcp = TRUE))
  expect_identical(run_rscript(daemon_code(status()$daemons, ", idletime = 300")), 1L)
})

test_that("a daemon exits with status 2 at its walltime limit", {
  on.exit(daemons(0))
  daemons(url = local_url(tcp = TRUE))
  url <- status()$daemons
  # idle
  expect_identical(run_rscript(daemon_code(url, ", walltime = 300")), 2L)
  # busy: the limit passes during a task, whose result still arrives
  m <- mirai({ Sys.sleep(2.5); "done" }, .timeout = 60000)
  expect_identical(run_rscript(daemon_code(url, ", walltime = 2000, idletime = 60000")), 2L)
  expect_identical(m[], "done")
})

test_that("a daemon exits with status 3 at its task limit, after sending its results", {
  on.exit(daemons(0))
  daemons(url = local_url(tcp = TRUE))
  url <- status()$daemons
  ms <- lapply(1:2, function(i) mirai(i * 10L, i = i, .timeout = 60000))
  expect_identical(run_rscript(daemon_code(url, ", maxtasks = 2")), 3L)
  expect_identical(unlist(collect_mirai(ms)), c(10L, 20L))
  # maxtasks comes before walltime
  m <- mirai({ Sys.sleep(2.5); 30L }, .timeout = 60000)
  expect_identical(run_rscript(daemon_code(url, ", maxtasks = 1, walltime = 2000")), 3L)
  expect_identical(m[], 30L)
})

test_that("a task beyond a daemon's task limit waits for the next daemon", {
  on.exit(daemons(0))
  daemons(url = local_url(tcp = TRUE))
  url <- status()$daemons
  ms <- lapply(1:3, function(i) mirai(i * 10L, i = i))
  expect_identical(run_rscript(daemon_code(url, ", maxtasks = 2")), 3L)
  expect_identical(unlist(collect_mirai(ms[1:2])), c(10L, 20L))
  expect_true(unresolved(ms[[3]]))
  expect_identical(run_rscript(daemon_code(url, ", maxtasks = 1")), 3L)
  expect_identical(ms[[3]][], 30L)
})

test_that("a daemon exits with status 0 when the host resets", {
  dir <- tempfile("limits")
  dir.create(dir)
  on.exit({
    daemons(0)
    unlink(dir, recursive = TRUE)
  })
  daemons(url = local_url(tcp = TRUE))
  status_file <- file.path(dir, "status")
  cmd <- sprintf("%s -e %s", rscript(), shQuote(daemon_code(status()$daemons, ", idletime = 60000")))
  system2("sh", c("-c", shQuote(sprintf("%s; echo $? > %s", cmd, shQuote(status_file)))),
          env = child_env(), stdout = FALSE, stderr = FALSE, wait = FALSE)
  expect_equal(wait_connections(1), 1L)
  pid <- mirai(Sys.getpid())[]
  daemons(0)
  if (!wait_dead(pid, seconds = 20)) tools::pskill(pid, tools::SIGKILL)
  deadline <- Sys.time() + 5
  while (!file.exists(status_file) && Sys.time() < deadline) Sys.sleep(0.05)
  expect_identical(readLines(status_file), "0")
})

test_that("daemon() returns its exit code, which nextcode() describes", {
  on.exit(daemons(0))
  daemons(url = local_url(tcp = TRUE))
  out <- system2(rscript(), c("-e", shQuote(sprintf(
    "x <- %s; cat(miraiRs::nextcode(x), sep = '\\n')", daemon_code(status()$daemons, ", idletime = 200")
  ))), env = child_env(), stdout = TRUE, stderr = FALSE, timeout = 30)
  # not the whole command: the daemon returns and the rest of it runs
  expect_identical(out, "1 | Daemon idletime limit reached")
  expect_identical(nextcode(0L), "0 | Daemon connection terminated")
  expect_identical(nextcode(2L), "2 | Daemon walltime limit reached")
  expect_identical(nextcode(3L), "3 | Daemon task limit reached")
})

test_that("daemons(output = TRUE) shows the daemons' output in the host's console", {
  script <- tempfile(fileext = ".R")
  on.exit(unlink(script))
  writeLines(c(
    "library(miraiRs)",
    "daemons(1, output = TRUE)",
    "invisible(mirai({ cat('out-from-daemon\\n'); message('err-from-daemon'); 1 })[])",
    "daemons(1)",
    "invisible(mirai({ cat('hidden-output\\n'); message('hidden-message'); 1 })[])",
    "daemons(0)",
    "cat('host-done\\n')"
  ), script)
  out <- system2(rscript(), script, env = child_env(), stdout = TRUE, stderr = TRUE, timeout = 60)
  expect_true("out-from-daemon" %in% out)
  expect_true("err-from-daemon" %in% out)
  expect_true("host-done" %in% out)
  expect_false(any(grepl("hidden", out)))
})

test_that("daemons keep connecting at an abstract socket after one leaves at its task limit", {
  on.exit(daemons(0))
  daemons(url = local_url())
  url <- status()$daemons
  for (i in 1:5) {
    m <- mirai(i, i = i)
    expect_identical(run_rscript(daemon_code(url, ", maxtasks = 1, walltime = 10000")), 3L)
    expect_identical(m[], i)
  }
})
