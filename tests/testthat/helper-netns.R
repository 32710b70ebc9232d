# Network namespaces as stand-in remote machines: each worker runs in a
# namespace of its own, joined to this session (the host, in the root
# namespace) by a veth pair on a bridge with private addresses. Cutting a
# worker's link is `ip link set <its bridge port> down`: packets vanish, no
# RST, as when a cable is pulled. Needs root and iproute2's `ip netns`; all
# names are unique per run and everything is deleted by netns_teardown().

netns_skip_reason <- function() {
  if (.Platform$OS.type != "unix" || Sys.info()[["sysname"]] != "Linux") return("needs Linux")
  uid <- tryCatch(system2("id", "-u", stdout = TRUE, stderr = FALSE), error = function(e) "")
  if (!identical(uid, "0")) return("needs root for network namespaces")
  if (!nzchar(Sys.which("ip"))) return("needs iproute2's `ip`")
  probe <- sprintf("mrsprobe%d", Sys.getpid())
  if (iproute("netns", "add", probe) != 0L) return("`ip netns add` does not work here")
  iproute("netns", "del", probe)
  NULL
}

iproute <- function(...) {
  out <- suppressWarnings(system2("ip", c(...), stdout = FALSE, stderr = FALSE))
  if (is.null(out)) 0L else as.integer(out)
}

ip_ok <- function(...) {
  if (iproute(...) != 0L) stop(sprintf("`ip %s` failed", paste(c(...), collapse = " ")), call. = FALSE)
}

# A free 10.213.x.0/24 subnet (one this machine has no address in).
free_subnet <- function() {
  used <- suppressWarnings(system2("ip", c("-4", "-o", "addr", "show"), stdout = TRUE, stderr = FALSE))
  for (x in sample(0:255)) {
    if (!any(grepl(sprintf(" 10\\.213\\.%d\\.", x), used))) return(x)
  }
  stop("no free 10.213.x.0/24 subnet", call. = FALSE)
}

# Makes `n` worker namespaces on one bridge. Returns an environment: host
# (the bridge's address), ns and port (each worker's namespace and bridge
# port) and the processes started in them (see netns_run()).
netns_setup <- function(n = 2L) {
  world <- new.env(parent = emptyenv())
  tag <- sprintf("%x%x", Sys.getpid() %% 4096L, sample.int(4095L, 1L))
  world$bridge <- sprintf("mrb%s", tag)
  world$ns <- sprintf("mrs%s-w%d", tag, seq_len(n))
  world$port <- sprintf("mrh%s%d", tag, seq_len(n))
  world$procs <- list()
  world$files <- character()
  ok <- FALSE
  on.exit(if (!ok) netns_teardown(world))
  x <- free_subnet()
  world$host <- sprintf("10.213.%d.1", x)
  world$addr <- sprintf("10.213.%d.%d", x, seq_len(n) + 1L)
  ip_ok("link", "add", "name", world$bridge, "type", "bridge")
  ip_ok("addr", "add", paste0(world$host, "/24"), "dev", world$bridge)
  ip_ok("link", "set", world$bridge, "up")
  for (i in seq_len(n)) {
    inside <- sprintf("mrw%s%d", tag, i)
    ip_ok("netns", "add", world$ns[[i]])
    ip_ok("link", "add", world$port[[i]], "type", "veth", "peer", "name", inside)
    ip_ok("link", "set", inside, "netns", world$ns[[i]])
    ip_ok("link", "set", world$port[[i]], "master", world$bridge)
    ip_ok("link", "set", world$port[[i]], "up")
    ip_ok("-n", world$ns[[i]], "addr", "add", paste0(world$addr[[i]], "/24"), "dev", inside)
    ip_ok("-n", world$ns[[i]], "link", "set", inside, "up")
    ip_ok("-n", world$ns[[i]], "link", "set", "lo", "up")
  }
  ok <- TRUE
  world
}

# Stops what ran in the namespaces (only the processes started here) and
# deletes the namespaces, their links and the bridge.
netns_teardown <- function(world) {
  for (proc in world$procs) if (is.na(exit_status(proc))) tools::pskill(proc$pid, tools::SIGKILL)
  for (ns in world$ns) iproute("netns", "del", ns)
  for (port in world$port) iproute("link", "del", port)
  if (!is.null(world$bridge)) iproute("link", "del", world$bridge)
  unlink(world$files)
  world$procs <- list()
  invisible()
}

# Runs `Rscript -e expr` in worker namespace `i`, in the background, with
# this session's environment (R_LIBS, MIRAI_SECRET, ...). Returns a list:
# pid, log (its stderr) and status (a file holding its exit status once it
# has exited).
netns_run <- function(world, i, expr, env = character()) {
  log <- tempfile("netns-log-")
  status <- tempfile("netns-status-")
  pidfile <- tempfile("netns-pid-")
  world$files <- c(world$files, log, status, pidfile)
  rscript <- file.path(R.home("bin"), "Rscript")
  # `ip netns exec` execs the command, so `$!` is the R process itself.
  inner <- sprintf("%s ip netns exec %s %s -e %s 2>%s & echo $! > %s; wait $!; echo $? > %s",
                   if (length(env)) paste("env", paste(shQuote(env), collapse = " ")) else "",
                   world$ns[[i]], rscript, shQuote(expr), log, pidfile, status)
  system2("sh", c("-c", shQuote(inner)), wait = FALSE, stdout = FALSE, stderr = FALSE)
  deadline <- Sys.time() + 10
  while (!(file.exists(pidfile) && length(readLines(pidfile, warn = FALSE))) && Sys.time() < deadline)
    Sys.sleep(0.02)
  proc <- list(pid = as.integer(readLines(pidfile, warn = FALSE)), log = log, status = status)
  world$procs <- c(world$procs, list(proc))
  proc
}

# A daemon in namespace `i` dialing `url`, with daemon() arguments `args`
# (R code, such as "tlscert = '...'").
netns_daemon <- function(world, i, url, args = NULL, env = character()) {
  expr <- sprintf("miraiRs::daemon(%s)", paste(c(deparse(url), args), collapse = ", "))
  netns_run(world, i, expr, env)
}

netns_cut <- function(world, i) ip_ok("link", "set", world$port[[i]], "down")
netns_mend <- function(world, i) ip_ok("link", "set", world$port[[i]], "up")

read_log <- function(proc) if (file.exists(proc$log)) readLines(proc$log, warn = FALSE) else character()

wait_for <- function(cond, seconds = 30) {
  deadline <- Sys.time() + seconds
  while (!isTRUE(cond()) && Sys.time() < deadline) Sys.sleep(0.05)
  isTRUE(cond())
}

# The exit status of a process started by netns_run(), once it has exited.
exit_status <- function(proc) {
  if (!file.exists(proc$status)) return(NA_integer_)
  s <- readLines(proc$status, warn = FALSE)
  if (length(s)) as.integer(s[[1L]]) else NA_integer_
}
