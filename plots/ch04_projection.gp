# ch04_projection.gp - three groups of words (family, feelings, places)
# placed by the first two principal components of their vectors.
eval figure(6.0, 4.4)
set xlabel 'first principal component'
set ylabel 'second principal component'
set key top left
set offsets graph 0.08, graph 0.08, graph 0.06, graph 0.06
group_colour(g) = g eq 'family' ? 0x0072B2 : g eq 'feelings' ? 0xD55E00 : 0x009E73
plot for [g in "family feelings places"] file('projection.tsv') \
         using 3:(strcol(2) eq g ? $4 : NaN) with points pt 7 ps 0.8 lc rgb group_colour(g) title g, \
     file('projection.tsv') using 3:4:1:(group_colour(strcol(2))) \
         with labels offset char 0.6, char 0.45 left font ',9' tc rgb variable notitle
