# ch07_rates.gp - fine-tuning the contrastive encoder with 100 labels per
# class at several learning rates of the encoder (0 freezes it; the
# head's rate is the same in every run), and training from scratch: test
# accuracy along the run, and how far the encoder's weights have moved
# from where they started, |f - f0| / |f0|.
eval figure(6.3, 2.8)
set multiplot layout 1, 2 margins 0.1, 0.99, 0.2, 0.97 spacing 0.12, 0
array rate[5]
do for [i = 1:5] {
    stats file('rates.tsv') using ($1 == i - 1 ? $3 : 1/0) nooutput
    rate[i] = STATS_min
}
only(i, value) = $1 == i - 1 ? value : 1/0   # the rows of run i
label(i) = i == 5 ? sprintf('from scratch (lr %g)', rate[i]) : \
           rate[i] == 0 ? 'frozen (lr 0)' : sprintf('encoder lr %g', rate[i])
dash(i) = i == 5 ? 2 : 1
colour(i) = word('#0072B2 #009E73 #E69F00 #D55E00 #808080', i)
set xlabel 'step'
set ylabel 'test accuracy (%)'
set yrange [35:85]
set key bottom right samplen 2 font ',8'
# The reference run, thin and dashed, when make plots has one.
refs(u, first) = !ref_on ? '' : sprintf(", for [i = %d:5] ref_file('rates.tsv') using 4:(only(i, %s)) " . \
    "with lines lc rgb colour(i) %s notitle", first, u, ref_dash)
ref_accuracy = refs('100 * $5', 1)
ref_moved = refs('$6 > 0 ? $6 : 1/0', 2)
plot for [i = 1:5] file('rates.tsv') using 4:(only(i, 100 * $5)) with linespoints \
        lc rgb colour(i) lw 1.5 pt 7 ps 0.35 dt dash(i) title label(i) \
     @ref_accuracy @ref_key
set ylabel 'encoder moved (|f - f_{/=8 0}| / |f_{/=8 0}|)' offset 1, 0
set yrange [0.01:20]   # fixed: a run that never moves (the stubs) has no point here
set logscale y
set format y '%g'
unset key
plot for [i = 2:5] file('rates.tsv') using 4:(only(i, $6 > 0 ? $6 : 1/0)) with linespoints \
        lc rgb colour(i) lw 1.5 pt 7 ps 0.35 dt dash(i) title label(i) \
     @ref_moved
unset multiplot
