#ifndef CHATTERM_TERMINAL_GUARD_H
#define CHATTERM_TERMINAL_GUARD_H

/* Crash guard: when chatterm dies of a fatal signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
   SIGTRAP, SIGQUIT) while it owns the terminal, the terminal is given back first: the prepared
   reset bytes are written to standard output and the tty modes from before curses are restored;
   then the signal goes on to whoever handled it before (the Swift runtime's backtracer, or the
   default action). C, because a signal handler may only call async-signal-safe functions. */

/* Remembers the tty modes of standard input; call before curses changes them. */
void chatterm_guard_save_modes(void);

/* Installs the handlers; `reset` (NUL-terminated, at most 511 bytes) is what the handler writes. */
void chatterm_guard_arm(const char *reset);

/* Puts the previous handlers back; call once the terminal has been given back. */
void chatterm_guard_disarm(void);

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

#endif
