# ch08_history.gp - training the image and text encoders together, epoch
# by epoch: the symmetric contrastive loss (left), and how often, among
# 1,000 test pairs, a caption finds an image it describes first (recall
# at 1) or among its first five (recall at 5) (right); epoch 0 is before
# training, which has no loss.
eval figure(6.0, 2.6)
stats file('history.tsv') using 1 nooutput
last = STATS_max              # the last epoch
stats file('history.tsv') using 2 nooutput
loss_low = STATS_min
loss_high = STATS_max
stats file('history.tsv') using 3 nooutput
recall_high = STATS_max       # the best recall at 1
if (ref_on) {                 # room for the reference run's loss too
    stats ref_file('history.tsv') using 2 nooutput
    loss_low = STATS_min < loss_low ? STATS_min : loss_low
    loss_high = STATS_max > loss_high ? STATS_max : loss_high
}
set multiplot layout 1, 2
set xrange [0:last]
set xtics 0, (last > 6 ? 2 : 1)
set xlabel 'epoch'
set ylabel 'contrastive loss'
# A single value (one epoch, or exercises not yet written: all 0) needs a
# range made for it.
if (loss_low == loss_high) { set yrange [0.9 * loss_low - 0.1 : 1.1 * loss_high + 0.1] }
# The reference run, thinner with open circles, when make plots has one.
ref_loss = !ref_on ? '' : ", ref_file('history.tsv') using 1:2 " . ref_points(1)
ref_recall = !ref_on ? '' : \
    ", ref_file('history.tsv') using 1:(100 * $4) " . ref_points(2) . \
    ", ref_file('history.tsv') using 1:(100 * $3) " . ref_points(3)
plot file('history.tsv') using 1:2 with linespoints ls 1 pt 7 ps 0.5 notitle \
     @ref_loss
set ylabel 'text-to-image recall (%)'
set yrange [0:100]
# the key where the curves are not: below them once recall at 1 has risen
if (recall_high > 0.4) { set key bottom right samplen 1.5 } else { set key top right samplen 1.5 }
plot file('history.tsv') using 1:(100 * $4) with linespoints ls 2 pt 7 ps 0.5 title 'recall at 5', \
     '' using 1:(100 * $3) with linespoints ls 3 pt 7 ps 0.5 title 'recall at 1' \
     @ref_recall @ref_key
unset multiplot
