# Small tasks and results are serialized by the engine itself (plain_serial.rs)
# rather than by R's serializer; what it writes must be what R writes, byte
# for byte, and what it cannot write must be left to R.

plain_serialize <- function(x) .Call(miraiRs:::wrap__plain_serialize, x)

# Made without source references (the test files are parsed keeping them):
# a function or braces with a srcref carry its file's environment, which is
# left to R's serializer.
small_objects <- function() {
  f <- utils::removeSource(function(x, y = 2) x + y)
  environment(f) <- globalenv()
  list(
    NULL, 1, 1L, NA, TRUE, "a", NA_character_, c("\u00e9", "b"), 1i, as.raw(1:3), letters,
    c(1.5, NA, NaN, Inf, -0), character(), list(), list(1, "a"), list(a = 1, b = list(c = "x")),
    quote(x), str2lang("x + 1"), str2lang("f(a = 1, b)"), str2lang("x[, 1]"), str2lang("{ a <- 1; b <- a + 1 }"),
    str2lang("function(x) x"), as.name("a name"), f, expression(a, b + 1), factor(c("a", "b")),
    structure(c(1, 2), foo = "bar", class = "baz"), matrix(c(1, 2, 3, 4), 2, dimnames = list(NULL, c("p", "q"))),
    data.frame(a = c(1, 2), b = c("x", "y")), c(a = 1, b = 2), as.Date("2026-12-05"), list(f, f, quote(f)),
    globalenv(), emptyenv(), baseenv(), list(str2lang("x + 1"), list(x = 1L), list())
  )
}

# identical() rather than expect_identical(): a failure would diff two large
# raw vectors.
same_bytes <- function(a, b) isTRUE(identical(a, b))

test_that("small objects are serialized exactly as R serializes them", {
  for (x in small_objects()) {
    mine <- plain_serialize(x)
    expect_true(same_bytes(mine, serialize(x, NULL, xdr = FALSE)), label = deparse1(x))
  }
})

test_that("what it cannot write is left to R's serializer", {
  f <- utils::removeSource(function(x) x)
  others <- list(1:3, new.env(), sum, compiler::cmpfun(f), runif(1e5), function(x) x,
                 local(utils::removeSource(function() v), list2env(list(v = 1))), as.character(runif(2)))
  for (x in others) expect_null(plain_serialize(x), label = deparse1(x, nlines = 1L))
})

test_that("tasks and results of every kind cross intact", {
  on.exit(daemons(0))
  daemons(1)
  f <- utils::removeSource(function(x) x)
  environment(f) <- globalenv()
  values <- c(small_objects(), list(1:3, runif(1e5), compiler::cmpfun(f), list2env(list(a = 1), parent = emptyenv())))
  for (x in values) {
    back <- mirai(list(x, serialize(x, NULL, xdr = FALSE)), x = x)[]
    expect_true(same_bytes(back[[2L]], serialize(x, NULL, xdr = FALSE)), label = deparse1(x, nlines = 1L))
  }
  expect_identical(mirai(g(2), g = function(x, y = 2) x + y)[], 4)
})
