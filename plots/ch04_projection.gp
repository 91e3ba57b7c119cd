# ch04_projection.gp - three groups of words (family, feelings, places)
# placed by the first two principal components of their vectors. The
# program chose the side of each point for its label (column 5) so that
# labels do not cover each other.
eval figure(6.0, 4.4)
set xlabel 'first principal component'
set ylabel 'second principal component'
set key top left
set offsets graph 0.08, graph 0.08, graph 0.06, graph 0.06
group_colour(g) = g eq 'family' ? 0x0072B2 : g eq 'feelings' ? 0xD55E00 : 0x009E73
on_side(s, v) = strcol(5) eq s ? v : NaN
style = "font ',9' tc rgb variable notitle"
plot for [g in "family feelings places"] file('projection.tsv') \
         using 3:(strcol(2) eq g ? $4 : NaN) with points pt 7 ps 0.7 lc rgb group_colour(g) title g, \
     file('projection.tsv') using 3:(on_side('right', $4)):1:(group_colour(strcol(2))) \
         with labels left offset char 1, 0 @style, \
     file('projection.tsv') using 3:(on_side('left', $4)):1:(group_colour(strcol(2))) \
         with labels right offset char -1, 0 @style, \
     file('projection.tsv') using 3:(on_side('above', $4)):1:(group_colour(strcol(2))) \
         with labels center offset 0, char 1.1 @style, \
     file('projection.tsv') using 3:(on_side('below', $4)):1:(group_colour(strcol(2))) \
         with labels center offset 0, char -1.1 @style
