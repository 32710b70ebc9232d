# start_workers(), stop_workers() and list_workers() as a user sees them.
# The first tests need no service. The others run the real mirai-api service
# (api/) on 127.0.0.1 with Docker; they are skipped where the repository's
# api/ directory, cargo or a Docker Engine is missing (as under R CMD check).
# All traffic stays on 127.0.0.1: the workers have no network at all.

no_api <- c(MIRAI_API_HOST = NA, MIRAI_API_PORT = NA, MIRAI_API_TOKEN = NA, MIRAI_PORT = NA)

test_that("without MIRAI_API_HOST every function says to set it", {
  with_env(no_api, {
    expect_error(list_workers(), "MIRAI_API_HOST is not set")
    expect_error(start_workers("127.0.0.1", n = 1, port = 5555), "MIRAI_API_HOST is not set")
    expect_error(stop_workers("127.0.0.1", port = 5555), "MIRAI_API_HOST is not set")
  })
})

test_that("bad arguments are refused in R, before any request", {
  # MIRAI_API_HOST is unset: an error about it would mean a request was due.
  with_env(no_api, {
    expect_error(start_workers("127.0.0.1", port = 70000), "'port' must be an integer 1-65535")
    expect_error(start_workers("127.0.0.1", port = 0), "'port' must be an integer 1-65535")
    expect_error(stop_workers("127.0.0.1", port = "http"), "'port' must be an integer 1-65535")
    expect_error(start_workers("127.0.0.1", n = 0), "'n' must be a positive integer")
    expect_error(start_workers("127.0.0.1", n = 1.5), "'n' must be a positive integer")
    expect_error(start_workers("127.0.0.1", n = NA), "'n' must be a positive integer")
    expect_error(start_workers(c("a", "b")), "'dispatcher' must be a single character string")
    expect_error(stop_workers(42), "'dispatcher' must be a single character string")
    expect_error(stop_workers(""), "'dispatcher' must be a single character string")
  })
  with_env(c(no_api, MIRAI_PORT = "lots"), {
    expect_error(start_workers("127.0.0.1"), "MIRAI_PORT must be an integer 1-65535")
  })
  with_env(c(no_api, MIRAI_API_HOST = "127.0.0.1", MIRAI_API_PORT = "99999"), {
    expect_error(list_workers(), "MIRAI_API_PORT must be an integer 1-65535")
  })
  with_env(c(no_api, MIRAI_API_HOST = "http://127.0.0.1"), {
    expect_error(list_workers(), "MIRAI_API_HOST must be a host name or address only")
  })
})

test_that("a service that is not running is reported as unreachable, with its address", {
  closed <- free_port()
  with_env(c(no_api, MIRAI_API_HOST = "127.0.0.1", MIRAI_API_PORT = closed), {
    where <- sprintf("cannot reach the mirai-api service at 127.0.0.1:%d", closed)
    expect_error(list_workers(), where, fixed = TRUE)
    expect_error(start_workers("127.0.0.1", n = 1, port = 5555), where, fixed = TRUE)
    expect_error(stop_workers("127.0.0.1", port = 5555), where, fixed = TRUE)
  })
})

test_that("failed containers are warnings; Docker failures are errors with the service's message", {
  fake <- fake_service(list(
    list(status = 200L, body = paste0(
      '{"dispatcher": "127.0.0.1", "port": 5555, "requested": 3, "started": ["w-1"], "failed": 2,',
      ' "errors": [{"name": "w-2", "error": "no space left"}, {"name": "w-3", "error": "name in use"}]}'
    )),
    list(status = 502L, body = paste0(
      '{"error": "no worker could be started; see `errors`", "code": "start_failed",',
      ' "started": [], "errors": [{"name": "w-1", "error": "no space left"}]}'
    )),
    list(status = 503L, body = '{"error": "the Docker Engine is unavailable", "code": "docker_unavailable"}'),
    list(status = 200L, body = "<html>a web server</html>")
  ))
  with_env(c(no_api, MIRAI_API_HOST = "127.0.0.1", MIRAI_API_PORT = fake$port), {
    out <- conditions(start_workers("127.0.0.1", n = 3, port = 5555))
    expect_equal(out$warnings, c("could not start worker w-2: no space left",
                                 "could not start worker w-3: name in use"))
    expect_equal(out$messages, "Started 1 worker(s) -> 127.0.0.1:5555\n")
    expect_equal(out$value$started, "w-1")
    expect_error(start_workers("127.0.0.1", n = 1, port = 5555),
                 "HTTP 502 (start_failed): no worker could be started; see `errors`: w-1: no space left",
                 fixed = TRUE)
    expect_error(stop_workers("127.0.0.1", port = 5555), sprintf(
      "could not stop workers: the mirai-api service at 127.0.0.1:%d answered HTTP 503 (docker_unavailable): %s",
      fake$port, "the Docker Engine is unavailable"
    ), fixed = TRUE)
    expect_error(list_workers(), "answered HTTP 200, not with mirai-api's JSON: <html>a web server</html>",
                 fixed = TRUE)
  })
  # Gone after its last reply; this ends it early when a failure left one unasked.
  tools::pskill(fake$pid)
})

skip_if(is.null(api_dir()), "the repository's api/ directory is not here")
skip_if_not(has_command("cargo"), "cargo is not installed")
skip_if_not(has_command("flock"), "flock (util-linux) is not installed")
skip_if_not(docker_answers(), "no Docker Engine answers")

# Filled by the first test below, emptied by the last.
svc <- new.env()
# The dispatcher port of this run's workers: their names and labels are
# unique to it, so other containers are never counted or touched.
svc$workers_port <- free_port()

api_env <- function(token = api_test_token) {
  c(no_api, MIRAI_API_HOST = "127.0.0.1", MIRAI_API_PORT = svc$service$port, MIRAI_API_TOKEN = token)
}

worker_names <- function(i) sprintf("mirai-worker-127-0-0-1-%d-%d", svc$workers_port, i)

ours <- function(workers) Filter(function(w) w$port == svc$workers_port, workers)

test_that("the mirai-api service is built and starts on 127.0.0.1", {
  binary <- build_api(api_dir())
  expect_false(is.null(binary))
  image <- ensure_test_image()
  expect_true(image)
  if (!is.null(binary) && image) svc$service <- start_service(binary)
  expect_false(is.null(svc$service))
})

test_that("start_workers() starts n workers, says so and returns invisibly", {
  skip_if(is.null(svc$service), "the service did not start")
  with_env(api_env(), {
    expect_message(
      res <- withVisible(start_workers("127.0.0.1", n = 2, port = svc$workers_port)),
      sprintf("Started 2 worker(s) -> 127.0.0.1:%d", svc$workers_port), fixed = TRUE
    )
    expect_false(res$visible)
    expect_equal(res$value$started, worker_names(1:2))
    expect_equal(res$value$failed, 0)
  })
})

test_that("list_workers() shows one entry per container", {
  skip_if(is.null(svc$service), "the service did not start")
  with_env(api_env(), {
    res <- withVisible(list_workers())
    expect_true(res$visible)
    mine <- ours(res$value)
    expect_equal(vapply(mine, `[[`, "", "name"), worker_names(1:2))
    expect_equal(vapply(mine, `[[`, 0, "index"), c(1, 2))
    expect_true(all(vapply(mine, `[[`, "", "dispatcher") == "127.0.0.1"))
    expect_true(all(vapply(mine, `[[`, "", "state") == "running"))
  })
})

test_that("one more worker takes the next index; the port defaults to MIRAI_PORT", {
  skip_if(is.null(svc$service), "the service did not start")
  with_env(c(api_env(), MIRAI_PORT = svc$workers_port), {
    expect_message(
      res <- start_workers("127.0.0.1", n = 1),
      sprintf("Started 1 worker(s) -> 127.0.0.1:%d", svc$workers_port), fixed = TRUE
    )
    expect_equal(res$started, worker_names(3))
    expect_equal(vapply(ours(list_workers()), `[[`, 0, "index"), c(1, 2, 3))
  })
})

test_that("a wrong or missing token is an error that names MIRAI_API_TOKEN", {
  skip_if(is.null(svc$service), "the service did not start")
  with_env(api_env(token = "not-the-token-0123456789"), {
    expect_error(list_workers(), "rejected the token.*set MIRAI_API_TOKEN")
    expect_error(stop_workers("127.0.0.1", port = svc$workers_port), "rejected the token")
  })
  with_env(api_env(token = NA), {
    expect_error(start_workers("127.0.0.1", n = 1, port = svc$workers_port),
                 "requires a token.*set MIRAI_API_TOKEN")
  })
  with_env(api_env(), expect_length(ours(list_workers()), 3L))
})

test_that("the service's refusals name the field and its reason", {
  skip_if(is.null(svc$service), "the service did not start")
  with_env(api_env(), {
    expect_error(start_workers("not a host!", n = 1, port = svc$workers_port),
                 "could not start workers: the mirai-api service refused 'dispatcher'")
    expect_error(start_workers("127.0.0.1", n = 100, port = svc$workers_port),
                 "refused 'n'.*MIRAI_MAX_WORKERS")
  })
})

test_that("stop_workers() stops them all, says so and returns invisibly", {
  skip_if(is.null(svc$service), "the service did not start")
  with_env(api_env(), {
    expect_message(
      res <- withVisible(stop_workers("127.0.0.1", port = svc$workers_port)),
      sprintf("Stopped 3 worker(s) for 127.0.0.1:%d", svc$workers_port), fixed = TRUE
    )
    expect_false(res$visible)
    expect_setequal(vapply(res$value$stopped, `[[`, "", "name"), worker_names(1:3))
    expect_length(ours(list_workers()), 0L)
    expect_message(stop_workers("127.0.0.1", port = svc$workers_port),
                   sprintf("Stopped 0 worker(s) for 127.0.0.1:%d", svc$workers_port), fixed = TRUE)
  })
})

test_that("the service stops and leaves no container behind", {
  skip_if(is.null(svc$service), "the service did not start")
  expect_true(stop_service(svc$service))
  expect_equal(remove_containers(svc$workers_port), 0L)
})
