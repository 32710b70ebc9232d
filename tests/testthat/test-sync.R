# daemons(sync = TRUE): every mirai evaluated in this session when created.

test_that("a mirai is evaluated here, at once, and returned resolved", {
  daemons(sync = TRUE)
  on.exit(daemons(0))
  expect_true(daemons_set())
  m <- mirai(Sys.getpid())
  expect_false(unresolved(m))
  expect_identical(m$data, Sys.getpid())
  expect_identical(m[], Sys.getpid())
  expect_identical(mirai(x + y, x = 1, .args = list(y = 2))[], 3)
  expect_output(print(m), "< mirai [$data] >", fixed = TRUE)
  expect_false(stop_mirai(m))
  expect_identical(race_mirai(list(m)), 1L)
})

test_that("errors become 'miraiError' values, as on a daemon", {
  daemons(sync = TRUE)
  on.exit(daemons(0))
  err <- mirai(stop("boom"))[]
  expect_true(is_mirai_error(err))
  expect_identical(err$message, "boom")
})

test_that("'...' objects do not touch the global environment; everywhere() persists", {
  daemons(sync = TRUE)
  on.exit(daemons(0))
  expect_true(mirai(exists("zz_sync_obj"), zz_sync_obj = 1)[])
  expect_false(exists("zz_sync_obj", envir = globalenv(), inherits = FALSE))
  mm <- everywhere({}, zz_a = 1)
  expect_s3_class(mm, "mirai_map")
  expect_identical(mirai(zz_a + 1)[], 2)
  expect_false(exists("zz_a", envir = globalenv(), inherits = FALSE))
})

test_that("mirai_map() works, and .timeout does not apply", {
  daemons(sync = TRUE)
  on.exit(daemons(0))
  expect_identical(mirai_map(1:3, function(x) x * 2L)[.flat], c(2L, 4L, 6L))
  expect_identical(mirai({ Sys.sleep(0.05); 1 }, .timeout = 1)[], 1)
})

test_that("seeds give reproducible streams and leave the session's random state alone", {
  set.seed(42)
  before <- .Random.seed
  daemons(sync = TRUE, seed = 1)
  a <- mirai_map(1:3, function(i) runif(1))[.flat]
  daemons(0)
  daemons(sync = TRUE, seed = 1)
  b <- mirai_map(1:3, function(i) runif(1))[.flat]
  daemons(0)
  expect_identical(a, b)
  expect_identical(.Random.seed, before)
})

test_that("status() and info() have no connections; launchers refuse", {
  daemons(sync = TRUE)
  on.exit(daemons(0))
  expect_identical(status()$connections, 0L)
  expect_type(nextget("url"), "character")
  expect_identical(info()[["connections"]], 0L)
  expect_true(is.na(info()[["completed"]]))
  expect_error(launch_local(1), "not available with daemons\\(sync = TRUE\\)")
  expect_false(daemons(0))
  expect_false(daemons_set())
})

test_that("a sync mirai settles a promise", {
  skip_if_not_installed("promises")
  skip_if_not_installed("later")
  daemons(sync = TRUE)
  on.exit(daemons(0))
  got <- NULL
  promises::then(mirai(21 * 2), function(v) got <<- v)
  deadline <- Sys.time() + 5
  while (is.null(got) && Sys.time() < deadline) later::run_now(0.05)
  expect_identical(got, 42)
})

test_that("daemons(dispatcher = FALSE) is accepted (the dispatcher is always a thread here)", {
  daemons(1, dispatcher = FALSE)
  on.exit(daemons(0))
  expect_identical(mirai(1L)[], 1L)
  expect_error(daemons(1, dispatcher = NA), "'dispatcher' must be TRUE or FALSE")
})
