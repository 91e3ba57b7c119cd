# ch07_rates.gp - fine-tuning the contrastive encoder with 100 labels per
# class: test accuracy along the run for several learning rates of the
# encoder (the head's is the same in every run; 0 freezes the encoder).
eval figure(5.2, 2.8)
set xlabel 'step'
set ylabel 'test accuracy (%)'
set key bottom right samplen 2
array rate[4]
do for [i = 0:3] {
    stats file('rates.tsv') index i using 1 nooutput
    rate[i + 1] = STATS_min
}
label(i) = rate[i] == 0 ? 'encoder frozen (lr 0)' : sprintf('encoder lr %g', rate[i])
plot for [i = 1:4] file('rates.tsv') index (i - 1) using 2:(100 * $3) with linespoints \
        lc rgb word('#808080 #0072B2 #009E73 #D55E00', i) lw 1.5 pt 7 ps 0.4 title label(i)
