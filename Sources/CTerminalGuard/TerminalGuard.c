#include "TerminalGuard.h"

#include <pthread.h>
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

int chatterm_guard_restore_modes_discarding_input(void) {
    if (!has_saved_modes) return -1;
    return tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_modes);
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

static struct sigaction stop_previous;
static struct sigaction stop_own;
static struct sigaction stop_paused;
static int stop_installed = 0;
static char stop_before[64];
static char stop_after[64];

static void write_all(const char *bytes) {
    size_t length = strlen(bytes);
    size_t written = 0;
    while (written < length) {
        ssize_t n = write(STDOUT_FILENO, bytes + written, length - written);
        if (n <= 0) break;
        written += (size_t)n;
    }
}

static void copy_bounded(char *target, size_t size, const char *source) {
    size_t length = strlen(source);
    if (length >= size) length = size - 1;
    memcpy(target, source, length);
    target[length] = 0;
}

static void handle_stop(int signal_number) {
    write_all(stop_before);
    if (stop_previous.sa_flags & SA_SIGINFO) {
        if (stop_previous.sa_sigaction) stop_previous.sa_sigaction(signal_number, 0, 0);
    } else if (stop_previous.sa_handler == SIG_IGN) {
        /* ignored before: ignored still */
    } else if (stop_previous.sa_handler == SIG_DFL) {
        /* Stop for real, then come back to this handler once continued. */
        struct sigaction plain;
        memset(&plain, 0, sizeof plain);
        plain.sa_handler = SIG_DFL;
        sigemptyset(&plain.sa_mask);
        sigaction(SIGTSTP, &plain, 0);
        sigset_t unblock;
        sigemptyset(&unblock);
        sigaddset(&unblock, SIGTSTP);
        sigprocmask(SIG_UNBLOCK, &unblock, 0);
        kill(getpid(), SIGTSTP);
        sigaction(SIGTSTP, &stop_own, 0);
    } else {
        stop_previous.sa_handler(signal_number);
    }
    write_all(stop_after);
}

void chatterm_stop_guard_install(const char *before, const char *after) {
    copy_bounded(stop_before, sizeof stop_before, before);
    copy_bounded(stop_after, sizeof stop_after, after);
    memset(&stop_own, 0, sizeof stop_own);
    stop_own.sa_handler = handle_stop;
    stop_own.sa_flags = SA_RESTART;
    sigemptyset(&stop_own.sa_mask);
    stop_installed = sigaction(SIGTSTP, &stop_own, &stop_previous) == 0;
}

void chatterm_stop_guard_uninstall(void) {
    if (!stop_installed) return;
    stop_installed = 0;
    sigaction(SIGTSTP, &stop_previous, 0);
}

void chatterm_stop_guard_pause(void) {
    struct sigaction plain;
    memset(&plain, 0, sizeof plain);
    plain.sa_handler = SIG_DFL;
    sigemptyset(&plain.sa_mask);
    sigaction(SIGTSTP, &plain, &stop_paused);
}

void chatterm_stop_guard_resume(void) {
    sigaction(SIGTSTP, &stop_paused, 0);
}

int chatterm_stop_ignored(void) {
    struct sigaction current;
    if (stop_installed) {
        current = stop_previous;
    } else if (sigaction(SIGTSTP, 0, &current) != 0) {
        return 0;
    }
    return !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN;
}

void chatterm_stop_thread(void) {
    sigset_t stop_set;
    sigemptyset(&stop_set);
    sigaddset(&stop_set, SIGTSTP);
    sigset_t previous_mask;
    pthread_sigmask(SIG_UNBLOCK, &stop_set, &previous_mask);
    struct sigaction plain;
    memset(&plain, 0, sizeof plain);
    plain.sa_handler = SIG_DFL;
    sigemptyset(&plain.sa_mask);
    struct sigaction replaced;
    sigaction(SIGTSTP, &plain, &replaced);
    /* Sent to this thread, the signal is taken here as the call returns: the process stops
       before our handler is back, and no other thread is left to take it later. */
    pthread_kill(pthread_self(), SIGTSTP);
    sigaction(SIGTSTP, &replaced, 0);
    pthread_sigmask(SIG_SETMASK, &previous_mask, 0);
}
