/* labels.h - where to put the label of each point in a scatter plot.
 *
 * gnuplot writes every label at the same offset from its point, so labels
 * of nearby points run into each other. labels_place picks, point by
 * point, the side (right, left, above or below) where the label covers
 * the least of the labels already placed and of the other points. The
 * program writes the side into its TSV and the plot script draws each
 * label on its side.
 *
 * Sizes are in data units: a character is char_w wide and char_h tall, so
 * the caller converts from the figure's size and font.
 */
#ifndef KIT_LABELS_H
#define KIT_LABELS_H

typedef enum { LABEL_RIGHT, LABEL_LEFT, LABEL_ABOVE, LABEL_BELOW } label_side;

/* The side for each of the n points (x[i], y[i]) whose label is chars[i]
 * characters long. Earlier points choose first; on a tie the earlier side
 * in the list above wins. */
void labels_place(const float *x, const float *y, const int *chars, int n,
                  float char_w, float char_h, label_side *side);

/* "right", "left", "above" or "below", for the TSV. */
const char *label_side_name(label_side side);

#endif
