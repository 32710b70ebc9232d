run_until <- function(done, seconds = 20) {
  deadline <- Sys.time() + seconds
  while (!done() && Sys.time() < deadline) later::run_now(0.05)
  done()
}

test_that("a mirai resolves a promise chain while later runs", {
  skip_if_not_installed("promises")
  skip_if_not_installed("later")
  on.exit(daemons(0))
  daemons(1)
  result <- NULL
  promises::then(
    promises::then(mirai({ Sys.sleep(0.2); x + 1 }, x = 1), function(v) v * 10),
    function(v) result <<- v
  )
  expect_null(result)
  expect_true(run_until(function() !is.null(result)))
  expect_identical(result, 20)
  expect_s3_class(promises::as.promise(mirai(1)), "promise")
})

test_that("errors, timeouts and cancellations reject the promise", {
  skip_if_not_installed("promises")
  skip_if_not_installed("later")
  on.exit(daemons(0))
  daemons(1)
  rejected <- list()
  catch <- function(m, key) promises::catch(m, function(e) rejected[[key]] <<- conditionMessage(e))
  catch(mirai(stop("boom")), "error")
  catch(mirai(Sys.sleep(5), .timeout = 100), "timeout")
  cancelled <- mirai(Sys.sleep(5))
  catch(cancelled, "cancel")
  stop_mirai(cancelled)
  expect_true(run_until(function() length(rejected) == 3L))
  expect_identical(rejected$error, "Error: boom")
  expect_identical(rejected$timeout, "Timed out")
  expect_identical(rejected$cancel, "Operation canceled")
})

test_that("a mirai that has already finished still settles its promise", {
  skip_if_not_installed("promises")
  skip_if_not_installed("later")
  on.exit(daemons(0))
  daemons(1)
  m <- mirai("done")
  m[]
  result <- NULL
  promises::then(m, function(v) result <<- v)
  expect_true(run_until(function() !is.null(result)))
  expect_identical(result, "done")
})

test_that("a mirai_map becomes one promise of all its values, with names", {
  skip_if_not_installed("promises")
  skip_if_not_installed("later")
  on.exit(daemons(0))
  daemons(2)
  result <- NULL
  promises::then(mirai_map(c(a = 1, b = 2, c = 3), function(x) x^2), function(v) result <<- v)
  expect_true(run_until(function() !is.null(result)))
  expect_identical(result, list(a = 1, b = 4, c = 9))
})

test_that("a Shiny ExtendedTask runs a mirai", {
  skip_if_not_installed("shiny", minimum_version = "1.8.1") # ExtendedTask
  skip_if_not_installed("later")
  on.exit(daemons(0))
  daemons(1)
  shiny::isolate({
    task <- shiny::ExtendedTask$new(function(x) mirai(x * 2, x = x))
    task$invoke(21)
    expect_true(run_until(function() task$status() != "running"))
    expect_identical(task$result(), 42)
  })
})

test_that("mirai_map(.promise =) runs the handlers as each element finishes", {
  skip_if_not_installed("promises")
  skip_if_not_installed("later")
  on.exit(daemons(0))
  daemons(2)
  seen <- numeric()
  failed <- character()
  mp <- mirai_map(c(1, 2, -1), function(x) if (x < 0) stop("negative") else x * 10,
                  .promise = list(function(v) seen <<- c(seen, v), function(e) failed <<- conditionMessage(e)))
  expect_true(run_until(function() length(seen) == 2L && length(failed) == 1L))
  expect_setequal(seen, c(10, 20))
  expect_match(failed, "negative")
  expect_error(mirai_map(1:2, identity, .promise = 1), "`.promise` must be a function")
})
