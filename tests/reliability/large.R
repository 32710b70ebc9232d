# Large objects: a round trip (host -> daemon -> host) of a raw vector of
# each size in `gb` (GB = 1e9 bytes), checked byte for byte, with its time
# and the host's peak memory. Needs about 5x the largest size in free memory.
# Usage: Rscript large.R [gb=1] (one size per run, so memory is freed).
# Exits 1 if the round trip fails or returns other bytes.
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))), "common.R"))
library(miraiRs)
opt <- args_or(list(gb = 1))

bytes <- opt$gb * 1e9
daemons(1)
while (status()$connections < 1L) Sys.sleep(0.02)
x <- rep_len(as.raw(0:250), bytes)
start <- Sys.time()
m <- mirai(x, x = x)
y <- m[]
seconds <- as.numeric(Sys.time() - start, units = "secs")
ok <- is.raw(y) && identical(y, x)
error <- if (is_error_value(y) || is_mirai_error(y)) paste(format(y), collapse = " ") else ""
print_table(list(list(
  gb = opt$gb, bytes = bytes, ok = ok, seconds = round(seconds, 1),
  host_peak_mb = round(proc_status("VmHWM") / 1024), error = error
)))
daemons(0)
quit(status = as.integer(!ok))
