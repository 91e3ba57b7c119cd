# ch04_projection.gp - three groups of words (family, feelings, places)
# placed by the first two principal components of their vectors.
# The words of a group crowd together, too close for every label to sit
# beside its point: plots/labels.awk places them at the size they are
# printed, starting from the side the program chose (column 5), and moves
# a label that would cover another away, with a thin leader line.
h = 4.6
eval figure(page_width, h)
set xlabel 'first principal component'
set ylabel 'second principal component'
# The plot's area is fixed, so that its size in points is known.
left = 0.09; right = 0.985; bottom = 0.1; top = 0.93
set lmargin at screen left
set rmargin at screen right
set bmargin at screen bottom
set tmargin at screen top
stats file('projection.tsv') using 3:4 nooutput
span(low, high) = high > low ? high - low : 1   # points all alike: the stubs
x0 = STATS_min_x - 0.06 * span(STATS_min_x, STATS_max_x)
x1 = STATS_max_x + 0.10 * span(STATS_min_x, STATS_max_x)
y0 = STATS_min_y - 0.07 * span(STATS_min_y, STATS_max_y)
y1 = STATS_max_y + 0.07 * span(STATS_min_y, STATS_max_y)
set xrange [x0 : x1]
set yrange [y0 : y1]
layout = system(sprintf("awk -v columns='word x y label' -v x0=%g -v x1=%g " . \
    "-v y0=%g -v y1=%g -v width=%g -v height=%g -v font=9 -f plots/labels.awk '%s'", \
    x0, x1, y0, y1, (right - left) * page_width * 72, (top - bottom) * h * 72, \
    file('projection.tsv')))
set print $layout
print layout
unset print
# The columns of $layout: word group x y label lx ly align leader ex ey.
set key at screen left, screen 0.995 left top horizontal reverse Left samplen 0.5 width 1
group_colour(g) = g eq 'family' ? 0x0072B2 : g eq 'feelings' ? 0xD55E00 : 0x009E73
aligned(a) = strcol(8) eq a ? $7 : NaN
style = "tc rgb variable notitle"
plot $layout using 3:4:($9 > 0 ? $10 - $3 : NaN):($11 - $4) \
         with vectors nohead lc rgb '#a0a0a0' lw 0.6 notitle, \
     for [g in "family feelings places"] $layout \
         using 3:(strcol(2) eq g ? $4 : NaN) with points pt 7 ps 0.7 lc rgb group_colour(g) title g, \
     $layout using 6:(aligned('left')):1:(group_colour(strcol(2))) with labels left @style, \
     $layout using 6:(aligned('right')):1:(group_colour(strcol(2))) with labels right @style, \
     $layout using 6:(aligned('center')):1:(group_colour(strcol(2))) with labels center @style
