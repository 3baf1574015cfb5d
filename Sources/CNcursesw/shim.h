#ifndef CHATTERM_CNCURSESW_SHIM_H
#define CHATTERM_CNCURSESW_SHIM_H

/* Wide-character ncurses: these must be defined before curses.h. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Swift cannot import function-like macros or C globals safely; these wrap them. */

static inline int chatterm_wcwidth(unsigned int scalar) { return wcwidth((wchar_t)scalar); }

static inline WINDOW *chatterm_stdscr(void) { return stdscr; }
static inline FILE *chatterm_stdout(void) { return stdout; }
static inline FILE *chatterm_stdin(void) { return stdin; }
static inline int chatterm_lines(void) { return LINES; }
static inline int chatterm_cols(void) { return COLS; }

static inline attr_t chatterm_a_normal(void) { return A_NORMAL; }
static inline attr_t chatterm_a_bold(void) { return A_BOLD; }
static inline attr_t chatterm_a_dim(void) { return A_DIM; }
static inline attr_t chatterm_a_reverse(void) { return A_REVERSE; }
static inline attr_t chatterm_a_underline(void) { return A_UNDERLINE; }
static inline attr_t chatterm_a_italic(void) { return A_ITALIC; }

static inline int chatterm_key_f(int n) { return KEY_F(n); }

/* The terminal's size from the kernel, for SIGWINCH handling; 0 on success. */
static inline int chatterm_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

#endif
