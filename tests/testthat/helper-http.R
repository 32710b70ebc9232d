# A stand-in HTTP server (fake-http-server.R) in another R process on a free
# port: it answers the next requests, one per connection, with `replies`
# (each a list of status and body text), records them and exits. With
# `launch = TRUE` it also starts, on this machine, the R call each request's
# JSON body carries in "command", as a launch API of http_config() would.
# For test-workers.R (answers the real service only gives when Docker fails)
# and test-http-config.R. Returns its port, pid and directory once it listens.
fake_service <- function(replies, launch = FALSE, seconds = 30) {
  dir <- tempfile("fake-http")
  dir.create(dir)
  saveRDS(replies, file.path(dir, "replies.rds"))
  port <- free_port()
  # Daemons it starts find this miraiRs through R_LIBS.
  system2(rscript(), c("--vanilla", shQuote(test_path("fake-http-server.R")), port, shQuote(dir),
                       if (launch) "launch" else "answer"),
          env = paste0("R_LIBS=", shQuote(paste(.libPaths(), collapse = .Platform$path.sep))), wait = FALSE)
  ready <- file.path(dir, "pid")
  deadline <- Sys.time() + seconds
  # `pid` appears (renamed whole) once the socket listens.
  while (!file.exists(ready) && Sys.time() < deadline) Sys.sleep(0.05)
  list(port = port, pid = as.integer(readLines(ready)), dir = dir)
}

# The requests `fake` received so far, each a list of method, path, headers
# (named by lower-case name), body and command (the "command" of a JSON body,
# decoded).
fake_requests <- function(fake) {
  path <- file.path(fake$dir, "requests.rds")
  if (file.exists(path)) readRDS(path) else list()
}

# Whether something accepts connections at 127.0.0.1:`port`.
accepts <- function(port) {
  con <- tryCatch(suppressWarnings(socketConnection("127.0.0.1", port, open = "r+b", timeout = 1)),
                  error = function(e) NULL)
  if (!is.null(con)) close(con)
  !is.null(con)
}
