# ch04_loss.gp - the mean loss per pair, epoch by epoch: of the pairs met
# during the epoch (while the vectors change), and of a fixed sample of
# 20,000 pairs after it.
eval figure(5.0, 2.8)
set xlabel 'epoch'
set ylabel 'mean loss per pair'
set xtics 1
set key top right
# The reference run, thinner with open circles, when make plots has one.
refs = !ref_on ? '' : \
    ", ref_file('history.tsv') using 1:3 " . ref_points(1) . \
    ", ref_file('history.tsv') using 1:2 " . ref_points(2)
plot file('history.tsv') using 1:3 with linespoints ls 1 pt 7 ps 0.7 title 'fixed sample, after the epoch', \
     '' using 1:2 with linespoints ls 2 pt 5 ps 0.6 dt 2 title 'pairs met during the epoch' \
     @refs @ref_key
