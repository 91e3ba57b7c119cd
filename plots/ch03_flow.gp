# ch03_flow.gp - one question put to the masked auto-encoder, on a test
# image of the run (the second of examples.tsv, at 75% hidden, taken
# apart by plots/ch03_flow.awk): the image x and its mask m; the input,
# x with 0 in the holes (MAE_FILL) followed by m, as apply_mask writes
# it; the network 2d -> h -> h -> h -> d; and what masked_loss compares,
# the output and x on the hidden pixels only.
eval diagram(6.3, 2.3)
unset colorbox
set palette gray negative; set cbrange [0:1]   # ink on paper, as figure 3.1

side = 0.72; px = side / 28                    # an image, and a pixel
top_y = 2.05; bottom_y = top_y - side - 0.3    # the two rows' top edges
take(name) = sprintf("awk -F '\t' -v image=1 -v ratio=2 -v panel=%s -f plots/ch03_flow.awk '%s'", \
                     name, file('examples.tsv'))
panel(name) = '< ' . take(name)
hidden = int(system(take('hidden')))
# An image's frame, so that its white background shows where it ends.
frame(x, y) = sprintf("set object rect from %g,%g to %g,%g front fillstyle empty border lc rgb '#909090' lw 0.6", \
                      x, y - side, x + side, y)
ink = '#404040'

# Column 1: the image and its mask.
c1 = 0.3
set label 'test image ' . bold('x') at c1 + side / 2, top_y + 0.12 center font small_font
set label sprintf('mask %s, 1 = hidden', bold('m')) at c1 + side / 2, bottom_y + 0.12 center font small_font
set label sprintf('%d of the 49 patches', hidden) at c1 + side / 2, bottom_y - side - 0.14 center font small_font
# Column 2: the input, 2d numbers: x with 0 in the holes, then m. A
# hole looks like background; only m tells them apart.
c2 = 1.55
set label bold('x') . ', 0 in the holes' at c2 + side / 2, top_y + 0.12 center font small_font
set label bold('m') . ' itself' at c2 + side / 2, bottom_y + 0.12 center font small_font
eval arrow(c1 + side + 0.05, top_y - side / 2, c2 - 0.05, top_y - side / 2)
eval arrow(c1 + side + 0.05, bottom_y - side / 2, c2 - 0.05, bottom_y - side / 2)
eval arrow(c1 + side + 0.05, bottom_y - 0.05, c2 - 0.05, top_y - side + 0.05)
set label 'input: 2' . it('d') . ' numbers' at c2 + side / 2, bottom_y - side - 0.14 center font small_font

# Column 3: the network, one bar per layer of units, its height in
# proportion to their number.
sizes = "1568 256 256 256 784"
span = top_y - (bottom_y - side)
middle = top_y - span / 2
bar_x(l) = 2.75 + (l - 1) * 0.31
bar_h(l) = span * word(sizes, l) / 1568.0
do for [l = 1:5] {
    eval box(bar_x(l) - 0.05, middle - bar_h(l) / 2, bar_x(l) + 0.05, middle + bar_h(l) / 2, \
             pale(class_rgb(0), l == 1 || l == 5 ? 0.5 : 0.3), hex(class_rgb(0)))
    set label word(sizes, l) at bar_x(l), middle - span / 2 - 0.14 center font small_font
    if (l < 5) {
        eval line(bar_x(l) + 0.05, middle + bar_h(l) / 2, bar_x(l + 1) - 0.05, middle + bar_h(l + 1) / 2, pale(class_rgb(0), 0.6))
        eval line(bar_x(l) + 0.05, middle - bar_h(l) / 2, bar_x(l + 1) - 0.05, middle - bar_h(l + 1) / 2, pale(class_rgb(0), 0.6))
    }
}
eval arrow(c2 + side + 0.05, top_y - side / 2, bar_x(1) - 0.07, top_y - side / 2)
eval arrow(c2 + side + 0.05, bottom_y - side / 2, bar_x(1) - 0.07, bottom_y - side / 2)
set label 'ReLU, ReLU, ReLU, sigmoid' at bar_x(3), middle + span / 2 + 0.12 center font small_font

# Column 4: what the loss compares, on the hidden pixels; the shown ones
# (NaN, so the pale box behind shows) do not count.
c4 = 4.4
set label 'output ' . bold('x̃') . ', holes only' at c4 + side / 2, top_y + 0.12 center font small_font
set label bold('x') . ', holes only' at c4 + side / 2, bottom_y + 0.12 center font small_font
eval arrow(bar_x(5) + 0.07, top_y - side / 2, c4 - 0.05, top_y - side / 2)
eval box(c4, top_y - side, c4 + side, top_y, pale(class_rgb(5), 0.25), pale(class_rgb(5), 0.25))
eval box(c4, bottom_y - side, c4 + side, bottom_y, pale(class_rgb(5), 0.25), pale(class_rgb(5), 0.25))

# The loss, between the two.
lx = c4 + side + 0.12
eval line(c4 + side + 0.02, top_y - side / 2, lx, middle, ink)
eval line(c4 + side + 0.02, bottom_y - side / 2, lx, middle, ink)
set label it('L') . ': mean of' at lx + 0.05, middle + 0.24 left
set label '(' . bold('x̃') . ' − ' . bold('x') . ')^{/=8 2}' at lx + 0.05, middle + 0.08 left
set label sprintf('over the %d', 16 * hidden) at lx + 0.05, middle - 0.08 left
set label 'hidden pixels' at lx + 0.05, middle - 0.24 left

do for [k = 0:5] {
    fx = k < 2 ? c1 : k < 4 ? c2 : c4
    fy = k % 2 == 0 ? top_y : bottom_y
    eval frame(fx, fy)
}

# Each panel is an image of 28 x 28 pixels placed in inches.
image_at(name, x, y) = sprintf("\"%s\" using (%g + ($1 + 0.5) * px):(%g - ($2 + 0.5) * px):3 with image", \
                               panel(name), x, y)
eval 'plot ' . image_at('image', c1, top_y) . ', ' . image_at('mask', c1, bottom_y) . ', ' . \
     image_at('filled', c2, top_y) . ', ' . image_at('mask', c2, bottom_y) . ', ' . \
     image_at('guess', c4, top_y) . ', ' . image_at('target', c4, bottom_y)
