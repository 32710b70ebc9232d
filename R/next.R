#' Next >> Developer Interface
#'
#' `nextstream()` returns the L'Ecuyer-CMRG random number stream stored in a
#' compute profile and advances the stored stream to the next one, so each
#' call gives a new stream. `nextget()` returns an item of a compute profile.
#' `nextcode()` translates the exit code of [daemon()].
#'
#' These functions are for packages that launch [daemon()] processes by their
#' own means. The stream from `nextstream()` may be given to the `rs` argument
#' of [daemon()].
#'
#' With `daemons(seed = NULL)` (the default) the stored stream is the one the
#' next launched daemon receives; with a `seed`, it is the one the next
#' [mirai()] call receives.
#'
#' @inheritParams mirai
#'
#' @return For `nextstream()`: a length 7 integer vector, as `.Random.seed`
#'   holds when the L'Ecuyer-CMRG generator is in use, or NULL when the
#'   compute profile is not set.
#'
#' @examples
#' daemons(1)
#' nextstream()
#' nextstream()
#' nextget("url")
#' daemons(0)
#'
#' @keywords internal
#' @export
#'
nextstream <- function(.compute = NULL) next_stream(get_profile(compute_name(.compute)))

#' @param x character name of the item: `"n"` (number of daemons launched),
#'   `"url"` (the URL the host listens at; `"urls"` is the same), `"seed"`,
#'   `"stream"`.
#'
#' @return For `nextget()`: the item, or NULL if absent.
#'
#' @rdname nextstream
#' @export
#'
nextget <- function(x, .compute = NULL) {
  profile <- get_profile(compute_name(.compute))
  if (is.null(profile)) return(NULL)
  if (identical(x, "urls")) x <- "url"
  profile[[x]]
}

#' @param xc integer exit code returned by [daemon()] (also the exit status of
#'   an `Rscript -e 'miraiRs::daemon(...)'` process).
#'
#' @return For `nextcode()`: a character string.
#'
#' @examples
#' nextcode(0L)
#' nextcode(1L)
#'
#' @rdname nextstream
#' @export
#'
nextcode <- function(xc) {
  why <- c("connection terminated", "idletime limit reached", "walltime limit reached", "task limit reached")
  xc <- as.integer(xc)
  known <- !is.na(xc) & xc >= 0L & xc < length(why)
  sprintf("%d | Daemon %s", xc, ifelse(known, why[ifelse(known, xc + 1L, 1L)], "exited"))
}

# internals --------------------------------------------------------------------

# The first L'Ecuyer-CMRG stream of a compute profile: from `seed` when given,
# otherwise drawn from this session's generator. The session's own random
# state (and generator kind) is left as it was.
init_stream <- function(seed = NULL) {
  g <- .GlobalEnv
  had <- exists(".Random.seed", envir = g, inherits = FALSE)
  old <- if (had) get(".Random.seed", envir = g, inherits = FALSE)
  kind <- RNGkind()[[1L]]
  on.exit({
    if (had) {
      assign(".Random.seed", old, envir = g)
    } else {
      RNGkind(kind)
      if (exists(".Random.seed", envir = g, inherits = FALSE)) rm(".Random.seed", envir = g)
    }
  })
  RNGkind("L'Ecuyer-CMRG")
  if (!is.null(seed)) set.seed(seed)
  get(".Random.seed", envir = g, inherits = FALSE)
}

# The stream stored in a profile, advancing the stored one.
next_stream <- function(profile) {
  if (is.null(profile)) return(NULL)
  stream <- profile[["stream"]]
  if (is.integer(stream)) profile[["stream"]] <- parallel::nextRNGStream(stream)
  stream
}

# The stream a launched daemon gets: its own one without a seed; none with a
# seed, as each mirai then carries its own.
daemon_stream <- function(profile) if (is.null(profile[["seed"]])) next_stream(profile)
