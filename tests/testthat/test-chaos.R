# A short run of the chaos script (`make chaos` runs 20,000 tasks): daemons
# killed with SIGKILL and relaunched at random while 2,000 tasks run, without
# and with retries. The script fails on any lost, wrong or hung task, or on
# status() counts that do not add up. It lives in the source tree only.
test_that("tasks survive daemons killed and relaunched at random", {
  script <- normalizePath(file.path("..", "reliability", "chaos.R"), mustWork = FALSE)
  skip_if_not(file.exists(script), "tests/reliability/chaos.R is not here (an installed package)")
  out <- system2(rscript(), c(shQuote(script), "tasks=2000", "bound=120"), stdout = TRUE, stderr = TRUE)
  expect_null(attr(out, "status"), info = paste(out, collapse = "\n"))
  header <- grep("^ *retries +tasks +killed", out)
  expect_length(header, 1L)
  rows <- read.table(text = out[header + 1:2], col.names = strsplit(trimws(out[header]), " +")[[1L]])
  expect_true(all(rows$killed > 0L))
  expect_true(all(rows$values + rows$errors19 == 2000L))
})
