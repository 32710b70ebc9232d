test_that("the issue's example behaves as in mirai", {
  on.exit(daemons(0))
  daemons(4)
  m <- mirai({ Sys.sleep(1); x + y }, x = 1, .args = list(y = 2))
  expect_true(unresolved(m))
  expect_s3_class(m, "mirai")
  expect_true(is_mirai(m))
  expect_output(print(m), "< mirai [] >", fixed = TRUE)
  expect_identical(m[], 3)
  expect_identical(m$data, 3)
  expect_false(unresolved(m))
  expect_output(print(m), "< mirai [$data] >", fixed = TRUE)
  expect_equal(wait_connections(4), 4L)
  s <- status()
  expect_identical(s$connections, 4L)
  expect_match(s$daemons, "^abstract://")
  expect_identical(names(s$mirai), c("awaiting", "executing", "completed"))
  expect_identical(s$mirai[["completed"]], 1L)
})

test_that("changing one mirai's class leaves every other mirai's alone", {
  on.exit(daemons(0))
  daemons(1)
  a <- mirai(1)
  b <- mirai(2)
  attr(a, "class")[2L] <- "changed"
  class(b) <- c("mine", class(b))
  expect_identical(class(a), c("mirai", "changed"))
  expect_identical(class(mirai(3)), c("mirai", "recvAio"))
  expect_identical(b[], 2)
  expect_identical(class(b), c("mine", "mirai", "recvAio"))
})

test_that("'...' objects become globals and '.args' stay local", {
  on.exit(daemons(0))
  daemons(1)
  expect_true(mirai(exists("a", envir = globalenv()), a = 1)[])
  expect_false(mirai(exists("b", envir = globalenv()), .args = list(b = 1))[])
  env <- new.env()
  env$p <- 2
  env$q <- 5
  expect_identical(mirai(p * q, env)[], 10)
  expr <- quote(u + v)
  expect_identical(mirai(.expr = expr, .args = list(u = 1L, v = 2L))[], 3L)
  # A symbol naming a language object where mirai() is called stands for
  # that object (found in enclosing environments, through a promise);
  # otherwise the symbol is sent as it is.
  outer <- function(e) (function() mirai(e, .args = list(u = 2L, v = 3L))[])()
  expect_identical(outer(quote(u * v)), 6L)
  expect_identical(mirai(not_bound_here, not_bound_here = 4L)[], 4L)
  w <- 5L
  expect_identical(mirai(w, w = 6L)[], 6L)
})

test_that("large plain vectors of every atomic type come back identical", {
  on.exit(daemons(0))
  daemons(1)
  # Results from 4 MB that are one atomic vector (with its attributes) are
  # read by the session itself (hugepages.rs), others by R's unserializer.
  n <- 1.5e6
  vectors <- list(
    logical = sample(c(TRUE, FALSE, NA), n, TRUE),
    integer = c(sample.int(1e6, n, TRUE), NA),
    double = c(runif(n), NA, NaN, Inf, -0),
    complex = complex(real = runif(n), imaginary = -runif(n)),
    raw = as.raw(sample.int(256L, 5e6, TRUE) - 1L),
    matrix = matrix(runif(n), ncol = 3L, dimnames = list(NULL, c("a", "b", "c"))),
    named = structure(runif(n), names = paste0("n", seq_len(n)), note = list(1, "x")),
    factor = factor(sample(letters, n, TRUE)),
    dates = Sys.Date() + seq_len(n),
    list = list(a = runif(n), b = 1:10)
  )
  for (name in names(vectors)) {
    x <- vectors[[name]]
    expect_identical(mirai(x, x = x)[], x, label = name)
    expect_identical(mirai(rev(x), x = x)[], rev(x), label = name)
  }
})

test_that("large objects of every shape cross both ways intact", {
  on.exit(daemons(0))
  daemons(1)
  # Past 64 KiB a payload's frame is reserved from an estimate of its size:
  # exact for vectors, sampled for strings, none for an environment's
  # contents, far too large for a compact sequence. Each must come back whole.
  strings <- paste0("s", seq_len(2e5), strrep("x", seq_len(2e5) %% 50))
  held <- new.env()
  held$v <- runif(1e5)
  objects <- list(
    numeric = runif(2e6),
    strings = strings,
    deferred = as.character(runif(1e5)),
    lists = lapply(seq_len(3e4), function(i) list(i, letters[i %% 26 + 1])),
    frame = data.frame(a = runif(1e5), b = sample(letters, 1e5, TRUE), c = seq_len(1e5)),
    compact = seq_len(1e8),
    nested = list(list(list(raw(3e5), complex(1e4))), matrix(1:1e5, 100))
  )
  for (name in names(objects)) {
    x <- objects[[name]]
    back <- mirai(list(x, length(serialize(x, NULL))), x = x)[]
    expect_identical(back[[1L]], x, label = name)
    expect_identical(back[[2L]], length(serialize(x, NULL)), label = name)
  }
  f <- local(function() v, held)
  expect_identical(mirai(f(), f = f)[], held$v)
})

test_that("a mirai without daemons runs on a one-off daemon", {
  m <- mirai(Sys.getpid())
  pid <- m[]
  expect_true(is.numeric(pid) && pid != Sys.getpid())
  expect_identical(collect_mirai(mirai(x * 2, x = 21)), 42)
  expect_true(wait_dead(pid))
})

test_that("call_mirai and collect_mirai accept lists and keep names", {
  on.exit(daemons(0))
  daemons(2)
  ms <- list(a = mirai(1), b = mirai(2))
  expect_identical(call_mirai(ms), ms)
  expect_identical(collect_mirai(ms), list(a = 1, b = 2))
  expect_false(unresolved(ms))
})

test_that("errors come back as miraiError with mirai's fields", {
  on.exit(daemons(0))
  daemons(1)
  f <- function(x) stop("inner ", x)
  e <- mirai(g(3), g = function(x) f(x), f = f)[]
  expect_true(is_mirai_error(e))
  expect_true(is_error_value(e))
  expect_false(is_mirai_interrupt(e))
  expect_identical(as.character(e), "Error in f(x): inner 3")
  expect_identical(e$message, "inner 3")
  expect_identical(e$call, quote(f(x)))
  expect_identical(e$condition.class, c("simpleError", "error", "condition"))
  expect_identical(e$stack.trace, list(quote(stop("inner ", x)), quote(f(x)), quote(g(3))))
  expect_output(print(e), "'miraiError' chr Error in f(x): inner 3", fixed = TRUE)
  top <- mirai(stop("boom"))[]
  expect_identical(as.character(top), "Error: boom")
  custom <- mirai(stop(structure(class = c("myError", "error", "condition"),
                                 list(message = "mine", call = NULL, extra = 7))))[]
  expect_identical(custom$condition.class, c("myError", "error", "condition"))
  expect_identical(custom$extra, 7)
  # The daemon survives errors.
  expect_identical(mirai(1 + 1)[], 2)
})

test_that("bad input gets a clear error naming the argument", {
  expect_error(mirai(), "missing expression")
  expect_error(mirai(1, 2), "must be named")
  expect_error(mirai(1, .args = list(1)), "'.args' must be a named list")
  expect_error(mirai(1, .timeout = -1), "'.timeout'")
  expect_error(mirai(1, .compute = 1), "'.compute'")
})

test_that("with daemons set, mirai() takes and rejects its arguments as without", {
  on.exit(daemons(0))
  daemons(1)
  expect_error(mirai(1, 2), "must be named")
  expect_error(mirai(1, a = 1, 2), "must be named")
  expect_error(mirai(1, .args = list(1)), "'.args' must be a named list")
  expect_error(mirai(1, .args = 1), "'.args' must be a named list")
  for (bad in list(-1, NA, NA_integer_, c(1, 2), "1", TRUE))
    expect_error(mirai(1, .timeout = bad), "'.timeout'")
  expect_error(mirai(1, .compute = 1), "'.compute'")
  env <- new.env()
  env$a <- 2
  expect_identical(mirai(a + b, env, .args = list(b = 1))[], 3)
  expect_identical(mirai(a + b, b = 1, .args = env)[], 3)
  expect_identical(mirai(x, .args = list(x = 5L), .timeout = 5000L)[], 5L)
  expect_identical(mirai(x, x = 6L, .compute = "default")[], 6L)
  expect_identical(as.integer(mirai(Sys.sleep(2), .timeout = 100)[]), 5L)
})

test_that("unresolved values print and test as mirai's", {
  on.exit(daemons(0))
  daemons(1)
  m <- mirai(Sys.sleep(0.5))
  expect_true(unresolved(m$data))
  expect_output(print(m$data), "'unresolved' logi NA", fixed = TRUE)
  m[]
  expect_false(unresolved(m$data))
  expect_false(unresolved(42))
})

test_that("race_mirai returns the position of the first mirai to resolve", {
  expect_error(race_mirai(list()), "daemons|set")
  on.exit(daemons(0))
  daemons(2)
  expect_equal(wait_connections(2), 2L)
  slow <- mirai({ Sys.sleep(2); "slow" })
  fast <- mirai({ Sys.sleep(0.2); "fast" })
  remaining <- list(slow, fast)
  i <- race_mirai(remaining)
  expect_identical(i, 2L)
  expect_identical(remaining[[i]]$data, "fast")
  expect_false(unresolved(fast))
  expect_true(unresolved(slow))
  # An already resolved mirai wins at once, by list order.
  expect_identical(race_mirai(list(slow, fast)), 2L)
  expect_identical(race_mirai(list(slow)), 1L)
  expect_identical(slow$data, "slow")
  expect_error(race_mirai(list(1, 2)), "'x' must be a non-empty list of 'mirai'")
})

test_that("is.promising(), `$` completion on a 'miraiError', and dispatcher() as in mirai", {
  daemons(1)
  on.exit(daemons(0))
  m <- mirai(stop("boom"))
  err <- m[]
  parts <- utils:::.DollarNames(err, "")
  expect_true(all(c("message", "call", "stack.trace", "condition.class") %in% parts))
  expect_identical(utils:::.DollarNames(err, "^mess"), "message")
  # is.promising() is an S3 generic from promises 1.3 on (Debian has 1.2).
  if (requireNamespace("promises", quietly = TRUE) && "UseMethod" %in% all.names(body(promises::is.promising))) {
    expect_true(promises::is.promising(m))
    expect_true(promises::is.promising(mirai_map(1:2, identity)))
  }
  expect_error(dispatcher("tcp://127.0.0.1:5555"), "no dispatcher process")
})
