# ch01_history.gp - training loss and accuracy per epoch on both data sets.
eval figure(6.0, 2.6)
set multiplot layout 1, 2
set xlabel 'epoch'
set key top right
set title 'loss (cross-entropy, log scale)'
set logscale y
set format y '10^{%T}'
plot file('spirals_history.tsv') using 1:2 with lines ls 1 title 'spirals', \
     file('rings_history.tsv') using 1:2 with lines ls 2 title 'rings'
unset logscale y
set format y '%g%%'
set title 'training accuracy'
set key bottom right
set yrange [40:101]
plot file('spirals_history.tsv') using 1:($3 * 100) with lines ls 1 title 'spirals', \
     file('rings_history.tsv') using 1:($3 * 100) with lines ls 2 title 'rings'
unset multiplot
