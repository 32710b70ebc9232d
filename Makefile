# The two set-up commands of the README: `make demo` and `make test`.
# Both install what is missing on a fresh Debian machine (R from Debian,
# Debian's libnng, iproute2 for the network-namespace tests) and build the
# package; cargo comes with the machine.
SHELL := /bin/bash
export CARGO_TARGET_DIR ?= $(HOME)/.cache/mirairs-target
APT_PACKAGES := r-base-dev r-cran-testthat r-cran-roxygen2 r-cran-later r-cran-promises r-cran-cli libnng-dev iproute2
RSCRIPT := Rscript

.PHONY: deps install demo test test-rust test-fuzz test-r test-api test-e2e e2e bench docs check fuzz chaos soak large

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@command -v cargo >/dev/null || { echo "cargo (Rust) is required: https://rustup.rs"; exit 1; }

install: deps
	R CMD INSTALL --no-test-load .

demo: install
	$(RSCRIPT) inst/examples/demo.R

# api first: its setup script builds the local worker image the R tests of start_workers() also use.
test: test-rust test-fuzz test-api test-r test-e2e

test-rust: deps
	cd src/rust && cargo test

test-r: install
	$(RSCRIPT) -e 'r <- as.data.frame(testthat::test_dir("tests/testthat", package = "miraiRs", load_package = "installed", reporter = "summary", stop_on_failure = FALSE)); failed <- sum(r$$failed) + sum(r$$error); cat(sprintf("testthat: %d passed, %d failed, %d skipped\n", sum(r$$passed), failed, sum(r$$skipped))); quit(status = failed > 0)'

test-api:
	@if docker info >/dev/null 2>&1; then \
	  bash api/tests/setup.sh && cd api && cargo test; \
	else echo "test-api skipped: no Docker Engine answers"; fi

test-e2e:
	@if docker info >/dev/null 2>&1; then $(MAKE) e2e; \
	else echo "e2e skipped: no Docker Engine answers"; fi

# The end-to-end test with real worker containers (tests/e2e/run.sh): builds
# its images locally (debootstrap, no registry) and caches them. The first run
# takes about 10 minutes, later ones under a minute.
e2e: install
	bash tests/e2e/run.sh

# Reliability (figures in the README's Reliability section). Each is bounded
# in time; large needs about 13 GB of free memory for its 2.5 GB round trip.
FUZZ_SECONDS ?= 60

fuzz:
	bash fuzz/run.sh $(FUZZ_SECONDS)

# A short run of every fuzz target; it also replays every input that once crashed.
test-fuzz:
	bash fuzz/run.sh 10

# The second run cuts links between network namespaces (needs root, else skipped).
chaos: install
	timeout 900 $(RSCRIPT) tests/reliability/chaos.R
	timeout 1300 $(RSCRIPT) tests/reliability/chaos-netns.R

soak: install
	timeout 1800 $(RSCRIPT) tests/reliability/soak.R

large: install
	timeout 600 $(RSCRIPT) tests/reliability/large.R gb=1
	timeout 900 $(RSCRIPT) tests/reliability/large.R gb=2.5

bench: install
	$(RSCRIPT) bench/bench.R

docs:
	$(RSCRIPT) -e 'roxygen2::roxygenise(load_code = "source")'

check: deps
	rm -rf check && mkdir check && cd check && R CMD build --no-build-vignettes .. && \
	  _R_CHECK_FORCE_SUGGESTS_=false R CMD check --no-manual miraiRs_*.tar.gz
