/* wholefile.h - a file read whole, and the numbers in its bytes.
 *
 * The kit's binary inputs (IDX images, R's saved data, checkpoints) are
 * read whole into memory and then taken apart, so that every length they
 * announce can be checked against the bytes really there.
 *
 *     unsigned char *data;
 *     size_t size;
 *     if (read_whole_file(path, "checkpoint", 1ul << 30, &data, &size) != 0)
 *         return -1;                      // the message names the file
 *     uint32_t n = big_endian_u32(data);  // if size >= 4
 *     free(data);
 */
#ifndef KIT_WHOLEFILE_H
#define KIT_WHOLEFILE_H

#include <stddef.h>
#include <stdint.h>

/* The whole of the regular file path, of at most `largest` bytes, into a
 * buffer the caller frees (*data, *size). `what` names the kind of file
 * in the messages ("checkpoint"), or is "". 0, or -1 with a message:
 * cannot open, not a regular file of at most `largest` bytes, cannot
 * read. */
int read_whole_file(const char *path, const char *what, size_t largest,
                    unsigned char **data, size_t *size);

/* The 32-bit number of the four bytes at b, most significant first. */
uint32_t big_endian_u32(const unsigned char *b);

#endif
