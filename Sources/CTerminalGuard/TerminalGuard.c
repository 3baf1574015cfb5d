#include "TerminalGuard.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_modes;
static volatile sig_atomic_t has_saved_modes = 0;
static char reset_bytes[512];
static size_t reset_length = 0;
static struct sigaction previous_actions[65];
static char alternate_stack[65536];
static const int guarded_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGQUIT};
static const size_t guarded_count = sizeof guarded_signals / sizeof guarded_signals[0];

void chatterm_guard_save_modes(void) {
    has_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
}

static void handle_fatal_signal(int signal_number) {
    size_t written = 0;
    while (written < reset_length) {
        ssize_t n = write(STDOUT_FILENO, reset_bytes + written, reset_length - written);
        if (n <= 0) break;
        written += (size_t)n;
    }
    if (has_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    /* The signal is delivered again, to the previous handler, as soon as this one returns. */
    sigaction(signal_number, &previous_actions[signal_number], 0);
    raise(signal_number);
}

void chatterm_guard_arm(const char *reset) {
    size_t length = strlen(reset);
    if (length >= sizeof reset_bytes) length = sizeof reset_bytes - 1;
    memcpy(reset_bytes, reset, length);
    reset_length = length;
    /* A stack overflow leaves no stack for the handler: give it one of its own. */
    stack_t stack;
    stack.ss_sp = alternate_stack;
    stack.ss_size = sizeof alternate_stack;
    stack.ss_flags = 0;
    sigaltstack(&stack, 0);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handle_fatal_signal;
    action.sa_flags = SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < guarded_count; i++) {
        sigaction(guarded_signals[i], &action, &previous_actions[guarded_signals[i]]);
    }
}

void chatterm_guard_disarm(void) {
    for (size_t i = 0; i < guarded_count; i++) {
        sigaction(guarded_signals[i], &previous_actions[guarded_signals[i]], 0);
    }
    reset_length = 0;
}
