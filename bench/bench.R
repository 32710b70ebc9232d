# miraiRs benchmark: prints one table (metric, value, unit), with base R's
# parallel (and the real mirai package, when installed) on the same work in
# the same run. Run with `make bench`; numbers vary on a shared machine, so
# compare ratios within one run.
options(width = 200, scipen = 100) # a near-zero row must not turn the table to scientific notation
suppressPackageStartupMessages(library(miraiRs))
library(parallel)

rows <- list()
add <- function(metric, value, unit) {
  rows[[length(rows) + 1L]] <<- data.frame(metric = metric, value = signif(value, 4), unit = unit)
}
# Wall time from Sys.time(), which reads the clock to the microsecond:
# proc.time() counts whole milliseconds, so a 50-call batch of 160 us round
# trips could only come out as a multiple of 20 us.
elapsed <- function(expr) {
  t <- as.numeric(Sys.time())
  force(expr)
  as.numeric(Sys.time()) - t
}
# Bounded: a daemon that cannot start (say, the package reinstalled under it)
# must end the benchmark with an error, not hang it.
wait_connections <- function(n, .compute = "default", seconds = 60) {
  deadline <- Sys.time() + seconds
  while (status(.compute)$connections < n) {
    if (Sys.time() > deadline) stop(sprintf("only %d of %d daemons connected within %d s", status(.compute)$connections, n, seconds))
    Sys.sleep(0.001)
  }
}
# A single call is timed with the clock's own overhead in it: time batches
# of 50 for the median of a fast call (and the p99 of those batches).
median_us <- function(f, batches = 40L, per = 50L) {
  per_call <- vapply(seq_len(batches), function(b) elapsed(for (i in seq_len(per)) f()) / per * 1e6, 0)
  per_call
}
N_RT <- 2000L
N_TASKS <- 10000L
big <- runif(100e6 / 8) # not a compact sequence: every byte must travel
# The first 100 MB round trip in a process moved between 0.3 and 1.0 s on
# this VM, later ones between 0.2 and 0.35 s: the first touch of guest memory
# the VM has not backed yet is slow (perf: clear_page_erms). One untimed
# round trip, then the median of 5, for miraiRs and PSOCK alike.
big_round_trips <- function(round_trip) {
  times <- vapply(1:6, function(i) elapsed(stopifnot(length(round_trip()) == length(big))), 0)
  median(times[-1L])
}

# miraiRs --------------------------------------------------------------------
# Medians of 3: a single run on this shared VM moved by up to 2x.
REPEATS <- 3L
cycles <- replicate(REPEATS, c(start = elapsed({ daemons(4); wait_connections(4) }), stop = elapsed(daemons(0))))
add("miraiRs daemons(4) until all connected, median of 3", median(cycles["start", ]), "s")
add("miraiRs daemons(0), median of 3", median(cycles["stop", ]), "s")

# NNG's own round trip between two C processes (bench/nng_floor.c): the
# floor under mirai(1)[] on this machine in this run.
nng_floor_us <- function() {
  exe <- file.path(tempdir(), "nng_floor")
  built <- system2("cc", c("-O2", "bench/nng_floor.c", "-o", exe, "-lnng"), stdout = FALSE, stderr = FALSE)
  if (built != 0L) return(NA_real_)
  as.numeric(system2(exe, stdout = TRUE))
}
floor_us <- nng_floor_us()
add("NNG alone: Pair1 round trip of 100 bytes between two C processes, median", floor_us, "us")

daemons(1)
wait_connections(1)
for (i in 1:200) mirai(1)[]
rt <- median_us(function() mirai(1)[], batches = N_RT %/% 50L)
add("miraiRs mirai(1)[] round trip, median of 50-call batches", median(rt), "us")
add("miraiRs round trip beyond NNG's own (median minus NNG alone)", median(rt) - floor_us, "us")
add("miraiRs mirai(1)[] round trip, p99 of 50-call batches", quantile(rt, 0.99), "us")
add("miraiRs 100 MB numeric vector round trip, after 1 untimed, median of 5",
    big_round_trips(function() mirai(x, x = big)[]), "s")
daemons(0)

# The same round trip over TCP and TLS on loopback.
for (scheme in c("tcp", "tls+tcp")) {
  daemons(1, url = sprintf("%s://127.0.0.1:0", scheme))
  wait_connections(1)
  for (i in 1:200) mirai(1)[]
  add(sprintf("miraiRs mirai(1)[] round trip over %s (loopback), median", scheme),
      median(median_us(function() mirai(1)[], batches = N_RT %/% 50L)), "us")
  daemons(0)
}

# Between network namespaces (root only): this session is the host, two
# daemons run in namespaces of their own behind veth links, as in
# tests/testthat/test-netns.R (whose helper sets them up and removes them).
netns_rows <- function() {
  source("tests/testthat/helper-netns.R", local = TRUE)
  why <- netns_skip_reason()
  if (!is.null(why)) return(add(sprintf("miraiRs between network namespaces (skipped: %s)", why), NA, ""))
  world <- netns_setup(2L)
  on.exit(netns_teardown(world))
  for (scheme in c("tcp", "tls+tcp")) {
    daemons(url = sprintf("%s://%s:%d", scheme, world$host, 20000L + sample.int(20000L, 1L)))
    cert <- miraiRs:::get_profile("default")$tlscert
    for (i in 1:2) netns_daemon(world, i, status()$daemons, if (length(cert)) sprintf("tlscert = %s", deparse(cert)))
    if (!wait_for(function() status()$connections == 2L, 30)) stop("the namespaced daemons did not connect")
    for (i in 1:200) mirai(1)[]
    add(sprintf("miraiRs mirai(1)[] round trip over %s between namespaces, median", scheme),
        median(median_us(function() mirai(1)[], batches = N_RT %/% 50L)), "us")
    took <- elapsed(res <- collect_mirai(lapply(seq_len(N_TASKS), function(i) mirai(i, i = i))))
    stopifnot(identical(unlist(res), seq_len(N_TASKS)))
    add(sprintf("miraiRs 10,000 tiny tasks over %s between namespaces, 2 daemons", scheme), N_TASKS / took, "tasks/s")
    daemons(0)
  }
}
netns_rows()

daemons(2)
wait_connections(2)
# Five runs (one run's figure moved by 30% from run to run): their medians.
runs <- t(vapply(1:5, function(run) {
  invisible(gc()) # as for the maps below: not the previous run's garbage
  ms <- NULL
  submit <- elapsed(ms <- lapply(seq_len(N_TASKS), function(i) mirai(i, i = i)))
  total <- submit + elapsed(res <- collect_mirai(ms))
  stopifnot(identical(unlist(res), seq_len(N_TASKS)))
  c(submit = submit, total = total)
}, numeric(2)))
invisible(gc())
add("miraiRs 10,000 tiny tasks on 2 daemons, median of 5", N_TASKS / median(runs[, "total"]), "tasks/s")
add("miraiRs submitting 10,000 tasks, per mirai() call, median of 5", median(runs[, "submit"]) / N_TASKS * 1e6, "us")
# Plain and [.progress] (cli's bar when installed) interleaved, 20 runs each
# (a map now takes ~0.3 s, and 10 left the medians a few % apart by chance),
# which goes first alternating (the second of a pair ran slower, whichever it
# was): the bar's cost is the difference of the medians.
map_times <- list(plain = numeric(), progress = numeric())
map_run <- function(kind) {
  # Without this gc(), a run paid for the previous run's garbage (its 10,000
  # mirai and their finalizers): 30-50 ms of collection in a 0.3 s run, after
  # a plain run or a progress run alike, which moved the medians by +-5%.
  invisible(gc())
  t <- elapsed(mapped <- if (kind == "plain") mirai_map(seq_len(N_TASKS), function(x) x + 1)[]
               else suppressMessages(mirai_map(seq_len(N_TASKS), function(x) x + 1)[.progress]))
  stopifnot(identical(unlist(mapped), seq_len(N_TASKS) + 1))
  t
}
for (run in 1:20) {
  for (kind in if (run %% 2) c("plain", "progress") else c("progress", "plain"))
    map_times[[kind]][run] <- map_run(kind)
}
map_time <- median(map_times$plain)
add("miraiRs mirai_map(1:10000, function(x) x + 1)[] on 2 daemons, median of 20", N_TASKS / map_time, "elements/s")
add("miraiRs mirai_map(1:10000, function(x) x + 1)[.progress] on 2 daemons, median of 20",
    N_TASKS / median(map_times$progress), "elements/s")
add("miraiRs [.progress] overhead on that map (median vs median)",
    100 * (median(map_times$progress) / map_time - 1), "%")
# The wall times above vary by 10-20% from run to run, and a garbage
# collection (15 ms with the 100 MB vector alive) lands in one run or
# another: the bar's own cost is host CPU time, collecting maps whose
# elements have all resolved, each after a gc().
cpu_time <- function(expr) {
  invisible(gc())
  t <- proc.time()
  force(expr)
  sum((proc.time() - t)[1:2])
}
resolved_map <- function() {
  x <- mirai_map(seq_len(N_TASKS), function(x) x + 1)
  while (any(vapply(x, unresolved, logical(1L)))) Sys.sleep(0.01)
  x
}
collect_cpu <- t(vapply(1:10, function(run) {
  x <- resolved_map()
  y <- resolved_map()
  c(plain = cpu_time(x[]), progress = cpu_time(suppressMessages(y[.progress])))
}, numeric(2)))
add("miraiRs [.progress] cost collecting 10,000 resolved elements (host CPU, median of 10)",
    100 * (median(collect_cpu[, "progress"]) / median(collect_cpu[, "plain"]) - 1), "%")
daemons(0)
daemons(4)
wait_connections(4)
invisible(everywhere(NULL)[])
add("miraiRs everywhere() on 4 daemons, median of 20", median(vapply(1:20, function(i)
  elapsed(collect_mirai(everywhere(NULL))) * 1e3, 0)), "ms")
daemons(0)

# Host bookkeeping per queued task: no daemon connects, so every task stays
# queued. Resident memory grows by the R objects (counted by gc()), the
# payloads and the engine's bookkeeping; the last is what is left.
rss <- function() as.numeric(sub("kB", "", grep("^VmRSS", readLines("/proc/self/status"), value = TRUE)[1L]) |> gsub(pattern = "[^0-9]", replacement = "")) * 1024
r_heap <- function() { g <- gc(); sum(g[, 2L]) * 1024^2 }
N_QUEUE <- 200000L
daemons(url = .Call(miraiRs:::wrap__local_socket_url))
payload <- length(serialize(list(quote(1), list(), list()), NULL, xdr = FALSE)) + 24L # + frame header
rss0 <- rss(); heap0 <- r_heap()
queued <- lapply(seq_len(N_QUEUE), function(i) mirai(1))
rss1 <- rss(); heap1 <- r_heap()
add("miraiRs host memory per queued task beyond R objects and payload (200,000 via mirai())",
    ((rss1 - rss0) - (heap1 - heap0)) / N_QUEUE - payload, "bytes")
rm(queued)
daemons(0)
engine <- system2("cargo", c("run", "--quiet", "--release", "--manifest-path", "src/rust/Cargo.toml",
                             "--example", "queue_memory"), stdout = TRUE, stderr = FALSE)
add("miraiRs engine bookkeeping per queued task (1,000,000 queued, heap minus payload)",
    as.numeric(tail(engine, 1L)), "bytes")

# parallel (PSOCK) -------------------------------------------------------------
psock_start <- replicate(REPEATS, {
  t <- elapsed(cl <- makePSOCKcluster(4))
  stopCluster(cl)
  t
})
add("PSOCK makePSOCKcluster(4), median of 3", median(psock_start), "s")
cl <- makePSOCKcluster(1)
for (i in 1:200) clusterCall(cl, function() 1)
prt <- median_us(function() clusterCall(cl, function() 1), batches = N_RT %/% 50L)
add("PSOCK clusterCall round trip, median of 50-call batches", median(prt), "us")
add("PSOCK 100 MB numeric vector round trip, after 1 untimed, median of 5",
    big_round_trips(function() clusterCall(cl, function(x) x, big)[[1]]), "s")
stopCluster(cl)
cl <- makePSOCKcluster(2)
ptotal <- elapsed(pres <- parLapply(cl, seq_len(N_TASKS), function(i) i, chunk.size = 1))
stopifnot(identical(unlist(pres), seq_len(N_TASKS)))
add("PSOCK parLapply 10,000 tasks, chunk size 1, 2 workers", N_TASKS / ptotal, "tasks/s")
stopCluster(cl)

add("ratio: PSOCK / miraiRs round trip (>1: miraiRs faster)", median(prt) / median(rt), "x")
add("ratio: miraiRs / PSOCK throughput", ptotal / median(runs[, "total"]), "x")

# the real mirai, when installed ---------------------------------------------
if (requireNamespace("mirai", quietly = TRUE)) {
  mirai::daemons(1)
  while (mirai::status()$connections < 1) Sys.sleep(0.01)
  mrt <- median_us(function() mirai::mirai(1)[], batches = N_RT %/% 50L)
  add("mirai mirai(1)[] round trip, median of 50-call batches", median(mrt), "us")
  mirai::daemons(0)
  add("ratio: mirai / miraiRs round trip", median(mrt) / median(rt), "x")
} else {
  add("mirai package (not installed here: no comparison)", NA, "")
}

out <- do.call(rbind, rows)
# Each value on its own, to 4 significant digits: as one numeric column, a
# single tiny value (a CPU difference of -2e-12 %) gave every row 15 decimals.
out$value <- vapply(out$value, function(v) {
  if (is.na(v)) "NA" else if (abs(v) < 5e-4) "0" else format(v, digits = 4, scientific = FALSE)
}, "")
print(out, row.names = FALSE, right = FALSE)
