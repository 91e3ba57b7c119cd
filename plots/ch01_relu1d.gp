# ch01_relu1d.gp - a one-hidden-layer ReLU network in one dimension: each
# unit adds one bend (left), and their sum follows the curve (right).
eval figure(page_width, 2.6)
stats file('relu_1d.tsv') using 1 nooutput
units = STATS_columns - 3
set multiplot layout 1, 2
set xrange [-3:3]
set xlabel 'x'
set title 'what each unit adds: w_{/=8 j} max(0, a_{/=8 j} x + b_{/=8 j})'
plot for [j = 1:units] file('relu_1d.tsv') using 1:(column(3 + j)) \
    with lines lw 1.5 lc rgb hsv2rgb((j - 1.0) / units, 0.75, 0.8)
set title 'their sum, the network''s output'
set key top left reverse Left
set yrange [-1.7:2.4]   # room for the key above the curve
ref_fit = ref_on ? ", ref_file('relu_1d.tsv') using 1:3 " . ref_line(1) : ''
plot file('relu_1d.tsv') using 1:2 with lines ls 11 title 'target', \
     '' using 1:3 with lines ls 1 lw 2.5 title sprintf('%d units', units) \
     @ref_fit @ref_key
unset multiplot
