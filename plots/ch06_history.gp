# ch06_history.gp - contrastive training, epoch by epoch: the NT-Xent loss,
# and the alignment and uniformity of the views of 1,000 test images.
eval figure(6.0, 2.6)
set multiplot layout 1, 2
set xlabel 'epoch'
set ylabel 'NT-Xent loss'
# The reference run, thinner with open circles, when make plots has one.
ref_loss = !ref_on ? '' : ", ref_file('history.tsv') using 1:2 " . ref_points(1)
ref_au = !ref_on ? '' : \
    ", ref_file('history.tsv') using 1:3 " . ref_points(2) . \
    ", ref_file('history.tsv') using 1:4 " . ref_points(3)
plot file('history.tsv') using 1:2 with linespoints ls 1 pt 7 ps 0.5 notitle \
     @ref_loss
set ylabel 'alignment, uniformity'
set key center right
plot file('history.tsv') using 1:3 with linespoints ls 2 pt 7 ps 0.5 title 'alignment', \
     '' using 1:4 with linespoints ls 3 pt 7 ps 0.5 title 'uniformity' \
     @ref_au @ref_key
unset multiplot
