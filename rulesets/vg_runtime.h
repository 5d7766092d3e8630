#ifndef VG_RUNTIME_H
#define VG_RUNTIME_H
/*
 * vg_runtime: the one process-wide set-up of the libraries vigie shares
 * with the rest of its process, libxml2 (configs, HTML mail, TwiML) and
 * libcurl (HTTP, WebDriver). Neither library's global set-up may race
 * another thread's first use, so it is done exactly once, by whichever
 * thread asks first (pthread_once); later calls only return the result.
 *
 * Every entry point that uses one of these libraries calls it before its
 * first call into them, so library users (tests, other programs) need do
 * nothing. main() calls it first, while the process has one thread, as
 * libcurl before 7.84 asks. Nothing is torn down: the libraries live as
 * long as the process.
 */

/* 0; -1 when libcurl could not start (every later call says so too). */
int vg_runtime_init(void);

#endif
