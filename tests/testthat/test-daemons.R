test_that("daemons() validates its arguments", {
  expect_error(daemons(-1), "'n' must be a non-negative integer")
  expect_error(daemons("a"), "'n' must be a non-negative integer")
  expect_error(daemons(1.5), "'n' must be a non-negative integer")
  expect_error(daemons(c(1, 2)), "'n' must be a non-negative integer")
  expect_error(daemons(1, url = 5), "'url' must be a single character string")
  expect_error(daemons(1, dispatcher = NA), "'dispatcher' must be TRUE or FALSE")
  expect_error(daemons(1, bogus = 1), "arguments in '...' must be named")
  expect_identical(status()$connections, 0L)
})

test_that("status and info have mirai's shapes before, during and after", {
  expect_identical(status(), list(connections = 0L, daemons = 0L))
  expect_null(info())
  on.exit(daemons(0))
  expect_true(daemons(2))
  expect_equal(wait_connections(2), 2L)
  i <- info()
  expect_identical(names(i), c("connections", "cumulative", "awaiting", "executing", "completed"))
  expect_identical(i[["connections"]], 2L)
  daemons(0)
  expect_identical(status()$connections, 0L)
})

test_that("compute profiles are independent", {
  on.exit({
    daemons(0, .compute = "a")
    daemons(0, .compute = "b")
  })
  daemons(1, .compute = "a")
  daemons(2, .compute = "b")
  pa <- mirai(Sys.getpid(), .compute = "a")[]
  expect_equal(wait_connections(2, .compute = "b"), 2L)
  pb <- collect_mirai(lapply(1:4, function(i) mirai({ Sys.sleep(0.1); Sys.getpid() }, .compute = "b")))
  expect_false(pa %in% unlist(pb))
  expect_identical(status()$connections, 0L)
})

test_that("daemons(0) resolves outstanding mirai to 19 and the daemons exit", {
  daemons(2)
  expect_equal(wait_connections(2), 2L)
  pids <- unlist(collect_mirai(everywhere(Sys.getpid())))
  running <- lapply(1:2, function(i) mirai(Sys.sleep(30)))
  queued <- lapply(1:3, function(i) mirai(Sys.sleep(30)))
  Sys.sleep(0.2)
  daemons(0)
  for (m in c(running, queued)) {
    expect_true(is_error_value(m[]))
    expect_identical(as.integer(m$data), 19L)
  }
  expect_output(print(running[[1]]$data), "'errorValue' int 19 | Connection reset", fixed = TRUE)
  expect_true(wait_dead(pids))
})

test_that("daemons forked from one R start-up are as separate as daemons started one by one", {
  on.exit(daemons(0))
  daemons(3)
  expect_equal(wait_connections(3), 3L)
  seen <- daemon_family()
  expect_length(unique(seen$pid), 3L)
  expect_length(unique(seen$tmp), 3L)
  expect_true(all(seen$tmp_exists))
  expect_length(unique(seen$draw), 3L)
  expect_match(seen$call, "^miraiRs:::fork_daemons\\(")
  reference <- system2(rscript(), c("--vanilla", "-e", shQuote("writeLines(search())")), stdout = TRUE)
  expect_identical(unique(seen$search), paste(reference, collapse = " "))
  # Their common parent is the R that started, and it leaves with them.
  parent <- unique(seen$parent)
  expect_length(parent, 1L)
  expect_false(parent %in% c(seen$pid, Sys.getpid()))
  daemons(0)
  expect_true(wait_dead(c(seen$pid, parent)))
  expect_false(any(dir.exists(seen$tmp)))
  # Killed (as when the host session crashes), that parent takes them along.
  daemons(2)
  expect_equal(wait_connections(2), 2L)
  seen <- daemon_family()
  tools::pskill(seen$parent[[1L]], tools::SIGKILL)
  expect_true(wait_dead(seen$pid))
})

test_that("where R cannot fork (MIRAIRS_NO_FORK), the same daemons start one R each", {
  on.exit({
    daemons(0)
    Sys.unsetenv("MIRAIRS_NO_FORK")
  })
  Sys.setenv(MIRAIRS_NO_FORK = "1")
  daemons(2)
  expect_equal(wait_connections(2), 2L)
  seen <- daemon_family()
  expect_length(unique(seen$pid), 2L)
  expect_length(unique(seen$parent), 1L)
  expect_match(seen$call, "^miraiRs::daemon\\(")
  expect_identical(as.integer(mirai(x + 1L, x = 1L)[]), 2L)
  daemons(0)
  expect_true(wait_dead(c(seen$pid, seen$parent[[1L]])))
})

test_that("calling daemons() again resets the profile first", {
  on.exit(daemons(0))
  daemons(1)
  expect_equal(wait_connections(1), 1L)
  first <- mirai(Sys.getpid())[]
  daemons(1)
  expect_equal(wait_connections(1), 1L)
  expect_false(identical(mirai(Sys.getpid())[], first))
  expect_true(wait_dead(first))
})

test_that("everywhere() runs once per daemon and its globals persist", {
  on.exit(daemons(0))
  daemons(3)
  expect_equal(wait_connections(3), 3L)
  mp <- everywhere({ y <<- 10; Sys.getpid() }, x = 5)
  expect_s3_class(mp, "mirai_map")
  pids <- unlist(collect_mirai(mp))
  expect_length(unique(pids), 3L)
  res <- collect_mirai(lapply(1:9, function(i) mirai(x + y)))
  expect_identical(unlist(res), rep(15, 9))
})

test_that("everywhere(.min = ) waits for daemons still connecting", {
  on.exit(daemons(0))
  # Started, not waited for: everywhere() must wait for both.
  daemons(2)
  pids <- unlist(collect_mirai(everywhere(Sys.getpid(), .min = 2)))
  expect_length(unique(pids), 2L)
  expect_error(everywhere(1, .min = -1), "'.min' must be a non-negative integer")
})

test_that("daemon(asyncdial = ) is accepted, as mirai's", {
  on.exit(daemons(0))
  daemons(1, asyncdial = TRUE)
  expect_identical(mirai(1L)[], 1L)
})

test_that("cleanup restores globals, options and attached packages between tasks", {
  on.exit(daemons(0))
  daemons(1)
  mirai({ leftover <<- 1; options(mirairs.test = TRUE); library(tools) })[]
  expect_identical(
    mirai(c(exists("leftover"), isTRUE(getOption("mirairs.test")), "package:tools" %in% search()))[],
    c(FALSE, FALSE, FALSE)
  )
})

test_that("a local daemon is the R an `Rscript --vanilla -e` would start", {
  on.exit(daemons(0))
  daemons(1)
  seen <- mirai(list(search = search(), args = commandArgs(), profile = Sys.getenv("R_PROFILE_USER", NA)))[]
  reference <- system2(file.path(R.home("bin"), "Rscript"),
                       c("--vanilla", "-e", shQuote("writeLines(search())")), stdout = TRUE)
  expect_identical(seen$search, reference)
  expect_identical(seen$args[2:5], c("--no-echo", "--no-restore", "--vanilla", "-e"))
  expect_match(seen$args[[6L]], "^miraiRs::daemon\\(")
  expect_identical(seen$profile, "")
})
