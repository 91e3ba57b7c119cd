/* wholefile.c - a file read whole (see wholefile.h). */
#include "core/infra/wholefile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/infra/error.h"

int read_whole_file(const char *path, const char *what, size_t largest,
                    unsigned char **data, size_t *size)
{
    const char *space = *what ? " " : "";
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set("cannot open %s%s%s: %s", what, space, path,
                         strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        (unsigned long long)st.st_size > largest) {
        fclose(f);
        return error_set("%s: not a%s%s (not a regular file of at most %zu "
                         "bytes)", path, space, *what ? what : " file",
                         largest);
    }
    *size = (size_t)st.st_size;
    *data = kit_alloc(*size > 0 ? *size : 1, 1);
    size_t got = fread(*data, 1, *size, f);
    fclose(f);
    if (got != *size) {
        free(*data);
        return error_set("cannot read %s%s%s", what, space, path);
    }
    return 0;
}

uint32_t big_endian_u32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
           (uint32_t)b[2] << 8 | (uint32_t)b[3];
}
