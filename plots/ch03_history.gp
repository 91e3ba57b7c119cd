# ch03_history.gp - training: the masked-pixel loss of the training
# batches and the test error, epoch by epoch, at each mask ratio.
eval figure(5.6, 3.0)
set xlabel 'epoch'
set ylabel 'mean squared error, hidden pixels'
set key top right
colour(r) = r eq '0.25' ? '#0072B2' : r eq '0.50' ? '#009E73' : '#D55E00'
# The reference run's test errors, when make plots has one: thinner, with
# open circles.
refs = !ref_on ? '' : \
    ", for [r in \"0.25 0.50 0.75\"] ref_file('history.tsv') " . \
    "using 2:(sprintf('%.2f', $1) eq r ? $4 : NaN) with linespoints " . \
    "lc rgb colour(r) pt 6 ps 0.6 " . ref_dash . " notitle"
plot for [r in "0.25 0.50 0.75"] file('history.tsv') \
         using 2:(sprintf('%.2f', $1) eq r ? $4 : NaN) with linespoints \
         lw 2 pt 7 ps 0.5 lc rgb colour(r) \
         title sprintf('test, %d%% hidden', int(r * 100 + 0.5)), \
     for [r in "0.25 0.50 0.75"] file('history.tsv') \
         using 2:(sprintf('%.2f', $1) eq r ? $3 : NaN) with lines dt 2 \
         lw 1.5 lc rgb colour(r) \
         title sprintf('training, %d%% hidden', int(r * 100 + 0.5)) \
     @refs @ref_key
