# Launchers and URLs. Nothing here uses ssh or a job scheduler: the remote
# configurations run stand-in scripts that start the daemon on this machine,
# dialling 127.0.0.1.

# A stand-in for `ssh` / `sbatch` in a temporary directory.
fake_command <- function(dir, name, body) {
  path <- file.path(dir, name)
  writeLines(c(
    "#!/bin/sh",
    sprintf("R_LIBS=%s; export R_LIBS", shQuote(paste(.libPaths(), collapse = ":"))),
    body
  ), path)
  Sys.chmod(path, "0755")
  path
}

daemon_pids <- function(.compute = NULL) unlist(everywhere(Sys.getpid(), .compute = .compute)[])

test_that("host_url() and local_url() build URLs", {
  urls <- host_url()
  expect_type(urls, "character")
  expect_true(length(urls) >= 1L)
  expect_true(all(grepl("^tcp://[^/]+:0$", urls)))
  expect_false(any(grepl("^tcp://127\\.", urls)))
  expect_true(all(grepl("^tls\\+tcp://[^/]+:5555$", host_url(tls = TRUE, port = 5555))))
  expect_identical(names(host_url(port = 1)), names(urls))
  expect_match(local_url(), "^abstract://")
  expect_false(identical(local_url(), local_url()))
  expect_identical(local_url(tcp = TRUE), "tcp://127.0.0.1:0")
  expect_identical(local_url(tcp = TRUE, port = 5555), "tcp://127.0.0.1:5555")
  expect_error(host_url(port = -1), "`port` must be an integer between 0 and 65535")
})

test_that("a port 0 URL listens at a free port that status() shows", {
  on.exit(daemons(0))
  daemons(1, url = "tcp://127.0.0.1:0")
  url <- status()$daemons
  expect_match(url, "^tcp://127\\.0\\.0\\.1:[1-9][0-9]*$")
  expect_identical(mirai(1 + 1)[], 2)
  daemons(1, url = local_url(tcp = TRUE), .compute = "tcp2")
  on.exit(daemons(0, .compute = "tcp2"), add = TRUE)
  url2 <- status(.compute = "tcp2")$daemons
  expect_match(url2, "^tcp://127\\.0\\.0\\.1:[1-9][0-9]*$")
  expect_false(identical(url, url2))
  expect_identical(mirai(2 + 2, .compute = "tcp2")[], 4)
})

test_that("daemons(url = host_url()) listens at this machine's first address", {
  urls <- host_url()
  skip_if(is.null(names(urls)), "no network interface found")
  on.exit(daemons(0))
  daemons(url = urls)
  expect_match(status()$daemons, sprintf("^%s[1-9][0-9]*$", sub("0$", "", urls[[1L]])))
  expect_identical(status()$connections, 0L)
})

test_that("launchers need daemons to be set", {
  expect_error(launch_local(1), "daemons must be set to use launchers")
  expect_error(launch_remote(1), "daemons must be set to use launchers")
})

test_that("launch_local() adds daemons to a running profile", {
  on.exit(daemons(0))
  daemons(1)
  expect_equal(wait_connections(1), 1L)
  expect_identical(launch_local(2), 2L)
  expect_equal(wait_connections(3), 3L)
  expect_identical(status()$connections, 3L)
  expect_length(unique(daemon_pids()), 3L)
  # arguments in '...' replace the profile's: this daemon leaves after 1 task
  daemons(url = local_url(), .compute = "ll")
  on.exit(daemons(0, .compute = "ll"), add = TRUE)
  expect_identical(launch_local(1, maxtasks = 1, .compute = "ll"), 1L)
  expect_type(mirai(Sys.getpid(), .compute = "ll")[], "integer")
  deadline <- Sys.time() + 20
  while (status(.compute = "ll")$connections > 0L && Sys.time() < deadline) Sys.sleep(0.05)
  expect_identical(status(.compute = "ll")$connections, 0L)
})

test_that("local daemons and a daemon dialing the profile's url work side by side", {
  on.exit(daemons(0))
  # The local daemons dial sockets of their own; the one started from
  # launch_remote()'s command dials the profile's url (status()$daemons).
  daemons(2)
  cmd <- launch_remote(1)[[1L]]
  expect_true(grepl(status()$daemons, cmd, fixed = TRUE))
  system(cmd, wait = FALSE, ignore.stdout = TRUE, ignore.stderr = TRUE)
  expect_equal(wait_connections(3), 3L)
  pids <- unlist(collect_mirai(everywhere(Sys.getpid())))
  expect_length(unique(pids), 3L)
  ms <- lapply(1:60, function(i) mirai({ Sys.sleep(0.01); c(i, Sys.getpid()) }, i = i))
  got <- do.call(rbind, collect_mirai(ms))
  expect_identical(got[, 1L], 1:60)
  expect_setequal(unique(got[, 2L]), pids)
})

test_that("a local daemon's socket closes when the daemon goes", {
  skip_if_not(dir.exists("/proc/self/fd"), "needs /proc")
  on.exit(daemons(0))
  fds <- function() length(list.files("/proc/self/fd"))
  daemons(1)
  expect_equal(wait_connections(1), 1L)
  before <- fds()
  # A session that replaces killed daemons must not keep a socket per launch.
  for (i in 1:15) {
    tools::pskill(mirai(Sys.getpid())[], tools::SIGKILL)
    deadline <- Sys.time() + 10
    while (status()$connections > 0L && Sys.time() < deadline) Sys.sleep(0.02)
    launch_local(1)
    wait_connections(1)
  }
  expect_identical(status()$connections, 1L)
  expect_lte(fds() - before, 3L)
  expect_identical(mirai(1 + 1)[], 2)
})

test_that("launch_remote() without a command returns the launch commands", {
  on.exit(daemons(0))
  daemons(url = "tcp://127.0.0.1:0", cleanup = FALSE)
  url <- status()$daemons
  cmds <- launch_remote(2)
  expect_s3_class(cmds, "miraiLaunchCmd")
  expect_length(cmds, 2L)
  expect_true(all(startsWith(cmds, "Rscript -e 'miraiRs::daemon(")))
  expect_true(all(grepl(url, cmds, fixed = TRUE)))
  expect_true(all(grepl("cleanup = FALSE", cmds, fixed = TRUE)))
  # each command carries its own random stream
  expect_true(all(grepl("rs = c(10407L", cmds, fixed = TRUE)))
  expect_false(identical(sub("^.*rs = ", "", cmds[[1]]), sub("^.*rs = ", "", cmds[[2]])))
  out <- capture.output(print(cmds))
  expect_identical(out[c(1L, 3L, 4L, 6L)], c("[1]", "", "[2]", ""))
  expect_identical(out[[2L]], cmds[[1L]])
  # a different Rscript and arguments
  cmd <- launch_remote(1, remote_config(rscript = "/opt/R/bin/Rscript"), maxtasks = 5)
  expect_match(cmd, "^/opt/R/bin/Rscript -e 'miraiRs::daemon\\(\"tcp://127.0.0.1:[0-9]+\", maxtasks = 5, rs = c\\(")
  # with a seed, daemons need no stream of their own
  daemons(url = local_url(), seed = 1L)
  expect_false(grepl("rs =", launch_remote(1)))
  expect_identical(status()$connections, 0L)
})

test_that("remote_config() checks its template", {
  cfg <- remote_config(command = "srun", args = c("--mem 512", "-n 1", "."), rscript = "/usr/bin/Rscript")
  expect_identical(cfg, list(command = "srun", args = c("--mem 512", "-n 1", "."),
                             rscript = "/usr/bin/Rscript", quote = FALSE, tunnel = FALSE))
  expect_identical(remote_config()$command, NULL)
  expect_error(remote_config(command = "ssh", args = c("-fTp 22", "host")),
               "`.` must be an element of the character vector(s) supplied to `args`", fixed = TRUE)
  expect_error(remote_config(args = list(c("a", "."), "b")), "`.` must be an element", fixed = TRUE)
})

test_that("ssh_config() builds one ssh command per remote", {
  cfg <- ssh_config(c("ssh://10.75.32.90:222", "ssh://nodename"), timeout = 5)
  expect_identical(cfg$command, "ssh")
  expect_identical(cfg$args, list(
    c("-o ConnectTimeout=5 -fTp 222", "10.75.32.90", "."),
    c("-o ConnectTimeout=5 -fTp 22", "nodename", ".")
  ))
  expect_true(cfg$quote)
  expect_false(cfg$tunnel)
  expect_identical(cfg$rscript, "Rscript")
  expect_true(ssh_config("ssh://[::1]:2222", tunnel = TRUE)$tunnel)
  expect_identical(ssh_config("ssh://[::1]:2222")$args[[1L]][2L], "::1")
})

test_that("cluster_config() builds job scripts for Slurm, SGE, PBS and LSF", {
  slurm <- cluster_config(options = "#SBATCH --job-name=mirai
                                     #SBATCH --mem=10G
                                     module load R")
  expect_identical(slurm$command, "/bin/sh")
  expect_null(slurm$quote)
  expect_identical(slurm$rscript, file.path(R.home("bin"), "Rscript"))
  expect_identical(slurm$args, c(
    "sbatch<<'EOF'\n#!/bin/sh\n#SBATCH --job-name=mirai\n#SBATCH --mem=10G\nmodule load R\n", ".", "\nEOF"
  ))
  expect_identical(cluster_config("qsub", "#$ -N mirai")$args[[1L]], "qsub<<'EOF'\n#!/bin/sh\n#$ -N mirai\n")
  expect_identical(cluster_config("qsub", "#PBS -l mem=10gb")$args[[1L]], "qsub<<'EOF'\n#!/bin/sh\n#PBS -l mem=10gb\n")
  expect_identical(cluster_config("bsub", "#BSUB -J mirai", rscript = "Rscript")$args[[1L]],
                   "bsub<<'EOF'\n#!/bin/sh\n#BSUB -J mirai\n")
})

test_that("SSH tunnelling needs a 127.0.0.1 URL", {
  on.exit(daemons(0))
  daemons(url = local_url())
  expect_error(launch_remote(1, ssh_config("ssh://nodename", tunnel = TRUE)),
               "SSH tunnelling requires daemons `url` hostname to be `127.0.0.1`", fixed = TRUE)
  expect_error(launch_remote(3, ssh_config(c("ssh://a", "ssh://b"))),
               "`n` must equal the length of `args`, or either must be 1", fixed = TRUE)
})

test_that("launch_remote() with a command starts daemons that connect", {
  dir <- tempfile("launch")
  dir.create(dir)
  log <- file.path(dir, "calls.log")
  on.exit({
    daemons(0)
    unlink(dir, recursive = TRUE)
  })
  daemons(url = "tcp://127.0.0.1:0")
  url <- status()$daemons
  rscript <- file.path(R.home("bin"), "Rscript")

  # remote_config(): the command receives the quoted launch command
  run <- fake_command(dir, "run", c(sprintf("echo \"$@\" >> %s", shQuote(log)), "exec sh -c \"$*\" >/dev/null 2>&1"))
  cmds <- launch_remote(1, remote_config(command = run, args = ".", rscript = rscript, quote = TRUE))
  expect_equal(wait_connections(1), 1L)

  # ssh_config(): a stand-in ssh that runs its last argument here, with the
  # tunnel option in front when tunnelling
  ssh <- fake_command(dir, "ssh", c(
    sprintf("echo \"$@\" >> %s", shQuote(log)),
    "for a in \"$@\"; do last=$a; done",
    "exec sh -c \"$last\" >/dev/null 2>&1"
  ))
  launch_remote(2, ssh_config(c("ssh://127.0.0.1:2222", "ssh://localhost"), tunnel = TRUE,
                              command = ssh, rscript = rscript))
  expect_equal(wait_connections(3), 3L)
  port <- sub("^.*:", "", url)
  calls <- readLines(log)
  expect_identical(sum(grepl(sprintf("-R %s:127.0.0.1:%s -o ConnectTimeout=10 -fTp 2222 127.0.0.1", port, port),
                             calls, fixed = TRUE)), 1L)
  expect_identical(sum(grepl("-fTp 22 localhost", calls, fixed = TRUE)), 1L)

  # cluster_config(): a stand-in sbatch that runs the job script it reads
  sbatch <- fake_command(dir, "sbatch", c(
    sprintf("cat > %s", shQuote(file.path(dir, "job.sh"))),
    sprintf("sh %s >/dev/null 2>&1 &", shQuote(file.path(dir, "job.sh")))
  ))
  launch_remote(1, cluster_config(command = sbatch, options = "#SBATCH --mem=1G\n  cd /tmp"))
  expect_equal(wait_connections(4), 4L)
  job <- readLines(file.path(dir, "job.sh"))
  expect_identical(job[1:3], c("#!/bin/sh", "#SBATCH --mem=1G", "cd /tmp"))
  expect_true(startsWith(job[[4L]], sprintf("%s -e 'miraiRs::daemon(\"%s\"", rscript, url)))

  pids <- daemon_pids()
  expect_length(unique(pids), 4L)
  expect_identical(mirai_map(1:4, function(x) x * 2)[.flat], c(2, 4, 6, 8))
  daemons(0)
  if (!wait_dead(pids)) tools::pskill(pids, tools::SIGKILL)
  expect_true(wait_dead(pids))
})

test_that("daemons(n, url, remote =) and make_cluster(remote =) launch through the configuration", {
  on.exit(daemons(0))
  # A launcher that runs the command here, through a shell, as ssh would there.
  here <- remote_config(command = "sh", args = c("-c", ".", ">/dev/null 2>&1"), rscript = rscript(), quote = TRUE)
  daemons(2, url = "tcp://127.0.0.1:0", remote = here)
  expect_equal(wait_connections(2), 2L)
  expect_length(unique(unlist(collect_mirai(lapply(1:6, function(i) mirai({ Sys.sleep(0.1); Sys.getpid() }))))), 2L)
  daemons(0)
  cl <- make_cluster(2, url = "tcp://127.0.0.1:0", remote = here)
  on.exit(stop_cluster(cl), add = TRUE)
  expect_equal(wait_connections(2, .compute = attr(cl, "id")), 2L)
  expect_identical(parallel::parLapply(cl, 1:4, function(x) x^2), as.list((1:4)^2))
  # Without a command, the commands are printed for deployment by hand.
  out <- capture.output(daemons(1, url = "tcp://127.0.0.1:0", remote = remote_config()))
  expect_match(out[[2L]], "^Rscript -e 'miraiRs::daemon\\(\"tcp://127.0.0.1:[0-9]+\"")
  expect_identical(status()$connections, 0L)
  expect_error(daemons(1, remote = remote_config()), "'remote' needs a 'url'")
  expect_error(daemons(1, url = "tcp://127.0.0.1:0", remote = list()), "`remote` must be a configuration")
})

test_that("many daemons start in groups whose code R accepts from the command line", {
  groups <- miraiRs:::fork_groups
  short <- rep('miraiRs::daemon("abstract://x")', 130L)
  expect_identical(lengths(groups(short)), c(64L, 64L, 2L))
  expect_identical(groups(short[1L]), list(short[1L]))
  # Longer calls (a random stream each, a certificate) make smaller groups.
  pem <- paste(rep(strrep("A", 64L), 20L), collapse = "\n")
  for (calls in list(
    sprintf('miraiRs::daemon("abstract://miraiRs-12345-0-0123abcd", rs = c(10407L, %dL, -1234567890L, 1234567890L, -1234567890L, 1234567890L, -1234567890L))', 1:150),
    sprintf('miraiRs::daemon("tls+tcp://127.0.0.1:5555", tlscert = %s, rs = %d)', deparse(pem), 1:40)
  )) {
    split <- groups(calls)
    expect_identical(unlist(split), calls)
    expect_gt(length(split), 1L)
    for (g in split) {
      code <- miraiRs:::fork_code(g)
      expect_lt(nchar(gsub(" ", "~+~", code, fixed = TRUE), "bytes"), 10000L)
      expect_identical(eval(str2lang(sub("^miraiRs:::fork_daemons", "identity", code))), g)
    }
  }
})

test_that("70 local daemons all connect and all leave", {
  on.exit(daemons(0))
  daemons(70)
  expect_equal(wait_connections(70, seconds = 60), 70L)
  pids <- unique(unlist(collect_mirai(everywhere(Sys.getpid()))))
  expect_length(pids, 70L)
  daemons(0)
  expect_true(wait_dead(pids, seconds = 30))
})
