# Large payloads between this session and daemons on the same machine go
# through files in /dev/shm (see src/rust/src/shared.rs), named
# mirairs-<pid of their maker>-<random>.

shm_files <- function(pids = NULL) {
  files <- list.files("/dev/shm", pattern = "^mirairs-")
  if (is.null(pids)) return(files)
  makers <- as.integer(vapply(strsplit(files, "-", fixed = TRUE), `[[`, "", 2L))
  files[makers %in% pids]
}

skip_without_shm <- function() {
  skip_if_not(dir.exists("/dev/shm") && file.access("/dev/shm", 2L) == 0L, "needs a writable /dev/shm")
}

test_that("a large task travels through shared memory, and no file is left once it is done", {
  skip_without_shm()
  on.exit(daemons(0))
  daemons(1)
  host <- Sys.getpid()
  seen <- function(x) mirai(list(files = shm_files(host), pid = Sys.getpid(), back = x),
                            x = x, host = host, shm_files = shm_files)[]
  big <- runif(1e6) # 8 MB
  got <- seen(big)
  expect_length(got$files, 1L) # the task's file, while it runs
  expect_identical(got$back, big)
  expect_length(seen(runif(10))$files, 0L) # a small one goes in its message
  # The result's file was the daemon's; the host removed it on reading.
  expect_length(shm_files(c(host, got$pid)), 0L)
})

test_that("a large task's file is removed when it is cancelled or times out, and kept for a retry", {
  skip_without_shm()
  on.exit(daemons(0))
  daemons(1)
  host <- Sys.getpid()
  blocker <- mirai(Sys.sleep(3))
  queued <- mirai(length(x), x = runif(1e6))
  expect_length(shm_files(host), 1L)
  stop_mirai(queued)
  expect_identical(unclass(queued[]), 20L)
  expect_length(shm_files(host), 0L)
  timed <- mirai(length(x), x = runif(1e6), .timeout = 200)
  expect_identical(unclass(timed[]), 5L)
  expect_length(shm_files(host), 0L)
  stop_mirai(blocker)
  daemons(0)

  # With retries, the task runs again on the other daemon after its first
  # is killed, so its file must outlive that first run.
  daemons(2, retries = 1)
  wait_connections(2)
  marker <- tempfile()
  x <- runif(1e6)
  m <- mirai({
    if (file.exists(marker)) return(sum(x))
    writeLines(as.character(Sys.getpid()), marker)
    Sys.sleep(10)
  }, marker = marker, x = x)
  deadline <- Sys.time() + 20
  while (!file.exists(marker) && Sys.time() < deadline) Sys.sleep(0.02)
  tools::pskill(as.integer(readLines(marker)), tools::SIGKILL)
  expect_identical(m[], sum(x))
  expect_length(shm_files(host), 0L)
})

test_that("queued large tasks hold no file descriptor each", {
  skip_without_shm()
  skip_if_not(dir.exists("/proc/self/fd"), "needs /proc")
  on.exit(daemons(0))
  daemons(1)
  host <- Sys.getpid()
  blocker <- mirai(Sys.sleep(5))
  fds <- length(list.files("/proc/self/fd"))
  x <- runif(6e5) # 4.8 MB: each task in a file of its own
  queued <- lapply(1:30, function(i) mirai(length(x), x = x))
  expect_length(shm_files(host), 30L)
  expect_lte(length(list.files("/proc/self/fd")) - fds, 3L)
  stop_mirai(queued)
  stop_mirai(blocker)
  expect_length(shm_files(host), 0L)
})

test_that("files left by processes that died are removed when daemons start", {
  skip_without_shm()
  on.exit(daemons(0))
  dead <- system2(rscript(), c("-e", shQuote("cat(Sys.getpid())")), stdout = TRUE)
  left <- file.path("/dev/shm", sprintf("mirairs-%s-00000000000000aa", dead))
  writeLines("left behind", left)
  Sys.setFileTime(left, Sys.time() - 60)
  fresh <- file.path("/dev/shm", sprintf("mirairs-%s-00000000000000bb", dead))
  writeLines("just written", fresh)
  daemons(1)
  expect_false(file.exists(left))
  expect_true(file.exists(fresh)) # too young: maybe a result on its way
  unlink(fresh)
})

skip_without_unshare <- function() {
  skip_on_os(c("windows", "mac"))
  uid <- tryCatch(system2("id", "-u", stdout = TRUE, stderr = FALSE), error = function(e) "")
  skip_if_not(identical(uid, "0") && nzchar(Sys.which("unshare")), "needs root and unshare")
}

test_that("a daemon that cannot see this machine's shared memory gets large tasks in its messages", {
  skip_without_shm()
  skip_without_unshare()
  on.exit(daemons(0))
  url <- sprintf("abstract://mirairs-test-%d", Sys.getpid())
  daemons(url = url)
  big <- runif(1e6)
  # Made before any daemon is there, for a url only this machine can dial:
  # into shared memory, then sent inline to the daemon that cannot see it.
  early <- mirai(list(files = list.files("/dev/shm"), back = x), x = big)
  # A mount namespace with a /dev/shm of its own: the daemon's probe is not
  # found, so tasks and results go inline.
  inner <- sprintf("mount -t tmpfs tmpfs /dev/shm && exec %s -e %s", rscript(),
                   shQuote(sprintf("miraiRs::daemon(%s)", deparse(url))))
  system2("unshare", c("-m", "sh", "-c", shQuote(inner)), wait = FALSE, stdout = FALSE, stderr = FALSE)
  expect_identical(wait_connections(1), 1L)
  got <- early[]
  expect_length(got$files, 0L)
  expect_identical(got$back, big)
  got <- mirai(list(files = list.files("/dev/shm"), back = x), x = big)[]
  expect_length(got$files, 0L)
  expect_identical(got$back, big)
  expect_identical(mirai(rev(x), x = big)[], rev(big))
  expect_length(shm_files(Sys.getpid()), 0L)
})

test_that("with a /dev/shm too small for a payload, it goes in the message", {
  skip_without_unshare()
  # A session (and its daemon) in a mount namespace whose /dev/shm holds 1 MB.
  code <- paste(
    "library(miraiRs); daemons(1); x <- runif(1e6)",
    "ok <- identical(mirai(rev(x), x = x)[], rev(x))",
    "cat(ok, length(list.files('/dev/shm')))",
    sep = "; "
  )
  inner <- sprintf("mount -t tmpfs -o size=1m tmpfs /dev/shm && exec %s -e %s", rscript(), shQuote(code))
  out <- system2("unshare", c("-m", "sh", "-c", shQuote(inner)), stdout = TRUE, stderr = FALSE)
  expect_identical(out, "TRUE 0")
})
