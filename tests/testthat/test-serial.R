# Custom serialization of reference objects: serial_config(), register_serial().

# An external pointer of class 'test_ref' carrying a value. Its serialization
# functions record where the object was last rebuilt, so a test can see that
# ufunc ran on the other side (an external pointer otherwise crosses as a
# plain null pointer, attributes and all).
# new("externalptr") is one shared object, and attributes set on a pointer
# change it in place: unserializing one makes a fresh pointer each time.
fresh_ptr <- function() unserialize(serialize(new("externalptr"), NULL))
make_ref <- function(value) {
  p <- fresh_ptr()
  attr(p, "value") <- value
  class(p) <- "test_ref"
  p
}
ref_config <- function() serial_config(
  "test_ref",
  function(x) serialize(attr(x, "value"), NULL),
  function(bytes) {
    p <- unserialize(serialize(new("externalptr"), NULL))
    attr(p, "value") <- unserialize(bytes)
    attr(p, "rebuilt_in") <- Sys.getpid()
    class(p) <- "test_ref"
    p
  }
)

test_that("serial_config() validates and normalizes its arguments", {
  cfg <- serial_config("a", function(x) raw(1), function(r) NULL)
  expect_named(cfg, c("class", "sfunc", "ufunc"))
  expect_type(cfg$sfunc, "list")
  expect_length(cfg$ufunc, 1L)
  cfg2 <- serial_config(c("a", "b"), list(identity, identity), list(identity, identity))
  expect_identical(cfg2$class, c("a", "b"))
  expect_error(serial_config(1, identity, identity), "'class' must be a character vector")
  expect_error(serial_config("a", "f", identity), "'sfunc' must be a function")
  expect_error(serial_config(c("a", "b"), identity, list(identity, identity)), "a list of 2 functions")
  expect_error(daemons(1, serial = list(1)), "'serial' must be NULL or a configuration")
  expect_false(daemons_set())
})

test_that("a reference object is rebuilt by ufunc on the daemon, and on the way back", {
  daemons(1, serial = ref_config())
  on.exit(daemons(0))
  host_pid <- Sys.getpid()
  ref <- make_ref(list(a = 1:3))
  # Host -> daemon, through `...` and `.args`.
  there <- mirai(
    list(value = attr(x, "value"), rebuilt = attr(x, "rebuilt_in"), pid = Sys.getpid(), y = attr(y, "value")),
    x = ref, .args = list(y = make_ref("two"))
  )[]
  expect_identical(there$value, list(a = 1:3))
  expect_identical(there$y, "two")
  expect_identical(there$rebuilt, there$pid)
  expect_false(there$pid == host_pid)
  # Daemon -> host: a reference object made on the daemon.
  back <- mirai(make(5), make = make_ref)[]
  expect_s3_class(back, "test_ref")
  expect_identical(attr(back, "value"), 5)
  expect_identical(attr(back, "rebuilt_in"), host_pid)
  # Both ways at once, and objects of other classes untouched.
  both <- mirai(list(x, plain = p), x = ref, p = fresh_ptr())[]
  expect_identical(attr(both[[1L]], "value"), list(a = 1:3))
  expect_identical(attr(both[[1L]], "rebuilt_in"), host_pid)
  expect_null(attr(both$plain, "rebuilt_in"))
})

test_that("without a configuration the object crosses as a plain pointer", {
  daemons(1)
  on.exit(daemons(0))
  expect_null(mirai(attr(x, "rebuilt_in"), x = make_ref(1))[])
})

test_that("everywhere() and mirai_map() use the configuration", {
  daemons(2, serial = ref_config())
  on.exit(daemons(0))
  wait_connections(2)
  res <- collect_mirai(everywhere(attr(x, "rebuilt_in") == Sys.getpid(), x = make_ref(1)))
  expect_identical(unlist(res), rep(TRUE, length(res)))
  refs <- lapply(1:4, make_ref)
  out <- mirai_map(refs, function(r) attr(r, "value") * 10)[.flat]
  expect_identical(out, c(10, 20, 30, 40))
})

test_that("register_serial() applies to daemons set afterwards; serial = takes precedence", {
  old <- miraiRs:::.[["serial"]]
  on.exit(assign("serial", old, envir = miraiRs:::.))
  cfg <- ref_config()
  expect_null(register_serial(cfg$class, cfg$sfunc, cfg$ufunc))
  daemons(1)
  expect_type(mirai(attr(x, "rebuilt_in"), x = make_ref(1))[], "integer")
  daemons(0)
  # An explicit configuration for the same class replaces the registered one.
  other <- serial_config("test_ref", function(x) serialize("explicit", NULL), function(b) unserialize(b))
  daemons(1, serial = other)
  expect_identical(mirai(x, x = make_ref(1))[], "explicit")
  daemons(0)
})

test_that("an error in sfunc fails the mirai() call, naming the class", {
  daemons(1, serial = serial_config("test_ref", function(x) stop("cannot serialize"), unserialize))
  on.exit(daemons(0))
  expect_error(mirai(x, x = make_ref(1)), "class 'test_ref' failed.*cannot serialize")
  expect_error(mirai(x, x = make_ref(1)), "could not be sent")
  bad_raw <- serial_config("test_ref", function(x) "not raw", unserialize)
  daemons(0)
  daemons(1, serial = bad_raw)
  expect_error(mirai(x, x = make_ref(1)), "did not return a raw vector")
  # The profile still works.
  expect_identical(mirai(1L + 1L)[], 2L)
})

test_that("an error in ufunc rebuilds the object as errorValue 1000; the daemon lives on", {
  daemons(1, serial = serial_config("test_ref", function(x) raw(1), function(b) stop("cannot rebuild")))
  on.exit(daemons(0))
  got <- mirai(x, x = make_ref(1))[]
  expect_true(is_error_value(got))
  expect_identical(as.integer(got), 1000L)
  expect_identical(mirai(2L)[], 2L)
})
