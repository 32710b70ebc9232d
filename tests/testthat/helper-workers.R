# Helpers of test-workers.R: a real mirai-api service on 127.0.0.1, built
# from the repository's api/ directory, started with the worker image of the
# api's own tests (a static binary that sleeps until SIGTERM, never dials).

api_test_token <- "r-test-token-0123456789abcdef"
api_test_image <- "mirai-api-test-worker:latest"

# Sets environment variables (NA: unset) while `code` runs, then restores
# them; of repeated names the last counts.
with_env <- function(vars, code) {
  vars <- vars[!duplicated(names(vars), fromLast = TRUE)]
  old <- Sys.getenv(names(vars), unset = NA, names = TRUE)
  set_env <- function(v) {
    keep <- !is.na(v)
    if (any(keep)) do.call(Sys.setenv, as.list(v[keep]))
    if (any(!keep)) Sys.unsetenv(names(v)[!keep])
  }
  on.exit(set_env(old))
  set_env(vars)
  code
}

# The repository's api/ directory as seen from tests/testthat, or NULL: under
# R CMD check the tests run from a copy of the package without it.
api_dir <- function() {
  dir <- normalizePath(file.path("..", "..", "api"), mustWork = FALSE)
  if (file.exists(file.path(dir, "Cargo.toml"))) dir
}

has_command <- function(cmd) nzchar(Sys.which(cmd))

docker_answers <- function() {
  has_command("docker") && system2("docker", "info", stdout = FALSE, stderr = FALSE) == 0L
}

# A port nothing listens at on this machine (free a moment ago).
free_port <- function() {
  repeat {
    port <- sample(20000:60000, 1L)
    s <- tryCatch(suppressWarnings(serverSocket(port)), error = function(e) NULL)
    if (!is.null(s)) {
      close(s)
      return(port)
    }
  }
}

# Builds the service with cargo (honouring CARGO_TARGET_DIR) and returns the
# path of its binary, which cargo reports in its JSON messages.
build_api <- function(dir) {
  out <- suppressWarnings(system2(
    "cargo", c("build", "--message-format=json", "--manifest-path", shQuote(file.path(dir, "Cargo.toml"))),
    stdout = TRUE, stderr = FALSE
  ))
  exe <- regmatches(out, regexpr('"executable":"[^"]*/mirai-api"', out))
  if (!is.null(attr(out, "status")) || length(exe) != 1L) return(NULL)
  sub('^"executable":"(.*)"$', "\\1", exe)
}

image_exists <- function(image) {
  system2("docker", c("image", "inspect", image), stdout = FALSE, stderr = FALSE) == 0L
}

# The same image api/tests/common/mod.rs builds (ensure_test_image): one
# static C program that sleeps until SIGTERM, packed with tar and loaded with
# `docker import`. Needs gcc with a static libc (bash api/tests/setup.sh).
ensure_test_image <- function() {
  if (image_exists(api_test_image)) return(TRUE)
  dir <- tempfile("mirai-api-test-image")
  on.exit(unlink(dir, recursive = TRUE))
  rootfs <- file.path(dir, "rootfs")
  dir.create(rootfs, recursive = TRUE)
  src <- file.path(dir, "worker.c")
  writeLines(c(
    "#include <signal.h>",
    "#include <unistd.h>",
    "static void on_signal(int sig) { (void)sig; _exit(0); }",
    "int main(void) {",
    "    signal(SIGTERM, on_signal);",
    "    signal(SIGINT, on_signal);",
    "    for (;;) pause();",
    "}"
  ), src)
  tar <- file.path(dir, "rootfs.tar")
  system2("gcc", c("-static", "-Os", "-s", "-o", shQuote(file.path(rootfs, "worker")), shQuote(src))) == 0L &&
    system2("tar", c("-C", shQuote(rootfs), "-cf", shQuote(tar), ".")) == 0L &&
    system2("docker", c("import", "--change", shQuote('CMD ["/worker"]'), shQuote(tar), api_test_image),
            stdout = FALSE) == 0L
}

# GET /healthz over a plain socket: TRUE when the service answers 200.
healthz <- function(port) {
  con <- tryCatch(
    suppressWarnings(socketConnection("127.0.0.1", port, open = "r+b", blocking = TRUE, timeout = 5)),
    error = function(e) NULL
  )
  if (is.null(con)) return(FALSE)
  on.exit(close(con))
  cat("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", file = con)
  status <- readLines(con, n = 1L, warn = FALSE)
  length(status) == 1L && grepl("^HTTP/1\\.[01] 200", status)
}

# Starts `binary` in the background on a free 127.0.0.1 port. It runs under
# the file lock of the api's own Docker tests (api/tests/common/mod.rs), which
# count every managed container: the two suites never overlap. Returns the
# service (port, pid, log) once /healthz answers, or NULL with the log.
start_service <- function(binary, seconds = 660) {
  port <- free_port()
  dir <- tempfile("mirai-api-service")
  dir.create(dir)
  pidfile <- file.path(dir, "pid")
  log <- file.path(dir, "log")
  tmp <- Sys.getenv("TMPDIR")
  lock <- file.path(if (nzchar(tmp)) tmp else "/tmp", "mirai-api-docker-tests.lock")
  env <- c(
    MIRAI_API_TOKEN = api_test_token, MIRAI_API_BIND = "127.0.0.1", MIRAI_API_PORT = port,
    MIRAI_IMAGE = api_test_image, MIRAI_NETWORK = "none", MIRAI_MAX_WORKERS = "16",
    MIRAI_WORKER_CPUS = "0.5", MIRAI_WORKER_MEMORY = "64m", MIRAI_PULL_TIMEOUT = "60"
  )
  # `exec` makes the recorded pid the service's own, so SIGTERM reaches it;
  # flock exits (and unlocks) when the service does.
  run <- sprintf("echo $$ > %s; exec %s", shQuote(pidfile), shQuote(binary))
  system(sprintf(
    "env -u MIRAI_API_INSECURE %s flock -w %d %s sh -c %s > %s 2>&1",
    paste0(names(env), "=", shQuote(env), collapse = " "), seconds - 60L, shQuote(lock),
    shQuote(run), shQuote(log)
  ), wait = FALSE)
  service <- list(port = port, pidfile = pidfile, log = log)
  deadline <- Sys.time() + seconds
  while (Sys.time() < deadline) {
    if (file.exists(pidfile) && healthz(port)) {
      service$pid <- as.integer(readLines(pidfile))
      return(service)
    }
    Sys.sleep(0.1)
  }
  message(paste(readLines(log), collapse = "\n"))
  NULL
}

stop_service <- function(service) {
  tools::pskill(service$pid, tools::SIGTERM)
  deadline <- Sys.time() + 20
  while (isTRUE(tools::pskill(service$pid, 0L)) && Sys.time() < deadline) Sys.sleep(0.1)
  !isTRUE(tools::pskill(service$pid, 0L))
}

# Removes every container labelled with the tests' dispatcher port (the label
# the service gives its workers); returns how many there were.
remove_containers <- function(port) {
  ids <- system2("docker", c("ps", "-aq", "--filter", shQuote(paste0("label=io.miraiRs.port=", port))),
                 stdout = TRUE)
  if (length(ids)) system2("docker", c("rm", "-f", ids), stdout = FALSE, stderr = FALSE)
  length(ids)
}

# Runs `code`, collecting its messages and warnings instead of showing them.
conditions <- function(code) {
  messages <- warnings <- character()
  value <- withCallingHandlers(code,
    message = function(m) {
      messages <<- c(messages, conditionMessage(m))
      invokeRestart("muffleMessage")
    },
    warning = function(w) {
      warnings <<- c(warnings, conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
  list(value = value, messages = messages, warnings = warnings)
}
