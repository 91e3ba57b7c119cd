# ch02_codes.gp - the 2-D codes (m = 2) of the 10,000 test images, one
# colour per class. The auto-encoder never saw a label.
# Left, every code; right, the knot where the tops (T-shirt/top,
# pullover, coat, shirt) overlap, enlarged, with those four classes only.
# The dots are drawn in the file's order, which mixes the classes, not
# class after class: no class hides another under it (drawn last, the
# shirts used to cover the very knot the chapter discusses).
eval figure(page_width, 3.1)
class_name(c) = c == 0 ? 'T-shirt/top' : c == 1 ? 'Trouser' : \
    c == 2 ? 'Pullover' : c == 3 ? 'Dress' : c == 4 ? 'Coat' : \
    c == 5 ? 'Sandal' : c == 6 ? 'Shirt' : c == 7 ? 'Sneaker' : \
    c == 8 ? 'Bag' : 'Ankle boot'
is_top(c) = c == 0 || c == 2 || c == 4 || c == 6
# Half see-through dots: where classes overlap, both colours show.
dot_rgb(c) = 0x50000000 + class_rgb(c)

# The enlarged square: around the tops' median code, four times the
# larger of their interquartile ranges wide (another seed or a --quick
# run puts the knot elsewhere).
stats file('codes.tsv') using (is_top($3) ? $1 : NaN) nooutput
x_mid = STATS_median
x_iqr = STATS_up_quartile - STATS_lo_quartile
stats file('codes.tsv') using (is_top($3) ? $2 : NaN) nooutput
y_mid = STATS_median
y_iqr = STATS_up_quartile - STATS_lo_quartile
half = 2 * (x_iqr > y_iqr ? x_iqr : y_iqr)
half = half > 0 ? half : 1    # codes all alike (the untouched stubs)

set multiplot
set size ratio -1
set xlabel 'z_{/=8 1}'
set ylabel 'z_{/=8 2}' offset 1, 0
set lmargin at screen 0.06
set rmargin at screen 0.43
set tmargin at screen 0.92
set bmargin at screen 0.16
set title 'all ten classes'
set object 1 rectangle from x_mid - half, y_mid - half to x_mid + half, y_mid + half \
    front fs empty border rgb '#404040' dt (4, 3) lw 1
plot file('codes.tsv') using 1:2:(dot_rgb($3)) with points pt 7 ps 0.2 lc rgb variable notitle

unset object 1
set title 'the tops, enlarged (dashed square)'
set lmargin at screen 0.50
set rmargin at screen 0.84
set xrange [x_mid - half : x_mid + half]
set yrange [y_mid - half : y_mid + half]
set ylabel offset 1, 0
# The legend, for both panels: larger dots of their own (NaN plots).
set key at screen 1.0, screen 0.92 right top spacing 1.15 samplen 0.5 Left reverse
plot file('codes.tsv') using 1:(is_top($3) ? $2 : NaN):(dot_rgb($3)) \
         with points pt 7 ps 0.35 lc rgb variable notitle, \
     for [c = 0:9] NaN with points pt 7 ps 0.9 lc rgb class_rgb(c) title class_name(c)
unset multiplot
