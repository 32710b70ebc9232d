# The end-to-end test's R side (run by tests/e2e/run.sh, which builds the
# images, starts the mirai-api service on 127.0.0.1 and creates the Docker
# network). This R session is the dispatcher; the service starts the worker
# containers, which dial back over that network. Each step prints its result
# and time; the first failure ends the run with status 1, after cleaning up.
library(miraiRs)

env <- function(name) {
  value <- Sys.getenv(name)
  if (!nzchar(value)) stop(name, " is not set (run tests/e2e/run.sh)", call. = FALSE)
  value
}
gateway <- env("E2E_DISPATCHER")            # the network's gateway: this machine
port <- as.integer(env("E2E_PORT"))         # where this session listens
redial_port <- as.integer(env("E2E_REDIAL_PORT"))
network <- env("E2E_NETWORK")
image <- env("E2E_IMAGE")
url <- sprintf("tcp://%s:%d", gateway, port)

docker <- function(...) suppressWarnings(system2("docker", c(...), stdout = TRUE, stderr = TRUE))

# The containers of this run's workers (running only, or all), full ids.
worker_ids <- function(all = FALSE) {
  docker("ps", if (all) "-a", "-q", "--no-trunc",
         "--filter", paste0("label=io.miraiRs.dispatcher=", gateway),
         "--filter", paste0("label=io.miraiRs.port=", port))
}

wait_until <- function(done, seconds) {
  deadline <- proc.time()[["elapsed"]] + seconds
  while (!(ok <- isTRUE(done())) && proc.time()[["elapsed"]] < deadline) Sys.sleep(0.05)
  ok
}

check <- function(ok, ...) if (!isTRUE(ok)) stop(..., call. = FALSE)

# The host name each of `n` tasks ran on; the tasks last long enough that
# each idle worker takes one.
hosts_of <- function(n, seconds = 0.5) {
  ms <- lapply(seq_len(n), function(i) mirai({ Sys.sleep(s); Sys.info()[["nodename"]] }, s = seconds))
  vapply(ms, function(m) as.character(m[]), "")
}

# Runs one step: prints "step <label> in <t> s: ok (<detail>)" or FAILED with
# the reason, and stops the run on failure.
step <- function(label, code) {
  start <- proc.time()[["elapsed"]]
  detail <- tryCatch(code, error = identity)
  took <- proc.time()[["elapsed"]] - start
  failed <- inherits(detail, "error")
  cat(sprintf("step %s in %.2f s: %s\n", label, took,
              if (failed) paste("FAILED:", conditionMessage(detail))
              else if (is.character(detail)) paste0("ok (", detail, ")") else "ok"))
  if (failed) stop("e2e failed at step ", label, call. = FALSE)
  invisible(detail)
}

cleanup <- function() {
  try(daemons(0), silent = TRUE)
  try(daemons(0, .compute = "redial"), silent = TRUE)
  try(suppressMessages(stop_workers(gateway, port = port)), silent = TRUE)
  docker("rm", "-f", "mirairs-e2e-redial")
  invisible()
}

result <- tryCatch({
  step("0a: image without MIRAI_HOST exits at once with a message", {
    out <- docker("run", "--rm", "--network", "none", image)
    status <- attr(out, "status")
    check(identical(status, 2L), "exit status ", deparse(status), ", expected 2")
    check(any(grepl("MIRAI_HOST is not set", out)), "no message about MIRAI_HOST: ", paste(out, collapse = " | "))
    out[grepl("MIRAI_HOST", out)][[1L]]
  })

  step("0b: a worker started before its dispatcher redials, works, exits 0 when it closes", {
    docker("rm", "-f", "mirairs-e2e-redial")
    id <- docker("run", "-d", "--init", "--name", "mirairs-e2e-redial", "--network", network,
                 "-e", paste0("MIRAI_HOST=", gateway), "-e", paste0("MIRAI_PORT=", redial_port), image)
    check(is.null(attr(id, "status")), "docker run failed: ", paste(id, collapse = " "))
    Sys.sleep(3)  # nothing listens yet: the worker must still be there, dialing
    state <- docker("inspect", "-f", "{{.State.Status}}", "mirairs-e2e-redial")
    check(identical(state, "running"), "after 3 s without a dispatcher the worker is ", state)
    daemons(url = sprintf("tcp://%s:%d", gateway, redial_port), .compute = "redial")
    check(wait_until(function() status("redial")$connections == 1L, 30), "it did not connect within 30 s")
    host <- mirai(Sys.info()[["nodename"]], .compute = "redial")[]
    check(identical(host, substr(id, 1L, 12L)), "its task ran on ", deparse(host))
    daemons(0, .compute = "redial")
    check(wait_until(function() identical(docker("inspect", "-f", "{{.State.Status}}", "mirairs-e2e-redial"),
                                          "exited"), 10), "it did not exit within 10 s")
    code <- docker("inspect", "-f", "{{.State.ExitCode}}", "mirairs-e2e-redial")
    check(identical(code, "0"), "exit code ", code)
    docker("rm", "-f", "mirairs-e2e-redial")
    "waited 3 s unconnected, exit code 0"
  })

  daemons(url = url)

  step("1: start_workers(n = 4), all 4 connected", {
    suppressMessages(start_workers(gateway, n = 4, port = port))
    check(wait_until(function() status()$connections == 4L, 60),
          status()$connections, " of 4 connected after 60 s")
    sprintf("listening at %s", url)
  })

  step("2: 4 distinct container hostnames", {
    ids <- substr(worker_ids(), 1L, 12L)
    hosts <- hosts_of(4)
    check(length(unique(hosts)) == 4L, "tasks ran on ", paste(hosts, collapse = ", "))
    check(setequal(hosts, ids), "hosts ", paste(sort(hosts), collapse = ", "),
          " are not the containers ", paste(sort(ids), collapse = ", "))
    paste(sort(hosts), collapse = " ")
  })

  step("3: 20 tasks x^2", {
    out <- mirai_map(1:20, function(x) {
      Sys.sleep(0.1)
      list(value = x^2, host = Sys.info()[["nodename"]])
    })[]
    values <- vapply(out, `[[`, 0, "value")
    check(identical(values, (1:20)^2), "wrong values: ", paste(values, collapse = " "))
    per_host <- table(vapply(out, `[[`, "", "host"))
    check(length(per_host) == 4L, "ran on ", length(per_host), " workers, not 4")
    paste("all correct, tasks per worker:", paste(sort(as.integer(per_host)), collapse = " "))
  })

  step("3b: a worker's large vectors are in huge pages", {
    thp <- readLines("/sys/kernel/mm/transparent_hugepage/enabled")
    if (grepl("[never]", thp, fixed = TRUE)) {
      "skipped: this kernel gives no huge pages"
    } else {
      huge_kb <- mirai({
        x <- runif(12.5e6)
        line <- grep("^AnonHugePages:", readLines("/proc/self/smaps_rollup"), value = TRUE)
        as.numeric(gsub("[^0-9]", "", line))
      })[]
      check(is.numeric(huge_kb) && huge_kb >= 50000, "a 100 MB vector had ", format(huge_kb), " kB in huge pages")
      sprintf("%.0f MB of a 100 MB vector in huge pages", huge_kb / 1000)
    }
  })

  step("4: 4 x Sys.sleep(1)", {
    start <- proc.time()[["elapsed"]]
    ms <- lapply(1:4, function(i) mirai(Sys.sleep(1)))
    for (m in ms) check(is.null(m[]), "a sleep returned ", deparse(m$data))
    took <- proc.time()[["elapsed"]] - start
    check(took < 1.5, sprintf("took %.2f s, not under 1.5 s", took))
    "all 4 at once"
  })

  step("5: stop() gives a miraiError, the workers carry on", {
    e <- mirai(stop("boom"))[]
    check(is_mirai_error(e) && identical(e$message, "boom"), "got ", deparse(e))
    hosts <- hosts_of(4)
    check(length(unique(hosts)) == 4L && status()$connections == 4L,
          "after the error: tasks ran on ", paste(hosts, collapse = ", "))
    "miraiError 'boom', then 4 workers answer"
  })

  step("6: docker kill of a worker mid-task", {
    ids <- substr(worker_ids(), 1L, 12L)
    ms <- lapply(1:4, function(i) mirai({ Sys.sleep(2); Sys.info()[["nodename"]] }))
    check(wait_until(function() status()$mirai[["executing"]] == 4L, 5), "the 4 tasks did not all start")
    victim <- ids[[1L]]
    docker("kill", victim)
    out <- lapply(ms, `[`)
    lost <- vapply(out, function(x) is_error_value(x) && identical(as.integer(x), 19L), NA)
    check(sum(lost) == 1L, sum(lost), " tasks resolved to errorValue 19, expected 1")
    rest <- unlist(out[!lost])
    check(setequal(rest, setdiff(ids, victim)), "the other tasks gave ", paste(rest, collapse = ", "))
    check(wait_until(function() status()$connections == 3L, 10), "the dispatcher still counts ",
          status()$connections, " connections")
    more <- mirai_map(1:6, function(x) x^2)[]
    check(identical(unlist(more), (1:6)^2), "the 3 workers left gave ", deparse(more))
    sprintf("killed %s: its task is errorValue 19, the other 3 finished, 6 more ran on 3 workers", victim)
  })

  step("7: daemons(0), every worker exits and is removed", {
    # The killed worker's container is being removed meanwhile.
    check(wait_until(function() length(worker_ids(all = TRUE)) == 3L, 10),
          "expected 3 worker containers before daemons(0), not ", length(worker_ids(all = TRUE)))
    start <- proc.time()[["elapsed"]]
    daemons(0)
    gone <- wait_until(function() length(worker_ids(all = TRUE)) == 0L, 10)
    took <- proc.time()[["elapsed"]] - start
    check(gone, "containers left after 10 s: ", paste(worker_ids(all = TRUE), collapse = ", "))
    stopped <- suppressMessages(stop_workers(gateway, port = port))
    check(stopped$count == 0L, "stop_workers() still found ", stopped$count)
    mine <- Filter(function(w) identical(w$dispatcher, gateway) && identical(as.integer(w$port), port),
                   list_workers())
    check(length(mine) == 0L, "list_workers() still lists ", length(mine))
    sprintf("all removed %.2f s after daemons(0); stop_workers() found none", took)
  })
  TRUE
}, error = function(e) {
  message(conditionMessage(e))
  FALSE
})
cleanup()
if (!result) quit(save = "no", status = 1L)
cat("e2e: all steps passed\n")
