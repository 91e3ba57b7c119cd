# ch02_bottleneck.gp - test error against the size of the code, for the
# auto-encoder and for PCA with as many components.
eval figure(5.0, 3.0)
set logscale x 2
set logscale y
set xtics (2, 4, 8, 16, 32, 64)
set xrange [1.7:76]
set xlabel 'code size m'
set ylabel "test error (mean squared, per pixel)"
set autoscale yfix
set ytics (0.005, 0.01, 0.02, 0.05, 0.1) format '%g' 
set offsets 0, 0, graph 0.08, graph 0.08
set key top right
# The reference run's auto-encoder, dashed, when make plots has one (its
# PCA is the kit's own, the same as yours).
refs = ref_on ? ", ref_file('sweep.tsv') using 1:2 " . ref_line(1) : ''
plot file('sweep.tsv') using 1:3 with linespoints ls 2 pt 5 ps 0.6 title 'PCA, m components', \
     '' using 1:2 with linespoints ls 1 pt 7 ps 0.6 title 'auto-encoder, code of m' \
     @refs @ref_key
