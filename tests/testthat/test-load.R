test_that("2 x 10,000 tasks on 4 daemons all come back correct", {
  on.exit(daemons(0))
  daemons(4)
  for (round in 1:2) {
    ms <- lapply(1:10000, function(i) mirai(i * 2L, i = i))
    expect_identical(unlist(collect_mirai(ms)), (1:10000) * 2L)
  }
  s <- status()$mirai
  expect_identical(s[["completed"]], 20000L)
  expect_identical(s[["awaiting"]] + s[["executing"]], 0L)
})
