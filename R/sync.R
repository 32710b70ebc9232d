# daemons(sync = TRUE): no process and no host. Each mirai is evaluated in
# this session when it is created, as a daemon evaluates a task (run_task()),
# and is returned resolved: for testing and debugging, e.g. with browser().

sync_daemons <- function(seed, .compute) {
  profile <- new.env(parent = emptyenv())
  profile$sync <- TRUE
  profile$submit <- sync_submit
  # A URL for nextget("url"), as mirai gives; nothing listens there.
  profile$url <- .Call(wrap__local_socket_url)
  profile$n <- 0L
  profile$seed <- seed
  profile$stream <- init_stream(seed)
  # The "daemon's global environment": `...` objects go here, not into the
  # user's global environment, which is still visible behind it.
  profile$globals <- new.env(parent = .GlobalEnv)
  assign(.compute, profile, envir = ..)
  invisible(structure(TRUE, class = c("miraiDaemons", .compute)))
}

sync_submit <- function(profile, data, timeout, wait) sync_mirai(profile, data)

sync_mirai <- function(profile, data) {
  m <- new_mirai(NULL)
  m[["value"]] <- sync_eval(profile, data)
  m[["done"]] <- TRUE
  m
}

# A seeded mirai (daemons(seed = )) runs with its own stream as
# .Random.seed; the session's own random state is put back afterwards.
sync_eval <- function(profile, data) {
  seed <- data[[2L]][[".Random.seed"]]
  if (!is.null(seed)) {
    data[[2L]][[".Random.seed"]] <- NULL
    old <- get0(".Random.seed", envir = .GlobalEnv, inherits = FALSE)
    on.exit(put_random_seed(old))
    assign(".Random.seed", seed, envir = .GlobalEnv)
  }
  run_task(data, genv = profile$globals)
}
