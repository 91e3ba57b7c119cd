# labels.awk - where each label of a scatter plot goes, at the size the
# figure is printed, so that no label covers another or a point.
#
#   awk -F '\t' -v columns='word x y side' -v x0=.. -v x1=.. -v y0=.. -v y1=.. \
#       -v width=PT -v height=PT -v font=PT -f plots/labels.awk data.tsv
#
# columns names the TSV's columns for the label, its point, and the side
# the program would choose (right, left, above, below; may be absent);
# [x0, x1] x [y0, y1] is the plot's range, width x height its size in pt,
# font the labels' size in pt. It prints the TSV's lines with seven
# columns more: where the label goes (lx, ly, in data units), how it is
# aligned there (left, right, center), and a leader line from the point to
# (ex, ey) when the label had to move away (leader 1).
#
# Greedy, as a person would do it: the points with the most neighbours
# choose first, each its cheapest place among a label beside the point
# (then moved up or down a line at a time) or above or below it (then
# further up or down). A place costs what it covers of the labels and
# leader lines already placed and of every point (and of the room around
# it, where a label would read as that point's), what sticks out of the
# plot, and a little for each line moved and for a side other than the
# one asked. Text widths are Helvetica's (the figures' font, and Arial's
# and Liberation Sans' widths too).
function text_width(s,    i, c, w) {
    w = 0
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        w += (c in advance) ? advance[c] : 556
    }
    return w / 1000 * font
}
function overlap(l1, r1, b1, t1, l2, r2, b2, t2,    w, h) {
    w = (r1 < r2 ? r1 : r2) - (l1 > l2 ? l1 : l2)
    h = (t1 < t2 ? t1 : t2) - (b1 > b2 ? b1 : b2)
    return w > 0 && h > 0 ? w * h : 0
}
# Does the segment (ax, ay)-(bx, by) cross the box? (Sampled: leaders are
# short and boxes a line tall.)
function crosses(ax, ay, bx, by, l, r, b, t,    k, x, y) {
    for (k = 0; k <= 20; k++) {
        x = ax + (bx - ax) * k / 20; y = ay + (by - ay) * k / 20
        if (x > l && x < r && y > b && y < t) return 1
    }
    return 0
}
# The cost of label i in box (l, r, b, t), with a leader from its point to
# (ex, ey) if lead.
function cost(i, l, r, b, t, lead, ex, ey,    c, j, area) {
    area = (r - l) * (t - b)
    c = 0
    for (j = 1; j <= n; j++) {
        if (j != i) {
            c += 4 * overlap(l, r, b, t, px[j] - mark, px[j] + mark, py[j] - mark, py[j] + mark) / area
            # Nearer another point than its own, a label reads as that one's.
            c += 2 * overlap(l, r, b, t, px[j] - clear, px[j] + clear, py[j] - clear, py[j] + clear) / area
        }
        if (j == i || !(j in L)) continue
        c += 20 * overlap(l, r, b, t, L[j], R[j], B[j], T[j]) / area
        if (lead && crosses(px[i], py[i], ex, ey, L[j], R[j], B[j], T[j])) c += 6
        if (leader[j] && crosses(px[j], py[j], EX[j], EY[j], l, r, b, t)) c += 6
    }
    if (lead)
        for (j = 1; j <= n; j++)
            if (j != i && crosses(px[i], py[i], ex, ey, px[j] - mark, px[j] + mark, py[j] - mark, py[j] + mark))
                c += 3
    c += 20 * (area - overlap(l, r, b, t, 0, width, 0, height)) / area
    return c
}
function consider(i, side, k, l, r, b, t, ax, ay, align, lead, ex, ey,    c) {
    c = cost(i, l, r, b, t, lead, ex, ey) + 0.25 * (k < 0 ? -k : k) + (side == want[i] ? 0 : 0.1)
    if (c < best) {
        best = c
        L[i] = l; R[i] = r; B[i] = b; T[i] = t
        AX[i] = ax; AY[i] = ay; AL[i] = align
        leader[i] = lead; EX[i] = ex; EY[i] = ey
    }
}
function place(i,    w, k, y, x, s) {
    w = text_width(word[i]); best = 1e30
    delete L[i]
    for (k = 0; k <= 6; k = (k > 0 ? -k : 1 - k)) {     # 0, 1, -1, 2, -2, ...
        y = py[i] + k * line
        s = (k != 0)
        x = px[i] + gap
        consider(i, "right", k, x, x + w, y - line / 2, y + line / 2, x, y, "left", s, x - 1, y)
        x = px[i] - gap
        consider(i, "left", k, x - w, x, y - line / 2, y + line / 2, x, y, "right", s, x + 1, y)
    }
    for (k = 0; k <= 4; k++) {
        s = (k != 0)
        y = py[i] + gap + k * line
        consider(i, "above", k, px[i] - w / 2, px[i] + w / 2, y, y + line, px[i], y + line / 2, "center", s, px[i], y)
        y = py[i] - gap - k * line
        consider(i, "below", k, px[i] - w / 2, px[i] + w / 2, y - line, y, px[i], y - line / 2, "center", s, px[i], y)
    }
}
BEGIN {
    FS = OFS = "\t"
    split("a 556 b 556 c 500 d 556 e 556 f 278 g 556 h 556 i 222 j 222 k 500 " \
          "l 222 m 833 n 556 o 556 p 556 q 556 r 333 s 500 t 278 u 556 v 500 " \
          "w 722 x 500 y 500 z 500 - 333 ' 191 . 278", pairs, " ")
    for (k = 1; k in pairs; k += 2) advance[pairs[k]] = pairs[k + 1]
    line = 1.2 * font        # a label's height, and the step it moves by
    gap = 0.6 * font         # from a point to its label
    mark = 0.3 * font        # half the size of a point's marker
    clear = gap + mark       # how near to another point a label should not go
    split(columns, names, " ")
}
NR == 1 {
    for (k = 1; k <= NF; k++) column[$k] = k
    for (k = 1; k <= 3; k++)
        if (!(names[k] in column)) {
            print "labels.awk: no column " names[k] > "/dev/stderr"; exit 1
        }
    print $0, "lx", "ly", "align", "leader", "ex", "ey"
    next
}
{
    n++
    text[n] = $0; word[n] = $column[names[1]]
    px[n] = ($column[names[2]] - x0) / (x1 - x0) * width
    py[n] = ($column[names[3]] - y0) / (y1 - y0) * height
    want[n] = (names[4] in column) ? $column[names[4]] : "right"
}
END {
    # The most crowded first: neighbours within four lines.
    for (i = 1; i <= n; i++) {
        crowd[i] = 0
        for (j = 1; j <= n; j++)
            if (j != i && (px[i] - px[j]) ^ 2 + (py[i] - py[j]) ^ 2 < (4 * line) ^ 2) crowd[i]++
        order[i] = i
    }
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && crowd[order[j]] > crowd[order[j - 1]]; j--) {
            k = order[j]; order[j] = order[j - 1]; order[j - 1] = k
        }
    for (i = 1; i <= n; i++) place(order[i])
    for (i = 1; i <= n; i++)
        print text[i], x0 + AX[i] / width * (x1 - x0), y0 + AY[i] / height * (y1 - y0), AL[i], \
              leader[i], x0 + EX[i] / width * (x1 - x0), y0 + EY[i] / height * (y1 - y0)
}
