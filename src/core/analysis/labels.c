/* labels.c - greedy placement of scatter-plot labels (see labels.h). */
#include "labels.h"

#include <stdlib.h>

#include "core/infra/error.h"

typedef struct box {
    float left, right, bottom, top;
} box;

/* The gap between a point and its label, and the half-size of the box a
 * point's marker covers, both in characters. They match the offsets the
 * plot scripts use (`offset char 1` beside, `char 1.1` above). */
#define GAP_BESIDE 1.0f
#define GAP_ABOVE 0.6f
#define MARKER 0.5f

static box label_box(float x, float y, int chars, label_side side,
                     float char_w, float char_h)
{
    float w = chars * char_w, h = char_h;
    switch (side) {
    case LABEL_RIGHT:
        x += GAP_BESIDE * char_w;
        return (box){x, x + w, y - h / 2, y + h / 2};
    case LABEL_LEFT:
        x -= GAP_BESIDE * char_w;
        return (box){x - w, x, y - h / 2, y + h / 2};
    case LABEL_ABOVE:
        y += GAP_ABOVE * char_h;
        return (box){x - w / 2, x + w / 2, y, y + h};
    default:
        y -= GAP_ABOVE * char_h;
        return (box){x - w / 2, x + w / 2, y - h, y};
    }
}

static float overlap(box a, box b)
{
    float w = (a.right < b.right ? a.right : b.right) -
              (a.left > b.left ? a.left : b.left);
    float h = (a.top < b.top ? a.top : b.top) -
              (a.bottom > b.bottom ? a.bottom : b.bottom);
    return w > 0 && h > 0 ? w * h : 0;
}

void labels_place(const float *x, const float *y, const int *chars, int n,
                  float char_w, float char_h, label_side *side)
{
    box *placed = kit_alloc((size_t)(n > 0 ? n : 1), sizeof *placed);
    for (int i = 0; i < n; i++) {
        float best_cost = 0;
        for (int s = LABEL_RIGHT; s <= LABEL_BELOW; s++) {
            box b = label_box(x[i], y[i], chars[i], s, char_w, char_h);
            float cost = 0;
            for (int j = 0; j < i; j++)
                cost += overlap(b, placed[j]);
            for (int j = 0; j < n; j++) {
                box marker = {x[j] - MARKER * char_w, x[j] + MARKER * char_w,
                              y[j] - MARKER * char_h, y[j] + MARKER * char_h};
                cost += j == i ? 0 : overlap(b, marker);
            }
            if (s == LABEL_RIGHT || cost < best_cost)
                best_cost = cost, side[i] = s, placed[i] = b;
        }
    }
    free(placed);
}

const char *label_side_name(label_side side)
{
    static const char *const names[] = {"right", "left", "above", "below"};
    return names[side];
}
