test_that("daemons_set() and require_daemons() report whether daemons are set", {
  on.exit(daemons(0))
  expect_false(daemons_set())
  expect_false(daemons_set("nothere"))
  expect_error(require_daemons(), "No daemons set.")
  expect_error(require_daemons(), "daemons(6)", fixed = TRUE)
  expect_error(require_daemons("gpu"), "No daemons set for the 'gpu' compute profile.", fixed = TRUE)
  expect_error(require_daemons("gpu"), "daemons(6, .compute = \"gpu\")", fixed = TRUE)
  daemons(1)
  expect_true(daemons_set())
  expect_true(require_daemons())
  daemons(0)
  expect_false(daemons_set())
})

test_that("require_daemons() errors the same way without cli", {
  old <- options(miraiRs.cli = FALSE)
  on.exit(options(old))
  expect_error(require_daemons(), "^No daemons set.\nUse e.g. miraiRs::daemons\\(6\\) to set 6 local daemons.$")
  # the old argument order: an environment first is the call
  f <- function() require_daemons(environment(), "prof")
  expect_error(f(), "No daemons set for the 'prof' compute profile.", fixed = TRUE)
})

test_that("daemons() returns TRUE of class miraiDaemons, FALSE on reset", {
  on.exit(daemons(0))
  d <- daemons(1)
  expect_s3_class(d, "miraiDaemons")
  expect_identical(class(d), c("miraiDaemons", "default"))
  expect_true(unclass(d))
  expect_output(print(d), "[1] TRUE", fixed = TRUE)
  expect_identical(daemons(0), FALSE)
  expect_identical(daemons(0), FALSE)
})

test_that("with(daemons(n), expr) sets daemons for the expression only", {
  on.exit(daemons(0))
  pid <- with(daemons(1), {
    expect_true(daemons_set())
    mirai(Sys.getpid())[]
  })
  expect_true(is.numeric(pid) && pid != Sys.getpid())
  expect_false(daemons_set())
  # a named profile becomes the one in use, then is reset
  out <- with(daemons(1, .compute = "w"), {
    expect_false(daemons_set("default"))
    expect_true(daemons_set())
    c(status()$connections >= 0L, mirai(2 + 2)[])
  })
  expect_identical(out, c(1, 4))
  expect_false(daemons_set("w"))
})

test_that("with_daemons() and local_daemons() switch the profile in use", {
  on.exit({
    daemons(0, .compute = "cpu")
    daemons(0, .compute = "gpu")
  })
  expect_error(with_daemons("cpu", 1), "No daemons set for the 'cpu' compute profile.", fixed = TRUE)
  daemons(1, .compute = "cpu")
  daemons(1, .compute = "gpu")
  p_cpu <- mirai(Sys.getpid(), .compute = "cpu")[]
  p_gpu <- mirai(Sys.getpid(), .compute = "gpu")[]
  expect_false(p_cpu == p_gpu)
  expect_identical(with_daemons("cpu", mirai(Sys.getpid())[]), p_cpu)
  expect_identical(with_daemons("gpu", {
    expect_identical(status()$daemons, status(.compute = "gpu")$daemons)
    mirai(Sys.getpid())[]
  }), p_gpu)
  # explicit .compute still wins inside with_daemons()
  expect_identical(with_daemons("gpu", mirai(Sys.getpid(), .compute = "cpu")[]), p_cpu)
  # back to the default profile afterwards: none set, so a one-off daemon
  expect_false(daemons_set())

  f <- function() {
    local_daemons("gpu")
    mirai(Sys.getpid())[]
  }
  expect_identical(f(), p_gpu)
  expect_false(daemons_set())
  expect_identical(with_daemons("cpu", f()), p_gpu)
  g <- function() {
    local_daemons("nope")
  }
  expect_error(g(), "No daemons set for the 'nope' compute profile.", fixed = TRUE)
})

test_that("on_daemon() is TRUE only inside a mirai", {
  on.exit(daemons(0))
  expect_false(on_daemon())
  daemons(1)
  expect_true(mirai(miraiRs::on_daemon())[])
})
