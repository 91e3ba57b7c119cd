# ch@NN@_fit.gp - the points and the line fitted to them.
eval figure(4.5, 3.0)
set xlabel 'x'
set ylabel 'y'
set key bottom right opaque
plot file('points.tsv') using 1:2 with points pt 7 ps 0.25 lc rgb '#9a9a9a' title 'points', \
     '' using 1:3 smooth unique with lines ls 2 lw 3 title 'fitted line'
