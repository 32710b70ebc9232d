# daemons(memory = ): a cap on the bytes of queued task payloads;
# try_mirai() and status()$memory.

# Waits (bounded) until `n` tasks are executing.
wait_executing <- function(n, seconds = 20) {
  deadline <- Sys.time() + seconds
  while (status()$mirai[["executing"]] < n && Sys.time() < deadline) Sys.sleep(0.02)
  status()$mirai[["executing"]]
}

test_that("status()$memory reports used, peak and capacity in MB", {
  daemons(url = local_url())
  on.exit(daemons(0))
  mem <- status()$memory
  expect_named(mem, c("used", "peak", "capacity"))
  expect_identical(unname(mem[c("used", "peak")]), c(0, 0))
  expect_true(is.na(mem[["capacity"]]))
  # No daemon connects: the tasks stay queued.
  ms <- lapply(1:3, function(i) mirai(x, x = raw(1e5)))
  mem <- status()$memory
  expect_gt(mem[["used"]], 0.3)
  expect_lt(mem[["used"]], 0.31)
  expect_identical(mem[["peak"]], mem[["used"]])
  stop_mirai(ms[[1L]])
  expect_lt(status()$memory[["used"]], 0.21)
  expect_gt(status()$memory[["peak"]], 0.3)
})

test_that("try_mirai() returns NULL when the queue is full, a mirai once there is room", {
  daemons(1, memory = 0.25)
  on.exit(daemons(0))
  expect_identical(status()$memory[["capacity"]], 0.25)
  expect_equal(wait_connections(1), 1L)
  blocker <- mirai({ Sys.sleep(30); "blocker" })
  expect_equal(wait_executing(1), 1L)
  # Over 64 KiB: never prefetched, so they stay queued behind the blocker.
  m1 <- try_mirai(length(x), x = raw(1e5))
  m2 <- try_mirai(length(x), x = raw(1e5))
  expect_true(is_mirai(m1) && is_mirai(m2))
  expect_null(try_mirai(length(x), x = raw(1e5)))
  expect_invisible(try_mirai(length(x), x = raw(1e5)))
  expect_true(status()$memory[["used"]] <= 0.25)
  expect_identical(status()$mirai[["awaiting"]], 2L)
  stop_mirai(blocker)
  expect_identical(m1[], 1e5L)
  expect_identical(m2[], 1e5L)
  m3 <- try_mirai(length(x), x = raw(1e5))
  expect_identical(m3[], 1e5L)
  expect_gte(status()$memory[["peak"]], 0.2)
})

test_that("mirai() waits for room under the cap, then submits", {
  daemons(1, memory = 0.15)
  on.exit(daemons(0))
  expect_equal(wait_connections(1), 1L)
  first <- mirai({ Sys.sleep(0.5); 1L })
  expect_equal(wait_executing(1), 1L)
  queued <- mirai(length(x), x = raw(1e5))
  # No room for a second one until `first` ends and `queued` starts.
  second <- mirai(length(x), x = raw(1e5))
  expect_true(is_mirai(second))
  expect_identical(collect_mirai(list(first, queued, second)), list(1L, 1e5L, 1e5L))
})

test_that("a payload larger than the capacity goes once the queue is empty", {
  daemons(1, memory = 0.01)
  on.exit(daemons(0))
  expect_identical(mirai(length(x), x = raw(1e5))[], 1e5L)
  expect_true(is_mirai(try_mirai(length(x), x = raw(1e5))))
})

test_that("try_mirai() is mirai() without a cap, and checks its arguments the same way", {
  daemons(1)
  on.exit(daemons(0))
  expect_identical(try_mirai(x + 1L, x = 1L)[], 2L)
  expect_error(try_mirai(), "missing expression")
  expect_error(try_mirai(1, .timeout = -1), "'.timeout'")
  expect_error(daemons(1, memory = -1), "'memory' must be NULL or a positive number")
  expect_error(daemons(1, memory = "1"), "'memory' must be NULL or a positive number")
})
