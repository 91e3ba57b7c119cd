# ch07_efficiency.gp - label efficiency. Top: test accuracy against labels
# per class, from scratch and from each pretrained encoder, frozen (final
# layer) or fine-tuned; each point the mean of the seeds, the bar from
# the lowest to the highest. Bottom: the gain over training from scratch
# on the same labelled images, seed by seed (gains.tsv).
eval figure(6.3, 4.4)
# The axes reach every seed's accuracy and gain, of whatever run.
eval column_range(file('efficiency.tsv'), 3, 23)
accuracy_low = 5 * floor((range_low - 2) / 5); accuracy_high = 5 * ceil((range_high + 2) / 5)
eval column_range(file('gains.tsv'), 3, 20)
gain_reach = 2 * ceil((abs(range_low) > abs(range_high) ? abs(range_low) : abs(range_high)) / 2 + 0.5)
set multiplot layout 2, 3 margins 0.09, 0.99, 0.17, 0.94 spacing 0.03, 0.15
set logscale x
set xrange [0.7:9000]
# 5, 50 and 500 a line lower, clear of their neighbours on the log axis
set xtics ('1' 1, "\n5" 5, '10' 10, "\n50" 50, '100' 100, "\n500" 500, 'all' 6000)
set grid xtics ytics
x(n) = n > 0 ? n : 6000   # "all" is 6,000 per class: plotted there
# The reference run's means, dashed, when make plots has one (c and g
# are the columns of the panel being drawn).
ref_mean(u, rgb) = sprintf(" using %s with lines lc rgb '%s' %s notitle", \
                           u, rgb, ref_dash)
ref_accuracy = !ref_on ? '' : \
    ", ref_file('efficiency.tsv')" . ref_mean('(x($1)):(100*$3)', '#808080') . \
    ", ref_file('efficiency.tsv')" . ref_mean('(x($1)):(100*column(c))', '#0072B2') . \
    ", ref_file('efficiency.tsv')" . ref_mean('(x($1)):(100*column(c+3))', '#D55E00')
ref_gains = !ref_on ? '' : \
    ", ref_file('gains.tsv')" . ref_mean('(x($1)):(100*column(g))', '#0072B2') . \
    ", ref_file('gains.tsv')" . ref_mean('(x($1)):(100*column(g+3))', '#D55E00')
names = "auto-encoder masked contrastive"
chapters = "02 03 06"
do for [k = 0:2] {
    set title sprintf('%s (ch%s)', word(names, k + 1), word(chapters, k + 1)) font ',9'
    set yrange [accuracy_low:accuracy_high]
    set ytics 10
    if (k == 0) { set ylabel 'test accuracy (%)'; set format y '%g' } else { unset ylabel; set format y '' }
    unset xlabel
    if (k == 2) {
        set key bottom right samplen 1.5 spacing 0.9 font ',8'
    } else {
        unset key
    }
    c = 6 + 6 * k   # this encoder's final-layer mean; fine-tuned at c + 3
    plot file('efficiency.tsv') using (x($1)):(100*$3):(100*$4):(100*$5) with yerrorlines lc rgb '#808080' lw 1.5 pt 6 ps 0.45 title 'from scratch', \
         '' using (x($1)):(100*column(c)):(100*column(c+1)):(100*column(c+2)) with yerrorlines lc rgb '#0072B2' lw 1.5 pt 7 ps 0.45 title 'frozen', \
         '' using (x($1)):(100*column(c+3)):(100*column(c+4)):(100*column(c+5)) with yerrorlines lc rgb '#D55E00' lw 1.5 pt 5 ps 0.45 title 'fine-tuned' \
         @ref_accuracy @ref_key
}
unset title
unset key
do for [k = 0:2] {
    set yrange [-gain_reach:gain_reach]
    set ytics gain_reach > 10 ? 5 : 2
    if (k == 0) { set ylabel 'gain over scratch (points)'; set format y '%g' } else { unset ylabel; set format y '' }
    set xlabel 'labels per class' offset 0, -0.4
    g = 3 + 6 * k   # this encoder's final-layer gain; fine-tuned at g + 3
    plot 0 with lines lc rgb '#808080' lw 1 notitle, \
         file('gains.tsv') using (x($1)):(100*column(g)):(100*column(g+1)):(100*column(g+2)) with yerrorlines lc rgb '#0072B2' lw 1.5 pt 7 ps 0.45, \
         '' using (x($1)):(100*column(g+3)):(100*column(g+4)):(100*column(g+5)) with yerrorlines lc rgb '#D55E00' lw 1.5 pt 5 ps 0.45 \
         @ref_gains
}
unset multiplot
