/* NNG's own round trip on this machine: the floor under mirai(1)[].
 * Two processes, Pair1 sockets over an abstract socket, a 100-byte message
 * sent and echoed back. Prints the median of 2,000 round trips (after 200
 * untimed) in microseconds. Built and run by bench.R. */
#include <nng/nng.h>
#include <nng/protocol/pair1/pair.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WARMUP 200
#define TIMED 2000

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The echoing peer: returns every message until it is killed. It dials in
 * the background (the listener may not be there yet). */
static int echo(const char *url) {
  nng_socket s;
  nng_msg *m;
  if (nng_pair1_open(&s) != 0 || nng_dial(s, url, NULL, NNG_FLAG_NONBLOCK) != 0) return 1;
  while (nng_recvmsg(s, &m, 0) == 0)
    if (nng_sendmsg(s, m, 0) != 0) break;
  return 0;
}

int main(void) {
  char url[64];
  snprintf(url, sizeof url, "abstract://miraiRs-nng-floor-%d", (int)getpid());
  /* Fork before any NNG call: NNG's threads do not survive a fork. */
  pid_t child = fork();
  if (child == 0) return echo(url);
  nng_socket s;
  if (nng_pair1_open(&s) != 0 || nng_listen(s, url, NULL, 0) != 0) return 1;
  static double times[TIMED];
  char body[100];
  memset(body, 1, sizeof body);
  for (int i = 0; i < WARMUP + TIMED; i++) {
    nng_msg *m;
    if (nng_msg_alloc(&m, 0) != 0 || nng_msg_append(m, body, sizeof body) != 0) return 1;
    double start = now_us();
    if (nng_sendmsg(s, m, 0) != 0 || nng_recvmsg(s, &m, 0) != 0) return 1;
    double took = now_us() - start;
    nng_msg_free(m);
    if (i >= WARMUP) times[i - WARMUP] = took;
  }
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  nng_close(s);
  qsort(times, TIMED, sizeof times[0], by_value);
  printf("%.1f\n", times[TIMED / 2]);
  return 0;
}
