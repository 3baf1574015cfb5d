#include "TerminalGuard.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_modes;
static volatile sig_atomic_t has_saved_modes = 0;
static char reset_bytes[512];
static size_t reset_length = 0;
/* Armed and not lent: what chatterm_guard_force_exit checks, from any thread. */
static atomic_int terminal_armed = 0;
static atomic_int terminal_lent = 0;
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
    atomic_store(&terminal_armed, 1);
}

void chatterm_guard_disarm(void) {
    atomic_store(&terminal_armed, 0);
    for (size_t i = 0; i < guarded_count; i++) {
        sigaction(guarded_signals[i], &previous_actions[guarded_signals[i]], 0);
    }
    reset_length = 0;
}

void chatterm_guard_lend_terminal(int lent) {
    atomic_store(&terminal_lent, lent != 0);
}

static void ignore_signal(int signal_number) { (void)signal_number; }

/* Interrupts a write that waits in any other thread of this process, with a handler that does
   nothing and no SA_RESTART, so the write returns. SIGPROF, because libdispatch's worker threads
   (one of which runs the main queue on Linux) block every signal but SIGPROF, SIGPIPE and the
   synchronous ones, and nothing in chatterm profiles. */
static void interrupt_other_threads(void) {
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) return;
    pid_t self = (pid_t)syscall(SYS_gettid);
    struct dirent *entry;
    while ((entry = readdir(tasks)) != 0) {
        pid_t task = (pid_t)atoi(entry->d_name);
        if (task > 0 && task != self) syscall(SYS_tgkill, getpid(), task, SIGPROF);
    }
    closedir(tasks);
}

void chatterm_guard_force_exit(int status) {
    if (!atomic_load(&terminal_armed) || atomic_load(&terminal_lent)) return;
    /* A descriptor of our own on which a write never waits: neither for room nor for the lock
       that another thread's write holds while it waits (EAGAIN instead). */
    char name[256];
    int terminal = -1;
    if (ttyname_r(STDOUT_FILENO, name, sizeof name) == 0) {
        terminal = open(name, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    }
    /* Every later write of the other threads goes nowhere. */
    int nothing = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (nothing >= 0) dup2(nothing, STDOUT_FILENO);
    if (terminal >= 0) {
        struct sigaction interrupting;
        memset(&interrupting, 0, sizeof interrupting);
        interrupting.sa_handler = ignore_signal;
        sigemptyset(&interrupting.sa_mask);
        sigaction(SIGPROF, &interrupting, 0);
        /* CAN ends an escape sequence the discarded output may have left half written. */
        char bytes[sizeof reset_bytes + 1];
        bytes[0] = 0x18;
        memcpy(bytes + 1, reset_bytes, reset_length);
        size_t length = reset_length + 1;
        /* The write that waits is interrupted and gives the terminal up (it writes to /dev/null
           if it tries again); what waits for the terminal is discarded to make room; then ours
           goes in. Tried for a second at most. */
        for (int attempt = 0; attempt < 200; attempt++) {
            tcflush(terminal, TCOFLUSH);
            if (write(terminal, bytes, length) == (ssize_t)length) break;
            interrupt_other_threads();
            usleep(5000);
        }
    }
    if (has_saved_modes) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
        tcflush(STDIN_FILENO, TCIFLUSH);
    }
    _exit(status);
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
