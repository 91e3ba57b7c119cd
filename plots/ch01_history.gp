# ch01_history.gp - training loss and accuracy per epoch on both data sets.
# The epochs are on a log scale: the spirals' plateau (about 30 epochs of
# 300) and the rings' first few epochs, which the chapter describes, get
# as much room as the long tail. Epoch 0, the untrained network, cannot
# sit on a log axis: each epoch is drawn at epoch + 1, and labelled as
# itself.
eval figure(page_width, 2.6)
set multiplot layout 1, 2
set xlabel 'epoch (log scale)'
set logscale x
stats file('spirals_history.tsv') using 1 nooutput
set xrange [1 : STATS_max + 1]
set xtics ('0' 1, '1' 2, '3' 4, '10' 11, '30' 31, '100' 101, '300' 301, \
           '1000' 1001, '3000' 3001)
set mxtics 10
at(epoch) = epoch + 1
set key bottom left
set title 'loss (cross-entropy)'
# A log scale shows the long tail of the loss, but cannot show zeros (what
# the untouched stubs report): those points are left out, or the scale is.
stats file('spirals_history.tsv') using 2 nooutput
top = STATS_max
stats file('rings_history.tsv') using 2 nooutput
top = STATS_max > top ? STATS_max : top
if (top > 0) {
    set logscale y
    set format y log_format
    set title 'loss (cross-entropy, log scale)'
}
positive(v) = v > 0 ? v : NaN
loss(v) = top > 0 ? positive(v) : v
# The reference run, dashed, when make plots has one (plots/style.gp).
refs(u) = !ref_on ? '' : \
    ", ref_file('spirals_history.tsv') using " . u . " " . ref_line(1) . \
    ", ref_file('rings_history.tsv') using " . u . " " . ref_line(2)
ref_loss = refs('(at($1)):(loss($2))')
ref_accuracy = refs('(at($1)):($3 * 100)')
plot file('spirals_history.tsv') using (at($1)):(loss($2)) with lines ls 1 title 'spirals', \
     file('rings_history.tsv') using (at($1)):(loss($2)) with lines ls 2 title 'rings' \
     @ref_loss @ref_key
unset logscale y
set format y '%g%%'
set title 'training accuracy'
set key bottom right
set yrange [0:101]
plot file('spirals_history.tsv') using (at($1)):($3 * 100) with lines ls 1 title 'spirals', \
     file('rings_history.tsv') using (at($1)):($3 * 100) with lines ls 2 title 'rings' \
     @ref_accuracy
unset multiplot
