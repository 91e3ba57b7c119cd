/* text.c - the grader's string helpers (see text.h). */
#define _GNU_SOURCE
#include "grade/text.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void text_append(char *out, size_t size, const char *fmt, ...)
{
    size_t used = strlen(out);
    va_list args;
    va_start(args, fmt);
    vsnprintf(out + used, size - used, fmt, args);
    va_end(args);
}

void text_defuse(char *line)
{
    for (char *c = line; *c; c++)
        if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
            *c = '?';
}

int text_append_lines(char *out, size_t size, const char *text, int lines,
                      text_pick pick, const void *ctx, const char *label,
                      const char *separator)
{
    char *copy = strdup(text ? text : ""), *save = NULL;
    int shown = 0;
    for (char *line = strtok_r(copy, "\n", &save); line && shown < lines;
         line = strtok_r(NULL, "\n", &save)) {
        char kept[512];
        if (pick ? !pick(line, kept, sizeof kept, ctx)
                 : snprintf(kept, sizeof kept, "%s", line) < 0)
            continue;
        text_defuse(kept);
        text_append(out, size, "%s%s", shown++ ? separator : label, kept);
    }
    free(copy);
    return shown;
}

char *text_read_file(const char *path, size_t max)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat s;
    char *text = NULL;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &s) == 0 && S_ISREG(s.st_mode) && (size_t)s.st_size <= max &&
        (text = calloc(1, (size_t)s.st_size + 1)) &&
        read(fd, text, (size_t)s.st_size) != s.st_size) {
        free(text);
        text = NULL;
    }
    close(fd);
    return text;
}
