#' Make Mirai Cluster
#'
#' `make_cluster()` creates a cluster of class 'miraiCluster' for the
#' functions of the base package \pkg{parallel}, such as
#' [parallel::parLapply()], [parallel::clusterApply()],
#' [parallel::clusterExport()] or [parallel::clusterEvalQ()].
#' `stop_cluster()` (or [parallel::stopCluster()]) stops it.
#'
#' Each node is a daemon started with `cleanup = FALSE`, so what
#' [parallel::clusterExport()], [parallel::clusterEvalQ()] or
#' [parallel::clusterSetRNGStream()] leave in its global environment stays
#' there, as with the \pkg{parallel} package's own clusters. Local nodes each
#' have a compute profile of their own (named after the cluster's ID), so a
#' call sent to node `i` always runs on the same daemon.
#'
#' @param n integer number of nodes, launched on this machine unless `url` is
#'   given.
#' @param url (optional) the URL to listen at for remote nodes to dial into,
#'   such as `"tcp://10.75.37.40:5555"`; `n` (default 1) is then the number of
#'   nodes expected, and the shell commands to start them are printed.
#' @param remote (optional, with `url`) a remote launch configuration from
#'   [ssh_config()], [cluster_config()], [remote_config()] or
#'   [http_config()] that launches the `n` nodes; without it, the shell
#'   commands to start them are printed.
#' @param ... (optional) arguments passed on to [daemons()] for the nodes'
#'   daemons: `autoexit`, `output`, `idletime`, `walltime`, `maxtasks`.
#'
#' @return For `make_cluster()`: a 'miraiCluster' (also of class 'cluster'), a
#'   list of `n` nodes of class 'miraiNode', with an automatically assigned ID
#'   (attribute `id`). For `stop_cluster()`: invisible NULL.
#'
#' @section Remote Nodes:
#' With `url`, the nodes share one listening socket and a task goes to
#' whichever node is idle: calls that set state on every node (such as
#' [parallel::clusterExport()]) are then not guaranteed to reach each of them.
#' [status()] on a cluster gives its connections.
#'
#' @section Errors:
#' An error in evaluation comes back as the usual 'miraiError', which
#' \pkg{parallel} reports as "one node produced an error". A node that exits
#' mid-task gives 'errorValue' 19 (Connection reset).
#'
#' @examples
#' cl <- make_cluster(2)
#' cl
#' cl[[1L]]
#' parallel::parLapply(cl, 1:4, function(x) x^2)
#' parallel::clusterExport(cl, "pi")
#' stop_cluster(cl)
#'
#' @export
#'
make_cluster <- function(n, url = NULL, remote = NULL, ...) {
  if (!is.null(remote)) {
    check_remote(remote)
    if (is.null(url)) stop("`remote` needs a `url` for the remote nodes to dial", call. = FALSE)
  }
  args <- list(...)
  if (is.null(args[["cleanup"]])) args[["cleanup"]] <- FALSE
  id <- next_cluster_id()
  if (is.null(url)) {
    if (missing(n) || !is.numeric(n)) stop("`n` must be numeric, did you mean to provide `url`?", call. = FALSE)
    check_nodes(n)
    profiles <- sprintf("%s.%d", id, seq_len(n))
    ok <- FALSE
    on.exit(if (!ok) for (p in profiles) daemons(0L, .compute = p))
    for (p in profiles) do.call(daemons, c(list(1L, dispatcher = FALSE), args, list(.compute = p)))
    ok <- TRUE
  } else {
    if (missing(n)) n <- 1L
    if (!is.numeric(n)) stop("`n` must be numeric, did you mean to provide `url`?", call. = FALSE)
    check_nodes(n)
    # Without `remote`, `n` only counts the nodes expected: none is launched here.
    launch <- if (!is.null(remote)) list(n, remote = remote)
    do.call(daemons, c(launch, list(url = url, dispatcher = FALSE), args, list(.compute = id)))
    profiles <- rep(id, n)
    if (is.null(remote)) {
      cmd <- sprintf("Rscript -e %s", shQuote(daemon_call(local_dial_url(url), args)))
      cat("Shell commands for deployment on nodes:\n\n", file = stdout())
      for (i in seq_len(n)) cat(sprintf("[%d]\n%s\n\n", i, cmd), file = stdout())
    }
  }
  nodes <- lapply(seq_len(n), function(i) {
    node <- new.env(hash = FALSE, parent = emptyenv())
    node[["profile"]] <- profiles[[i]]
    attributes(node) <- list(class = "miraiNode", node = i, id = id)
    node
  })
  structure(nodes, class = c("miraiCluster", "cluster"), id = id)
}

#' @param cl a 'miraiCluster'.
#'
#' @rdname make_cluster
#' @export
#'
stop_cluster <- function(cl) {
  for (p in cluster_profiles(cl)) daemons(0L, .compute = p)
  invisible()
}

#' @rawNamespace S3method(parallel::stopCluster, miraiCluster)
stopCluster.miraiCluster <- function(cl = NULL) stop_cluster(cl)

# What a node evaluates; `.fun` and `.args` exist only on the daemon.
node_call <- quote(do.call(.fun, .args, quote = TRUE))

#' @exportS3Method parallel::sendData
#' @importFrom parallel stopCluster
sendData.miraiNode <- function(node, data) {
  profile <- .subset2(node, "profile")
  if (!daemons_set(profile)) stop("cluster is no longer active", call. = FALSE)
  if (!identical(data[["type"]], "EXEC")) return(invisible())
  value <- data[["data"]]
  m <- mirai(node_call, .args = list(.fun = value[["fun"]], .args = value[["args"]]), .compute = profile)
  node[["tag"]] <- value[["tag"]]
  node[["received"]] <- FALSE
  node[["mirai"]] <- m
  invisible()
}

#' @exportS3Method parallel::recvData
recvData.miraiNode <- function(node) {
  m <- .subset2(node, "mirai")
  if (is.null(m)) stop("no call was sent to this node", call. = FALSE)
  value <- m[]
  node[["received"]] <- TRUE
  list(type = "VALUE", value = value, success = !is_error_value(value), time = NULL,
       tag = .subset2(node, "tag"))
}

#' @exportS3Method parallel::recvOneData
recvOneData.miraiCluster <- function(cl) {
  repeat {
    waiting <- which(vapply(unclass(cl), function(node) {
      !is.null(.subset2(node, "mirai")) && !isTRUE(.subset2(node, "received"))
    }, logical(1L)))
    if (!length(waiting)) stop("no call is outstanding on this cluster", call. = FALSE)
    for (i in waiting) {
      node <- .subset2(cl, i)
      if (!unresolved(.subset2(node, "mirai"))) return(list(node = i, value = recvData.miraiNode(node)))
    }
    wait_briefly(.subset2(.subset2(cl, waiting[[1L]]), "mirai"), 5)
  }
}

#' @export
print.miraiCluster <- function(x, ...) {
  cat(sprintf("< miraiCluster | ID: %s nodes: %d active: %s >\n", cluster_id(x), length(x),
              cluster_active(x)), file = stdout())
  invisible(x)
}

#' @export
print.miraiNode <- function(x, ...) {
  cat(sprintf("< miraiNode | node: %d cluster ID: %s >\n", attr(x, "node"), attr(x, "id")), file = stdout())
  invisible(x)
}

#' @export
`[.miraiCluster` <- function(x, i) {
  structure(.subset(x, i), class = class(x), id = cluster_id(x))
}

# internals --------------------------------------------------------------------

clusters <- new.env(parent = emptyenv())

next_cluster_id <- function() {
  k <- (clusters[["count"]] %||% 0L) + 1L
  clusters[["count"]] <- k
  sprintf("`%d`", k)
}

check_nodes <- function(n) {
  if (!(length(n) == 1L && !is.na(n) && n == trunc(n) && n < .Machine$integer.max))
    stop("`n` must be a single whole number", call. = FALSE)
  if (n < 1) stop("`n` must be 1 or greater", call. = FALSE)
}

cluster_id <- function(cl) attr(cl, "id") %||% if (length(cl)) attr(.subset2(cl, 1L), "id")

cluster_profiles <- function(cl) {
  unique(vapply(unclass(cl), function(node) .subset2(node, "profile"), character(1L)))
}

cluster_active <- function(cl) length(cl) > 0L && all(vapply(cluster_profiles(cl), daemons_set, logical(1L)))

# status() of a cluster: its connections, and the URL(s) its nodes dial.
cluster_status <- function(cl) {
  profiles <- Filter(daemons_set, cluster_profiles(cl))
  if (!length(profiles)) return(list(connections = 0L, daemons = 0L))
  s <- lapply(profiles, status)
  list(
    connections = sum(vapply(s, function(x) as.integer(x$connections), integer(1L))),
    daemons = vapply(s, function(x) x$daemons, character(1L))
  )
}

# Waits up to `ms` milliseconds for a mirai (interruptible), without collecting it.
wait_briefly <- function(m, ms) {
  task <- .subset2(m, "task")
  if (is.null(task) || isTRUE(.subset2(m, "done"))) return(invisible())
  if (.Call(wrap__task_await, task, ms) == -2L) raise_interrupt()
  invisible()
}
