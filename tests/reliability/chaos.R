# Chaos: `tasks` tasks on `daemons` local daemons while daemons are killed
# (SIGKILL) and new ones launched at random intervals, once without retries
# and once with them. Every task must resolve to its value or, without
# retries, to errorValue 19; status() must add up; nothing may hang (the run
# fails past `bound` seconds). Usage: Rscript chaos.R [tasks=20000]
# [daemons=4] [bound=600]. Exits 1 if any task is lost or wrong.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "common.R"))
library(miraiRs)
opt <- args_or(list(tasks = 20000, daemons = 4, bound = 600))
set.seed(7)

run <- function(retries) {
  daemons(opt$daemons, retries = retries)
  on.exit(daemons(0))
  start <- Sys.time()
  deadline <- start + opt$bound
  # Tasks of 0-2 ms, so a kill usually lands on a running one.
  ms <- lapply(seq_len(opt$tasks), function(i) mirai({ Sys.sleep(runif(1, 0, 0.002)); i }, i = i))
  killed <- 0L
  launched <- 0L
  repeat {
    s <- status()$mirai
    if (s[["awaiting"]] + s[["executing"]] == 0L || Sys.time() > deadline) break
    Sys.sleep(runif(1, 0.05, 0.5))
    pids <- daemon_pids()
    if (length(pids)) {
      tools::pskill(pids[sample.int(length(pids), 1L)], tools::SIGKILL)
      killed <- killed + 1L
    }
    # Keep about `daemons` alive; sometimes one more, sometimes one fewer.
    want <- opt$daemons - length(pids) + 1L + sample(-1:1, 1L)
    if (want > 0L) launched <- launched + launch_local(want)
  }
  hung <- Sys.time() > deadline
  c(list(
    retries = retries, tasks = length(ms), killed = killed, launched = launched
  ), chaos_outcome(ms, start, hung))
}

rows <- list(run(0L), run(3L))
df <- print_table(rows)
quit(status = as.integer(chaos_failed(df)))
