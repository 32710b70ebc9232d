# A hand-made peer for the daemons' socket: NNG's SP handshake and framing
# over a plain TCP connection, and miraiRs frames written byte by byte
# (MessagePack by hand), so tests can send what no real daemon would.

# A byte string as a MessagePack fixstr (shorter than 32 bytes).
mp_str <- function(s) c(as.raw(0xa0 + nchar(s, "bytes")), charToRaw(s))

# A miraiRs frame: "MR", u16 LE header length, header [version, kind, id, flags].
mr_frame <- function(kind, version = 1L, payload = raw(0)) {
  header <- c(as.raw(0x94), as.raw(version), mp_str(kind), as.raw(c(0, 0)))
  c(charToRaw("MR"), as.raw(c(length(header), 0)), header, payload)
}

# The body of a daemon's hello, speaking protocol `protocol`.
mr_hello <- function(protocol) {
  c(as.raw(0x85), mp_str("protocol"), as.raw(protocol), mp_str("pid"), as.raw(1),
    mp_str("hostname"), mp_str("peer"), mp_str("r_version"), mp_str("4.2.2"),
    mp_str("proof"), as.raw(0xc0))
}

# An SP message: u64 BE length, then Pair1's hop count and the body.
# `length` overrides the announced length (a lie about the size).
sp_message <- function(body, length = NULL) {
  body <- c(as.raw(c(0, 0, 0, 1)), body)
  n <- if (is.null(length)) length(body) else length
  be64 <- as.raw(vapply(7:0, function(i) (n %/% 256^i) %% 256, numeric(1L)))
  c(be64, body)
}

# Connects to the host as an NNG Pair1 peer, sends `bytes` after the SP
# handshake, and tells whether the host hung up (within `seconds`).
# Whatever the host sends before hanging up (an exit frame) is read and dropped.
send_as_peer <- function(port, bytes, seconds = 10) {
  con <- socketConnection("127.0.0.1", port, blocking = TRUE, open = "r+b", timeout = seconds)
  on.exit(close(con))
  writeBin(as.raw(c(0, 0x53, 0x50, 0, 0, 0x11, 0, 0)), con)
  writeBin(bytes, con)
  deadline <- Sys.time() + seconds
  while (Sys.time() < deadline) {
    left <- max(0.1, as.numeric(deadline - Sys.time(), units = "secs"))
    if (!socketSelect(list(con), timeout = left)) return(FALSE)
    if (length(readBin(con, "raw", 1L)) == 0L) return(TRUE)
  }
  FALSE
}
