# Soak: `tasks` tiny tasks in batches, with a timeout (errorValue 5) and a
# cancellation (errorValue 20) in every hundred. The host's memory must stay
# flat after the warm-up and no file descriptor or thread may leak.
# Usage: Rscript soak.R [tasks=1e6] [batch=10000] [daemons=2] [warmup=2e5]
# [max_growth_mb=40]. Prints a row per 10% of the run and a summary; exits 1
# on a lost or wrong task, a leak, or growth past `max_growth_mb`.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "common.R"))
library(miraiRs)
opt <- args_or(list(tasks = 1e6, batch = 10000, daemons = 2, warmup = 2e5, max_growth_mb = 40))

sample_host <- function(done, start) {
  # R's own live objects (Mb used by cons cells and vectors), to tell R's
  # heap from the engine's memory.
  r_heap <- sum(gc()[, 2L])
  list(tasks = done, rss_mb = round(rss_mb(), 1), r_heap_mb = round(r_heap, 1),
       fds = fd_count(), threads = thread_count(),
       seconds = round(as.numeric(Sys.time() - start, units = "secs"), 1))
}

run_batch <- function(first, n) {
  ids <- first + seq_len(n) - 1L
  kind <- ifelse(ids %% 100L == 0L, "timeout", ifelse(ids %% 100L == 50L, "cancel", "value"))
  ms <- vector("list", n)
  for (j in seq_len(n)) {
    i <- ids[j]
    ms[[j]] <- switch(kind[j],
      timeout = mirai(Sys.sleep(1), .timeout = 20),
      cancel = { m <- mirai(Sys.sleep(1)); stop_mirai(m); m },
      value = mirai(i, i = i))
  }
  got <- collect_mirai(ms)
  expected <- ifelse(kind == "timeout", 5L, ifelse(kind == "cancel", 20L, NA_integer_))
  good <- vapply(seq_len(n), function(j) {
    v <- got[[j]]
    if (is.na(expected[j])) identical(v, ids[j]) else is_error_value(v) && as.integer(v) == expected[j]
  }, logical(1))
  c(bad = sum(!good), timeouts = sum(kind == "timeout"), cancels = sum(kind == "cancel"))
}

# NNG starts its thread pool and poller with the first socket and keeps
# them: the baseline is taken after one daemons() cycle.
daemons(1)
daemons(0)
Sys.sleep(1)
before <- list(fds = fd_count(), threads = thread_count())
daemons(opt$daemons)
while (status()$connections < opt$daemons) Sys.sleep(0.02)
start <- Sys.time()
rows <- list()
bad <- 0; timeouts <- 0; cancels <- 0
done <- 0L
report_every <- max(opt$batch, opt$tasks / 10)
warm <- NULL
while (done < opt$tasks) {
  n <- as.integer(min(opt$batch, opt$tasks - done))
  r <- run_batch(done + 1L, n)
  bad <- bad + r[["bad"]]; timeouts <- timeouts + r[["timeouts"]]; cancels <- cancels + r[["cancels"]]
  done <- done + n
  if (is.null(warm) && done >= opt$warmup) warm <- sample_host(done, start)
  if (done %% report_every < n || done == opt$tasks) {
    rows[[length(rows) + 1L]] <- sample_host(done, start)
    r <- rows[[length(rows)]]
    cat(sprintf("%9d tasks  RSS %7.1f MB  R heap %6.1f MB  %3d fds  %3d threads  %6.1f s\n",
                done, r$rss_mb, r$r_heap_mb, r$fds, r$threads, r$seconds))
  }
}
end <- sample_host(done, start)
daemons(0)
Sys.sleep(1)
after <- list(fds = fd_count(), threads = thread_count())
growth <- end$rss_mb - warm$rss_mb
summary <- list(
  tasks = done, timeouts = timeouts, cancels = cancels, lost_or_wrong = bad,
  tasks_per_s = round(done / end$seconds),
  rss_after_warmup_mb = warm$rss_mb, rss_end_mb = end$rss_mb, growth_mb = round(growth, 1),
  fds_before = before$fds, fds_after = after$fds,
  threads_before = before$threads, threads_after = after$threads
)
print_table(list(summary))
failed <- bad > 0 || growth > opt$max_growth_mb || after$fds > before$fds || after$threads > before$threads
quit(status = as.integer(failed))
