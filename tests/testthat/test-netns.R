# Remote daemons across real network stacks: this session is the host (root
# namespace), workers run in network namespaces of their own behind veth
# links (see helper-netns.R). Needs root; skipped otherwise.

skip_reason <- netns_skip_reason()
if (!is.null(skip_reason)) skip(skip_reason)

world <- netns_setup(2L)
withr::defer(netns_teardown(world), teardown_env())
# Short heartbeats, so a cut link is noticed within ~2 s (daemons take the
# host's interval from its pings); for this file only: with a 1.8 s bound,
# tests of later files could see a daemon of theirs cut in a stall of the VM.
withr::local_envvar(MIRAIRS_HEARTBEAT_MS = "300")

netns_url <- function(scheme = "tcp") {
  sprintf("%s://%s:%d", scheme, world$host, 20000L + sample.int(20000L, 1L))
}

# Each daemon's addresses, as it sees them from inside its namespace.
daemon_addresses <- function() {
  seen <- everywhere(system2("ip", c("-4", "-o", "addr", "show"), stdout = TRUE))[]
  sort(unlist(lapply(seen, function(out) regmatches(out, regexpr("10\\.213\\.[0-9]+\\.[0-9]+", out)))))
}

# daemons(url = , ...) for a fresh tcp:// url, and a daemon in each namespace.
two_workers <- function(...) {
  url <- netns_url()
  daemons(url = url, ...)
  lapply(1:2, function(i) netns_daemon(world, i, url))
}

exited_cleanly <- function(procs) {
  wait_for(function() all(!is.na(vapply(procs, exit_status, 0L))), 20) &&
    all(vapply(procs, exit_status, 0L) == 0L)
}

namespaces_empty <- function() {
  wait_for(function() {
    all(vapply(world$ns, function(ns) !length(system2("ip", c("netns", "pids", ns), stdout = TRUE)), TRUE))
  }, 20)
}

# A peer that completes NNG's SP handshake as a pair1 socket, then records
# every byte the host sends it for `seconds` into `out`.
raw_peer <- function(i, port, out, seconds = 3) {
  expr <- sprintf(paste(
    "con <- socketConnection(%s, %d, blocking = FALSE, open = 'r+b', timeout = 5)",
    "writeBin(as.raw(c(0, 0x53, 0x50, 0, 0, 0x11, 0, 0)), con)",
    "got <- raw(); t0 <- Sys.time()",
    "while (Sys.time() - t0 < %d) {",
    "  x <- tryCatch(readBin(con, 'raw', 65536L), error = function(e) raw())",
    "  got <- c(got, x); if (!length(x)) Sys.sleep(0.05)",
    "}",
    "writeBin(got, %s)", sep = "\n"), deparse(world$host), port, seconds, deparse(out))
  netns_run(world, i, expr)
}

test_that("tasks flow over tcp between namespaces, and daemons(0) ends every worker with status 0", {
  on.exit(daemons(0))
  w <- two_workers()
  expect_equal(wait_connections(2), 2L)
  expect_identical(daemon_addresses(), sort(world$addr))
  res <- collect_mirai(lapply(1:20, function(i) mirai({ Sys.sleep(0.05); c(i, Sys.getpid()) }, i = i)))
  expect_identical(vapply(res, `[[`, 0, 1L), as.numeric(1:20))
  expect_setequal(vapply(res, `[[`, 0, 2L), vapply(w, `[[`, 0L, "pid"))
  busy <- mirai(Sys.sleep(60)) # one worker is mid-task when the host leaves
  daemons(0)
  expect_identical(as.integer(busy[]), 19L)
  expect_true(exited_cleanly(w))
  for (p in w) expect_match(tail(read_log(p), 1L), "the host called daemons(0); exiting", fixed = TRUE)
  expect_true(namespaces_empty())
})

test_that("tls+tcp between namespaces, with daemons launched by daemons(remote =) and make_cluster(remote =)", {
  on.exit(daemons(0))
  # `ip netns exec` stands in for ssh: one launch per namespace.
  into_namespaces <- remote_config(
    command = "ip",
    args = lapply(world$ns, function(ns) c("netns", "exec", ns, "sh", "-c", ".", ">/dev/null 2>&1")),
    rscript = rscript(), quote = TRUE
  )
  url <- netns_url("tls+tcp")
  daemons(2, url = url, remote = into_namespaces)
  expect_equal(wait_connections(2), 2L)
  expect_identical(daemon_addresses(), sort(world$addr))
  expect_identical(unlist(collect_mirai(lapply(1:10, function(i) mirai(i^2, i = i)))), (1:10)^2)
  daemons(0)
  expect_true(namespaces_empty())
  cl <- make_cluster(2, url = netns_url("tls+tcp"), remote = into_namespaces)
  on.exit(stop_cluster(cl), add = TRUE)
  expect_equal(wait_connections(2, .compute = attr(cl, "id")), 2L)
  expect_identical(parallel::parLapply(cl, 1:4, function(x) x + 1L), as.list(2:5))
  stop_cluster(cl)
  expect_true(namespaces_empty())
})

test_that("a worker started before the host retries, logging each try, and connects when it comes up", {
  on.exit(daemons(0))
  url <- netns_url()
  w <- netns_daemon(world, 1L, url)
  expect_true(wait_for(function() sum(grepl("cannot reach", read_log(w))) >= 2L))
  expect_match(read_log(w)[[1L]], sprintf("^miraiRs daemon: cannot reach %s \\(Connection refused\\), retrying in 1 s$", url))
  daemons(url = url)
  expect_equal(wait_connections(1, seconds = 30), 1L)
  expect_identical(mirai(Sys.getpid())[], w$pid)
  expect_true(any(grepl(sprintf("connected to %s", url), read_log(w), fixed = TRUE)))
  daemons(0)
  expect_true(exited_cleanly(list(w)))
})

test_that("a link cut mid-task resolves the task to 19; the worker redials and takes new tasks", {
  on.exit(daemons(0))
  w <- two_workers()
  expect_equal(wait_connections(2), 2L)
  pidfile <- tempfile()
  m <- mirai({ writeLines(as.character(Sys.getpid()), pidfile); Sys.sleep(60) }, pidfile = pidfile)
  expect_true(wait_for(function() file.exists(pidfile) && length(readLines(pidfile)) == 1L))
  cut <- which(vapply(w, `[[`, 0L, "pid") == as.integer(readLines(pidfile)))
  netns_cut(world, cut)
  on.exit(netns_mend(world, cut), add = TRUE)
  expect_identical(as.integer(m[]), 19L)
  expect_true(wait_for(function() status()$connections == 1L))
  expect_identical(mirai(Sys.getpid())[], w[[3L - cut]]$pid) # the other worker carries on
  netns_mend(world, cut)
  expect_true(wait_for(function() status()$connections == 2L, 60))
  expect_setequal(unlist(everywhere(Sys.getpid())[]), vapply(w, `[[`, 0L, "pid"))
  log <- read_log(w[[cut]])
  expect_true(any(grepl("no heartbeat from", log, fixed = TRUE)))
  expect_identical(sum(grepl("connected to", log, fixed = TRUE)), 2L)
  daemons(0)
  expect_true(exited_cleanly(w))
})

test_that("with retries, a task whose link is cut runs again on the other worker", {
  on.exit(daemons(0))
  w <- two_workers(retries = 1)
  expect_equal(wait_connections(2), 2L)
  marker <- tempfile()
  m <- rerunnable_task(marker, 60)
  expect_true(wait_for(function() file.exists(marker) && length(readLines(marker)) == 1L))
  cut <- which(vapply(w, `[[`, 0L, "pid") == as.integer(readLines(marker)))
  netns_cut(world, cut)
  on.exit(netns_mend(world, cut), add = TRUE)
  expect_identical(m[], "second run")
  netns_mend(world, cut)
  expect_true(wait_for(function() status()$connections == 2L, 60))
  daemons(0)
  expect_true(exited_cleanly(w))
})

test_that("peers without the shared secret are refused and receive no task data", {
  on.exit(daemons(0))
  url <- netns_url()
  port <- as.integer(sub(".*:", "", url))
  daemons(url = url, secret = "correct horse")
  good <- netns_daemon(world, 1L, url, env = "MIRAI_SECRET=correct horse")
  expect_equal(wait_connections(1), 1L)
  wrong <- netns_daemon(world, 2L, url, args = "secret = 'battery staple'")
  none <- netns_daemon(world, 2L, url, args = "secret = ''")
  out <- tempfile()
  peer <- raw_peer(2L, port, out)
  marker <- sprintf("task-data-%d", sample.int(1e6, 1L))
  res <- collect_mirai(lapply(1:20, function(i) mirai({ Sys.sleep(0.1); c(marker, Sys.getpid()) }, marker = marker)))
  expect_identical(unique(vapply(res, `[[`, "", 2L)), as.character(good$pid))
  expect_true(exited_cleanly(list(wrong, none, peer)))
  expect_match(tail(read_log(wrong), 1L), "its secret does not match; exiting", fixed = TRUE)
  expect_match(tail(read_log(none), 1L), "the host requires a shared secret", fixed = TRUE)
  got <- readBin(out, "raw", 1e6)
  expect_identical(got[1:8], as.raw(c(0, 0x53, 0x50, 0, 0, 0x11, 0, 0))) # the handshake went through
  expect_length(grepRaw(charToRaw(marker), got), 0L)
  expect_identical(status()$connections, 1L)
  expect_identical(info()[["cumulative"]], 1L)
})

test_that("over tls+tcp, a worker with another certificate and a plain peer never connect", {
  on.exit(daemons(0))
  on.exit(daemons(0, .compute = "other"), add = TRUE)
  url <- netns_url("tls+tcp")
  port <- as.integer(sub(".*:", "", url))
  daemons(url = url)
  cert <- miraiRs:::get_profile("default")$tlscert
  good <- netns_daemon(world, 1L, url, args = sprintf("tlscert = %s", deparse(cert)))
  expect_equal(wait_connections(1), 1L)
  daemons(url = "tls+tcp://127.0.0.1:0", .compute = "other")
  other <- miraiRs:::get_profile("other")$tlscert
  wrong <- netns_daemon(world, 2L, url, args = c(sprintf("tlscert = %s", deparse(other)), "idletime = 4000"))
  out <- tempfile()
  peer <- raw_peer(2L, port, out)
  marker <- sprintf("task-data-%d", sample.int(1e6, 1L))
  res <- collect_mirai(lapply(1:20, function(i) mirai({ Sys.sleep(0.1); c(marker, Sys.getpid()) }, marker = marker)))
  expect_identical(unique(vapply(res, `[[`, "", 2L)), as.character(good$pid))
  expect_true(wait_for(function() !is.na(exit_status(wrong)) && !is.na(exit_status(peer))))
  log <- read_log(wrong)
  expect_true(any(grepl("cannot reach", log, fixed = TRUE)))
  expect_false(any(grepl("connected to", log, fixed = TRUE)))
  expect_length(grepRaw(charToRaw(marker), readBin(out, "raw", 1e6)), 0L)
  expect_identical(info()[["cumulative"]], 1L)
})
