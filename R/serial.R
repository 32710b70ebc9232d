#' Create Serialization Configuration
#'
#' Makes a configuration for custom serialization of reference objects, such
#' as external pointers (Arrow tables, torch tensors, database handles), which
#' R cannot send to another process as they are. Passed to the `serial`
#' argument of [daemons()] (or registered with [register_serial()]), it
#' applies to every [mirai()] of that compute profile, in both directions:
#' objects of a configured class inside a task's `...` or `.args` are
#' serialized on the host with `sfunc` and rebuilt on the daemon with
#' `ufunc`, and the same happens to results coming back.
#'
#' This uses the 'refhook' (persistence hook) of R's native serialization:
#' R hands each external pointer, weak reference and environment it meets to
#' the hook, which applies `sfunc` to those inheriting from `class`; every
#' other object is serialized as usual. The raw vectors travel beside R's
#' own serialization in the same message.
#'
#' An error in `sfunc` makes the [mirai()] call itself fail (the task is not
#' sent), naming the class. An error in `ufunc` rebuilds that object as an
#' 'errorValue' 1000 instead, so a faulty function never takes a daemon down.
#'
#' @param class a character string, or vector, of the classes to serialize
#'   this way, e.g. `"ArrowTabular"` or `c("torch_tensor", "ArrowTabular")`.
#' @param sfunc a function (or a list of them, one per class) taking an
#'   object of that class and returning a raw vector.
#' @param ufunc a function (or a list of them, one per class) taking that
#'   raw vector and returning the object.
#'
#' @return A list (`class`, `sfunc`, `ufunc`: sfunc and ufunc always lists),
#'   to pass to the `serial` argument of [daemons()].
#'
#' @examples
#' cfg <- serial_config("test_cls", function(x) serialize(x, NULL), unserialize)
#' cfg
#'
#' cfg2 <- serial_config(
#'   c("class_one", "class_two"),
#'   list(function(x) serialize(x, NULL), function(x) serialize(x, NULL)),
#'   list(unserialize, unserialize)
#' )
#' cfg2
#'
#' @export
#'
serial_config <- function(class, sfunc, ufunc) {
  if (!(is.character(class) && length(class) && !anyNA(class) && all(nzchar(class))))
    stop("'class' must be a character vector of class names", call. = FALSE)
  n <- length(class)
  as_functions <- function(f, name) {
    if (is.function(f)) f <- list(f)
    if (!(is.list(f) && length(f) == n && all(vapply(f, is.function, logical(1L)))))
      stop(sprintf("'%s' must be a function, or a list of %d functions (one per class)", name, n), call. = FALSE)
    f
  }
  list(class = class, sfunc = as_functions(sfunc, "sfunc"), ufunc = as_functions(ufunc, "ufunc"))
}

#' Register Serialization Configuration
#'
#' Registers custom serialization functions for a class of reference objects
#' (see [serial_config()]) for every compute profile set up afterwards with
#' [daemons()]: packages can call it from their `.onLoad()`. Registering a
#' class again replaces its functions. Daemons already set are not affected.
#'
#' @inheritParams serial_config
#'
#' @return Invisible NULL.
#'
#' @examples
#' register_serial("test_cls", function(x) serialize(x, NULL), unserialize)
#'
#' @export
#'
register_serial <- function(class, sfunc, ufunc) {
  cfg <- serial_config(class, sfunc, ufunc)
  .[["serial"]] <- merge_serial(cfg, .[["serial"]])
  invisible()
}

# internals --------------------------------------------------------------------

# The configuration a new compute profile uses: `serial`, then the registered
# classes it does not name; NULL when there is none.
profile_serial <- function(serial) {
  if (!is.null(serial)) {
    if (!(is.list(serial) && identical(names(serial), c("class", "sfunc", "ufunc"))))
      stop("'serial' must be NULL or a configuration made by serial_config()", call. = FALSE)
    serial <- do.call(serial_config, serial)
  }
  merge_serial(serial, .[["serial"]])
}

# `first`'s classes, then those of `then` that `first` does not name.
merge_serial <- function(first, then) {
  if (is.null(then)) return(first)
  if (is.null(first)) return(then)
  keep <- !(then$class %in% first$class)
  list(
    class = c(first$class, then$class[keep]),
    sfunc = c(first$sfunc, then$sfunc[keep]),
    ufunc = c(first$ufunc, then$ufunc[keep])
  )
}

# Hands the configuration to the host: for its own serializations, and
# (serialized) for the init frame of every daemon that connects.
set_host_serial <- function(h, serial) {
  if (!is.null(serial)) .Call(wrap__host_set_serial, h, serial, serialize(serial, NULL))
}
