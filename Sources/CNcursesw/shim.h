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
#include <ncursesw/term.h>
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
static inline attr_t chatterm_a_standout(void) { return A_STANDOUT; }

/* Colours: the counts after start_color, and pairs of any colour numbers (0xRRGGBB values on a
   direct-colour terminal, which do not fit init_pair's shorts). */
static inline int chatterm_colors(void) { return COLORS; }
static inline int chatterm_color_pairs(void) { return COLOR_PAIRS; }
static inline int chatterm_init_pair(int pair, int foreground, int background) {
    return init_extended_pair(pair, foreground, background);
}

/* Whether the current terminfo entry takes RGB colour values (ncurses 6.4: the RGB flag). */
static inline int chatterm_has_rgb_flag(void) { return tigetflag("RGB") > 0; }

/* Reads terminfo entry `name` without taking over the terminal: its colour count (-1 when it has
   none), whether it takes RGB values in *direct, and 0; -1 when there is no such entry. */
static inline int chatterm_describe_terminfo(const char *name, int *colors, int *direct) {
    TERMINAL *saved = set_curterm(0);
    int status = 0;
    int result = -1;
    if (setupterm(name, 1, &status) == OK) {
        *colors = tigetnum("colors");
        *direct = tigetflag("RGB") > 0;
        result = 0;
        del_curterm(cur_term);
    }
    set_curterm(saved);
    return result;
}

static inline int chatterm_key_f(int n) { return KEY_F(n); }

/* The mouse wheel's steps: xterm reports them as buttons 4 (up) and 5 (down) pressed. */
static inline mmask_t chatterm_wheel_up_mask(void) { return BUTTON4_PRESSED; }
static inline mmask_t chatterm_wheel_down_mask(void) { return BUTTON5_PRESSED; }

/* The terminal's size from the kernel, for SIGWINCH handling; 0 on success. */
static inline int chatterm_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

#endif
