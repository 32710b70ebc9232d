library(testthat)
library(miraiRs)

test_check("miraiRs")
