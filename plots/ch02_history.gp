# ch02_history.gp - the reconstruction error during training (m = 32),
# and the reference run dashed when make plots has one.
eval figure(5.0, 2.8)
set xlabel 'epoch'
set ylabel 'mean squared error per pixel'
set key top right
m32(v) = $1 == 32 ? v : NaN
refs = ref_on ? \
    ", ref_file('history.tsv') using 2:(m32($3)) " . ref_points(1) . \
    ", ref_file('history.tsv') using 2:(m32($4)) " . ref_points(2) : ''
plot file('history.tsv') using 2:(m32($3)) with linespoints ls 1 pt 7 ps 0.5 title 'training images', \
     '' using 2:(m32($4)) with linespoints ls 2 pt 7 ps 0.5 title 'test images' \
     @refs @ref_key
