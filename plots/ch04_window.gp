# ch04_window.gp - one skip-gram window in Mansfield Park, as
# train_sentence (src/ch04_embeddings.c) makes it: the centre word; the
# chance that a word delta places away is paired with it, (6 - delta) / 5,
# since the reach is drawn from 1 .. 5; one drawn reach and its pairs;
# and for one pair the rows sgns_update moves: the centre's row of the
# table `in`, the context's and five noise words' rows of `out`. The
# reach and the noise words are one draw, made for this figure (the noise
# from the counts to the power 3/4, as draw_noise does); rows are the
# words' ids in the run's vectors.txt, by decreasing count.
eval diagram(6.3, 3.3)
centre_rgb = class_rgb(0); context_rgb = class_rgb(2); noise_rgb = class_rgb(1)

# The words, as the tokenizer gives them, delta = -5 .. 5.
words = "idea assuring her that the barouche would hold four perfectly well"
reach = 3
# Helvetica's widths of the letters (as in plots/labels.awk), for boxes
# that fit their words at 9 pt.
letters = "abcdefghijklmnopqrstuvwxyz"
advance = "556 556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500"
text_width(s) = sum [i = 1:strlen(s)] word(advance, strstrt(letters, s[i:i])) / 1000.0 * 9 / 72
pad = 0.1; gap = 0.08
array left[11]; array right[11]
left[1] = 0.35
do for [i = 1:11] {
    if (i > 1) { left[i] = right[i - 1] + gap }
    right[i] = left[i] + text_width(word(words, i)) + pad
}
mid(i) = (left[i] + right[i]) / 2

# The sentence: the centre word, the words within this reach, the rest
# of the window of 5.
y_word = 2.85
do for [i = 1:11] {
    delta = i - 6
    fill = delta == 0 ? pale(centre_rgb, 0.35) : abs(delta) <= reach ? pale(context_rgb, 0.3) : 'white'
    edge = delta == 0 ? hex(centre_rgb) : abs(delta) <= reach ? hex(context_rgb) : '#909090'
    eval box(left[i], y_word - 0.12, right[i], y_word + 0.12, fill, edge)
    set label word(words, i) at mid(i), y_word center
}
set label '…' at left[1] - 0.12, y_word center
set label '…' at right[11] + 0.12, y_word center

# Under each context word, the chance that the window reaches it: a bar
# and its percentage.
y_bar = 2.38; bar_height = 0.28
do for [i = 1:11] {
    delta = abs(i - 6)
    if (delta > 0) {
        eval box(mid(i) - 0.1, y_bar, mid(i) + 0.1, y_bar + bar_height * (6 - delta) / 5.0, '#d9d9d9', '#909090')
        set label sprintf('%d%%', 20 * (6 - delta)) at mid(i), y_bar - 0.1 center font small_font
    }
}
set label 'the chance that the window reaches a word, the reach being drawn from 1 to 5' \
    at mid(6), y_bar - 0.3 center font small_font

# This time the reach is 3: a bracket over the six context words, and
# the pairs they make.
y_bracket = 3.06
eval line(left[6 - reach], y_bracket, right[6 + reach], y_bracket, hex(context_rgb))
eval line(left[6 - reach], y_bracket, left[6 - reach], y_bracket - 0.06, hex(context_rgb))
eval line(right[6 + reach], y_bracket, right[6 + reach], y_bracket - 0.06, hex(context_rgb))
set label sprintf('this time the reach is %d: six pairs', reach) at mid(6), y_bracket + 0.12 center
set label '(barouche, her)  (barouche, that)  (barouche, the)  (barouche, would)  ' . \
          bold('(barouche, hold)') . '  (barouche, four)' at mid(6), 1.8 center font small_font

# One pair's update: v from `in`, u of the context and of 5 noise words
# from `out`, each row where its id puts it in the table.
# The tables' size, from the run's vectors.txt: "words dimensions".
shape = system(sprintf("head -n 1 '%s'", file('vectors.txt')))
vocab = real(word(shape, 1)); dim = int(word(shape, 2))
t_top = 1.42; t_bottom = 0.08
row_y(id) = t_top - (t_top - t_bottom) * (id + 0.5) / vocab
table(x, name) = box(x, t_bottom, x + 0.32, t_top, '#f2f2f2', '#909090') . '; ' . \
  sprintf("set label \"%s\" at %g, %g center font small_font", name, x + 0.16, t_top + 0.2) . \
  sprintf("; set label '%d × %d' at %g, %g center font small_font", vocab, dim, x + 0.16, t_top + 0.07)
stripe(x, id, colour) = box(x, row_y(id) - 0.012, x + 0.32, row_y(id) + 0.012, colour, colour)
in_x = 0.3; out_x = 5.75
eval table(in_x, 'table ' . bold('in'))
eval table(out_x, 'table ' . bold('out'))

# The centre word's row, and the out-rows it meets: the context word's
# and, under it, the noise words' in the order of their rows.
eval stripe(in_x, 2362, hex(centre_rgb))
y_centre = 0.8; list_x = 3.5
eval box(1.0, y_centre - 0.11, 1.7, y_centre + 0.11, pale(centre_rgb, 0.35), hex(centre_rgb))
set label 'barouche' at 1.35, y_centre center
set label bold('v') . ': row 2362' at 1.35, y_centre - 0.25 center font small_font
eval line(in_x + 0.32, row_y(2362), 1.0, y_centre, hex(centre_rgb))

others = "hold you them visit grounds grace"
ids = "1125 14 48 299 1430 2263"
y_other(j) = j == 1 ? 1.3 : 1.06 - (j - 2) * 0.19
do for [j = 1:6] {
    colour = j == 1 ? context_rgb : noise_rgb
    y = y_other(j)
    id = word(ids, j) + 0
    eval box(list_x, y - 0.085, list_x + 0.75, y + 0.085, pale(colour, 0.3), hex(colour))
    set label word(others, j) at list_x + 0.375, y center
    eval line(1.7, y_centre, list_x, y, pale(colour, 0.8))
    set label bold('u') . sprintf(': row %d', id) at list_x + 0.8, y left font small_font
    eval line(list_x + 1.45, y, out_x, row_y(id), pale(colour, 0.8))
    eval stripe(out_x, id, hex(colour))
}
set label 'σ(' . bold('u') . '·' . bold('v') . ') → 1: pulled together' \
    at 2.5, 1.4 center font small_font tc rgb hex(context_rgb)
set label 'five noise words, drawn ∝ ' . it('N_{/=8 w}') . '^{/=8 3/4},' \
    at 2.1, 0.23 center font small_font tc rgb hex(noise_rgb)
set label 'σ(' . bold('u') . '·' . bold('v') . ') → 0: pushed apart' \
    at 2.1, 0.08 center font small_font tc rgb hex(noise_rgb)

plot NaN
