/* peakrss — run a command and report the most memory it ever held.
 *
 *   peakrss CMD [ARGS...]
 *
 * Runs CMD, waits for it, prints "peak_kb=N" (the child's peak resident set,
 * getrusage(RUSAGE_CHILDREN).ru_maxrss, in kilobytes) on standard error, and
 * exits with CMD's status (128 + signal number when it was killed, as a shell
 * would report it). The hostile-input tests assert memory ceilings with it:
 * the peak is a property of the run, not of the machine's speed, so it is
 * deterministic enough for a test where a timer would not be. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: peakrss CMD [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("peakrss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror("peakrss: cannot run the command");
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    fprintf(stderr, "peak_kb=%ld\n", ru.ru_maxrss);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
