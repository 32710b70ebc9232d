# cli redraws a bar at most every 3 s when the terminal is not dynamic (as
# here); tests make it redraw every 20 ms, and show bars at once.
local_fast_bars <- function(frame = parent.frame()) {
  old <- options(cli.progress_show_after = 0, miraiRs.cli = TRUE)
  do.call(on.exit, list(quote(options(old)), TRUE, FALSE), envir = frame)
  assign("old", old, envir = frame)
  if (requireNamespace("cli", quietly = TRUE)) {
    tick <- get("clienv", asNamespace("cli"))$tick_time
    cli:::cli_tick_set(tick_time = 20L)
    do.call(on.exit, list(bquote(cli:::cli_tick_set(tick_time = .(tick))), TRUE, FALSE), envir = frame)
  }
}

test_that("mirai_map maps over a vector and keeps names", {
  on.exit(daemons(0))
  daemons(2)
  mm <- mirai_map(c(a = 1, b = 2, c = 3), function(x) x * 10)
  expect_s3_class(mm, "mirai_map")
  expect_true(is_mirai_map(mm))
  expect_length(mm, 3L)
  expect_identical(names(mm), c("a", "b", "c"))
  expect_true(all(vapply(mm, is_mirai, logical(1L))))
  expect_identical(mm[], list(a = 10, b = 20, c = 30))
  expect_output(print(mm), "< mirai map [3/3] >", fixed = TRUE)
  expect_false(unresolved(mm))
  expect_identical(mm[.flat], c(a = 10, b = 20, c = 30))
  expect_identical(collect_mirai(mm), list(a = 10, b = 20, c = 30))
  expect_identical(mirai_map(1:3, function(x) x + 1L)[.flat], 2:4)
  expect_identical(mirai_map(list(), identity)[], list())
})

test_that("print shows how many mirai are done", {
  on.exit(daemons(0))
  daemons(1)
  mm <- mirai_map(1:2, function(x) Sys.sleep(5))
  expect_output(print(mm), "< mirai map [0/2] >", fixed = TRUE)
  expect_true(unresolved(mm))
  stop_mirai(mm)
  expect_output(print(mm), "< mirai map [2/2] >", fixed = TRUE)
})

test_that(".args are constant arguments and ... supplies helpers", {
  on.exit(daemons(0))
  daemons(2)
  expect_identical(
    mirai_map(1:3, function(x, y) helper(x) + y, .args = list(y = 100L), helper = function(x) x * 2L)[.flat],
    c(102L, 104L, 106L)
  )
  expect_identical(mirai_map(c(x = 1, y = 4), function(v, s) v * s, .args = list(2))[], list(x = 2, y = 8))
})

test_that("every kind of element reaches .f as lapply() would pass it", {
  on.exit(daemons(0))
  daemons(2)
  # Plain vectors of every type, NA and empty ones, long strings; elements
  # with attributes (factor, Date, named) and language objects; an element,
  # a global and an argument equal to the marker that stands for `.x` when
  # a map's task is serialized once.
  marker <- charToRaw("miraiRs map: .x!")
  plain <- list(1L, NA_integer_, 2.5, NaN, c(TRUE, NA), 1i, as.raw(0:255), "a", NA_character_,
                c("\u00e9", strrep("z", 1000)), character(), integer(), marker, seq(0, 1, 0.25))
  others <- list(NULL, factor("f"), as.Date("2026-12-05"), c(u = 1), quote(x + y), list(1, "b"))
  for (xs in list(plain, others, c(plain, others))) {
    expect_identical(mirai_map(xs, identity)[], xs)
    expect_identical(mirai_map(xs, function(x) list(x, marker), marker = marker)[], lapply(xs, list, marker))
    expect_identical(mirai_map(xs, function(x, m) list(x, m), .args = list(m = marker))[], lapply(xs, list, marker))
  }
  expect_identical(mirai_map(letters, toupper)[.flat], LETTERS)
  expect_identical(mirai_map(c(a = 1, b = 2), function(x) names(x))[], list(a = NULL, b = NULL))
})

test_that("data frame and matrix rows are mapped with the row elements as arguments", {
  on.exit(daemons(0))
  daemons(2)
  df <- data.frame(a = c("Aa", "Bb"), b = c(1L, 4L))
  expect_identical(mirai_map(df, function(b, a) sprintf("%s: %d", a, b))[.flat], c("Aa: 1", "Bb: 4"))
  rownames(df) <- c("r1", "r2")
  expect_identical(mirai_map(df, function(...) paste(...))[], list(r1 = "Aa 1", r2 = "Bb 4"))
  mat <- matrix(1:4, nrow = 2L)
  expect_identical(mirai_map(mat, function(x = 10, y = 0, z = 0) x + y + z)[.flat], c(4, 6))
  named <- matrix(1:4, nrow = 2L, dimnames = list(c("a", "b"), c("y", "z")))
  expect_identical(mirai_map(named, function(x = 10, y = 0, z = 0) x + y + z)[.flat], c(a = 14, b = 16))
  one_col <- matrix(1:2, ncol = 1L, dimnames = list(NULL, "z"))
  expect_identical(mirai_map(one_col, function(x = 10, z = 0) x + z)[.flat], c(11, 12))
})

test_that("errors come back in place, or stop collection with .stop / .flat", {
  skip_if_not_installed("cli")
  on.exit(daemons(0))
  daemons(2)
  mm <- mirai_map(list(1, "a", 3), sum)
  res <- mm[]
  expect_identical(res[[1L]], 1)
  expect_true(is_mirai_error(res[[2L]]))
  expect_identical(res[[3L]], 3)
  expect_error(mirai_map(list(1, "a", 3), sum)[.stop], "In index: 2")
  expect_error(mirai_map(list(1, "a", 3), sum)[.stop], "invalid 'type' (character) of argument", fixed = TRUE)
  expect_error(mirai_map(list(a = 1, b = "a"), sum)[.stop], "With name: b")
  expect_error(mirai_map(list(1, "a", 3), sum)[.flat], "In index: 2")
  expect_error(mirai_map(list(1, "a"), identity)[.flat], "cannot flatten outputs of differing type: double / character")
  e <- tryCatch(mirai_map(list(1, "a"), sum)[.stop], error = identity)
  expect_s3_class(e, "error")
})

test_that("the messages without cli are mirai's plain ones", {
  on.exit({
    options(old)
    daemons(0)
  })
  old <- options(miraiRs.cli = FALSE)
  daemons(2)
  expect_error(mirai_map(list(1, "a", 3), sum)[.stop],
               "^In index 2:\ninvalid 'type' \\(character\\) of argument$")
  expect_error(mirai_map(list(1, "a"), identity)[.flat],
               "Cannot flatten outputs of differing type: double / character", fixed = TRUE)
  mm <- mirai_map(1:2, function(x) Sys.sleep(5))
  stop_mirai(mm)
  expect_error(mm[.stop], "^In index 1:\nerrorValue 20 \\| Operation canceled$")
})

test_that(".stop cancels the remaining mirai", {
  on.exit(daemons(0))
  daemons(1)
  mm <- mirai_map(list("a", 2, 3), function(x) if (is.character(x)) stop("early") else { Sys.sleep(10); x })
  expect_error(mm[.stop], "early")
  expect_false(unresolved(mm))
  expect_identical(unclass(mm[[2L]]$data), 20L)
  expect_identical(unclass(mm[[3L]]$data), 20L)
})

test_that(".progress shows a bar (cli or text) and returns the values", {
  on.exit(daemons(0))
  local_fast_bars()
  daemons(2)
  out <- NULL
  msgs <- capture.output(out <- mirai_map(1:3, function(x) { Sys.sleep(0.1); x })[.progress], type = "message")
  expect_identical(out, list(1L, 2L, 3L))
  expect_match(paste(msgs, collapse = "\n"), "100%")
  out <- NULL
  msgs <- capture.output(out <- mirai_map(1:3, function(x) x)[.stop, .progress, .flat], type = "message")
  expect_identical(out, 1:3)
  options(miraiRs.cli = FALSE)
  msgs <- capture.output(out <- mirai_map(c(a = 1, b = 2), function(x) x)[.progress], type = "message")
  expect_identical(out, list(a = 1, b = 2))
  expect_match(paste(msgs, collapse = "\n"), "100%")
  expect_match(paste(msgs, collapse = "\n"), "=====")
})

test_that(".progress moves with every slow element, and ends at 100% on a fast map", {
  on.exit(daemons(0))
  local_fast_bars()
  options(miraiRs.cli = FALSE) # the text bar prints each redraw with its percentage
  daemons(1)
  msgs <- paste(capture.output(
    out <- mirai_map(1:3, function(x) { Sys.sleep(0.15); x })[.progress], type = "message"
  ), collapse = "")
  expect_identical(out, list(1L, 2L, 3L))
  for (pct in c("33%", "67%", "100%")) expect_match(msgs, pct, fixed = TRUE)
  daemons(0)
  daemons(2)
  n <- 2000L
  msgs <- paste(capture.output(out <- mirai_map(seq_len(n), function(x) x)[.progress, .flat], type = "message"),
                collapse = "")
  expect_identical(out, seq_len(n))
  expect_match(msgs, "100%", fixed = TRUE)
})

test_that("collect_mirai() takes the options as a character vector or named list", {
  on.exit(daemons(0))
  local_fast_bars()
  daemons(2)
  mm <- mirai_map(c(a = 1L, b = 2L), function(x) x)
  expect_identical(collect_mirai(mm, ".flat"), c(a = 1L, b = 2L))
  capture.output(out <- collect_mirai(mm, c(".flat", ".progress")), type = "message")
  expect_identical(out, c(a = 1L, b = 2L))
  slow <- mirai_map(c(a = 1L, b = 2L, c = 3L), function(x) { Sys.sleep(0.1); x })
  msgs <- capture.output(out <- collect_mirai(slow, c(.stop = TRUE, .progress = "my bar")), type = "message")
  expect_identical(out, list(a = 1L, b = 2L, c = 3L))
  if (requireNamespace("cli", quietly = TRUE)) expect_match(paste(msgs, collapse = "\n"), "my bar")
  capture.output(out <- collect_mirai(mm, list(.flat = TRUE, .progress = list(name = "x"))), type = "message")
  expect_identical(out, c(a = 1L, b = 2L))
  expect_identical(collect_mirai(list(mirai(1), mirai("a")), ".stop"), list(1, "a"))
  expect_error(collect_mirai(mirai_map(list(1, "a"), sum), ".stop"), "In index:? 2")
  expect_error(collect_mirai(mm, ".bogus"), "`options` must name collection options")
})

test_that("mirai_map validates its arguments and needs daemons", {
  expect_error(mirai_map(1:3, identity), "No daemons set.")
  expect_error(mirai_map(1:3, identity, .compute = "nope"), "No daemons set for the 'nope' compute profile.")
  on.exit(daemons(0))
  daemons(1)
  expect_error(mirai_map(1:3, "identity"), "`.f` must be of type function, not character", fixed = TRUE)
  expect_error(mirai_map(1:3, identity, .args = 5), "`.args` must be a list, not double", fixed = TRUE)
  expect_error(mirai_map(new.env(), identity), "`.x` must be a list, vector, matrix or data frame, not environment", fixed = TRUE)
  expect_error(mirai_map(1:2, function(x) x, 5), "must be named")
  mm <- mirai_map(1:2, identity)
  expect_error(mm[1], "unknown collection option for a 'mirai_map': `1`")
  expect_error(mm[.bogus], "unknown collection option")
  opt <- .flat
  expect_identical(mm[opt], 1:2)
  expect_identical(mm[miraiRs::.flat], 1:2)
  expect_output(print(.progress), "< mirai map option: .progress >", fixed = TRUE)
})

test_that("mirai_map is refused on a daemon", {
  on.exit(daemons(0))
  daemons(1)
  msg <- mirai(tryCatch(miraiRs::mirai_map(1:2, identity), error = conditionMessage))[]
  expect_identical(msg, "mirai_map() cannot be called on a daemon (inside a mirai): map from the host session instead")
})

test_that("mirai_map uses the compute profile given or in use", {
  on.exit(daemons(0, .compute = "m"))
  daemons(1, .compute = "m")
  pid <- mirai(Sys.getpid(), .compute = "m")[]
  expect_identical(mirai_map(1:2, function(x) Sys.getpid(), .compute = "m")[.flat], c(pid, pid))
  expect_identical(with_daemons("m", mirai_map(1:2, function(x) Sys.getpid())[.flat]), c(pid, pid))
})
