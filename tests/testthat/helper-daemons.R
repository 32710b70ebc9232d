# Waits (bounded) until `n` daemons are connected, so tests do not depend on
# how fast R starts.
wait_connections <- function(n, .compute = "default", seconds = 20) {
  deadline <- Sys.time() + seconds
  while (status(.compute)$connections < n && Sys.time() < deadline) Sys.sleep(0.02)
  status(.compute)$connections
}

alive <- function(pid) {
  isTRUE(tools::pskill(pid, 0L))
}

wait_dead <- function(pids, seconds = 10) {
  deadline <- Sys.time() + seconds
  while (any(vapply(pids, alive, logical(1L))) && Sys.time() < deadline) Sys.sleep(0.05)
  !any(vapply(pids, alive, logical(1L)))
}

rscript <- function() file.path(R.home("bin"), "Rscript")

# Each connected daemon's process, parent process, temporary directory, a
# random draw, search path and the code its R was started with.
daemon_family <- function() {
  seen <- collect_mirai(everywhere(data.frame(
    pid = Sys.getpid(),
    parent = as.integer(strsplit(readLines("/proc/self/stat"), " ")[[1L]][[4L]]),
    tmp = tempdir(), tmp_exists = dir.exists(tempdir()), draw = runif(1),
    search = paste(search(), collapse = " "), call = commandArgs()[[6L]]
  )))
  do.call(rbind, seen)
}

# A task for the retry tests: its first run writes its daemon's pid to
# `marker` and sleeps `seconds`; a second run (after that daemon was lost)
# returns "second run".
rerunnable_task <- function(marker, seconds) {
  mirai({
    if (file.exists(marker)) return("second run")
    writeLines(as.character(Sys.getpid()), marker)
    Sys.sleep(seconds)
  }, marker = marker, seconds = seconds)
}
