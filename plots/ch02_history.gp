# ch02_history.gp - the reconstruction error during training (m = 32).
eval figure(5.0, 2.8)
set xlabel 'epoch'
set ylabel 'mean squared error per pixel'
set key top right
plot file('history.tsv') using 2:($1 == 32 ? $3 : NaN) with linespoints ls 1 pt 7 ps 0.5 title 'training images', \
     '' using 2:($1 == 32 ? $4 : NaN) with linespoints ls 2 pt 7 ps 0.5 title 'test images'
