# Random numbers: daemons(seed = ) gives reproducible streams per mirai;
# without a seed each daemon has its own stream.

# What runif(1) gives in each of the first `n` L'Ecuyer-CMRG streams of `seed`
# (the stream of the i-th mirai), computed here without touching this
# session's random state.
expected_draws <- function(seed, n) {
  old <- get0(".Random.seed", envir = globalenv(), inherits = FALSE)
  kind <- RNGkind()[[1L]]
  on.exit({
    if (is.null(old)) {
      RNGkind(kind)
      rm(".Random.seed", envir = globalenv())
    } else {
      assign(".Random.seed", old, envir = globalenv())
    }
  })
  set.seed(seed, kind = "L'Ecuyer-CMRG")
  s <- .Random.seed
  vapply(seq_len(n), function(i) {
    assign(".Random.seed", s, envir = globalenv())
    s <<- parallel::nextRNGStream(s)
    runif(1)
  }, numeric(1L))
}

# Tasks that finish in reverse order of submission.
seeded_draws <- function(n_daemons, seed = 123L) {
  daemons(n_daemons, seed = seed)
  on.exit(daemons(0))
  wait_connections(n_daemons)
  ms <- lapply(1:6, function(i) mirai({ Sys.sleep(s); runif(1) }, s = (6 - i) / 50))
  unlist(collect_mirai(ms))
}

test_that("daemons(seed = ) gives the same numbers whatever the number of daemons", {
  one <- seeded_draws(1L)
  three <- seeded_draws(3L)
  expect_identical(one, three)
  # each mirai gets the next stream: the same as parallel's nextRNGStream()
  expect_identical(one, expected_draws(123L, 6L))
  expect_length(unique(one), 6L)
  expect_false(identical(seeded_draws(2L, seed = 124L), one))
})

test_that("mirai_map() with a seed is reproducible too", {
  on.exit(daemons(0))
  daemons(2, seed = 42L)
  a <- mirai_map(1:5, function(i) rnorm(1) + i)[.flat]
  daemons(4, seed = 42L)
  b <- mirai_map(1:5, function(i) rnorm(1) + i)[.flat]
  expect_identical(a, b)
})

test_that("everywhere() does not advance the seeded stream", {
  on.exit(daemons(0))
  daemons(1, seed = 7L)
  first <- mirai(runif(3))[]
  daemons(1, seed = 7L)
  wait_connections(1)
  collect_mirai(everywhere(runif(1)))
  expect_identical(mirai(runif(3))[], first)
})

test_that("a seeded mirai's random state does not leak into later tasks", {
  on.exit(daemons(0))
  daemons(1, seed = 1L)
  wait_connections(1)
  # no stream of its own yet (each mirai brings one): none afterwards either
  before <- everywhere(get0(".Random.seed", envir = globalenv()))[]
  mirai(runif(10))[]
  expect_identical(everywhere(get0(".Random.seed", envir = globalenv()))[], before)
  # a stream of its own: back where it was after a seeded mirai
  everywhere(set.seed(2))
  before <- everywhere(.Random.seed)[]
  mirai(runif(10))[]
  mirai(stop("an error on the way"))[]
  expect_identical(everywhere(.Random.seed)[], before)
})

test_that("nextstream() and nextget() give a profile's stream and items", {
  expect_null(nextstream())
  expect_null(nextget("url"))
  on.exit(daemons(0))
  daemons(url = local_url(), seed = 99L)
  expect_identical(nextget("seed"), 99L)
  expect_identical(nextget("urls"), status()$daemons)
  expect_identical(nextget("url"), status()$daemons)
  s1 <- nextstream()
  s2 <- nextstream()
  expect_type(s1, "integer")
  expect_length(s1, 7L)
  expect_identical(s2, parallel::nextRNGStream(s1))
  # the stream nextstream() handed out is not given to a mirai again
  daemons(1, seed = 99L)
  invisible(nextstream())
  expect_identical(mirai(runif(1))[], expected_draws(99L, 2L)[[2L]])
})

test_that("without a seed, daemons draw different numbers", {
  on.exit(daemons(0))
  daemons(2)
  expect_equal(wait_connections(2), 2L)
  draws <- everywhere(c(pid = Sys.getpid(), u = runif(1)))[]
  expect_length(draws, 2L)
  expect_false(identical(draws[[1]][["pid"]], draws[[2]][["pid"]]))
  expect_false(identical(draws[[1]][["u"]], draws[[2]][["u"]]))
  # each daemon starts from its own L'Ecuyer-CMRG stream
  kinds <- everywhere(RNGkind()[[1L]])[.flat]
  expect_identical(kinds, c("L'Ecuyer-CMRG", "L'Ecuyer-CMRG"))
})

test_that("setting daemons leaves this session's random numbers alone", {
  on.exit(daemons(0))
  kind <- RNGkind()
  set.seed(5)
  x <- runif(2)
  set.seed(5)
  daemons(1)
  daemons(1, seed = 3L)
  expect_identical(runif(2), x)
  expect_identical(RNGkind(), kind)
})

test_that("an environment passed to mirai() does not carry the caller's random state", {
  on.exit(daemons(0))
  daemons(1)
  set.seed(11)
  local_draw <- runif(1)
  set.seed(11)
  env <- new.env()
  assign(".Random.seed", get(".Random.seed", envir = globalenv()), envir = env)
  env$a <- 0
  expect_false(identical(mirai(runif(1) + a, env)[], local_draw))
})

test_that("daemons() validates the seed", {
  expect_error(daemons(1, seed = "a"), "'seed' must be NULL or a single integer")
  expect_error(daemons(1, seed = 1:2), "'seed' must be NULL or a single integer")
  expect_identical(status()$connections, 0L)
})
