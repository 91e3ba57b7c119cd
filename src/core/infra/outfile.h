/* outfile.h - output files that appear whole or not at all.
 *
 * A result file is first written as "path.partial" and renamed to "path"
 * only when it is complete, so a reader never finds half a file. If the
 * program dies, exits or is interrupted (Ctrl-C) before then, the partial
 * file is removed. Missing parent directories are created.
 *
 *     outfile out;
 *     if (outfile_open(&out, "build/data/ch01/loss.tsv") != 0) die(...);
 *     fprintf(out.file, ...);
 *     if (outfile_commit(&out) != 0) die("%s", error_message());
 */
#ifndef KIT_OUTFILE_H
#define KIT_OUTFILE_H

#include <stdio.h>

#define OUTFILE_PATH_MAX 1024

typedef struct outfile {
    FILE *file;
    char path[OUTFILE_PATH_MAX];
    char partial[OUTFILE_PATH_MAX + 16];
} outfile;

/* Opens path.partial for writing (0), or sets an error (-1). */
int outfile_open(outfile *out, const char *path);

/* Closes the file and renames it into place (0); on a write error it
 * removes the partial file and sets an error (-1). */
int outfile_commit(outfile *out);

/* Closes and removes the partial file. */
void outfile_discard(outfile *out);

/* Creates a directory and its parents, like mkdir -p (0, or -1). */
int make_dirs(const char *path);

/* out = dir/name, cut to size (paths are at most OUTFILE_PATH_MAX). */
void path_join(char *out, size_t size, const char *dir, const char *name);

#endif
