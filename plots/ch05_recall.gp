# ch05_recall.gp - training the attention layer on associative recall:
# the squared error (left) and, on held-out examples, the share of queries
# recalled and the mean weight on the matching key (right), with chance
# and the best possible recall: the nearest key to each query once the
# true rotation is undone.
# Each panel's key sits under it, outside the data: the curves fill the
# top and the bottom of the right panel, and a shorter run climbs across
# its middle.
eval figure(page_width, 3.3)
set multiplot
set xlabel 'epoch'
set tmargin at screen 0.9
set bmargin at screen 0.29
set key horizontal maxrows 2 maxcols 2 left top Left reverse samplen 2 width 1

set title 'squared error per number'
set logscale y
set format y '%g'
set lmargin at screen 0.09
set rmargin at screen 0.47
set key at screen 0.09, screen 0.135
# The reference run's held-out curves, thinner with open circles, when
# make plots has one.
ref_loss = !ref_on ? '' : \
    ", ref_file('recall_history.tsv') using 1:3 " . ref_points(1)
ref_recall = !ref_on ? '' : \
    ", ref_file('recall_history.tsv') using 1:4 " . ref_points(1) . \
    ", ref_file('recall_history.tsv') using 1:5 " . ref_line(3)
plot file('recall_history.tsv') using 1:2 with lines ls 2 dt 2 title 'training', \
     '' using 1:3 with linespoints ls 1 pt 7 ps 0.4 title 'held-out' \
     @ref_loss @ref_key

set title 'held-out examples'
unset logscale y
set yrange [0:1.05]
set lmargin at screen 0.59
set rmargin at screen 0.97
set key at screen 0.59, screen 0.135
chance = system(sprintf("awk 'NR == 2 { print $1 }' '%s'", file('recall_limits.tsv'))) + 0
best = system(sprintf("awk 'NR == 2 { print $2 }' '%s'", file('recall_limits.tsv'))) + 0
plot file('recall_history.tsv') using 1:4 with linespoints ls 1 pt 7 ps 0.4 title 'recall', \
     '' using 1:5 with lines ls 3 title 'weight on the match', \
     best with lines ls 11 title 'best possible', \
     chance with lines lc rgb '#999999' dt 3 title 'chance' \
     @ref_recall
unset multiplot
