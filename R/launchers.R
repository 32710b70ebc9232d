# Local daemons: child processes of this session, started by the Rust side
# without a shell and reaped by it after daemons(0).

launch_daemons <- function(profile, n, url, args = profile$args) {
  expr <- daemon_call(url, args)
  output <- isTRUE(args$output)
  rscript <- file.path(R.home("bin"), "Rscript")
  libs <- paste(.libPaths(), collapse = .Platform$path.sep)
  for (i in seq_len(n)) .Call(wrap__host_launch, profile$h, rscript, expr, libs, output)
  profile$n <- profile$n + n
  invisible(n)
}

# The R code a local daemon runs, e.g. miraiRs::daemon("abstract://...", cleanup = TRUE)
daemon_call <- function(url, args) {
  call <- as.call(c(list(quote(miraiRs::daemon), url), args))
  paste(deparse(call, width.cutoff = 500L), collapse = " ")
}
