# The stand-in HTTP server of fake_service() (helper-http.R), run as
# `Rscript fake-http-server.R <port> <dir> <answer|launch>`.
args <- commandArgs(TRUE)
dir <- args[[2L]]
server <- serverSocket(as.integer(args[[1L]]))
write_whole <- function(write, path) {
  write(paste0(path, ".tmp"))
  invisible(file.rename(paste0(path, ".tmp"), path))
}
write_whole(function(p) writeLines(as.character(Sys.getpid()), p), file.path(dir, "pid"))

# The string value of "command" in a JSON body, decoded (JSON's string
# escapes are also R's), or NULL.
json_command <- function(body) {
  m <- regmatches(body, regexec('"command": *"((\\\\.|[^"\\\\])*)"', body))[[1L]]
  if (length(m)) eval(parse(text = paste0('"', m[[2L]], '"')))
}

requests <- list()
for (reply in readRDS(file.path(dir, "replies.rds"))) {
  con <- socketAccept(server, blocking = TRUE, open = "r+b", timeout = 30)
  line <- function() sub("\r$", "", readLines(con, n = 1L))
  start <- strsplit(line(), " ", fixed = TRUE)[[1L]]
  headers <- character()
  while (nzchar(header <- line())) headers[[tolower(sub(":.*$", "", header))]] <- sub("^[^:]*: *", "", header)
  size <- if ("content-length" %in% names(headers)) as.integer(headers[["content-length"]]) else 0L
  body <- if (size > 0L) readChar(con, size, useBytes = TRUE) else ""
  request <- list(method = start[[1L]], path = start[[2L]], headers = headers, body = body,
                  command = json_command(body))
  requests[[length(requests) + 1L]] <- request
  write_whole(function(p) saveRDS(requests, p), file.path(dir, "requests.rds"))
  cat(sprintf("HTTP/1.1 %d Fake\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
              reply$status, nchar(reply$body, "bytes"), reply$body), file = con)
  close(con)
  if (args[[3L]] == "launch" && length(request$command))
    system2(file.path(R.home("bin"), "Rscript"), c("-e", shQuote(request$command)), wait = FALSE,
            stdout = FALSE, stderr = FALSE)
}
