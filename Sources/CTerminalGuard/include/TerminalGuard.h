#ifndef CHATTERM_TERMINAL_GUARD_H
#define CHATTERM_TERMINAL_GUARD_H

/* Crash guard: when chatterm dies of a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
   SIGTRAP, SIGQUIT) while it owns the terminal, the terminal is given back first: the prepared
   reset bytes are written to standard output and the tty modes from before curses are restored;
   then the signal goes on to whoever handled it before (the Swift runtime's backtracer, or the
   default action). C, because a signal handler may only call async-signal-safe functions. */

/* Remembers the tty modes of standard input; call before curses changes them. */
void chatterm_guard_save_modes(void);

/* Puts the modes saved by chatterm_guard_save_modes back once the output written so far has
   reached the terminal, discarding input not read yet (TCSAFLUSH): keys that arrived under
   chatterm's raw modes would otherwise reach the shell as they came, an Enter as a carriage
   return that ends no line. The terminal's own Ctrl-Z discards pending input too. 0 on success. */
int chatterm_guard_restore_modes_discarding_input(void);

/* Installs the handlers; `reset` (NUL-terminated, at most 511 bytes) is what the handler writes. */
void chatterm_guard_arm(const char *reset);

/* Puts the previous handlers back; call once the terminal has been given back. */
void chatterm_guard_disarm(void);

/* Termination watchdog: ends chatterm at once with `status` when it still owns the terminal
   (armed, and not lent to a child such as $EDITOR): the output the terminal has not taken yet is
   discarded, standard output is pointed at /dev/null so no other thread draws again, the reset
   bytes are written without blocking, the tty modes are restored and pending input discarded,
   then _exit. Returns, doing nothing, when the terminal is not owned. Any thread may call it. */
void chatterm_guard_force_exit(int status);

/* While lent (non-zero), chatterm_guard_force_exit leaves the terminal and the process alone. */
void chatterm_guard_lend_terminal(int lent);

/* Stop guard: SIGTSTP from outside (`kill -TSTP`; in raw mode Ctrl-Z is a key, not a signal)
   is handled by ncurses, which gives the terminal back, stops, and redraws once continued, but
   knows nothing of modes chatterm turned on itself. This handler runs in front of the one it
   replaces (ncurses', after newterm): it writes `before` (NUL-terminated, at most 63 bytes),
   hands the signal on (stopping by default), and writes `after` once continued. */
void chatterm_stop_guard_install(const char *before, const char *after);

/* Puts the replaced SIGTSTP handler back. */
void chatterm_stop_guard_uninstall(void);

/* SIGTSTP's default action until chatterm_stop_guard_resume (while a child such as $EDITOR
   owns the terminal, so that a stop stops both as one job and nothing draws over the child). */
void chatterm_stop_guard_pause(void);
void chatterm_stop_guard_resume(void);

/* Whether SIGTSTP was ignored when chatterm started (a parent without job control may want it
   so): then Ctrl-Z does not stop chatterm either. */
int chatterm_stop_ignored(void);

/* Stops chatterm with SIGTSTP's default action, as the terminal's own Ctrl-Z stops a job, and
   returns once it is continued; our SIGTSTP handler stays out of the way. The signal goes to the
   calling thread, so that it is taken at once, whatever thread runs the main queue: sent to the
   process, it may reach a thread that takes it only after our handler is back. Only where the
   stop cannot be discarded: the process group is not orphaned (the kernel discards SIGTSTP sent
   to one) and SIGTSTP is not ignored. */
void chatterm_stop_thread(void);

#endif
