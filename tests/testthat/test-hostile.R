# Hostile peers on the daemons' socket: each is refused (or left to NNG
# when it never completes a message), the refusal is logged once, and the
# host and its tasks carry on. The host runs in a child R session with
# MIRAIRS_LOG=warn, so its log can be read.

# The first peer speaks a protocol version no host has (99); the host's
# refusal names the version it speaks, `v`, which the others then use.
version_probe <- list(bytes = sp_message(mr_frame("Hello", version = 99L, payload = mr_hello(99L))), refused = TRUE, log = "protocol version 99 is not supported")

hostile_peers <- function(v) list(
  garbage = list(bytes = sp_message(as.raw(0:255)), refused = TRUE, log = "does not start with the miraiRs magic"),
  truncated_frame = list(bytes = sp_message(mr_frame("Hello", version = v, payload = mr_hello(v))[1:8]), refused = TRUE, log = "header length"),
  wrong_hello_version = list(bytes = sp_message(mr_frame("Hello", version = v, payload = mr_hello(v + 1L))), refused = TRUE, log = sprintf("protocol version %d refused", v + 1L)),
  # A batch must split into whole frames, and from a daemon hold results only.
  truncated_batch = list(bytes = sp_message(mr_frame("Batch", version = v, payload = as.raw(c(200, 0, 0, 0, 1, 2)))), refused = TRUE, log = "malformed batch"),
  batched_task = list(bytes = sp_message(mr_frame("Batch", version = v, payload = {
    task <- mr_frame("Task", version = v)
    c(as.raw(c(length(task), 0, 0, 0)), task)
  })), refused = TRUE, log = "may not batch Task"),
  # NNG itself drops these before any frame reaches miraiRs: nothing to log.
  huge_length = list(bytes = sp_message(charToRaw("MR"), length = 2^60), refused = TRUE, log = NULL),
  truncated_message = list(bytes = sp_message(raw(16), length = 1000), refused = FALSE, log = NULL)
)

test_that("hostile peers are refused, logged once, and lose no task", {
  port <- 40000L + (Sys.getpid() + 7L) %% 20000L
  out <- tempfile()
  err <- tempfile()
  script <- tempfile(fileext = ".R")
  on.exit(unlink(c(out, err, script)))
  helpers <- c("mp_str", "mr_frame", "mr_hello", "sp_message", "send_as_peer", "wait_connections", "hostile_peers")
  writeLines(c(
    vapply(helpers, function(f) paste(f, "<-", paste(deparse(get(f)), collapse = "\n")), ""),
    "library(miraiRs)",
    sprintf("port <- %dL", port),
    "daemons(2, url = sprintf('tcp://127.0.0.1:%d', port))",
    "stopifnot(wait_connections(2) == 2L)",
    "ms <- lapply(1:50, function(i) mirai({ Sys.sleep(0.01); i }, i = i))",
    sprintf("probe <- %s", paste(deparse(version_probe), collapse = "\n")),
    "probed <- send_as_peer(port, probe$bytes)",
    sprintf("log <- readLines('%s')", err),
    "v <- as.integer(sub('.*this side speaks ([0-9]+).*', '\\\\1', grep('this side speaks', log, value = TRUE)[1L]))",
    "cat('version', v, '\\n')",
    "peers <- hostile_peers(v)",
    "hung_up <- c(version_probe = probed, vapply(peers, function(p) send_as_peer(port, p$bytes, seconds = if (p$refused) 10 else 1), logical(1)))",
    "values <- unlist(collect_mirai(ms))",
    "cat('hung_up', names(hung_up)[hung_up], '\\n')",
    "cat('values_ok', identical(values, 1:50), '\\n')",
    "cat('connections', status()$connections, '\\n')",
    "cat('after', mirai('still fine')[], '\\n')",
    "daemons(0)"
  ), script)
  status <- system2(rscript(), script, stdout = out, stderr = err, env = "MIRAIRS_LOG=warn")
  expect_identical(status, 0L)
  lines <- readLines(out)
  field <- function(name) strsplit(grep(paste0("^", name, " "), lines, value = TRUE), " ")[[1L]][-1L]
  v <- as.integer(field("version"))
  expect_false(is.na(v))
  peers <- c(list(version_probe = version_probe), hostile_peers(v))
  refused <- names(Filter(function(p) p$refused, peers))
  expect_setequal(field("hung_up"), refused)
  expect_identical(field("values_ok"), "TRUE")
  expect_identical(field("connections"), "2")
  expect_identical(field("after"), c("still", "fine"))
  log <- readLines(err)
  refusals <- grep("closing the connection", log, value = TRUE)
  expected <- Filter(Negate(is.null), lapply(peers, `[[`, "log"))
  expect_length(refusals, length(expected))
  for (why in expected) expect_length(grep(why, refusals, fixed = TRUE), 1L)
})
