# Chaos across network namespaces: `tasks` tasks on `daemons` workers, each
# in a namespace of its own (tests/testthat/helper-netns.R), while their
# links are cut (`ip link set ... down`: packets vanish, no reset) for 0.5-4 s
# at random and mended, once without and once with retries. Heartbeats every
# 300 ms notice a cut after ~2 s; the worker redials once its link is back.
# Every task must resolve to its value or, without retries, to errorValue 19;
# status() must add up; nothing may hang (bound per run). Needs root; prints
# why and exits 0 otherwise. Usage: Rscript chaos-netns.R [tasks=20000]
# [daemons=4] [bound=600]. Exits 1 if any task is lost or wrong.
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)))
source(file.path(here, "common.R"))
source(file.path(here, "..", "testthat", "helper-netns.R"))
opt <- args_or(list(tasks = 20000, daemons = 4, bound = 600))
skip_reason <- netns_skip_reason()
if (!is.null(skip_reason)) {
  cat("chaos-netns skipped:", skip_reason, "\n")
  quit(status = 0L)
}
Sys.setenv(MIRAIRS_HEARTBEAT_MS = "300")
library(miraiRs)
set.seed(11)
world <- netns_setup(opt$daemons)

run <- function(retries) {
  url <- sprintf("tcp://%s:%d", world$host, 20000L + sample.int(20000L, 1L))
  daemons(url = url, retries = retries)
  on.exit(daemons(0))
  workers <- lapply(seq_len(opt$daemons), function(i) netns_daemon(world, i, url))
  if (!wait_for(function() status()$connections == opt$daemons, 30)) stop("the workers did not connect")
  start <- Sys.time()
  deadline <- start + opt$bound
  ms <- lapply(seq_len(opt$tasks), function(i) mirai({ Sys.sleep(runif(1, 0, 0.002)); i }, i = i))
  mend_at <- rep(-Inf, opt$daemons) # when each cut link comes back (-Inf: up)
  cuts <- 0L
  repeat {
    s <- status()$mirai
    if (s[["awaiting"]] + s[["executing"]] == 0L || Sys.time() > deadline) break
    Sys.sleep(runif(1, 0.2, 1))
    now <- as.numeric(Sys.time())
    for (i in which(is.finite(mend_at) & mend_at <= now)) {
      netns_mend(world, i)
      mend_at[i] <- -Inf
    }
    up <- which(!is.finite(mend_at))
    if (length(up) > 1L) { # always leave one link up
      i <- up[sample.int(length(up), 1L)]
      netns_cut(world, i)
      mend_at[i] <- now + runif(1, 0.5, 4)
      cuts <- cuts + 1L
    }
  }
  for (i in which(is.finite(mend_at))) netns_mend(world, i)
  hung <- Sys.time() > deadline
  c(list(
    retries = retries, tasks = length(ms), cuts = cuts,
    reconnects = info()[["cumulative"]] - opt$daemons
  ), chaos_outcome(ms, start, hung))
}

rows <- tryCatch(list(run(0L), run(3L)), finally = netns_teardown(world))
df <- print_table(rows)
quit(status = as.integer(chaos_failed(df)))
