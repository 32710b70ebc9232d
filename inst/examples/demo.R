# A short tour of miraiRs on 4 local daemons: run with `make demo`.
library(miraiRs)

daemons(4)
cat("4 daemons launched\n")

m <- mirai({ Sys.sleep(0.5); x + y }, x = 1, .args = list(y = 2))
cat("unresolved right after mirai():", unresolved(m), "\n")
cat("m[] ->", m[], "\n")

squares <- mirai_map(1:8, function(i) i^2)[.flat]
cat("mirai_map over the daemons:", squares, "\n")

pids <- unique(unlist(collect_mirai(lapply(1:8, function(i) mirai({ Sys.sleep(0.2); Sys.getpid() })))))
cat("distinct daemon processes used:", length(pids), "\n")

e <- mirai(stop("something went wrong"))[]
cat("an error comes back as a value:\n")
print(e)

t <- mirai(Sys.sleep(10), .timeout = 100)[]
cat("a timeout:\n")
print(t)

cat("status():\n")
str(status())

daemons(0)
cat("daemons reset\n")
