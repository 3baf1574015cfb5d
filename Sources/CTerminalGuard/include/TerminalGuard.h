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

#endif
