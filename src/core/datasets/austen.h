/* austen.h - the novels of Jane Austen, as one text, without R.
 *
 * Debian's r-cran-janeaustenr ships the six novels in an R data file,
 * Rdata.rdb: six records back to back, each a 4-byte big-endian length of
 * the uncompressed data followed by a zlib stream. Each stream is R's
 * binary serialisation of a character vector, one string per printed line
 * (blank strings between paragraphs): a short header, then for each string
 * a 4-byte flags word whose low byte is 9 (a CHARSXP), a 4-byte big-endian
 * length (0xFFFFFFFF for NA), and that many UTF-8 bytes.
 *
 *     char *text;
 *     if (austen_load(&text, "novels/Rdata.rdb") != 0)
 *         die("%s", error_message());
 *
 * Where the text comes from, first match wins:
 *     $AUSTEN_TEXT   a plain-text file, used as it is (any corpus)
 *     $AUSTEN_RDB    an Rdata.rdb file
 *     the Rdata.rdb file the program names (the kit's programs name the
 *     one `make data` extracts from the Debian package).
 */
#ifndef KIT_AUSTEN_H
#define KIT_AUSTEN_H

#define AUSTEN_TEXT_VARIABLE "AUSTEN_TEXT"
#define AUSTEN_RDB_VARIABLE "AUSTEN_RDB"

/* Reads every string of every record of an Rdata.rdb file into one text,
 * the strings separated by newlines and the records by blank lines; the
 * caller frees *text. 0, or -1 with a message. */
int rdata_read_text(const char *path, char **text, long *strings);

/* The novels, from the first of the places above (rdb the last). 0, or
 * -1 with a message. */
int austen_load(char **text, const char *rdb);

#endif
