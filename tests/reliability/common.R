# Shared by the reliability scripts: what the host process holds, read from
# /proc (Linux), and the live daemon processes it started.

proc_status <- function(field) {
  line <- grep(paste0("^", field, ":"), readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub(".*:", "", line)), " +")[[1L]][1L])
}

rss_mb <- function() proc_status("VmRSS") / 1024
fd_count <- function() length(list.files("/proc/self/fd"))
thread_count <- function() length(list.files("/proc/self/task"))

# This session's local daemons: its live (not zombie) child processes, where
# one that has children of its own is the R start-up forked into them, whose
# children are the daemons.
daemon_pids <- function() {
  parents <- live_parents()
  children <- function(of) as.integer(names(parents)[parents %in% of])
  own <- children(Sys.getpid())
  forked <- children(own)
  c(setdiff(own, parents), forked)
}

# The parent of every live process, named by its pid.
live_parents <- function() {
  stats <- Sys.glob("/proc/[0-9]*/stat")
  parents <- integer(0)
  for (f in stats) {
    s <- tryCatch(suppressWarnings(readLines(f, warn = FALSE)), error = function(e) "")
    if (!nzchar(s[1L])) next
    # Fields after the command name (which may hold spaces): state, ppid, ...
    rest <- strsplit(sub("^.*\\) ", "", s[1L]), " ")[[1L]]
    if (rest[1L] != "Z") parents[basename(dirname(f))] <- as.integer(rest[2L])
  }
  parents
}

# The command-line arguments as name=value pairs, with defaults.
args_or <- function(defaults) {
  given <- commandArgs(trailingOnly = TRUE)
  for (a in given) {
    kv <- strsplit(a, "=", fixed = TRUE)[[1L]]
    if (length(kv) == 2L && kv[1L] %in% names(defaults)) defaults[[kv[1L]]] <- as.numeric(kv[2L])
  }
  defaults
}

print_table <- function(rows) {
  df <- do.call(rbind, lapply(rows, as.data.frame))
  old <- options(width = 250)
  on.exit(options(old))
  print(df, row.names = FALSE)
  invisible(df)
}

# How the tasks of a chaos run ended: task i must return i, or errorValue 19
# when its daemon was lost without retries left; `status()` must add up.
chaos_outcome <- function(ms, start, hung) {
  values <- lapply(ms, function(m) if (unresolved(m)) NULL else m$data)
  ok <- vapply(seq_along(values), function(i) identical(values[[i]], i), logical(1))
  lost19 <- vapply(values, function(v) is_error_value(v) && identical(as.integer(v), 19L), logical(1))
  s <- status()$mirai
  list(
    values = sum(ok), errors19 = sum(lost19), wrong = sum(!ok & !lost19),
    unresolved = sum(vapply(values, is.null, logical(1))),
    counts_add_up = s[["completed"]] == length(ms) && s[["awaiting"]] + s[["executing"]] == 0L,
    seconds = round(as.numeric(Sys.time() - start, units = "secs"), 1),
    hung = hung
  )
}

# A chaos script's exit status: 1 if any run lost, garbled or hung a task.
chaos_failed <- function(df) any(df$wrong > 0L | df$unresolved > 0L | !df$counts_add_up | df$hung)
