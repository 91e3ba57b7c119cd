# ch05_shapes.gp - the shapes of attention: the three projections
# Q = X_q W_q, K = X_k W_k, V = X_v W_v on the left, and on the right the
# scores Q K^T, the weights P and the output O = P V. Every matrix is a
# box of one cell per number, so that the sides that must agree in a
# product are visibly of one length. The sizes are small ones, all
# different, so that no two dimensions can be mistaken for each other.
eval diagram(5.6, 3.05)
c = 0.1                                   # a cell, in inches
nq = 4; nk = 6; d = 5; dk = 3; dv = 2     # n_q, n_k, d, d_k, d_v

# Names as the chapter writes them: italic, subscripts at 8 pt.
sub(s, i) = it(s . '_{/=8 ' . i . '}')
q_colour = class_rgb(0); k_colour = class_rgb(1); v_colour = class_rgb(2)
x_colour = class_rgb(8); w_colour = class_rgb(3); p_colour = class_rgb(4)

# A matrix of r x k numbers whose top left corner is at (x, y): a pale box
# ruled into cells, its name above, its column count below and its row
# count on the left (side < 0) or on the right (side > 0).
ruling(x, y, r, k, col) = \
  sprintf("do for [i = 1:%d] { eval line(%g, %g - i * c, %g, %g - i * c, '%s') }; ", \
          r - 1, x, y, x + k * c, y, pale(col, 0.45)) . \
  sprintf("do for [j = 1:%d] { eval line(%g + j * c, %g, %g + j * c, %g, '%s') }", \
          k - 1, x, y, x, y - r * c, pale(col, 0.45))
matrix(x, y, r, k, col, name, rows, cols, side) = \
  box(x, y - r * c, x + k * c, y, pale(col, 0.18), hex(col)) . '; ' . \
  ruling(x, y, r, k, col) . '; ' . \
  sprintf("set label \"%s\" at %g, %g center; ", name, x + k * c / 2, y + 0.11) . \
  sprintf("set label \"%s\" at %g, %g center; ", cols, x + k * c / 2, y - r * c - 0.12) . \
  sprintf("set label \"%s\" at %g, %g %s", rows, \
          side < 0 ? x - 0.05 : x + k * c + 0.05, y - r * c / 2, side < 0 ? 'right' : 'left')
equals(x, y) = sprintf("set label '=' at %g, %g center", x, y)

# Left: one product per lane, X (n x d) times W (d x d') = (n x d').
lane(name, x_name, w_name, n, n_name, dd, dd_name, col, y) = \
  matrix(0.35, y, n, d, x_colour, x_name, n_name, it('d'), -1) . '; ' . \
  matrix(1.1, y, d, dd, w_colour, w_name, it('d'), dd_name, -1) . '; ' . \
  equals(1.57, y - n * c / 2) . '; ' . \
  matrix(1.75, y, n, dd, col, name, n_name, dd_name, 1)
top = 2.8
eval lane(it('Q'), sub('X', 'q'), sub('W', 'q'), nq, sub('n', 'q'), dk, sub('d', 'k'), q_colour, top)
eval lane(it('K'), sub('X', 'k'), sub('W', 'k'), nk, sub('n', 'k'), dk, sub('d', 'k'), k_colour, top - 0.95)
eval lane(it('V'), sub('X', 'v'), sub('W', 'v'), nk, sub('n', 'k'), dv, sub('d', 'v'), v_colour, top - 2.0)

eval arrow(2.45, 1.55, 2.8, 1.55)

# Right, top: the scores Q K^T, n_q x n_k.
x0 = 3.25
eval matrix(x0, top, nq, dk, q_colour, it('Q'), sub('n', 'q'), sub('d', 'k'), -1)
eval matrix(x0 + 0.55, top, dk, nk, k_colour, it('K') . '^{/=8 T}', sub('d', 'k'), sub('n', 'k'), -1)
eval equals(x0 + 1.33, top - nq * c / 2)
s_x = x0 + 1.5
eval matrix(s_x, top, nq, nk, p_colour, it('Q K') . '^{/=8 T}', sub('n', 'q'), sub('n', 'k'), 1)

# From the scores to the weights P, of the same shape: the path turns
# back to the left, where P starts the last product.
y_turn = 1.75
p_top = 0.85
mid = (s_x + x0 + nk * c) / 2
eval line(s_x + nk * c / 2, top - nq * c - 0.22, s_x + nk * c / 2, y_turn, '#404040')
eval line(s_x + nk * c / 2, y_turn, x0 + nk * c / 2, y_turn, '#404040')
eval arrow(x0 + nk * c / 2, y_turn, x0 + nk * c / 2, p_top + 0.22)
set label 'scale by 1/√' . sub('d', 'k') . ',' at mid, y_turn - 0.14 center font small_font
set label 'add the mask ' . it('M') . ',' at mid, y_turn - 0.28 center font small_font
set label 'softmax of each row' at mid, y_turn - 0.42 center font small_font

# Right, bottom: the output O = P V, n_q x d_v.
eval matrix(x0, p_top, nq, nk, p_colour, it('P'), sub('n', 'q'), sub('n', 'k'), -1)
eval matrix(x0 + 0.85, p_top, nk, dv, v_colour, it('V'), sub('n', 'k'), sub('d', 'v'), -1)
eval equals(x0 + 1.25, p_top - nq * c / 2)
eval matrix(x0 + 1.42, p_top, nq, dv, v_colour, it('O'), sub('n', 'q'), sub('d', 'v'), 1)

plot NaN
